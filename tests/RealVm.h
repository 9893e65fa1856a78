#pragma once

#include <QTest>

// For the tests on real QEMU VMs: skips, or fails when scripts/test promised
// a VM host (QSKIP and QFAIL return from the test function, so this is a macro).
#define ORDO_REAL_VM_UNAVAILABLE(why)                                                              \
    do {                                                                                           \
        if (qEnvironmentVariableIsSet("ORDO_REQUIRE_REAL_VM"))                                     \
            QFAIL(why);                                                                            \
        QSKIP(why);                                                                                \
    } while (false)

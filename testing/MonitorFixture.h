#pragma once

#include "Ordo.h"
#include "OrdoInternals.h"

namespace ordo::testing {

// The workflow monitor's data at scale, for benchmarks: `workflows` workflows
// of `steps` steps, 90% acme's and 10% (i % 10 == 3) globex's, owned by user0..user99, two
// to an order id, 2% failed (with an error naming a host), 3% running, 1%
// cancelled, the rest succeeded; running and failed ones stand half way.
// Direct inserts in one transaction: seconds for 100,000 workflows. The order
// ids name no order (orders are not what is measured), so foreign keys are
// off on this connection from here on.
inline Status buildMonitorFixture(Ordo &ordo, int workflows, int steps = 10)
{
    Database &db = OrdoInternals::database(ordo);
    ORDO_TRY(acme, OrdoInternals::store(ordo).tenantBySlug(QStringLiteral("acme")));
    ORDO_TRY(globex, OrdoInternals::store(ordo).tenantBySlug(QStringLiteral("globex")));
    ORDO_CHECK(db.exec(QStringLiteral("PRAGMA foreign_keys = OFF")));
    const auto stateOf = [](int i) {
        return QLatin1String(i % 50 == 0 ? "failed" : i % 20 == 0 ? "running" : i % 97 == 0 ? "cancelled" : "succeeded");
    };
    const Status built = db.write([&]() -> Status {
        ORDO_CHECK(db.exec(QStringLiteral("INSERT INTO workflow_definitions(name, version, definition, created_at) VALUES"
                                          " ('bench-provision', 1, '{}', 0)")));
        const qint64 base = 1'700'000'000'000;
        for (int i = 1; i <= workflows; ++i) {
            const QString state = stateOf(i);
            const bool failed = state == QLatin1String("failed");
            const bool ended = state != QLatin1String("running");
            const qint64 created = base + qint64(i) * 1000;
            ORDO_CHECK(db.execCached(
                QStringLiteral("INSERT INTO workflows(id, uuid, name, def_version, state, inputs, order_id, started_by, created_at,"
                               " updated_at, finished_at, error, tenant_id) VALUES (?, ?, ?, 1, ?, '{}', ?, ?, ?, ?, ?, ?, ?)"),
                {i, QStringLiteral("bench-%1").arg(i), QStringLiteral("bench-provision"), state, (i + 1) / 2,
                 QStringLiteral("user%1").arg(i % 100), created, created + 60'000, ended ? QVariant(created + 60'000) : QVariant(),
                 failed ? QStringLiteral("ssh check failed on host-%1").arg(i) : QString(),
                 i % 10 == 3 ? globex.id : acme.id}));
            const int at = ended && !failed ? steps : steps / 2;
            for (int s = 0; s < steps; ++s) {
                const QLatin1String stepState(s < at ? "succeeded" : s > at ? "pending" : failed ? "failed" : "running");
                ORDO_CHECK(db.execCached(QStringLiteral("INSERT INTO steps(workflow_id, step_key, kind, state, attempt, tenant_id)"
                                                        " VALUES (?, ?, 'step', ?, 1, ?)"),
                                         {i, QStringLiteral("step-%1").arg(s), stepState, i % 10 == 3 ? globex.id : acme.id}));
            }
        }
        return ok();
    });
    if (!built)
        return built;
    ORDO_CHECK(db.exec(QStringLiteral("ANALYZE")));
    return ok();
}

} // namespace ordo::testing

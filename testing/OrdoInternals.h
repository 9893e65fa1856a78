#pragma once

#include "Ordo.h"

namespace ordo {

// The database and store under an Ordo, for tests and benchmarks that set up
// or look at data no service offers. The faces cannot reach them: Ordo hands
// them out to this (a friend in the testing library, which they do not link)
// and to its engine host only.
struct OrdoInternals
{
    static Database &database(Ordo &ordo) { return *ordo.m_db; }
    static Store &store(Ordo &ordo) { return ordo.m_store; }
};

} // namespace ordo

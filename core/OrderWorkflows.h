#pragma once

#include "domain/Types.h"
#include "util/Result.h"

namespace ordo {

class Database;
namespace engine {
class Runtime;
}

// An order's workflow, started with the order in the transaction that places
// it: the shipped order workflow with one approval step per level of the
// tenant's policy. Orders under the same policy share a version of it. On a
// shared database only its owner defines workflows, so a version the engines
// need must be there already (installOrderWorkflows).
Status startOrderWorkflow(Database &db, engine::Runtime &runtime, const Order &order);

// The shipped workflows and each tenant's order workflow, defined ahead of the
// orders that start them: by the owner of a shared database, for its engines.
Status installOrderWorkflows(Database &db, engine::Runtime &runtime);

} // namespace ordo

#pragma once

#include "engine/Action.h"

namespace ordo::test {

// Actions that touch the file system, for tests and benchmarks only; the
// product's registry never holds them. A test registers them itself, e.g.
// through EngineHostOptions::extraActions.
//   test.effect  records its effect once per idempotency key in an SQLite file the step names
//   test.flag    passes while a file the step names exists
void addTestingActions(engine::ActionRegistry &registry);

} // namespace ordo::test

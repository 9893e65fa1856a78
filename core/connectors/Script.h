#pragma once

#include "engine/Action.h"

namespace ordo::connectors {

// script.run: how existing scripts join a workflow. Runs a local program with
// arguments and environment from the step's inputs, writes its output to the
// step log, and kills it on timeout or cancellation.
void registerScriptAction(engine::ActionRegistry &registry);

} // namespace ordo::connectors

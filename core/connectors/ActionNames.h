#pragma once

#include "engine/Action.h"

// The engine's action vocabulary, as every connector's actions use it.
namespace ordo::connectors {

using engine::ActionContext;
using engine::ActionError;
using engine::ActionOutcome;
using engine::ErrorKind;
using engine::InputSpec;
using engine::InputType;

} // namespace ordo::connectors

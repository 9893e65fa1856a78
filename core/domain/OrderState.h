#pragma once

#include "domain/Types.h"
#include "util/Result.h"

namespace ordo {

// The one place that says which order state may follow which.
bool canTransition(OrderState from, OrderState to);
Status checkTransition(OrderState from, OrderState to);
bool isFinal(OrderState state);

} // namespace ordo

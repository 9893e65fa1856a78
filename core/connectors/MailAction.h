#pragma once

#include "engine/Action.h"

namespace ordo::connectors {

// mail.send: renders a mail template and queues it in the outbox, once per
// correlation id (the step's idempotency key unless given).
void registerMailAction(engine::ActionRegistry &registry, const QString &databasePath);

} // namespace ordo::connectors

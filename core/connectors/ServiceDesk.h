#pragma once

#include "engine/Action.h"

namespace ordo::connectors {

// cmdb.register, cmdb.remove (its compensation), ticket.open and
// ticket.comment on the embedded CMDB and ticket store in Ordo's own
// database: the default when no ServiceNow, Jira or generic REST profile is
// configured, so that the demo works offline. Every record carries a
// correlation id (the step's idempotency key unless given), looked up before
// anything is created, so a repeated attempt makes no second record.
void registerEmbeddedServiceDesk(engine::ActionRegistry &registry, const QString &databasePath);

// What cmdb.register and ticket.open take, whichever system keeps the records.
QHash<QString, engine::InputSpec> registerInputs();
QHash<QString, engine::InputSpec> openTicketInputs();

} // namespace ordo::connectors

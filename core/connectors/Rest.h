#pragma once

#include "engine/Action.h"
#include "util/Result.h"

#include <QJsonObject>

namespace ordo::connectors {

// The "cmdb" and "tickets" connectors' settings, checked before they are stored.
Status checkServiceDeskSettings(const QString &connector, const QJsonObject &settings);

// The REST profiles of cmdb.register/remove (ServiceNow, ServiceNow.cpp) and
// ticket.open/comment (ServiceNow, or Jira in Jira.cpp), replacing the embedded
// store's actions when configured.
Status registerRestCmdb(engine::ActionRegistry &registry, const QJsonObject &settings);
Status registerRestTickets(engine::ActionRegistry &registry, const QJsonObject &settings);

} // namespace ordo::connectors

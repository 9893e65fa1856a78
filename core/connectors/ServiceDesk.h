#pragma once

#include "engine/Action.h"
#include "util/Result.h"

namespace ordo {
class Database;
}

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

// The records of the embedded store, each filed under the tenant of the
// workflow that made it (0: of no tenant). Every write notes a Ticket or
// CmdbItem change (ChangeLog.h), so views follow them live.
struct CmdbItem
{
    qint64 id = 0;
    QString itemClass;
    QString name;
    QString ip;
    QJsonObject attributes;
    QString createdAt;
    QString removedAt; // empty while it exists
    qint64 tenantId = 0;
};

struct Ticket
{
    qint64 id = 0;
    QString severity;
    QString title;
    QString description;
    QString createdAt;
    int comments = 0;
    qint64 tenantId = 0;
    qint64 workflowId = 0; // the workflow whose failure opened it; 0: none known
    QString workflowState; // that workflow's state now, as workflowStateName gives it; empty: none
    qint64 orderId = 0; // that workflow's order; 0: none
    QString updatedAt; // its newest comment's time, or its creation's
};

struct TicketComment
{
    qint64 id = 0;
    QString comment;
    QString createdAt;
};

// tenantId: only that tenant's records; none: every tenant's.
Result<QList<CmdbItem>> embeddedCmdbItems(Database &db, std::optional<qint64> tenantId);
Result<QList<Ticket>> embeddedTickets(Database &db, std::optional<qint64> tenantId);
// A ticket of another tenant is no ticket.
Result<QList<TicketComment>> embeddedTicketComments(Database &db, qint64 ticketId, std::optional<qint64> tenantId);

} // namespace ordo::connectors

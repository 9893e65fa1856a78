#include "connectors/ServiceDesk.h"

#include "connectors/ActionNames.h"
#include "connectors/ActionDatabase.h"

#include "engine/Runtime.h"
#include "store/ChangeLog.h"
#include "store/Database.h"
#include "store/DbTime.h"
#include "store/TenantColumn.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>

namespace ordo::connectors {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::ServiceDesk)
};

// The records' times as the listings show them; empty for none.
QString isoText(const QVariant &stored)
{
    return fromDbTime(stored).toString(Qt::ISODateWithMs);
}

// " WHERE ..." limiting a query to one tenant's rows, or nothing for every tenant's.
QString tenantFilter(const QString &column, std::optional<qint64> tenantId, QVariantList &binds)
{
    return tenantId ? QStringLiteral(" WHERE ") + tenantColumnIs(column, *tenantId, binds) : QString();
}

class RegisterAction final : public DatabaseAction
{
public:
    using DatabaseAction::DatabaseAction;
    QString name() const override { return QStringLiteral("cmdb.register"); }
    QHash<QString, InputSpec> inputs() const override { return registerInputs(); }
    ActionOutcome run(ActionContext &ctx) override
    {
        const QString key = ctx.correlationId();
        return withDatabase([&](Database &db) -> Result<QJsonObject> {
            ORDO_TRY(found, db.exec(QStringLiteral("SELECT id FROM cmdb_items WHERE correlation = ?"), {key}));
            if (found.next()) {
                ctx.log(Text::tr("configuration item %1 is already registered").arg(found.value(0).toLongLong()));
                return QJsonObject{{QStringLiteral("ci"), found.value(0).toLongLong()}, {QStringLiteral("created"), false}};
            }
            ORDO_TRY(tenant, engine::workflowTenant(db, ctx.workflowId));
            ORDO_TRY(id, db.insert(QStringLiteral("INSERT INTO cmdb_items(correlation, class, name, ip, attributes, created_at, tenant_id)"
                                                      " VALUES (?, ?, ?, ?, ?, ?, ?)"),
                                       {key, ctx.inputs.value(QLatin1String("class")).toString(QStringLiteral("cmdb_ci_linux_server")),
                                        ctx.inputs.value(QLatin1String("name")).toString(), ctx.inputs.value(QLatin1String("ip")).toString(),
                                        QString::fromUtf8(QJsonDocument(ctx.inputs.value(QLatin1String("attributes")).toObject()).toJson(QJsonDocument::Compact)),
                                        toDbTime(ctx.now()), tenantColumnValue(tenant)}));
            ORDO_CHECK(recordChanges(db, {{ChangeKind::CmdbItem, id, tenant}}));
            ctx.log(Text::tr("registered %1 (%2) as configuration item %3")
                        .arg(ctx.inputs.value(QLatin1String("name")).toString(), ctx.inputs.value(QLatin1String("ip")).toString())
                        .arg(id));
            return QJsonObject{{QStringLiteral("ci"), id}, {QStringLiteral("created"), true}};
        });
    }
};

class RemoveAction final : public DatabaseAction
{
public:
    using DatabaseAction::DatabaseAction;
    QString name() const override { return QStringLiteral("cmdb.remove"); }
    QHash<QString, InputSpec> inputs() const override { return {{QStringLiteral("ci"), {InputType::Integer, true}}}; }
    ActionOutcome run(ActionContext &ctx) override
    {
        const qint64 ci = ctx.inputs.value(QLatin1String("ci")).toInteger();
        return withDatabase([&](Database &db) -> Result<QJsonObject> {
            ORDO_TRY(tenant, engine::workflowTenant(db, ctx.workflowId));
            // Only an item of the workflow's own tenant is removed by it: another tenant's looks like none.
            QVariantList binds{ci};
            const QString sameTenant = tenantColumnIs(QStringLiteral("tenant_id"), tenant, binds);
            ORDO_TRY(found, db.exec(QStringLiteral("SELECT id FROM cmdb_items WHERE id = ? AND ") + sameTenant, binds));
            if (!found.next())
                return Error::notFound(Text::tr("no configuration item %1").arg(ci));
            ORDO_TRY(updated, db.exec(QStringLiteral("UPDATE cmdb_items SET removed_at = ? WHERE id = ? AND removed_at IS NULL"), {toDbTime(ctx.now()), ci}));
            if (updated.numRowsAffected() == 1)
                ORDO_CHECK(recordChanges(db, {{ChangeKind::CmdbItem, ci, tenant}}));
            // Removing what is gone already is done: the compensation may run again.
            return QJsonObject{{QStringLiteral("ci"), ci}, {QStringLiteral("removed"), updated.numRowsAffected() == 1}};
        });
    }
};

class OpenTicketAction final : public DatabaseAction
{
public:
    using DatabaseAction::DatabaseAction;
    QString name() const override { return QStringLiteral("ticket.open"); }
    QHash<QString, InputSpec> inputs() const override { return openTicketInputs(); }
    ActionOutcome run(ActionContext &ctx) override
    {
        const QString key = ctx.correlationId();
        return withDatabase([&](Database &db) -> Result<QJsonObject> {
            ORDO_TRY(found, db.exec(QStringLiteral("SELECT id FROM tickets WHERE correlation = ?"), {key}));
            if (found.next())
                return QJsonObject{{QStringLiteral("ticket"), found.value(0).toLongLong()}, {QStringLiteral("created"), false}};
            ORDO_TRY(tenant, engine::workflowTenant(db, ctx.workflowId));
            ORDO_TRY(id, db.insert(QStringLiteral("INSERT INTO tickets(correlation, title, description, severity, created_at, tenant_id)"
                                                      " VALUES (?, ?, ?, ?, ?, ?)"),
                                       {key, ctx.inputs.value(QLatin1String("title")).toString(),
                                        ctx.inputs.value(QLatin1String("description")).toString(QStringLiteral("")),
                                        ctx.inputs.value(QLatin1String("severity")).toString(QStringLiteral("normal")), toDbTime(ctx.now()),
                                        tenantColumnValue(tenant)}));
            ORDO_CHECK(recordChanges(db, {{ChangeKind::Ticket, id, tenant}}));
            return QJsonObject{{QStringLiteral("ticket"), id}, {QStringLiteral("created"), true}};
        });
    }
};

class CommentTicketAction final : public DatabaseAction
{
public:
    using DatabaseAction::DatabaseAction;
    QString name() const override { return QStringLiteral("ticket.comment"); }
    QHash<QString, InputSpec> inputs() const override
    {
        return {{QStringLiteral("ticket"), {InputType::Integer, true}},
                {QStringLiteral("comment"), {InputType::String, true}},
                {QStringLiteral("correlationId"), {InputType::String, false}}};
    }
    ActionOutcome run(ActionContext &ctx) override
    {
        const QString key = ctx.correlationId();
        const qint64 ticket = ctx.inputs.value(QLatin1String("ticket")).toInteger();
        return withDatabase([&](Database &db) -> Result<QJsonObject> {
            ORDO_TRY(tenant, engine::workflowTenant(db, ctx.workflowId));
            // Only a ticket of the workflow's own tenant is commented on by it: another tenant's looks like none.
            QVariantList binds{ticket};
            const QString sameTenant = tenantColumnIs(QStringLiteral("tenant_id"), tenant, binds);
            ORDO_TRY(exists, db.exec(QStringLiteral("SELECT 1 FROM tickets WHERE id = ? AND ") + sameTenant, binds));
            if (!exists.next())
                return Error::notFound(Text::tr("no ticket %1").arg(ticket));
            ORDO_TRY(found, db.exec(QStringLiteral("SELECT id FROM ticket_comments WHERE correlation = ?"), {key}));
            if (found.next())
                return QJsonObject{{QStringLiteral("comment"), found.value(0).toLongLong()}, {QStringLiteral("created"), false}};
            ORDO_TRY(inserted, db.insert(QStringLiteral("INSERT INTO ticket_comments(ticket_id, correlation, comment, created_at) VALUES (?, ?, ?, ?)"),
                                       {ticket, key, ctx.inputs.value(QLatin1String("comment")).toString(), toDbTime(ctx.now())}));
            ORDO_CHECK(recordChanges(db, {{ChangeKind::Ticket, ticket, tenant}}));
            return QJsonObject{{QStringLiteral("comment"), inserted}, {QStringLiteral("created"), true}};
        });
    }
};

} // namespace

QHash<QString, InputSpec> registerInputs()
{
    return {{QStringLiteral("name"), {InputType::String, true}},
            {QStringLiteral("ip"), {InputType::String, true}},
            {QStringLiteral("class"), {InputType::String, false}},
            {QStringLiteral("attributes"), {InputType::Object, false}},
            {QStringLiteral("correlationId"), {InputType::String, false}}};
}

QHash<QString, InputSpec> openTicketInputs()
{
    return {{QStringLiteral("title"), {InputType::String, true}},
            {QStringLiteral("description"), {InputType::String, false}},
            {QStringLiteral("severity"), {InputType::String, false}},
            {QStringLiteral("correlationId"), {InputType::String, false}}};
}

void registerEmbeddedServiceDesk(engine::ActionRegistry &registry, const QString &databasePath)
{
    registry.add(std::make_shared<RegisterAction>(databasePath));
    registry.add(std::make_shared<RemoveAction>(databasePath));
    registry.add(std::make_shared<OpenTicketAction>(databasePath));
    registry.add(std::make_shared<CommentTicketAction>(databasePath));
}

Result<QList<CmdbItem>> embeddedCmdbItems(Database &db, std::optional<qint64> tenantId)
{
    QVariantList binds;
    const QString where = tenantFilter(QStringLiteral("tenant_id"), tenantId, binds);
    ORDO_TRY(q, db.exec(QStringLiteral("SELECT id, class, name, ip, attributes, created_at, removed_at, COALESCE(tenant_id, 0)"
                                       " FROM cmdb_items") + where + QStringLiteral(" ORDER BY id"),
                        binds));
    QList<CmdbItem> items;
    while (q.next())
        items.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                      QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object(), isoText(q.value(5)), isoText(q.value(6)),
                      q.value(7).toLongLong()});
    return items;
}

Result<QList<Ticket>> embeddedTickets(Database &db, std::optional<qint64> tenantId)
{
    QVariantList binds;
    const QString where = tenantFilter(QStringLiteral("t.tenant_id"), tenantId, binds);
    // A failure's ticket is opened by a ticket request under the same correlation, which names the workflow.
    ORDO_TRY(q, db.exec(QStringLiteral("SELECT t.id, t.severity, t.title, t.description, t.created_at,"
                                       " (SELECT COUNT(*) FROM ticket_comments c WHERE c.ticket_id = t.id), COALESCE(t.tenant_id, 0),"
                                       " COALESCE(r.workflow_id, 0), COALESCE(w.state, ''), COALESCE(w.order_id, 0),"
                                       " COALESCE((SELECT MAX(c.created_at) FROM ticket_comments c WHERE c.ticket_id = t.id), t.created_at)"
                                       " FROM tickets t"
                                       " LEFT JOIN ticket_requests r ON r.correlation = t.correlation AND r.kind = 'open'"
                                       " LEFT JOIN workflows w ON w.id = r.workflow_id") + where + QStringLiteral(" ORDER BY t.id"),
                        binds));
    QList<Ticket> tickets;
    while (q.next())
        tickets.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), isoText(q.value(4)),
                        q.value(5).toInt(), q.value(6).toLongLong(), q.value(7).toLongLong(), q.value(8).toString(), q.value(9).toLongLong(), isoText(q.value(10))});
    return tickets;
}

Result<QList<TicketComment>> embeddedTicketComments(Database &db, qint64 ticketId, std::optional<qint64> tenantId)
{
    QVariantList binds;
    QString where = tenantFilter(QStringLiteral("tenant_id"), tenantId, binds);
    where += where.isEmpty() ? QStringLiteral(" WHERE id = ?") : QStringLiteral(" AND id = ?");
    binds.append(ticketId);
    ORDO_TRY(ticket, db.exec(QStringLiteral("SELECT 1 FROM tickets") + where, binds));
    if (!ticket.next())
        return Error::notFound(Text::tr("no ticket %1").arg(ticketId));
    ORDO_TRY(q, db.exec(QStringLiteral("SELECT id, comment, created_at FROM ticket_comments WHERE ticket_id = ? ORDER BY id"), {ticketId}));
    QList<TicketComment> comments;
    while (q.next())
        comments.append({q.value(0).toLongLong(), q.value(1).toString(), isoText(q.value(2))});
    return comments;
}

} // namespace ordo::connectors

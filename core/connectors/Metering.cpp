#include "connectors/Metering.h"

#include "connectors/ActionDatabase.h"
#include "connectors/ActionNames.h"

#include "engine/Runtime.h"
#include "store/TenantColumn.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace ordo::connectors {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::Metering)
};

struct LinePrice
{
    int lineNo = 0;
    qint64 unitCents = 0;
    QString currency;
    QString snapshot;
};

// The order line a resource is metered on, and what one unit of it costs. A
// bundle's line prices each component on its own (its snapshot's
// "components"); without a line number the item's line is looked up by item.
Result<LinePrice> lineFor(Database &db, qint64 tenant, qint64 orderId, std::optional<int> lineNo, const QString &item)
{
    QVariantList binds{orderId};
    QString which = QStringLiteral(" AND l.item_id = ?");
    if (lineNo) {
        which = QStringLiteral(" AND l.line_no = ?");
        binds.append(*lineNo);
    } else {
        binds.append(item);
    }
    const QString sameTenant = tenantColumnIs(QStringLiteral("o.tenant_id"), tenant, binds);
    ORDO_TRY(lines, db.exec(QStringLiteral("SELECT l.line_no, l.unit_monthly_cents, l.price_snapshot, o.currency, l.item_id FROM order_lines l"
                                           " JOIN orders o ON o.id = l.order_id WHERE l.order_id = ?")
                                + which + QStringLiteral(" AND ") + sameTenant + QStringLiteral(" ORDER BY l.line_no"),
                            binds));
    if (!lines.next()) {
        if (lineNo)
            return Error::notFound(Text::tr("order %1 has no line %2").arg(orderId).arg(*lineNo));
        return Error::notFound(Text::tr("order %1 has no line of item '%2'").arg(orderId).arg(item));
    }
    LinePrice price{lines.value(0).toInt(), lines.value(1).toLongLong(), lines.value(3).toString(), lines.value(2).toString()};
    if (lines.value(4).toString() != item) {
        const QJsonArray components = QJsonDocument::fromJson(price.snapshot.toUtf8()).object().value(QLatin1String("components")).toArray();
        const auto component = std::find_if(components.begin(), components.end(), [&](const QJsonValue &c) {
            return c.toObject().value(QLatin1String("item")).toString() == item;
        });
        if (component == components.end())
            return Error::notFound(Text::tr("line %1 of order %2 holds no item '%3'").arg(price.lineNo).arg(orderId).arg(item));
        price.unitCents = component->toObject().value(QLatin1String("unitMonthlyCents")).toInteger();
        return price;
    }
    // Lines of one item at different prices leave no way to tell which one this resource is.
    while (lines.next()) {
        if (lines.value(1).toLongLong() != price.unitCents)
            return Error::badInput(Text::tr("order %1 has lines of item '%2' at different prices").arg(orderId).arg(item));
    }
    return price;
}

class MeterStartAction final : public DatabaseAction
{
public:
    using DatabaseAction::DatabaseAction;
    QString name() const override { return QStringLiteral("billing.meterStart"); }
    QHash<QString, InputSpec> inputs() const override
    {
        return {{QStringLiteral("order"), {InputType::Integer, true}},
                {QStringLiteral("item"), {InputType::String, true}},
                {QStringLiteral("line"), {InputType::Integer, false}},
                {QStringLiteral("resource"), {InputType::String, true}},
                {QStringLiteral("correlationId"), {InputType::String, false}}};
    }
    ActionOutcome run(ActionContext &ctx) override
    {
        const QString key = ctx.correlationId();
        const qint64 orderId = ctx.inputs.value(QLatin1String("order")).toInteger();
        const QString item = ctx.inputs.value(QLatin1String("item")).toString();
        const std::optional<int> lineNo = ctx.inputs.contains(QLatin1String("line"))
            ? std::optional<int>(static_cast<int>(ctx.inputs.value(QLatin1String("line")).toInteger()))
            : std::nullopt;
        const QString resource = ctx.inputs.value(QLatin1String("resource")).toString();
        return withDatabase([&](Database &db) -> Result<QJsonObject> {
            ORDO_TRY(found, db.exec(QStringLiteral("SELECT id FROM usage_records WHERE correlation = ?"), {key}));
            if (found.next()) {
                ctx.log(Text::tr("usage record %1 is already started").arg(found.value(0).toLongLong()));
                return QJsonObject{{QStringLiteral("usage"), found.value(0).toLongLong()}, {QStringLiteral("created"), false}};
            }
            ORDO_TRY(tenant, engine::workflowTenant(db, ctx.workflowId));
            // Only an order of the workflow's own tenant is metered for it.
            ORDO_TRY(price, lineFor(db, tenant, orderId, lineNo, item));
            const qint64 startedAt = ctx.now().toMSecsSinceEpoch();
            ORDO_TRY(id, db.insert(QStringLiteral("INSERT INTO usage_records(correlation, tenant_id, order_id, line_no, item_id, resource,"
                                                      " unit_monthly_cents, currency, price_snapshot, started_at)"
                                                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                                       {key, tenantColumnValue(tenant), orderId, price.lineNo, item, resource, price.unitCents, price.currency, price.snapshot, startedAt}));
            ctx.log(Text::tr("metering %1 as usage record %2 at %3 cents a month (%4)").arg(resource).arg(id).arg(price.unitCents).arg(price.currency));
            return QJsonObject{{QStringLiteral("usage"), id},
                               {QStringLiteral("created"), true},
                               {QStringLiteral("unitMonthlyCents"), price.unitCents},
                               {QStringLiteral("currency"), price.currency},
                               {QStringLiteral("startedAt"), startedAt}};
        });
    }
};

class MeterStopAction final : public DatabaseAction
{
public:
    using DatabaseAction::DatabaseAction;
    QString name() const override { return QStringLiteral("billing.meterStop"); }
    QHash<QString, InputSpec> inputs() const override { return {{QStringLiteral("usage"), {InputType::Integer, true}}}; }
    ActionOutcome run(ActionContext &ctx) override
    {
        const qint64 usage = ctx.inputs.value(QLatin1String("usage")).toInteger();
        return withDatabase([&](Database &db) -> Result<QJsonObject> {
            ORDO_TRY(tenant, engine::workflowTenant(db, ctx.workflowId));
            // Only a record of the workflow's own tenant is stopped by it: another tenant's looks like none.
            QVariantList binds{usage};
            const QString sameTenant = tenantColumnIs(QStringLiteral("tenant_id"), tenant, binds);
            ORDO_TRY(found, db.exec(QStringLiteral("SELECT id FROM usage_records WHERE id = ? AND ") + sameTenant, binds));
            if (!found.next())
                return Error::notFound(Text::tr("no usage record %1").arg(usage));
            ORDO_TRY(updated, db.exec(QStringLiteral("UPDATE usage_records SET stopped_at = CASE WHEN ? > started_at THEN ? ELSE started_at END"
                                                     " WHERE id = ? AND stopped_at IS NULL"),
                                      {ctx.now().toMSecsSinceEpoch(), ctx.now().toMSecsSinceEpoch(), usage}));
            const bool stopped = updated.numRowsAffected() == 1;
            if (stopped)
                ctx.log(Text::tr("stopped metering usage record %1").arg(usage));
            // Stopping what is stopped already is done: the compensation may run again.
            return QJsonObject{{QStringLiteral("usage"), usage}, {QStringLiteral("stopped"), stopped}};
        });
    }
};

} // namespace

void registerMeteringActions(engine::ActionRegistry &registry, const QString &databasePath)
{
    registry.add(std::make_shared<MeterStartAction>(databasePath));
    registry.add(std::make_shared<MeterStopAction>(databasePath));
}

Result<QList<UsageRecord>> usageRecords(Database &db, const UsageFilter &filter)
{
    QString sql = QStringLiteral("SELECT u.id, COALESCE(u.tenant_id, 0), u.order_id, u.line_no, u.item_id, u.resource, u.unit_monthly_cents,"
                                 " u.currency, u.price_snapshot, u.started_at, COALESCE(u.stopped_at, 0), u.correlation"
                                 " FROM usage_records u JOIN orders o ON o.id = u.order_id WHERE 1 = 1");
    QVariantList binds;
    if (filter.tenantId)
        sql += QStringLiteral(" AND ") + tenantColumnIs(QStringLiteral("u.tenant_id"), *filter.tenantId, binds);
    if (filter.requesterId) {
        sql += QStringLiteral(" AND o.requester_id = ?");
        binds.append(*filter.requesterId);
    }
    if (filter.orderId) {
        sql += QStringLiteral(" AND u.order_id = ?");
        binds.append(*filter.orderId);
    }
    ORDO_TRY(q, db.exec(sql + QStringLiteral(" ORDER BY u.id"), binds));
    QList<UsageRecord> records;
    while (q.next())
        records.append({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(), q.value(3).toInt(), q.value(4).toString(),
                        q.value(5).toString(), q.value(6).toLongLong(), q.value(7).toString(),
                        QJsonDocument::fromJson(q.value(8).toString().toUtf8()).object(), q.value(9).toLongLong(), q.value(10).toLongLong(),
                        q.value(11).toString()});
    return records;
}

} // namespace ordo::connectors

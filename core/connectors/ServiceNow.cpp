// The ServiceNow profile of the cmdb and tickets connectors, over the Table
// API: records carry correlation_id and are looked up before they are made.

#include "connectors/RestProfile.h"

#include "connectors/ServiceDesk.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace ordo::connectors::rest {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::Rest)
};

// The record of a ServiceNow table filed under a correlation id, if any.
std::variant<std::optional<QJsonObject>, ActionError> findByCorrelation(RestEndpoint &e, const QString &table, const QString &key,
                                                                       const ActionContext &ctx)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("sysparm_query"), QStringLiteral("correlation_id=") + key);
    query.addQueryItem(QStringLiteral("sysparm_limit"), QStringLiteral("1"));
    auto found = jsonExchange(e, "GET", endpointUrl(e, QStringLiteral("/api/now/table/") + table, query), {}, ctx);
    if (auto *error = std::get_if<ActionError>(&found))
        return *error;
    const QJsonArray existing = std::get<QJsonObject>(found).value(QLatin1String("result")).toArray();
    if (existing.isEmpty())
        return std::optional<QJsonObject>();
    return std::optional<QJsonObject>(existing.first().toObject());
}

// The record filed under the step's correlation id, made only when there is
// none yet: the record and whether this call made it.
std::variant<std::pair<QJsonObject, bool>, ActionError> findOrCreate(RestEndpoint &e, const QString &table, QJsonObject record,
                                                                    const ActionContext &ctx)
{
    const QString key = ctx.correlationId();
    if (auto bad = checkCorrelation(key))
        return *bad;
    auto found = findByCorrelation(e, table, key, ctx);
    if (auto *error = std::get_if<ActionError>(&found))
        return *error;
    if (const auto &existing = std::get<std::optional<QJsonObject>>(found))
        return std::pair(*existing, false);
    record.insert(QStringLiteral("correlation_id"), key);
    auto created = jsonExchange(e, "POST", endpointUrl(e, QStringLiteral("/api/now/table/") + table), record, ctx);
    if (auto *error = std::get_if<ActionError>(&created))
        return *error;
    const QJsonObject made = std::get<QJsonObject>(created).value(QLatin1String("result")).toObject();
    if (made.value(QLatin1String("sys_id")).toString().isEmpty())
        return ActionError{ErrorKind::Permanent, Text::tr("ServiceNow answered without a sys_id")};
    return std::pair(made, true);
}

class ServiceNowRegister final : public RestAction
{
public:
    using RestAction::RestAction;
    QString name() const override { return QStringLiteral("cmdb.register"); }
    QHash<QString, InputSpec> inputs() const override { return registerInputs(); }
    ActionOutcome perform(RestEndpoint &endpoint, ActionContext &ctx) override
    {
        QJsonObject record{{QStringLiteral("name"), ctx.inputs.value(QLatin1String("name")).toString()},
                           {QStringLiteral("ip_address"), ctx.inputs.value(QLatin1String("ip")).toString()}};
        const QJsonObject attributes = ctx.inputs.value(QLatin1String("attributes")).toObject();
        for (auto it = attributes.begin(); it != attributes.end(); ++it)
            record.insert(it.key(), it.value());
        const QString into = table(ctx, QStringLiteral("cmdb_ci_linux_server"));
        auto filed = findOrCreate(endpoint, into, record, ctx);
        if (auto *error = std::get_if<ActionError>(&filed))
            return *error;
        const auto &[ci, created] = std::get<std::pair<QJsonObject, bool>>(filed);
        const QString sysId = ci.value(QLatin1String("sys_id")).toString();
        if (created)
            ctx.log(QStringLiteral("registered %1 in %2 as %3").arg(record.value(QLatin1String("name")).toString(), into, sysId));
        return QJsonObject{{QStringLiteral("ci"), sysId}, {QStringLiteral("created"), created}};
    }
};

class ServiceNowRemove final : public RestAction
{
public:
    using RestAction::RestAction;
    QString name() const override { return QStringLiteral("cmdb.remove"); }
    QHash<QString, InputSpec> inputs() const override
    {
        return {{QStringLiteral("ci"), {InputType::String, true}}, {QStringLiteral("class"), {InputType::String, false}}};
    }
    ActionOutcome perform(RestEndpoint &endpoint, ActionContext &ctx) override
    {
        const QString ci = ctx.inputs.value(QLatin1String("ci")).toString();
        if (auto bad = checkQueryValue(QStringLiteral("ci"), ci))
            return *bad;
        // 404: already gone, which is what a compensation wants.
        const QString from = table(ctx, QStringLiteral("cmdb_ci_linux_server"));
        auto deleted = httpExchange(endpoint, "DELETE", endpointUrl(endpoint, QStringLiteral("/api/now/table/%1/%2").arg(from, ci)), {}, {}, ctx, {404});
        if (auto *error = std::get_if<ActionError>(&deleted))
            return *error;
        return QJsonObject{{QStringLiteral("ci"), ci}, {QStringLiteral("removed"), std::get<HttpResponse>(deleted).status != 404}};
    }
};

class ServiceNowOpenTicket final : public RestAction
{
public:
    using RestAction::RestAction;
    QString name() const override { return QStringLiteral("ticket.open"); }
    QHash<QString, InputSpec> inputs() const override { return openTicketInputs(); }
    ActionOutcome perform(RestEndpoint &endpoint, ActionContext &ctx) override
    {
        // Urgency 1 (high) to 3 (low), as ServiceNow counts.
        const QString severity = ctx.inputs.value(QLatin1String("severity")).toString(QStringLiteral("normal"));
        const QString urgency = severity == QLatin1String("critical") || severity == QLatin1String("high") ? QStringLiteral("1")
                                : severity == QLatin1String("low")                                        ? QStringLiteral("3")
                                                                                                           : QStringLiteral("2");
        const QJsonObject record{{QStringLiteral("short_description"), ctx.inputs.value(QLatin1String("title")).toString()},
                                 {QStringLiteral("description"), ctx.inputs.value(QLatin1String("description")).toString()},
                                 {QStringLiteral("urgency"), urgency}};
        auto filed = findOrCreate(endpoint, table(ctx, QStringLiteral("incident")), record, ctx);
        if (auto *error = std::get_if<ActionError>(&filed))
            return *error;
        const auto &[incident, created] = std::get<std::pair<QJsonObject, bool>>(filed);
        return ticketOutput(incident, created);
    }

private:
    static QJsonObject ticketOutput(const QJsonObject &record, bool created)
    {
        return {{QStringLiteral("ticket"), record.value(QLatin1String("sys_id")).toString()},
                {QStringLiteral("number"), record.value(QLatin1String("number")).toString()},
                {QStringLiteral("created"), created}};
    }
};

class ServiceNowComment final : public RestAction
{
public:
    using RestAction::RestAction;
    QString name() const override { return QStringLiteral("ticket.comment"); }
    QHash<QString, InputSpec> inputs() const override { return commentInputs(); }
    ActionOutcome perform(RestEndpoint &endpoint, ActionContext &ctx) override
    {
        const QString ticket = ctx.inputs.value(QLatin1String("ticket")).toString();
        if (auto bad = checkQueryValue(QStringLiteral("ticket"), ticket))
            return *bad;
        if (auto bad = checkCorrelation(ctx.correlationId()))
            return *bad;
        const QString marker = commentMarker(ctx.correlationId());
        // Comments are journal entries; the marker finds one made by an earlier attempt.
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("sysparm_query"),
                           QStringLiteral("element_id=%1^element=comments^valueLIKE%2").arg(ticket, marker));
        query.addQueryItem(QStringLiteral("sysparm_limit"), QStringLiteral("1"));
        auto found = jsonExchange(endpoint, "GET", endpointUrl(endpoint, QStringLiteral("/api/now/table/sys_journal_field"), query), {}, ctx);
        if (auto *error = std::get_if<ActionError>(&found))
            return *error;
        if (!std::get<QJsonObject>(found).value(QLatin1String("result")).toArray().isEmpty())
            return QJsonObject{{QStringLiteral("comment"), marker}, {QStringLiteral("created"), false}};
        const QJsonObject change{{QStringLiteral("comments"), QString(ctx.inputs.value(QLatin1String("comment")).toString() + QLatin1Char('\n') + marker)}};
        auto patched = jsonExchange(endpoint, "PATCH", endpointUrl(endpoint, QStringLiteral("/api/now/table/%1/%2").arg(table(ctx, QStringLiteral("incident")), ticket)), change, ctx);
        if (auto *error = std::get_if<ActionError>(&patched))
            return *error;
        return QJsonObject{{QStringLiteral("comment"), marker}, {QStringLiteral("created"), true}};
    }
};

} // namespace

void addServiceNowCmdb(engine::ActionRegistry &registry, const RestEndpoint &endpoint, const QJsonObject &settings)
{
    registry.add(std::make_shared<ServiceNowRegister>(endpoint, settings));
    registry.add(std::make_shared<ServiceNowRemove>(endpoint, settings));
}

void addServiceNowTickets(engine::ActionRegistry &registry, const RestEndpoint &endpoint, const QJsonObject &settings)
{
    registry.add(std::make_shared<ServiceNowOpenTicket>(endpoint, settings));
    registry.add(std::make_shared<ServiceNowComment>(endpoint, settings));
}

} // namespace ordo::connectors::rest

// The Jira profile of the tickets connector, over REST API v2: an issue
// carries a label made from the correlation id and is found by JQL.

#include "connectors/RestProfile.h"

#include "connectors/ServiceDesk.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>

namespace ordo::connectors::rest {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::Rest)
};

QString jiraLabel(const QString &correlation)
{
    return QStringLiteral("ordo-") + QString::fromLatin1(QCryptographicHash::hash(correlation.toUtf8(), QCryptographicHash::Sha256).toHex().left(24));
}

class JiraOpenTicket final : public RestAction
{
public:
    using RestAction::RestAction;
    QString name() const override { return QStringLiteral("ticket.open"); }
    QHash<QString, InputSpec> inputs() const override { return openTicketInputs(); }
    ActionOutcome perform(RestEndpoint &endpoint, ActionContext &ctx) override
    {
        const QString label = jiraLabel(ctx.correlationId());
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("jql"), QStringLiteral("labels = \"%1\"").arg(label));
        query.addQueryItem(QStringLiteral("fields"), QStringLiteral("key"));
        auto found = jsonExchange(endpoint, "GET", endpointUrl(endpoint, QStringLiteral("/rest/api/2/search"), query), {}, ctx);
        if (auto *error = std::get_if<ActionError>(&found))
            return *error;
        const QJsonArray existing = std::get<QJsonObject>(found).value(QLatin1String("issues")).toArray();
        if (!existing.isEmpty())
            return QJsonObject{{QStringLiteral("ticket"), existing.first().toObject().value(QLatin1String("key")).toString()}, {QStringLiteral("created"), false}};
        QJsonObject fields{{QStringLiteral("project"), QJsonObject{{QStringLiteral("key"), m_settings.value(QLatin1String("project")).toString()}}},
                           {QStringLiteral("summary"), ctx.inputs.value(QLatin1String("title")).toString()},
                           {QStringLiteral("description"), ctx.inputs.value(QLatin1String("description")).toString()},
                           {QStringLiteral("issuetype"), QJsonObject{{QStringLiteral("name"), m_settings.value(QLatin1String("issueType")).toString(QStringLiteral("Task"))}}},
                           {QStringLiteral("labels"), QJsonArray{label}}};
        auto created = jsonExchange(endpoint, "POST", endpointUrl(endpoint, QStringLiteral("/rest/api/2/issue")), {{QStringLiteral("fields"), fields}}, ctx);
        if (auto *error = std::get_if<ActionError>(&created))
            return *error;
        const QString key = std::get<QJsonObject>(created).value(QLatin1String("key")).toString();
        if (key.isEmpty())
            return ActionError{ErrorKind::Permanent, Text::tr("Jira answered without an issue key")};
        ctx.log(QStringLiteral("opened %1").arg(key));
        return QJsonObject{{QStringLiteral("ticket"), key}, {QStringLiteral("created"), true}};
    }
};

class JiraComment final : public RestAction
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
        const QString marker = commentMarker(ctx.correlationId());
        const QUrl url = endpointUrl(endpoint, QStringLiteral("/rest/api/2/issue/%1/comment").arg(ticket));
        auto listed = jsonExchange(endpoint, "GET", url, {}, ctx);
        if (auto *error = std::get_if<ActionError>(&listed))
            return *error;
        for (const QJsonValue &c : std::get<QJsonObject>(listed).value(QLatin1String("comments")).toArray()) {
            if (c.toObject().value(QLatin1String("body")).toString().contains(marker))
                return QJsonObject{{QStringLiteral("comment"), c.toObject().value(QLatin1String("id")).toString()}, {QStringLiteral("created"), false}};
        }
        auto posted = jsonExchange(endpoint, "POST", url,
                                   {{QStringLiteral("body"), QString(ctx.inputs.value(QLatin1String("comment")).toString() + QStringLiteral("\n\n") + marker)}}, ctx);
        if (auto *error = std::get_if<ActionError>(&posted))
            return *error;
        return QJsonObject{{QStringLiteral("comment"), std::get<QJsonObject>(posted).value(QLatin1String("id")).toString()}, {QStringLiteral("created"), true}};
    }
};

} // namespace

void addJiraTickets(engine::ActionRegistry &registry, const RestEndpoint &endpoint, const QJsonObject &settings)
{
    registry.add(std::make_shared<JiraOpenTicket>(endpoint, settings));
    registry.add(std::make_shared<JiraComment>(endpoint, settings));
}

} // namespace ordo::connectors::rest

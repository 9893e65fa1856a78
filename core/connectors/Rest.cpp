#include "connectors/Rest.h"

#include "connectors/Connectors.h"
#include "connectors/RestProfile.h"

#include "security/SecretStore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>

namespace ordo::connectors {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::Rest)
};

Result<RestEndpoint> endpointFrom(const QString &connector, const QJsonObject &json)
{
    RestEndpoint e;
    e.url = QUrl(json.value(QLatin1String("url")).toString());
    if (!e.url.isValid() || e.url.scheme() != QLatin1String("https") || e.url.host().isEmpty())
        return Error::badInput(Text::tr("%1 settings: 'url' must be an https:// address").arg(connector));
    e.user = json.value(QLatin1String("user")).toString();
    e.passwordSecret = json.value(QLatin1String("passwordSecret")).toString();
    if (e.user.isEmpty() || e.passwordSecret.isEmpty())
        return Error::badInput(Text::tr("%1 settings: 'user' and 'passwordSecret' (the password or API token in the keychain) are needed").arg(connector));
    ORDO_CHECK(SecretStore::checkName(e.passwordSecret));
    ORDO_CHECK(readTransportSettings(connector, json, e.caFile, e.timeoutMs));
    return e;
}

} // namespace

namespace rest {

QUrl endpointUrl(const RestEndpoint &e, const QString &path, const QUrlQuery &query)
{
    QUrl url = e.url;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path);
    url.setQuery(query);
    return url;
}

std::variant<QJsonObject, ActionError> jsonExchange(RestEndpoint &e, const QByteArray &method, const QUrl &url, const QJsonObject &body,
                                                    const ActionContext &ctx, int *status)
{
    const QByteArray data = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    auto exchanged = httpExchange(e, method, url, data, {}, ctx);
    if (auto *error = std::get_if<ActionError>(&exchanged))
        return *error;
    const HttpResponse &response = std::get<HttpResponse>(exchanged);
    if (status)
        *status = response.status;
    return QJsonDocument::fromJson(response.body).object();
}

QString commentMarker(const QString &correlation)
{
    return QStringLiteral("[ordo:%1]").arg(correlation);
}

std::optional<ActionError> checkQueryValue(const QString &input, const QString &value)
{
    static const QRegularExpression unsafe(QStringLiteral("[\\^/?#&=\\s]"));
    if (value.isEmpty() || unsafe.match(value).hasMatch())
        return ActionError{ErrorKind::BadInput, Text::tr("%1: '%2' may not be empty or hold ^ / ? # & = or spaces").arg(input, value)};
    return std::nullopt;
}

// A correlation id goes into encoded queries, where '^' would add conditions.
std::optional<ActionError> checkCorrelation(const QString &key)
{
    if (key.contains(QLatin1Char('^')) || key.contains(QLatin1Char('\n')))
        return ActionError{ErrorKind::BadInput, Text::tr("correlationId: '%1' may not hold ^ or line breaks").arg(key)};
    return std::nullopt;
}

QHash<QString, InputSpec> commentInputs()
{
    return {{QStringLiteral("ticket"), {InputType::String, true}},
            {QStringLiteral("comment"), {InputType::String, true}},
            {QStringLiteral("correlationId"), {InputType::String, false}}};
}

} // namespace rest

Status checkServiceDeskSettings(const QString &connector, const QJsonObject &settings)
{
    const QString profile = settings.value(QLatin1String("profile")).toString();
    const bool tickets = connector == QLatin1String("tickets");
    QStringList known = {QStringLiteral("profile"), QStringLiteral("url"), QStringLiteral("user"), QStringLiteral("passwordSecret"),
                         QStringLiteral("caFile"), QStringLiteral("timeoutMs")};
    if (profile == QLatin1String("servicenow"))
        known.append(QStringLiteral("table"));
    else if (profile == QLatin1String("jira") && tickets)
        known.append({QStringLiteral("project"), QStringLiteral("issueType")});
    else
        return Error::badInput(Text::tr("%1 settings: 'profile' is %2, not '%3'")
                                   .arg(connector, tickets ? Text::tr("servicenow or jira") : QStringLiteral("servicenow"), profile));
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (!known.contains(it.key()))
            return Error::badInput(Text::tr("%1 settings: unknown setting '%2' (settings: %3)").arg(connector, it.key(), known.join(QStringLiteral(", "))));
    }
    if (profile == QLatin1String("jira") && settings.value(QLatin1String("project")).toString().isEmpty())
        return Error::badInput(Text::tr("%1 settings: 'project' names the Jira project key").arg(connector));
    ORDO_CHECK(endpointFrom(connector, settings));
    return ok();
}

Status registerRestCmdb(engine::ActionRegistry &registry, const QJsonObject &settings)
{
    ORDO_CHECK(checkServiceDeskSettings(QStringLiteral("cmdb"), settings));
    ORDO_TRY(endpoint, endpointFrom(QStringLiteral("cmdb"), settings));
    rest::addServiceNowCmdb(registry, endpoint, settings);
    return ok();
}

Status registerRestTickets(engine::ActionRegistry &registry, const QJsonObject &settings)
{
    ORDO_CHECK(checkServiceDeskSettings(QStringLiteral("tickets"), settings));
    ORDO_TRY(endpoint, endpointFrom(QStringLiteral("tickets"), settings));
    if (settings.value(QLatin1String("profile")).toString() == QLatin1String("jira"))
        rest::addJiraTickets(registry, endpoint, settings);
    else
        rest::addServiceNowTickets(registry, endpoint, settings);
    return ok();
}

} // namespace ordo::connectors

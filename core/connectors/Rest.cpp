#include "connectors/Rest.h"

#include "connectors/ActionNames.h"
#include "connectors/Connectors.h"

#include "connectors/ServiceDesk.h"

#include "security/SecretStore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QEventLoop>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrlQuery>

namespace ordo::connectors {

Q_LOGGING_CATEGORY(lcRest, "ordo.connectors.rest", QtInfoMsg)

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::Rest)
};

using Headers = QList<std::pair<QByteArray, QByteArray>>;

ErrorKind kindOfStatus(int status)
{
    if (status == 401 || status == 403)
        return ErrorKind::Authentication;
    if (status == 408 || status == 429 || status >= 500)
        return ErrorKind::Transient;
    return ErrorKind::BadInput;
}

// The service's own words for an error, when it gives them in JSON.
QString serviceMessage(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QJsonObject error = o.value(QLatin1String("error")).toObject();
    if (!error.isEmpty())
        return QString(error.value(QLatin1String("message")).toString() + QLatin1Char(' ') + error.value(QLatin1String("detail")).toString()).trimmed();
    const QJsonArray messages = o.value(QLatin1String("errorMessages")).toArray();
    if (!messages.isEmpty())
        return messages.first().toString();
    return QString::fromUtf8(body.left(200)).trimmed();
}

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

QUrl endpointUrl(const RestEndpoint &e, const QString &path, const QUrlQuery &query = {})
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
                                                    const ActionContext &ctx, int *status = nullptr)
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

// Appended to a comment so that a repeated attempt finds it.
QString commentMarker(const QString &correlation)
{
    return QStringLiteral("[ordo:%1]").arg(correlation);
}

// Values pasted into a ServiceNow encoded query or a path: '^' would add
// conditions of its own, '/' and '?' change the resource.
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

class RestAction : public engine::Action
{
public:
    RestAction(RestEndpoint endpoint, QJsonObject settings) : m_endpoint(std::move(endpoint)), m_settings(std::move(settings)) {}

    // Each run has its own copy of the endpoint: the keychain is asked once
    // per run, and runs on other worker threads share nothing.
    ActionOutcome run(ActionContext &ctx) final
    {
        RestEndpoint endpoint = m_endpoint;
        ActionOutcome outcome = perform(endpoint, ctx);
        endpoint.authorization.fill('\0');
        return outcome;
    }

protected:
    virtual ActionOutcome perform(RestEndpoint &endpoint, ActionContext &ctx) = 0;

    // The step's "class", else the connector's "table", else the profile's own.
    QString table(const ActionContext &ctx, const QString &fallback) const
    {
        return ctx.inputs.value(QLatin1String("class")).toString(m_settings.value(QLatin1String("table")).toString(fallback));
    }

    RestEndpoint m_endpoint;
    QJsonObject m_settings;
};

// ServiceNow Table API: records carry correlation_id, looked up before creating.
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

QHash<QString, InputSpec> commentInputs()
{
    return {{QStringLiteral("ticket"), {InputType::String, true}},
            {QStringLiteral("comment"), {InputType::String, true}},
            {QStringLiteral("correlationId"), {InputType::String, false}}};
}

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

// Jira: an issue carries a label made from the correlation id, found by JQL.
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

// Secret name -> the origins it may be sent to (scheme://host:port).
using CredentialOrigins = QHash<QString, QStringList>;

QString originOf(const QUrl &url)
{
    return url.scheme() + QStringLiteral("://") + url.host() + QLatin1Char(':') + QString::number(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
}

Result<CredentialOrigins> credentialOrigins(const QJsonObject &settings)
{
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (it.key() != QLatin1String("credentials"))
            return Error::badInput(Text::tr("http settings: unknown setting '%1' (settings: credentials)").arg(it.key()));
    }
    const QJsonValue list = settings.value(QLatin1String("credentials"));
    if (!list.isUndefined() && !list.isArray())
        return Error::badInput(Text::tr("http settings: 'credentials' must be a list of {\"secret\", \"origins\"}"));
    CredentialOrigins allowed;
    const QJsonArray entries = list.toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject entry = entries.at(i).toObject();
        const QString secret = entry.value(QLatin1String("secret")).toString();
        const QJsonArray origins = entry.value(QLatin1String("origins")).toArray();
        if (!entries.at(i).isObject() || secret.isEmpty() || origins.isEmpty() || entry.size() != 2)
            return Error::badInput(Text::tr("http settings: credentials[%1] must hold 'secret' and a non-empty list 'origins', nothing else").arg(i));
        ORDO_CHECK(SecretStore::checkName(secret));
        for (const QJsonValue &o : origins) {
            const QUrl url(o.toString());
            if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty() || !url.userInfo().isEmpty()
                || (!url.path().isEmpty() && url.path() != QLatin1String("/")) || url.hasQuery() || url.hasFragment())
                return Error::badInput(Text::tr("http settings: credentials[%1]: '%2' is not an https origin (https://host[:port])").arg(i).arg(o.toString()));
            allowed[secret].append(originOf(url));
        }
    }
    return allowed;
}

class HttpRequestAction final : public engine::Action
{
public:
    explicit HttpRequestAction(CredentialOrigins allowed) : m_allowed(std::move(allowed)) {}

    QString name() const override { return QStringLiteral("http.request"); }
    QHash<QString, InputSpec> inputs() const override
    {
        // Where the request goes and with which credentials is never edited.
        return {{QStringLiteral("url"), {InputType::String, true, true}},
                {QStringLiteral("method"), {InputType::String, false}},
                {QStringLiteral("headers"), {InputType::Object, false}},
                {QStringLiteral("body"), {InputType::Any, false}},
                {QStringLiteral("user"), {InputType::String, false, true}},
                {QStringLiteral("passwordSecret"), {InputType::String, false, true}},
                {QStringLiteral("caFile"), {InputType::String, false, true}},
                {QStringLiteral("timeoutMs"), {InputType::Integer, false}}};
    }
    ActionOutcome run(ActionContext &ctx) override
    {
        RestEndpoint e;
        e.url = QUrl(ctx.inputs.value(QLatin1String("url")).toString());
        if (!e.url.isValid() || (e.url.scheme() != QLatin1String("https") && e.url.scheme() != QLatin1String("http")) || e.url.host().isEmpty())
            return ActionError{ErrorKind::BadInput, Text::tr("url: '%1' is not an http(s) address").arg(ctx.inputs.value(QLatin1String("url")).toString())};
        e.user = ctx.inputs.value(QLatin1String("user")).toString();
        e.passwordSecret = ctx.inputs.value(QLatin1String("passwordSecret")).toString();
        // A definition names the secret and the URL: without this, any workflow could send any secret anywhere.
        if (!e.passwordSecret.isEmpty() && !m_allowed.value(e.passwordSecret).contains(originOf(e.url)))
            return ActionError{ErrorKind::BadInput, Text::tr("passwordSecret: '%1' may not be sent to %2 (allow it in the http connector's "
                                                             "'credentials' settings)")
                                                        .arg(e.passwordSecret, originOf(e.url))};
        e.caFile = ctx.inputs.value(QLatin1String("caFile")).toString();
        e.timeoutMs = static_cast<int>(std::clamp<qint64>(ctx.inputs.value(QLatin1String("timeoutMs")).toInteger(30000), 100, 600000));
        const QByteArray method = ctx.inputs.value(QLatin1String("method")).toString(QStringLiteral("GET")).toUpper().toLatin1();
        static const QByteArrayList methods = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
        if (!methods.contains(method))
            return ActionError{ErrorKind::BadInput, Text::tr("method: '%1' is not one of %2").arg(QString::fromLatin1(method), QString::fromLatin1(methods.join(", ")))};
        // Services that honour it make a repeated attempt harmless.
        Headers headers{{"Idempotency-Key", ctx.idempotencyKey.toUtf8()}};
        const QJsonObject given = ctx.inputs.value(QLatin1String("headers")).toObject();
        for (auto it = given.begin(); it != given.end(); ++it) {
            // These decide where credentials go and who sees them: only the connector sets them.
            const QString header = it.key().toLower();
            if (header == QLatin1String("host") || header == QLatin1String("authorization") || header.startsWith(QLatin1String("proxy-")))
                return ActionError{ErrorKind::BadInput, Text::tr("headers: '%1' is set by the connector, not by a workflow (credentials come from "
                                                                 "'user' and 'passwordSecret')")
                                                            .arg(it.key())};
            headers.append({it.key().toLatin1(), it.value().toString().toUtf8()});
        }
        const QJsonValue body = ctx.inputs.value(QLatin1String("body"));
        QByteArray data;
        if (body.isObject() || body.isArray())
            data = body.isObject() ? QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact) : QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
        else if (!body.isUndefined() && !body.isNull())
            data = body.toVariant().toString().toUtf8();
        auto exchanged = httpExchange(e, method, e.url, data, headers, ctx);
        if (auto *error = std::get_if<ActionError>(&exchanged))
            return *error;
        const HttpResponse &response = std::get<HttpResponse>(exchanged);
        const QJsonDocument json = QJsonDocument::fromJson(response.body);
        QJsonObject out{{QStringLiteral("status"), response.status}};
        if (json.isObject())
            out.insert(QStringLiteral("json"), json.object());
        else if (json.isArray())
            out.insert(QStringLiteral("json"), json.array());
        else
            out.insert(QStringLiteral("body"), QString::fromUtf8(response.body.left(64 * 1024)));
        return out;
    }

private:
    CredentialOrigins m_allowed;
};

} // namespace

std::variant<HttpResponse, ActionError> httpExchange(RestEndpoint &endpoint, const QByteArray &method, const QUrl &url, const QByteArray &body,
                                                     const Headers &headers, const ActionContext &ctx, const QList<int> &acceptedStatuses)
{
    QNetworkRequest request(url);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!endpoint.caFile.isEmpty()) {
        const QList<QSslCertificate> extra = QSslCertificate::fromPath(endpoint.caFile);
        if (extra.isEmpty())
            return ActionError{ErrorKind::BadInput, Text::tr("no certificate in the CA file %1").arg(endpoint.caFile)};
        tls.addCaCertificates(extra);
    }
    request.setSslConfiguration(tls);
    // Credentials go only where they were meant to: no redirect to another origin.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!endpoint.passwordSecret.isEmpty()) {
        if (url.scheme() != QLatin1String("https"))
            return ActionError{ErrorKind::BadInput, Text::tr("%1: credentials are sent over https only").arg(url.toString(QUrl::RemoveUserInfo))};
        if (endpoint.authorization.isEmpty()) {
            auto secret = SecretStore().read(endpoint.passwordSecret);
            if (!secret)
                return ActionError{ErrorKind::Authentication, secret.error().message};
            QByteArray credentials = endpoint.user.toUtf8() + ':' + *secret;
            endpoint.authorization = "Basic " + credentials.toBase64();
            credentials.fill('\0');
            secret->fill('\0');
        }
        request.setRawHeader("Authorization", endpoint.authorization);
    }
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);

    // The worker thread waits here for this one exchange; nothing else runs on its loop.
    QNetworkAccessManager network;
    network.setAutoDeleteReplies(false);
    std::unique_ptr<QNetworkReply> reply(network.sendCustomRequest(request, method, body));
    QEventLoop loop;
    bool timedOut = false;
    bool cancelled = false;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        reply->abort();
    });
    QTimer cancelCheck;
    QObject::connect(&cancelCheck, &QTimer::timeout, &loop, [&] {
        if (ctx.isCancelled()) {
            cancelled = true;
            reply->abort();
        }
    });
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    deadline.start(endpoint.timeoutMs);
    cancelCheck.start(100);
    if (!reply->isFinished())
        loop.exec();

    const QString where = QStringLiteral("%1 %2").arg(QString::fromLatin1(method), url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
    if (cancelled)
        return ActionError{ErrorKind::Cancelled, Text::tr("%1: cancelled").arg(where)};
    if (timedOut)
        return ActionError{ErrorKind::Timeout, Text::tr("%1: no answer within %2 ms").arg(where).arg(endpoint.timeoutMs)};
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = reply->readAll();
    qCDebug(lcRest) << where << status;
    if ((status >= 200 && status < 300) || acceptedStatuses.contains(status))
        return HttpResponse{status, answer};
    if (reply->error() == QNetworkReply::InsecureRedirectError) {
        const QUrl target = url.resolved(reply->header(QNetworkRequest::LocationHeader).toUrl());
        return ActionError{ErrorKind::BadInput, Text::tr("%1: redirected to %2, another origin; redirects are followed within the origin only")
                                                    .arg(where, target.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery))};
    }
    if (status > 0)
        return ActionError{kindOfStatus(status), Text::tr("HTTP %1 from %2: %3").arg(status).arg(where, serviceMessage(answer))};
    switch (reply->error()) {
    case QNetworkReply::SslHandshakeFailedError:
        return ActionError{ErrorKind::Authentication, Text::tr("%1: the server's TLS certificate was not accepted: %2").arg(where, reply->errorString())};
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        return ActionError{ErrorKind::BadInput, Text::tr("%1: %2").arg(where, reply->errorString())};
    default:
        return ActionError{ErrorKind::Transient, Text::tr("%1: %2").arg(where, reply->errorString())};
    }
}

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
    registry.add(std::make_shared<ServiceNowRegister>(endpoint, settings));
    registry.add(std::make_shared<ServiceNowRemove>(endpoint, settings));
    return ok();
}

Status registerRestTickets(engine::ActionRegistry &registry, const QJsonObject &settings)
{
    ORDO_CHECK(checkServiceDeskSettings(QStringLiteral("tickets"), settings));
    ORDO_TRY(endpoint, endpointFrom(QStringLiteral("tickets"), settings));
    if (settings.value(QLatin1String("profile")).toString() == QLatin1String("jira")) {
        registry.add(std::make_shared<JiraOpenTicket>(endpoint, settings));
        registry.add(std::make_shared<JiraComment>(endpoint, settings));
    } else {
        registry.add(std::make_shared<ServiceNowOpenTicket>(endpoint, settings));
        registry.add(std::make_shared<ServiceNowComment>(endpoint, settings));
    }
    return ok();
}

Status checkHttpSettings(const QJsonObject &settings)
{
    ORDO_CHECK(credentialOrigins(settings));
    return ok();
}

void registerHttpRequestAction(engine::ActionRegistry &registry, const QJsonObject &settings)
{
    // Stored settings were checked; anything else allows no secret at all.
    auto allowed = credentialOrigins(settings);
    registry.add(std::make_shared<HttpRequestAction>(allowed ? *allowed : CredentialOrigins()));
}

} // namespace ordo::connectors

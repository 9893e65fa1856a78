#include "connectors/HttpRequestAction.h"

#include "connectors/ActionNames.h"
#include "connectors/HttpExchange.h"

#include "security/SecretStore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace ordo::connectors {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::Rest)
};

using Headers = QList<std::pair<QByteArray, QByteArray>>;

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

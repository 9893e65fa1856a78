#include "connectors/HttpExchange.h"

#include "connectors/ActionNames.h"
#include "security/SecretStore.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSslCertificate>

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace ordo::connectors {

Q_LOGGING_CATEGORY(lcRest, "ordo.connectors.rest", QtInfoMsg)

namespace {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::Rest)
};

// As many as Qt Network followed before.
constexpr int kMaxRedirects = 50;

struct CurlHandleDeleter
{
    void operator()(CURL *curl) const { curl_easy_cleanup(curl); }
};

struct CurlListDeleter
{
    void operator()(curl_slist *list) const { curl_slist_free_all(list); }
};

// The calling thread's handle: curl keeps its connections and TLS sessions
// open for the next exchange of the same thread.
CURL *threadCurl()
{
    static std::once_flag curlReady;
    std::call_once(curlReady, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    thread_local const std::unique_ptr<CURL, CurlHandleDeleter> handle(curl_easy_init());
    return handle.get();
}

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

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    const auto port = [](const QUrl &u) { return u.port(u.scheme() == QLatin1String("https") ? 443 : 80); };
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && port(a) == port(b);
}

// Later headers replace earlier ones of the same name, as QNetworkRequest::setRawHeader did.
void setHeader(Headers &headers, const QByteArray &name, const QByteArray &value)
{
    for (auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0) {
            v = value;
            return;
        }
    }
    headers.append({name, value});
}

// A larger answer is no service desk's: a hostile or broken server must not fill the engine's memory.
constexpr qsizetype kMaxAnswerBytes = 8 * 1024 * 1024;

size_t appendBody(char *data, size_t size, size_t count, void *body)
{
    auto *kept = static_cast<QByteArray *>(body);
    if (kept->size() + qsizetype(size * count) > kMaxAnswerBytes)
        return 0; // curl ends the transfer with CURLE_WRITE_ERROR
    kept->append(data, qsizetype(size * count));
    return size * count;
}

int abortWhenCancelled(void *ctx, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    return static_cast<const ActionContext *>(ctx)->isCancelled() ? 1 : 0;
}

struct Transfer
{
    CURLcode code = CURLE_OK;
    QString detail;
    int status = 0;
    QByteArray body;
    QUrl redirect; // where a 3xx points, resolved
};

Transfer perform(CURL *curl, const QByteArray &method, const QUrl &url, const QByteArray &body, const Headers &headers, const QString &caFile,
                 qint64 timeoutMs, const ActionContext &ctx)
{
    // Options from the thread's last exchange go; its open connections stay.
    curl_easy_reset(curl);
    char detail[CURL_ERROR_SIZE] = {};
    Transfer t;
    const QByteArray address = url.toEncoded();
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
    curl_easy_setopt(curl, CURLOPT_URL, address.constData());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    // Straight to the service, as Qt Network went: no proxy from the environment sees the exchange.
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<qint64>(timeoutMs, 1)));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    const QByteArray ca = caFile.toLocal8Bit();
    if (!caFile.isEmpty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, ca.constData()); // the system's CA folder stays trusted too
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    if (method == "GET") {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else if (method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.constData());
        if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH") {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
        }
    }
    std::unique_ptr<curl_slist, CurlListDeleter> list;
    for (const auto &[name, value] : headers) {
        // "Name;" sends an empty header; "Name:" would remove it.
        const QByteArray line = value.isEmpty() ? QByteArray(name + ';') : QByteArray(name + ": " + value);
        list.reset(curl_slist_append(list.release(), line.constData()));
    }
    list.reset(curl_slist_append(list.release(), "Expect:")); // no waiting for 100 Continue
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t.body);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, abortWhenCancelled);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, const_cast<ActionContext *>(&ctx));
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);

    t.code = curl_easy_perform(curl);
    t.detail = QString::fromUtf8(*detail ? detail : curl_easy_strerror(t.code)).trimmed();
    // This curl words a refused connection "Couldn't connect to server"; the system says why.
    long osError = 0;
    if (t.code != CURLE_OK && curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &osError) == CURLE_OK && osError != 0)
        t.detail += QStringLiteral(" (%1)").arg(qt_error_string(int(osError)));
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    t.status = int(status);
    char *redirect = nullptr;
    if (curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &redirect) == CURLE_OK && redirect)
        t.redirect = QUrl::fromEncoded(redirect);
    // Nothing of this exchange may point into the next one's options.
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    return t;
}

} // namespace

std::variant<HttpResponse, ActionError> httpExchange(RestEndpoint &endpoint, const QByteArray &method, const QUrl &url, const QByteArray &body,
                                                     const Headers &headers, const ActionContext &ctx, const QList<int> &acceptedStatuses)
{
    if (!endpoint.caFile.isEmpty() && QSslCertificate::fromPath(endpoint.caFile).isEmpty())
        return ActionError{ErrorKind::BadInput, Text::tr("no certificate in the CA file %1").arg(endpoint.caFile)};
    Headers sent{{"Accept", "application/json"}};
    if (!body.isEmpty())
        sent.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
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
        sent.append({QByteArrayLiteral("Authorization"), endpoint.authorization});
    }
    for (const auto &[name, value] : headers)
        setHeader(sent, name, value);

    const QString where = QStringLiteral("%1 %2").arg(QString::fromLatin1(method), url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
    CURL *curl = threadCurl();
    if (!curl)
        return ActionError{ErrorKind::Transient, Text::tr("%1: libcurl could not start").arg(where)};
    // One deadline for the exchange, redirects included.
    const QDeadlineTimer deadline(endpoint.timeoutMs);
    QUrl current = url;
    QByteArray currentMethod = method;
    QByteArray currentBody = body;
    for (int redirects = 0;; ++redirects) {
        const Transfer t = perform(curl, currentMethod, current, currentBody, sent, endpoint.caFile, deadline.remainingTime(), ctx);
        switch (t.code) {
        case CURLE_OK:
            break;
        case CURLE_ABORTED_BY_CALLBACK:
            return ActionError{ErrorKind::Cancelled, Text::tr("%1: cancelled").arg(where)};
        case CURLE_WRITE_ERROR:
            return ActionError{ErrorKind::Permanent, Text::tr("%1: the answer is larger than %2 MiB").arg(where).arg(kMaxAnswerBytes / (1024 * 1024))};
        case CURLE_OPERATION_TIMEDOUT:
            return ActionError{ErrorKind::Timeout, Text::tr("%1: no answer within %2 ms").arg(where).arg(endpoint.timeoutMs)};
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
            return ActionError{ErrorKind::Authentication, Text::tr("%1: the server's TLS certificate was not accepted: %2").arg(where, t.detail)};
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
            return ActionError{ErrorKind::BadInput, Text::tr("%1: %2").arg(where, t.detail)};
        default:
            return ActionError{ErrorKind::Transient, Text::tr("%1: %2").arg(where, t.detail)};
        }
        qCDebug(lcRest) << where << t.status;
        const bool redirected = t.status >= 300 && t.status < 400 && t.redirect.isValid() && !acceptedStatuses.contains(t.status);
        if (!redirected) {
            if ((t.status >= 200 && t.status < 300) || acceptedStatuses.contains(t.status))
                return HttpResponse{t.status, t.body};
            return ActionError{kindOfStatus(t.status), Text::tr("HTTP %1 from %2: %3").arg(t.status).arg(where, serviceMessage(t.body))};
        }
        // Credentials go only where they were meant to: no redirect to another origin.
        if (!sameOrigin(t.redirect, url))
            return ActionError{ErrorKind::BadInput, Text::tr("%1: redirected to %2, another origin; redirects are followed within the origin only")
                                                        .arg(where, t.redirect.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery))};
        if (redirects == kMaxRedirects)
            return ActionError{ErrorKind::Transient, Text::tr("%1: %2").arg(where, QString::fromUtf8(curl_easy_strerror(CURLE_TOO_MANY_REDIRECTS)))};
        // As browsers do: 303 always, 301 and 302 after a POST, go on with a GET.
        if ((t.status == 303 && currentMethod != "HEAD") || ((t.status == 301 || t.status == 302) && currentMethod == "POST")) {
            currentMethod = "GET";
            currentBody.clear();
            sent.removeIf([](const auto &header) { return header.first.compare("Content-Type", Qt::CaseInsensitive) == 0; });
        }
        current = t.redirect;
    }
}

} // namespace ordo::connectors

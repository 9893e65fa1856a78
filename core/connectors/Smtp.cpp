#include "connectors/Smtp.h"

#include "connectors/Connectors.h"

#include "security/SecretStore.h"
#include "store/Database.h"
#include "store/Settings.h"
#include "domain/Store.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTimer>

#include <curl/curl.h>

#include <mutex>

namespace ordo::connectors {

Q_LOGGING_CATEGORY(lcMail, "ordo.connectors.mail", QtInfoMsg)

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::Smtp)
};

using engine::ActionError;
using engine::ErrorKind;

constexpr int kBatch = 50;

QByteArray encodedHeader(const QString &text)
{
    bool ascii = true;
    for (const QChar c : text)
        ascii = ascii && c.unicode() >= 0x20 && c.unicode() < 0x7f;
    if (ascii)
        return text.toLatin1();
    // RFC 2047 encoded words of at most 75 characters, split between characters.
    QByteArrayList words;
    QString chunk;
    for (const QChar c : text) {
        if ((chunk + c).toUtf8().size() > 45) {
            words.append("=?UTF-8?B?" + chunk.toUtf8().toBase64() + "?=");
            chunk.clear();
        }
        chunk += c;
    }
    if (!chunk.isEmpty())
        words.append("=?UTF-8?B?" + chunk.toUtf8().toBase64() + "?=");
    return words.join("\r\n ");
}

QByteArray composeMessage(const SmtpSettings &settings, const MailMessage &message, const QString &messageId, const QDateTime &date)
{
    QByteArray body = message.body.toUtf8();
    body.replace("\r\n", "\n");
    bool ascii = true;
    for (const char c : std::as_const(body))
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    QByteArray out;
    out += "From: " + settings.from.toUtf8() + "\r\n";
    out += "To: " + message.to.join(QStringLiteral(", ")).toUtf8() + "\r\n";
    out += "Subject: " + encodedHeader(message.subject) + "\r\n";
    out += "Date: " + date.toString(Qt::RFC2822Date).toLatin1() + "\r\n";
    out += "Message-ID: <" + messageId.toLatin1() + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=UTF-8\r\n";
    if (ascii) {
        out += "Content-Transfer-Encoding: 7bit\r\n\r\n";
        out += body.replace("\n", "\r\n");
    } else {
        out += "Content-Transfer-Encoding: base64\r\n\r\n";
        const QByteArray encoded = body.replace("\n", "\r\n").toBase64();
        for (qsizetype i = 0; i < encoded.size(); i += 76)
            out += encoded.mid(i, 76) + "\r\n";
    }
    return out;
}

struct Upload
{
    QByteArray data;
    qsizetype offset = 0;
};

size_t readUpload(char *buffer, size_t size, size_t count, void *userdata)
{
    auto *upload = static_cast<Upload *>(userdata);
    const size_t left = static_cast<size_t>(upload->data.size() - upload->offset);
    const size_t n = std::min(size * count, left);
    memcpy(buffer, upload->data.constData() + upload->offset, n);
    upload->offset += static_cast<qsizetype>(n);
    return n;
}

// `messageSent`: the server had the whole message, so a refusal now was its
// answer to the message (curl names no command for that answer).
ActionError classify(CURLcode code, long response, const char *detail, bool messageSent)
{
    if (code == CURLE_ABORTED_BY_CALLBACK)
        return {ErrorKind::Transient, Text::tr("SMTP: delivery stopped with the program; the mail stays queued")};
    QString text = Text::tr("SMTP: %1").arg(QString::fromUtf8(*detail ? detail : curl_easy_strerror(code)));
    if (response != 0 && !text.contains(QString::number(response)))
        text = Text::tr("%1 (the server answered %2)").arg(text).arg(response);
    if (code == CURLE_LOGIN_DENIED || response == 535 || response == 530 || response == 534)
        return {ErrorKind::Authentication, text};
    if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CONNECT_ERROR || code == CURLE_USE_SSL_FAILED
        || code == CURLE_SSL_CACERT_BADFILE)
        return {ErrorKind::Authentication, Text::tr("%1: the server's TLS certificate or TLS itself failed").arg(text)};
    // Only a refusal of the mail itself (a recipient, the message) is final; a
    // 5xx to the greeting or MAIL FROM is the server's or the settings' and
    // is tried again, so that fixing them delivers what waited.
    const QString said = QString::fromUtf8(detail);
    if (response >= 500 && response < 600 && (said.startsWith(QLatin1String("RCPT")) || said.startsWith(QLatin1String("DATA")) || messageSent))
        return {ErrorKind::Permanent, text};
    return {ErrorKind::Transient, text};
}

} // namespace

Result<SmtpSettings> SmtpSettings::fromJson(const QJsonObject &json)
{
    static const QStringList known = {QStringLiteral("host"), QStringLiteral("port"), QStringLiteral("security"), QStringLiteral("user"),
                                      QStringLiteral("passwordSecret"), QStringLiteral("from"), QStringLiteral("caFile"), QStringLiteral("timeoutMs")};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key()))
            return Error::badInput(Text::tr("mail settings: unknown setting '%1' (settings: %2)").arg(it.key(), known.join(QStringLiteral(", "))));
    }
    SmtpSettings s;
    s.host = json.value(QLatin1String("host")).toString();
    if (s.host.isEmpty())
        return Error::badInput(Text::tr("mail settings: 'host' names the SMTP server"));
    const QJsonValue port = json.value(QLatin1String("port"));
    if (!port.isUndefined()) {
        if (!port.isDouble() || port.toDouble() != std::floor(port.toDouble()) || port.toDouble() < 1 || port.toDouble() > 65535)
            return Error::badInput(Text::tr("mail settings: 'port' must be a number from 1 to 65535"));
        s.port = port.toInt();
    }
    const QString security = json.value(QLatin1String("security")).toString(QStringLiteral("starttls"));
    if (security == QLatin1String("starttls"))
        s.security = Security::StartTls;
    else if (security == QLatin1String("tls"))
        s.security = Security::Tls;
    else if (security == QLatin1String("none"))
        s.security = Security::None;
    else
        return Error::badInput(Text::tr("mail settings: 'security' is starttls, tls or none, not '%1'").arg(security));
    s.user = json.value(QLatin1String("user")).toString();
    s.passwordSecret = json.value(QLatin1String("passwordSecret")).toString();
    if (!s.user.isEmpty() && s.security == Security::None && s.host != QLatin1String("localhost") && s.host != QLatin1String("127.0.0.1")
        && s.host != QLatin1String("::1"))
        return Error::badInput(Text::tr("mail settings: with 'user', 'security' none would send the password in plain text; use starttls or tls"));
    if (!s.user.isEmpty() && s.passwordSecret.isEmpty())
        return Error::badInput(Text::tr("mail settings: 'user' needs 'passwordSecret', the name of the password in the keychain"));
    if (!s.passwordSecret.isEmpty())
        ORDO_CHECK(SecretStore::checkName(s.passwordSecret));
    s.from = json.value(QLatin1String("from")).toString();
    static const QRegularExpression address(QStringLiteral("^[^@\\s<>]+@[^@\\s<>]+$"));
    if (!address.match(s.from).hasMatch())
        return Error::badInput(Text::tr("mail settings: 'from' must be a mail address"));
    ORDO_CHECK(readTransportSettings(QStringLiteral("mail"), json, s.caFile, s.timeoutMs));
    return s;
}

std::optional<ActionError> sendSmtp(const SmtpSettings &settings, const QByteArray &password, const MailMessage &message,
                                    const QString &messageId, const QDateTime &date, const std::atomic_bool *stop)
{
    static std::once_flag curlReady;
    std::call_once(curlReady, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

    CURL *curl = curl_easy_init();
    if (!curl)
        return ActionError{ErrorKind::Transient, Text::tr("SMTP: libcurl could not start")};
    const auto cleanup = qScopeGuard([curl] { curl_easy_cleanup(curl); });
    char detail[CURL_ERROR_SIZE] = {};
    const QByteArray url = QStringLiteral("%1://%2:%3")
                               .arg(settings.security == SmtpSettings::Security::Tls ? QStringLiteral("smtps") : QStringLiteral("smtp"),
                                    settings.host)
                               .arg(settings.port)
                               .toUtf8();
    const QByteArray from = '<' + settings.from.toUtf8() + '>';
    const QByteArray user = settings.user.toUtf8();
    const QByteArray caFile = settings.caFile.toLocal8Bit();
    curl_slist *recipients = nullptr;
    for (const QString &to : message.to)
        recipients = curl_slist_append(recipients, QByteArray('<' + to.toUtf8() + '>').constData());
    const auto freeRecipients = qScopeGuard([recipients] { curl_slist_free_all(recipients); });
    Upload upload{composeMessage(settings, message, messageId, date)};

    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(settings.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings.timeoutMs));
    if (settings.security == SmtpSettings::Security::StartTls)
        curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!caFile.isEmpty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, caFile.constData());
    if (!user.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readUpload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    if (stop) {
        // Called about once a second even while the server is silent.
        const curl_xferinfo_callback abortWhenStopping = [](void *flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> int {
            return static_cast<const std::atomic_bool *>(flag)->load() ? 1 : 0;
        };
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, abortWhenStopping);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, const_cast<std::atomic_bool *>(stop));
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    }

    const CURLcode code = curl_easy_perform(curl);
    if (code == CURLE_OK)
        return std::nullopt;
    long response = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    return classify(code, response, detail, upload.offset == upload.data.size());
}

qint64 MailDelivery::retryDelayMs(int attempts)
{
    // 30 s, 1 min, 2 min, ... at most an hour apart.
    const int doublings = std::clamp(attempts - 1, 0, 7);
    return std::min<qint64>(30'000LL << doublings, 3'600'000LL);
}

Result<DeliveryReport> MailDelivery::deliverDue()
{
    DeliveryReport report;
    ORDO_TRY(stored, Settings(m_db).get(Settings::kMailTransport));
    if (!stored)
        return report;
    ORDO_TRY(settings, SmtpSettings::fromJson(*stored));
    Outbox outbox(m_db, m_clock);
    ORDO_TRY(ids, outbox.due(kBatch));
    if (ids.isEmpty())
        return report;

    // The password is read once per round and only when there is mail to send.
    QByteArray password;
    std::optional<ActionError> keyringFailure;
    if (!settings.passwordSecret.isEmpty()) {
        auto secret = m_secrets.read(settings.passwordSecret);
        if (secret)
            password = *secret;
        else
            keyringFailure = ActionError{ErrorKind::Authentication, secret.error().message};
    }

    // A sender that died while sending gives the mail back after this: longer
    // than the longest send (connect and transfer each within the timeout).
    const qint64 claimMs = std::max<qint64>(5 * 60 * 1000, 2 * qint64(settings.timeoutMs) + 60 * 1000);
    for (const qint64 id : std::as_const(ids)) {
        if (m_stop && m_stop->load())
            break;
        ORDO_TRY(claimed, outbox.claim(id, m_clock.now().addMSecs(claimMs)));
        if (!claimed)
            continue;
        const QString messageId = QString::fromLatin1(QCryptographicHash::hash(claimed->correlation.toUtf8(), QCryptographicHash::Sha256).toHex().left(32))
                                  + QStringLiteral("@ordo");
        const std::optional<ActionError> failure =
            keyringFailure ? keyringFailure : sendSmtp(settings, password, claimed->message, messageId, m_clock.now(), m_stop);
        if (!failure) {
            ++report.sent;
            qCInfo(lcMail) << "sent mail" << id << "to" << claimed->message.to;
            ORDO_CHECK(outbox.markSent(*claimed));
            continue;
        }
        qCWarning(lcMail) << "mail" << id << "not sent:" << failure->message;
        if (failure->kind == ErrorKind::Permanent) {
            ++report.failed;
            ORDO_CHECK(outbox.markFailed(*claimed, failure->message));
            continue;
        }
        ++report.retrying;
        ORDO_CHECK(outbox.retryAt(*claimed, m_clock.now().addMSecs(retryDelayMs(claimed->attempts)),
                                  QStringLiteral("%1: %2").arg(engine::errorKindName(failure->kind), failure->message)));
    }
    return report;
}

class MailSenderWorker final : public QObject
{
    Q_OBJECT

public:
    MailSenderWorker(MailSender *owner, QString databasePath, int intervalMs)
        : m_owner(owner), m_databasePath(std::move(databasePath)), m_timer(this)
    {
        m_timer.setInterval(intervalMs);
        connect(&m_timer, &QTimer::timeout, this, &MailSenderWorker::deliver);
    }

    void begin()
    {
        auto db = Database::open(m_databasePath);
        if (!db) {
            Q_EMIT m_owner->failed(db.error().message);
            return;
        }
        m_db = std::move(*db);
        m_delivery.emplace(*m_db, m_clock, m_secrets);
        m_delivery->setStopFlag(&m_owner->m_stopping);
        deliver();
        m_timer.start();
    }

    void end()
    {
        m_timer.stop();
        m_delivery.reset();
        m_db.reset();
    }

private:
    void deliver()
    {
        auto report = m_delivery->deliverDue();
        if (!report)
            qCWarning(lcMail) << "mail delivery:" << report.error().message;
        else if (report->sent + report->retrying + report->failed > 0)
            Q_EMIT m_owner->delivered(report->sent, report->retrying, report->failed);
    }

    MailSender *m_owner;
    QString m_databasePath;
    QTimer m_timer;
    const Clock m_clock;
    const SecretStore m_secrets;
    std::unique_ptr<Database> m_db;
    std::optional<MailDelivery> m_delivery;
};

MailSender::MailSender(QString databasePath, int intervalMs, QObject *parent)
    : QObject(parent), m_databasePath(std::move(databasePath)), m_intervalMs(intervalMs)
{
    m_thread.setObjectName(QStringLiteral("ordo-mail"));
}

MailSender::~MailSender()
{
    stop();
}

void MailSender::start()
{
    if (m_worker)
        return;
    m_stopping = false;
    m_worker = new MailSenderWorker(this, m_databasePath, m_intervalMs);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &MailSenderWorker::begin, Qt::QueuedConnection);
}

void MailSender::stop()
{
    if (!m_worker)
        return;
    // Ends a round in progress at once instead of waiting for a slow server.
    m_stopping = true;
    QMetaObject::invokeMethod(m_worker, &MailSenderWorker::end, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_worker = nullptr;
}

} // namespace ordo::connectors

#include "Smtp.moc"

#pragma once

#include "domain/Mail.h"
#include "engine/Action.h"
#include "util/Clock.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QObject>
#include <QThread>

#include <atomic>
#include <optional>

namespace ordo {
class Database;
class SecretStore;
}

namespace ordo::connectors {

// The "mail" connector's settings: where the SMTP server is and how to talk to it.
struct SmtpSettings
{
    enum class Security { StartTls, Tls, None };

    QString host;
    int port = 587;
    Security security = Security::StartTls; // STARTTLS unless the settings say otherwise
    QString user;
    QString passwordSecret; // the keychain entry holding the password
    QString from;
    QString caFile;         // extra trusted CA certificates (PEM); the system's are always trusted
    int timeoutMs = 30000;

    static Result<SmtpSettings> fromJson(const QJsonObject &settings);
};

// Sends one mail over SMTP with libcurl. The error's kind says what to do:
// transient (server down, 4xx) and authentication (535, 530, keyring) errors
// are retried later; a permanent one (5xx for the mail itself) is not.
// `stop`, when set, aborts the exchange (a transient error).
std::optional<engine::ActionError> sendSmtp(const SmtpSettings &settings, const QByteArray &password, const MailMessage &message,
                                            const QString &messageId, const QDateTime &date, const std::atomic_bool *stop = nullptr);

struct DeliveryReport
{
    int sent = 0;
    int retrying = 0;
    int failed = 0;
};

// Delivers the outbox's queued mails whose time has come. Each mail is claimed
// by a conditional update first, so that several processes never send the same
// mail twice; a process killed while sending leaves a claim that runs out, and
// the mail is sent again (at least once, never lost).
class MailDelivery final
{
public:
    MailDelivery(Database &db, const Clock &clock, const SecretStore &secrets) : m_db(db), m_clock(clock), m_secrets(secrets) {}

    // Without a "mail" connector there is nothing to deliver: the outbox is the mailbox.
    Result<DeliveryReport> deliverDue();

    // Once the flag is set, the round ends after aborting the mail in flight.
    void setStopFlag(const std::atomic_bool *stop) { m_stop = stop; }

    static qint64 retryDelayMs(int attempts);

private:
    Database &m_db;
    const Clock &m_clock;
    const SecretStore &m_secrets;
    const std::atomic_bool *m_stop = nullptr;
};

class MailSenderWorker;

// Delivers the outbox in the background on a thread of its own, with its own
// database connection: hosted by the console and by `ordoctl engine run`.
class MailSender final : public QObject
{
    Q_OBJECT

public:
    explicit MailSender(QString databasePath, int intervalMs = 10000, QObject *parent = nullptr);
    ~MailSender() override;

    void start();
    void stop();

Q_SIGNALS:
    void delivered(int sent, int retrying, int failed);
    void failed(const QString &message);

private:
    friend class MailSenderWorker;

    QString m_databasePath;
    int m_intervalMs;
    QThread m_thread;
    MailSenderWorker *m_worker = nullptr;
    std::atomic_bool m_stopping = false;
};

} // namespace ordo::connectors

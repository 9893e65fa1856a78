#pragma once

#include "util/Clock.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QStringList>

namespace ordo {

class Database;

struct MailMessage
{
    QStringList to;
    QString subject;
    QString body;
    QString templateName;
};

// The mails Ordo writes: "approval-request", "vm-ready" and "support-failure",
// filled from variables; a missing variable is an error that names it.
Result<MailMessage> renderMail(const QString &templateName, const QStringList &to, const QJsonObject &variables);
// Whether a mail can go to the address: renderMail refuses any other recipient.
bool isMailAddress(const QString &address);

struct OutboxEntry
{
    qint64 id = 0;
    QString correlation;
    QDateTime createdAt;
    MailMessage message;
    QString state; // "queued" (for an SMTP server) or "kept" (in the embedded mailbox)
    int attempts = 0;
    QString lastError;
    qint64 tenantId = 0; // 0: the provider's own
};

// Every mail goes through the outbox, queued in the transaction of the change
// that causes it, so that none is lost or sent for a change that did not
// happen. Without an SMTP server the outbox is the mailbox.
class Outbox final
{
public:
    Outbox(Database &db, const Clock &clock) : m_db(db), m_clock(clock) {}

    // Idempotent by correlation: the same correlation queues one mail. The
    // mail belongs to the tenant whose change causes it (0: the provider's).
    Result<qint64> enqueue(const MailMessage &message, const QString &correlation, qint64 tenantId);
    // tenantId: only that tenant's mail; none: every tenant's.
    Result<QList<OutboxEntry>> entries(std::optional<qint64> tenantId = std::nullopt);

    // For the sender. The queued mails due now, oldest first.
    Result<QList<qint64>> due(int max);
    // Counts an attempt and holds the mail until `until`; none when another
    // sender holds it. The claim's attempt count is its token for the outcome.
    Result<std::optional<OutboxEntry>> claim(qint64 id, const QDateTime &until);
    Status markSent(const OutboxEntry &claimed);
    Status markFailed(const OutboxEntry &claimed, const QString &error);
    Status retryAt(const OutboxEntry &claimed, const QDateTime &at, const QString &error);

private:
    Database &m_db;
    const Clock &m_clock;
};

} // namespace ordo

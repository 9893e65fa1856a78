#include "domain/Mail.h"

#include "store/Database.h"
#include "store/Settings.h"
#include "store/TenantColumn.h"
#include "domain/Store.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace ordo {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::Mail)
};

struct MailTemplate
{
    const char *name;
    const char *subject;
    const char *body;
};

// {variable} placeholders; the texts are the mail's, in the product's language.
constexpr MailTemplate kTemplates[] = {
    {"approval-request", QT_TRANSLATE_NOOP("ordo::Mail", "Order {order} of {requester} waits for your approval"),
     QT_TRANSLATE_NOOP("ordo::Mail", "Hello {approver},\n\n{requester} ordered {summary} (order {order}) for {monthly} a month.\n{quota}\nYou decide at approval level {level}.\n\n"
                                     "Open the order in the Ordo console to approve or reject it:\n{link}\n")},
    {"vm-ready", QT_TRANSLATE_NOOP("ordo::Mail", "Your virtual machine {vm} is ready"),
     QT_TRANSLATE_NOOP("ordo::Mail", "Hello {customer},\n\nyour virtual machine is ready.\n\nName: {vm}\nAddress: {address}\n"
                                     "{sshPortLine}Log on as: {user}\n\n{logon}\n")},
    {"order-rejected", QT_TRANSLATE_NOOP("ordo::Mail", "Your order {order} was rejected"),
     QT_TRANSLATE_NOOP("ordo::Mail", "Hello {customer},\n\nyour order {order} ({summary}) was rejected by {by}:\n\n{reason}\n\n"
                                     "Nothing has been provisioned. Open the order in the Ordo console:\n{link}\n")},
    {"order-failed", QT_TRANSLATE_NOOP("ordo::Mail", "Your order {order} could not be provisioned"),
     QT_TRANSLATE_NOOP("ordo::Mail", "Hello {customer},\n\nyour order {order} ({summary}) could not be provisioned:\n\n{reason}\n\n"
                                     "What had been set up for it has been removed, and support has been told. "
                                     "Open the order in the Ordo console:\n{link}\n")},
    {"support-failure", QT_TRANSLATE_NOOP("ordo::Mail", "Workflow {workflow} needs attention: step {step} failed"),
     QT_TRANSLATE_NOOP("ordo::Mail", "Step {step} of workflow {workflow} failed:\n\n{error}\n\n"
                                     "The workflow waits for support: continue, retry, skip or roll it back in the console.\n")},
    {"approval-reminder", QT_TRANSLATE_NOOP("ordo::Mail", "Reminder: order {order} of {requester} waits for your approval until {expires}"),
     QT_TRANSLATE_NOOP("ordo::Mail", "Hello {approver},\n\n{requester} ordered {summary} (order {order}) for {monthly} a month.\n{quota}\n"
                                     "You decide at approval level {level}. Without a decision by {expires} the order is {default}, "
                                     "as the policy says.\nOpen the order in the Ordo console to approve or reject it:\n{link}\n")},
};

Result<QString> fill(const QString &text, const QJsonObject &variables, const QString &templateName)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{([A-Za-z]+)\\}"));
    QString out;
    qsizetype from = 0;
    for (auto it = placeholder.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QString name = m.captured(1);
        if (!variables.contains(name))
            return Error::badInput(Text::tr("mail template %1 needs the variable '%2'").arg(templateName, name));
        const QJsonValue v = variables.value(name);
        out += text.mid(from, m.capturedStart() - from);
        out += v.isString() ? v.toString() : v.isDouble() ? QString::number(v.toDouble()) : v.toVariant().toString();
        from = m.capturedEnd();
    }
    return QString(out + text.mid(from));
}

// What vm-ready says about logging on, from what the workflow knows: the
// SSH port (named when not 22), whether the owner has a key and the guest's
// host-key fingerprint (there once the key is installed). No password.
QJsonObject withLogonDetails(QJsonObject variables)
{
    const int port = variables.value(QLatin1String("port")).toInt(22);
    const QString user = variables.value(QLatin1String("user")).toString();
    const QString address = variables.value(QLatin1String("address")).toString();
    const QString fingerprint = variables.value(QLatin1String("fingerprint")).toString();
    variables.insert(QStringLiteral("sshPortLine"), port == 22 ? QString() : Text::tr("SSH port: %1\n").arg(port));
    QString logon;
    if (!fingerprint.isEmpty()) {
        const QString command = port == 22 ? QStringLiteral("ssh %1@%2").arg(user, address)
                                           : QStringLiteral("ssh -p %1 %2@%3").arg(port).arg(user, address);
        logon = Text::tr("Your SSH key is installed: log on with\n\n    %1\n\nThe VM's host key fingerprint is\n\n    %2\n\n"
                         "Connect only if SSH shows you this one.")
                    .arg(command, fingerprint);
    } else if (variables.value(QLatin1String("sshKey")).toString().isEmpty()) {
        logon = Text::tr("Your profile has no SSH public key, so none was installed and you cannot log on yet. Set yours with\n\n"
                         "    ordoctl profile set-ssh-key ~/.ssh/id_ed25519.pub\n\n"
                         "and ask support to install it on this VM; the VMs you order after that get it by themselves.");
    } else {
        logon = Text::tr("Your SSH key was not installed on this VM: the step that installs it was skipped "
                         "(the test farm runs no guest).");
    }
    variables.insert(QStringLiteral("logon"), logon);
    return variables;
}

} // namespace

bool isMailAddress(const QString &address)
{
    // Recipients are kept comma-separated and go into RCPT TO:<...>.
    static const QRegularExpression pattern(QStringLiteral("^[^@\\s,<>;\"]+@[^@\\s,<>;\"]+$"));
    return pattern.match(address).hasMatch();
}

Result<MailMessage> renderMail(const QString &templateName, const QStringList &to, const QJsonObject &variables)
{
    if (to.isEmpty())
        return Error::badInput(Text::tr("a mail needs at least one recipient"));
    for (const QString &recipient : to) {
        if (!isMailAddress(recipient))
            return Error::badInput(Text::tr("'%1' is not a mail address").arg(recipient));
    }
    for (const MailTemplate &t : kTemplates) {
        if (templateName != QLatin1String(t.name))
            continue;
        const QJsonObject filled = templateName == QLatin1String("vm-ready") ? withLogonDetails(variables) : variables;
        ORDO_TRY(subject, fill(QCoreApplication::translate("ordo::Mail", t.subject), filled, templateName));
        ORDO_TRY(body, fill(QCoreApplication::translate("ordo::Mail", t.body), filled, templateName));
        return MailMessage{to, subject, body, templateName};
    }
    return Error::badInput(Text::tr("no mail template '%1' (templates: approval-request, approval-reminder, order-rejected, order-failed, vm-ready, support-failure)").arg(templateName));
}

Result<qint64> Outbox::enqueue(const MailMessage &message, const QString &correlation, qint64 tenantId)
{
    return m_db.write([&]() -> Result<qint64> {
        ORDO_TRY(found, m_db.exec(QStringLiteral("SELECT id FROM mail_outbox WHERE correlation = ?"), {correlation}));
        if (found.next())
            return found.value(0).toLongLong();
        ORDO_TRY(transport, Settings(m_db).has(Settings::kMailTransport));
        const QString state = transport ? QStringLiteral("queued") : QStringLiteral("kept");
        return m_db.insert(QStringLiteral("INSERT INTO mail_outbox(correlation, created_at, recipients, subject, body, template, state, tenant_id)"
                                                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                                     {correlation, toDbTime(m_clock.now()), message.to.join(QLatin1Char(',')), message.subject, message.body,
                                      message.templateName, state, tenantColumnValue(tenantId)});
    });
}

Result<QList<OutboxEntry>> Outbox::entries(std::optional<qint64> tenantId)
{
    const QString columns = QStringLiteral("SELECT id, correlation, created_at, recipients, subject, body, template, state, attempts,"
                                           " last_error, COALESCE(tenant_id, 0) FROM mail_outbox");
    QVariantList binds;
    const QString where = tenantId ? QStringLiteral(" WHERE ") + tenantColumnIs(QStringLiteral("tenant_id"), *tenantId, binds) : QString();
    ORDO_TRY(q, m_db.exec(columns + where + QStringLiteral(" ORDER BY id"), binds));
    QList<OutboxEntry> list;
    while (q.next()) {
        list.append({q.value(0).toLongLong(), q.value(1).toString(), fromDbTime(q.value(2)),
                     MailMessage{q.value(3).toString().split(QLatin1Char(','), Qt::SkipEmptyParts), q.value(4).toString(),
                                 q.value(5).toString(), q.value(6).toString()},
                     q.value(7).toString(), q.value(8).toInt(), q.value(9).toString(), q.value(10).toLongLong()});
    }
    return list;
}

Result<QList<qint64>> Outbox::due(int max)
{
    ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT id FROM mail_outbox WHERE state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                                         " ORDER BY id LIMIT ?"),
                          {toDbTime(m_clock.now()), max}));
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    return ids;
}

Result<std::optional<OutboxEntry>> Outbox::claim(qint64 id, const QDateTime &until)
{
    return m_db.write([&]() -> Result<std::optional<OutboxEntry>> {
        // Only one sender moves next_attempt_at forward, and it sends.
        ORDO_TRY(claimed, m_db.exec(QStringLiteral("UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?"
                                                   " WHERE id = ? AND state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"),
                                    {toDbTime(until), id, toDbTime(m_clock.now())}));
        if (claimed.numRowsAffected() != 1)
            return std::optional<OutboxEntry>();
        ORDO_TRY(q, m_db.exec(QStringLiteral("SELECT correlation, recipients, subject, body, template, attempts FROM mail_outbox WHERE id = ?"), {id}));
        if (!q.next())
            return std::optional<OutboxEntry>();
        OutboxEntry e;
        e.id = id;
        e.correlation = q.value(0).toString();
        e.message = {q.value(1).toString().split(QLatin1Char(','), Qt::SkipEmptyParts), q.value(2).toString(), q.value(3).toString(),
                     q.value(4).toString()};
        e.attempts = q.value(5).toInt();
        return std::optional<OutboxEntry>(e);
    });
}

Status Outbox::markSent(const OutboxEntry &claimed)
{
    return m_db.write([&]() -> Status {
        ORDO_CHECK(m_db.exec(QStringLiteral("UPDATE mail_outbox SET state = 'sent', sent_at = ?, next_attempt_at = NULL, last_error = ''"
                                            " WHERE id = ? AND attempts = ?"),
                             {toDbTime(m_clock.now()), claimed.id, claimed.attempts}));
        return ok();
    });
}

Status Outbox::markFailed(const OutboxEntry &claimed, const QString &error)
{
    return m_db.write([&]() -> Status {
        ORDO_CHECK(m_db.exec(QStringLiteral("UPDATE mail_outbox SET state = 'failed', next_attempt_at = NULL, last_error = ?"
                                            " WHERE id = ? AND attempts = ? AND state = 'queued'"),
                             {error, claimed.id, claimed.attempts}));
        return ok();
    });
}

Status Outbox::retryAt(const OutboxEntry &claimed, const QDateTime &at, const QString &error)
{
    return m_db.write([&]() -> Status {
        ORDO_CHECK(m_db.exec(QStringLiteral("UPDATE mail_outbox SET next_attempt_at = ?, last_error = ? WHERE id = ? AND attempts = ? AND state = 'queued'"),
                             {toDbTime(at), error, claimed.id, claimed.attempts}));
        return ok();
    });
}

} // namespace ordo

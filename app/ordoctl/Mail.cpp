#include "Commands.h"
#include "Output.h"

#include <QJsonArray>

namespace ordo::cli {

Noun mailNoun()
{
    return {QStringLiteral("mail"), Text::tr("the mails Ordo wrote"),
            {{QStringLiteral("outbox"), {}, Text::tr("lists every mail with its state"), {}, 0, &Ordoctl::mailOutbox},
             {QStringLiteral("deliver"), {}, Text::tr("runs one round of SMTP delivery of the due mails"), {}, 0, &Ordoctl::mailDeliver}},
            Text::tr("mail takes 'outbox' or 'deliver'")};
}

Status Ordoctl::mailDeliver()
{
    ORDO_TRY(s, session());
    ORDO_TRY(report, m_ordo->mail().deliverDue(s));
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("sent"), report.sent}, {QStringLiteral("retrying"), report.retrying}, {QStringLiteral("failed"), report.failed}});
    else
        out() << Text::tr("sent %1, to retry %2, failed %3").arg(report.sent).arg(report.retrying).arg(report.failed) << Qt::endl;
    return ok();
}

Status Ordoctl::mailOutbox()
{
    ORDO_TRY(s, session());
    ORDO_TRY(entries, m_ordo->mail().outbox(s));
    QJsonArray array;
    for (const OutboxEntry &e : std::as_const(entries)) {
        array.append(QJsonObject{{QStringLiteral("id"), e.id},
                                 {QStringLiteral("createdAt"), e.createdAt.toString(Qt::ISODateWithMs)},
                                 {QStringLiteral("to"), QJsonArray::fromStringList(e.message.to)},
                                 {QStringLiteral("subject"), e.message.subject},
                                 {QStringLiteral("body"), e.message.body},
                                 {QStringLiteral("template"), e.message.templateName},
                                 {QStringLiteral("state"), e.state},
                                 {QStringLiteral("attempts"), e.attempts},
                                 {QStringLiteral("lastError"), e.lastError}});
        if (!m_json)
            out() << QStringLiteral("%1  %2  %3  %4").arg(e.id).arg(e.state, e.message.to.join(QStringLiteral(", ")), e.message.subject) << Qt::endl;
    }
    if (m_json)
        printJson(array);
    return ok();
}

} // namespace ordo::cli

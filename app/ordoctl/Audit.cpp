#include "Commands.h"
#include "Output.h"

#include <QJsonArray>

namespace ordo::cli {

Noun auditNoun()
{
    return {QStringLiteral("audit"), Text::tr("the audit trail"),
            {{QStringLiteral("list"), Text::tr("[--order ORDER]"), Text::tr("lists the trail, or that of one order"),
              {QStringLiteral("order")}, 0, &Ordoctl::auditList},
             {QStringLiteral("verify"), {}, Text::tr("checks the hash chain of the whole trail"), {}, 0, &Ordoctl::auditVerify}},
            Text::tr("audit takes 'list' or 'verify'")};
}

Status Ordoctl::auditVerify()
{
    ORDO_TRY(s, session());
    ORDO_TRY(v, m_ordo->auditTrail().verify(s));
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("intact"), v.intact},
                              {QStringLiteral("entriesChecked"), v.entriesChecked},
                              {QStringLiteral("legacyEntries"), v.legacyEntries},
                              {QStringLiteral("firstBadEntry"), v.firstBadSeq},
                              {QStringLiteral("problem"), v.problem}});
    else if (v.intact)
        out() << Text::tr("audit trail intact: %1 entries checked").arg(v.entriesChecked) << Qt::endl;
    if (!v.intact)
        return Error::conflict(Text::tr("audit trail broken: %1").arg(v.problem));
    return ok();
}

Status Ordoctl::auditList()
{
    std::optional<qint64> orderId;
    if (m_cl.has(QStringLiteral("order"))) {
        ORDO_TRY(id, number(m_cl.option(QStringLiteral("order")), Text::tr("order")));
        orderId = id;
    }
    ORDO_TRY(s, session());
    ORDO_TRY(entries, m_ordo->auditTrail().entries(s, orderId));
    if (m_json) {
        QJsonArray array;
        for (const AuditEntry &e : std::as_const(entries))
            array.append(QJsonObject{{QStringLiteral("seq"), e.seq},
                                     {QStringLiteral("at"), e.at.toString(Qt::ISODateWithMs)},
                                     {QStringLiteral("actor"), e.actor},
                                     {QStringLiteral("entity"), e.entity},
                                     {QStringLiteral("entityId"), e.entityId},
                                     {QStringLiteral("action"), e.action},
                                     {QStringLiteral("from"), e.fromState},
                                     {QStringLiteral("to"), e.toState},
                                     {QStringLiteral("reason"), e.reason},
                                     {QStringLiteral("details"), e.details}});
        printJson(array);
    } else {
        for (const AuditEntry &e : std::as_const(entries))
            out() << QStringLiteral("%1  %2  %3  %4 %5  %6  %7 -> %8  %9")
                         .arg(e.seq)
                         .arg(e.at.toString(Qt::ISODate), e.actor, e.entity, e.entityId, e.action, e.fromState,
                              e.toState, e.reason)
                  << Qt::endl;
    }
    return ok();
}

} // namespace ordo::cli

// The usage records of metered resources.

#include "Commands.h"
#include "Output.h"

#include <QJsonArray>

namespace ordo::cli {

Noun usageNoun()
{
    return {QStringLiteral("usage"), Text::tr("usage records of metered resources"),
            {{QStringLiteral("list"), Text::tr("[--order ORDER]"), Text::tr("lists the usage records, or those of one order"),
              {QStringLiteral("order")}, 0, &Ordoctl::usageList}},
            Text::tr("%1 takes 'list'").arg(QStringLiteral("usage"))};
}

Status Ordoctl::usageList()
{
    std::optional<qint64> orderId;
    if (m_cl.has(QStringLiteral("order"))) {
        ORDO_TRY(id, number(m_cl.option(QStringLiteral("order")), Text::tr("order")));
        orderId = id;
    }
    ORDO_TRY(s, session());
    ORDO_TRY(records, m_ordo->usage().records(s, orderId));
    QJsonArray array;
    for (const UsageRecord &r : std::as_const(records)) {
        array.append(QJsonObject{{QStringLiteral("usage"), r.id},
                                 {QStringLiteral("order"), r.orderId},
                                 {QStringLiteral("line"), r.lineNo},
                                 {QStringLiteral("item"), r.itemId},
                                 {QStringLiteral("resource"), r.resource},
                                 {QStringLiteral("unitMonthlyCents"), r.unitMonthlyCents},
                                 {QStringLiteral("currency"), r.currency},
                                 {QStringLiteral("priceSnapshot"), r.priceSnapshot},
                                 {QStringLiteral("startedAtMs"), r.startedAtMs},
                                 {QStringLiteral("stoppedAtMs"), r.stoppedAtMs ? QJsonValue(r.stoppedAtMs) : QJsonValue()}});
        if (!m_json)
            out() << Text::tr("%1  order %2  %3  %4 a month  since %5%6")
                         .arg(r.id)
                         .arg(r.orderId)
                         .arg(r.resource, formatMoney(r.unitMonthlyCents, r.currency), timeText(r.startedAtMs),
                              r.stoppedAtMs ? Text::tr("  until %1").arg(timeText(r.stoppedAtMs)) : QString())
                  << Qt::endl;
    }
    if (m_json)
        printJson(array);
    return ok();
}

} // namespace ordo::cli

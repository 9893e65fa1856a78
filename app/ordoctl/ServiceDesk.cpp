// The embedded CMDB and ticket store.

#include "Commands.h"
#include "Output.h"
#include "util/Quote.h"

#include <QJsonArray>

namespace ordo::cli {

Noun cmdbNoun()
{
    return {QStringLiteral("cmdb"), Text::tr("the embedded CMDB"),
            {{QStringLiteral("list"), {}, Text::tr("lists the configuration items"), {}, 0, &Ordoctl::serviceDeskList}},
            Text::tr("%1 takes 'list'").arg(quoted(QStringLiteral("cmdb")))};
}

Noun ticketsNoun()
{
    return {QStringLiteral("tickets"), Text::tr("the embedded ticket store"),
            {{QStringLiteral("list"), {}, Text::tr("lists the tickets"), {}, 0, &Ordoctl::serviceDeskList}},
            Text::tr("%1 takes 'list'").arg(quoted(QStringLiteral("tickets")))};
}

Status Ordoctl::serviceDeskList()
{
    ORDO_TRY(s, session());
    QJsonArray array;
    if (m_cl.positional.first() == QLatin1String("cmdb")) {
        ORDO_TRY(items, m_ordo->serviceDesk().cmdbItems(s));
        for (const connectors::CmdbItem &i : std::as_const(items)) {
            array.append(QJsonObject{{QStringLiteral("ci"), i.id},
                                     {QStringLiteral("class"), i.itemClass},
                                     {QStringLiteral("name"), i.name},
                                     {QStringLiteral("ip"), i.ip},
                                     {QStringLiteral("attributes"), i.attributes},
                                     {QStringLiteral("createdAt"), i.createdAt},
                                     {QStringLiteral("removedAt"), i.removedAt}});
            if (!m_json)
                out() << QStringLiteral("%1  %2  %3  %4%5").arg(i.id).arg(i.name, i.ip, i.itemClass, i.removedAt.isEmpty() ? QString() : Text::tr("  (removed)"))
                      << Qt::endl;
        }
    } else {
        ORDO_TRY(tickets, m_ordo->serviceDesk().tickets(s));
        for (const connectors::Ticket &t : std::as_const(tickets)) {
            array.append(QJsonObject{{QStringLiteral("ticket"), t.id},
                                     {QStringLiteral("severity"), t.severity},
                                     {QStringLiteral("title"), t.title},
                                     {QStringLiteral("description"), t.description},
                                     {QStringLiteral("createdAt"), t.createdAt},
                                     {QStringLiteral("comments"), t.comments}});
            if (!m_json)
                out() << QStringLiteral("%1  [%2]  %3").arg(t.id).arg(t.severity, t.title) << Qt::endl;
        }
    }
    if (m_json)
        printJson(array);
    return ok();
}

} // namespace ordo::cli

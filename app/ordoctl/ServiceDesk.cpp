// The embedded CMDB and ticket store.

#include "Commands.h"
#include "Output.h"
#include "util/Quote.h"

#include <QJsonArray>

namespace ordo::cli {

namespace {

// Text of several lines under a heading line: each line indented by `spaces`.
QString indented(const QString &text, int spaces)
{
    const QString indent(spaces, QLatin1Char(' '));
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line = line.isEmpty() ? line : indent + line;
    return lines.join(QLatin1Char('\n'));
}

} // namespace

Noun cmdbNoun()
{
    return {QStringLiteral("cmdb"), Text::tr("the embedded CMDB"),
            {{QStringLiteral("list"), {}, Text::tr("lists the configuration items"), {}, 0, &Ordoctl::serviceDeskList}},
            Text::tr("%1 takes 'list'").arg(quoted(QStringLiteral("cmdb")))};
}

Noun ticketsNoun()
{
    return {QStringLiteral("tickets"), Text::tr("the embedded ticket store"),
            {{QStringLiteral("list"), {}, Text::tr("lists the tickets"), {}, 0, &Ordoctl::serviceDeskList},
             {QStringLiteral("show"), Text::tr("TICKET"), Text::tr("shows a ticket with its comments, oldest first"), {}, 1,
              &Ordoctl::ticketsShow}},
            Text::tr("tickets takes 'list' or 'show TICKET'")};
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

Status Ordoctl::ticketsShow()
{
    ORDO_TRY(id, number(m_cl.positional.at(2), Text::tr("ticket")));
    ORDO_TRY(s, session());
    // Comments first: they answer "not found" for a ticket this session may not see.
    ORDO_TRY(comments, m_ordo->serviceDesk().ticketComments(s, id));
    ORDO_TRY(tickets, m_ordo->serviceDesk().tickets(s));
    const auto ticket = std::find_if(tickets.cbegin(), tickets.cend(), [id](const connectors::Ticket &t) { return t.id == id; });
    if (ticket == tickets.cend())
        return Error::notFound(Text::tr("no ticket %1").arg(id));
    if (m_json) {
        QJsonArray list;
        for (const connectors::TicketComment &c : std::as_const(comments))
            list.append(QJsonObject{{QStringLiteral("comment"), c.comment}, {QStringLiteral("createdAt"), c.createdAt}});
        printJson(QJsonObject{{QStringLiteral("ticket"), ticket->id},
                              {QStringLiteral("severity"), ticket->severity},
                              {QStringLiteral("title"), ticket->title},
                              {QStringLiteral("description"), ticket->description},
                              {QStringLiteral("createdAt"), ticket->createdAt},
                              {QStringLiteral("comments"), list}});
        return ok();
    }
    out() << QStringLiteral("%1  [%2]  %3  %4").arg(ticket->id).arg(ticket->severity, ticket->title, ticket->createdAt) << Qt::endl;
    out() << indented(ticket->description, 2) << Qt::endl;
    // Ordo writes who acted into each comment ("continued by carol: ..."); the time is the store's.
    if (!comments.isEmpty())
        out() << Text::tr("comments:") << Qt::endl;
    for (const connectors::TicketComment &c : std::as_const(comments))
        out() << QStringLiteral("  %1  %2").arg(c.createdAt, indented(c.comment, 4).trimmed()) << Qt::endl;
    return ok();
}

} // namespace ordo::cli

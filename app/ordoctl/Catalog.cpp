#include "Commands.h"
#include "Output.h"

#include <QJsonArray>

namespace ordo::cli {

Noun catalogNoun()
{
    return {QStringLiteral("catalog"), Text::tr("the items your tenant is entitled to"),
            {{QStringLiteral("list"), {}, Text::tr("lists the items"), {}, 0, &Ordoctl::catalogList},
             {QStringLiteral("show"), Text::tr("ITEM"), Text::tr("shows an item and its parameters"), {}, 1, &Ordoctl::catalogShow}},
            Text::tr("catalog takes 'list' or 'show ITEM'")};
}

Status Ordoctl::catalogList()
{
    ORDO_TRY(s, session());
    ORDO_TRY(items, m_ordo->catalog().items(s));
    if (m_json) {
        QJsonArray list;
        for (const CatalogItem &item : std::as_const(items))
            list.append(item.toJson());
        printJson(list);
    } else {
        for (const CatalogItem &item : std::as_const(items))
            out() << QStringLiteral("%1  %2  [%3]").arg(item.id, -12).arg(item.name, item.category) << Qt::endl;
    }
    return ok();
}

Status Ordoctl::catalogShow()
{
    ORDO_TRY(s, session());
    ORDO_TRY(item, m_ordo->catalog().item(s, m_cl.positional.at(2)));
    if (m_json) {
        printJson(item.toJson());
        return ok();
    }
    out() << item.name << QStringLiteral(" (") << item.id << QStringLiteral(")") << Qt::endl
          << item.description << Qt::endl;
    for (const Parameter &p : item.schema.parameters()) {
        QString range;
        if (p.minimum || p.maximum)
            range = QStringLiteral(" %1-%2").arg(p.minimum.value_or(0)).arg(p.maximum.value_or(0));
        if (!p.choices.isEmpty())
            range = QStringLiteral(" {%1}").arg(p.choices.join(QLatin1Char(',')));
        out() << QStringLiteral("  %1: %2%3").arg(p.name, p.label, range);
        if (p.defaultValue.isValid())
            out() << Text::tr(" (default %1)").arg(p.defaultValue.toString());
        if (p.required)
            out() << Text::tr(" (required)");
        out() << Qt::endl;
    }
    return ok();
}

} // namespace ordo::cli

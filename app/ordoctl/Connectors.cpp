#include "Commands.h"
#include "Output.h"

#include <QJsonArray>

namespace ordo::cli {

Noun connectorsNoun()
{
    return {QStringLiteral("connectors"), Text::tr("how steps reach the outside world"),
            {{QStringLiteral("list"), {}, Text::tr("lists the connectors: configured or the embedded default"), {}, 0,
              &Ordoctl::connectorsList},
             {QStringLiteral("show"), Text::tr("NAME"), Text::tr("shows a connector's settings"), {}, 1, &Ordoctl::connectorsShow},
             {QStringLiteral("set"), Text::tr("NAME --set KEY=VALUE..."), Text::tr("configures a connector, checked before it is stored"),
              {QStringLiteral("set")}, 1, &Ordoctl::connectorsSet}},
            Text::tr("connectors takes list, show NAME or set NAME --set KEY=VALUE...")};
}

Status Ordoctl::connectorsList()
{
    ORDO_TRY(s, session());
    ORDO_TRY(list, m_ordo->connectors().list(s));
    QJsonArray array;
    for (const ConnectorAdmin::Listed &c : std::as_const(list)) {
        array.append(QJsonObject{{QStringLiteral("name"), c.name}, {QStringLiteral("configured"), c.configured}});
        if (!m_json)
            out() << QStringLiteral("%1  %2").arg(c.name, c.configured ? Text::tr("configured") : Text::tr("embedded default")) << Qt::endl;
    }
    if (m_json)
        printJson(array);
    return ok();
}

Status Ordoctl::connectorsShow()
{
    ORDO_TRY(s, session());
    ORDO_TRY(shown, m_ordo->connectors().show(s, m_cl.positional.at(2)));
    printJson(QJsonObject{{QStringLiteral("name"), m_cl.positional.at(2)},
                          {QStringLiteral("configured"), shown.configured},
                          {QStringLiteral("settings"), shown.settings}});
    return ok();
}

Status Ordoctl::connectorsSet()
{
    ORDO_TRY(values, assignments());
    if (values.isEmpty())
        return Error::badInput(Text::tr("connectors set NAME needs at least one --set KEY=VALUE"));
    ORDO_TRY(s, session());
    ORDO_CHECK(m_ordo->connectors().set(s, m_cl.positional.at(2), values));
    if (!m_json)
        out() << Text::tr("connector %1 configured").arg(m_cl.positional.at(2)) << Qt::endl;
    return ok();
}

} // namespace ordo::cli

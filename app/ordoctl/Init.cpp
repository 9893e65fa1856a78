#include "Commands.h"
#include "Output.h"

namespace ordo::cli {

Noun initNoun()
{
    return {QStringLiteral("init"), Text::tr("creates or migrates the database"),
            {{{}, Text::tr("[--demo] [--demo-password P]"),
              Text::tr("creates or migrates the database; --demo fills a new one with the demo"),
              {QStringLiteral("demo"), QStringLiteral("demo-password")}, 0, &Ordoctl::init}}};
}

Status Ordoctl::init()
{
    if (m_cl.has(QStringLiteral("demo"))) {
        const QString password = m_cl.has(QStringLiteral("demo-password")) ? m_cl.option(QStringLiteral("demo-password"))
                                                                           : QStringLiteral("demo");
        ORDO_CHECK(m_ordo->createDemo(password));
    } else if (m_cl.has(QStringLiteral("demo-password"))) {
        return Error::badInput(Text::tr("--demo-password goes with --demo"));
    }
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("database"), m_ordo->databasePath()},
                              {QStringLiteral("schemaVersion"), m_ordo->schemaVersion()}});
    else
        out() << Text::tr("database %1 ready (schema version %2)").arg(m_ordo->databasePath()).arg(m_ordo->schemaVersion())
              << Qt::endl;
    return ok();
}

} // namespace ordo::cli

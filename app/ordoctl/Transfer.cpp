#include "Commands.h"
#include "Output.h"

#include <QFile>
#include <QSaveFile>

namespace ordo::cli {

namespace {

QJsonObject summaryJson(const TransferSummary &summary)
{
    QJsonObject rows;
    for (auto it = summary.rows.cbegin(); it != summary.rows.cend(); ++it)
        rows.insert(it.key(), it.value());
    return {{QStringLiteral("schemaVersion"), summary.schemaVersion}, {QStringLiteral("rows"), summary.total()},
            {QStringLiteral("tables"), rows}};
}

} // namespace

Noun exportNoun()
{
    return {QStringLiteral("export"), Text::tr("writes the whole database to a file, to import into a shared one"),
            {{{}, Text::tr("FILE"),
              Text::tr("writes every row (people and their password hashes, orders, workflows, the audit trail) to FILE as "
                       "JSON lines; the provider's admins only (any admin of an embedded database); keep FILE as secret as the database"),
              {}, 1, &Ordoctl::exportDatabase, Text::tr("export needs the FILE to write")}}};
}

Noun importNoun()
{
    return {QStringLiteral("import"), Text::tr("fills a new shared database from an export"),
            {{{}, Text::tr("FILE"),
              Text::tr("imports FILE, written by ordoctl export, into the new, empty PostgreSQL database of --db; the audit "
                       "key (from this host's keychain) must be the export's; all of it or nothing"),
              {}, 1, &Ordoctl::importDatabase, Text::tr("import needs the FILE an export wrote")}}};
}

Status Ordoctl::exportDatabase()
{
    ORDO_TRY(s, session());
    const QString path = m_cl.positional.at(1);
    // Written beside, and in place only once whole: a failed export leaves no half file.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::badInput(Text::tr("cannot write %1: %2").arg(path, file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    ORDO_TRY(summary, m_ordo->transfer().exportTo(s, file));
    if (!file.commit())
        return Error::badInput(Text::tr("cannot write %1: %2").arg(path, file.errorString()));
    if (m_json)
        printJson(summaryJson(summary));
    else
        out() << Text::tr("%1 rows of schema version %2 written to %3").arg(summary.total()).arg(summary.schemaVersion).arg(path) << Qt::endl;
    return ok();
}

Status Ordoctl::importDatabase()
{
    const QString path = m_cl.positional.at(1);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::badInput(Text::tr("cannot read %1: %2").arg(path, file.errorString()));
    ORDO_TRY(summary, m_ordo->transfer().importFrom(file, path));
    if (m_json)
        printJson(summaryJson(summary));
    else
        out() << Text::tr("%1 rows of schema version %2 imported into %3").arg(summary.total()).arg(summary.schemaVersion).arg(m_ordo->databasePath())
              << Qt::endl;
    return ok();
}

} // namespace ordo::cli

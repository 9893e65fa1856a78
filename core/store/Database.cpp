#include "store/Database.h"

#include "store/Migrations.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QUuid>

Q_LOGGING_CATEGORY(lcStore, "ordo.store", QtInfoMsg)

namespace ordo {

namespace {

// The translation context of this file's messages.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::Database)
};

// How long a writer waits for another process's write lock before giving up.
constexpr int kBusyTimeoutMs = 30000;

} // namespace

Database::Database(QString connectionName, QString path, Dialect dialect)
    : m_connectionName(std::move(connectionName))
    , m_path(std::move(path))
    , m_dialect(dialect)
{
}

Database::~Database()
{
    m_statements.clear();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<std::unique_ptr<Database>> Database::openSqlite(const QString &path, int maxSchemaVersion)
{
    if (path.isEmpty())
        return Error::badInput(Text::tr("no database path given"));
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return Error::internal(Text::tr("cannot create the folder %1").arg(info.absolutePath()));

    const QString name = QStringLiteral("ordo-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(info.absoluteFilePath());
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    }
    std::unique_ptr<Database> database(new Database(name, info.absoluteFilePath(), Dialect::Sqlite));
    QSqlDatabase db = database->connection();
    if (!db.open())
        return Error::internal(Text::tr("cannot open the database %1: %2").arg(path, db.lastError().text()));

    // WAL lets readers go on while one writer commits; FULL makes every
    // commit durable before we tell the user it is saved.
    // A 64 MiB page cache keeps the working set of long workflows in memory.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                               "PRAGMA cache_size=-65536"}) {
        auto done = database->exec(QString::fromLatin1(pragma));
        if (!done)
            return done.error();
    }
    ORDO_CHECK(database->migrate(maxSchemaVersion));
    return database;
}

Result<QSqlQuery> Database::exec(const QString &sql, const QVariantList &binds)
{
    QSqlQuery query(connection());
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        qCWarning(lcStore) << "prepare failed:" << query.lastError().text() << sql;
        return Error::internal(Text::tr("database error: %1").arg(query.lastError().text()));
    }
    ORDO_CHECK(run(query, sql, binds));
    return query;
}

Result<CachedQuery> Database::execCached(const QString &sql, const QVariantList &binds)
{
    std::shared_ptr<QSqlQuery> &query = m_statements[sql];
    if (!query) {
        query = std::make_shared<QSqlQuery>(connection());
        query->setForwardOnly(true);
        if (!query->prepare(sql)) {
            qCWarning(lcStore) << "prepare failed:" << query->lastError().text() << sql;
            const QString message = query->lastError().text();
            m_statements.remove(sql);
            return Error::internal(Text::tr("database error: %1").arg(message));
        }
    }
    query->finish();
    ORDO_CHECK(run(*query, sql, binds));
    return CachedQuery(query.get());
}

Status Database::run(QSqlQuery &query, const QString &sql, const QVariantList &binds)
{
    for (qsizetype i = 0; i < binds.size(); ++i)
        query.bindValue(static_cast<int>(i), binds.at(i));
    if (!query.exec()) {
        const QSqlError error = query.lastError();
        qCWarning(lcStore) << "query failed:" << error.text() << sql;
        // A unique or check constraint speaks of the data, not of a broken database.
        if (error.nativeErrorCode() == QLatin1String("2067") || error.nativeErrorCode() == QLatin1String("1555")
            || error.nativeErrorCode() == QLatin1String("19") || error.nativeErrorCode() == QLatin1String("23505"))
            return Error::conflict(Text::tr("conflicts with existing data: %1").arg(error.databaseText()));
        return Error::internal(Text::tr("database error: %1").arg(error.text()));
    }
    return ok();
}

Status Database::begin()
{
    const QString sql = m_dialect == Dialect::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                                     : QStringLiteral("BEGIN ISOLATION LEVEL SERIALIZABLE");
    auto begun = exec(sql);
    if (!begun)
        return begun.error();
    m_inTransaction = true;
    return ok();
}

Status Database::beginRead()
{
    auto begun = exec(m_dialect == Dialect::Sqlite ? QStringLiteral("BEGIN DEFERRED")
                                                   : QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    if (!begun)
        return begun.error();
    m_inTransaction = true;
    return ok();
}

Status Database::commit()
{
    auto committed = exec(QStringLiteral("COMMIT"));
    if (!committed) {
        rollback();
        return committed.error();
    }
    m_inTransaction = false;
    return ok();
}

void Database::rollback()
{
    if (!m_inTransaction)
        return;
    m_inTransaction = false;
    auto rolledBack = exec(QStringLiteral("ROLLBACK"));
    if (!rolledBack)
        qCWarning(lcStore) << "rollback failed:" << rolledBack.error().message;
}

int Database::schemaVersion() const
{
    QSqlQuery query(connection());
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) || !query.next())
        return 0;
    return query.value(0).toInt();
}

int Database::latestSchemaVersion()
{
    return static_cast<int>(migrations().size());
}

Status Database::migrate(int maxVersion)
{
    const int target = maxVersion < 0 ? latestSchemaVersion() : std::min(maxVersion, latestSchemaVersion());
    return write([&]() -> Status {
        ORDO_CHECK(exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                       " version INTEGER PRIMARY KEY,"
                                       " applied_at TEXT NOT NULL)")));
        const int current = schemaVersion();
        if (current > latestSchemaVersion())
            return Error::conflict(Text::tr("the database %1 has schema version %2, newer than this Ordo knows (%3): "
                                      "use a newer Ordo")
                                       .arg(m_path)
                                       .arg(current)
                                       .arg(latestSchemaVersion()));
        const auto &steps = migrations();
        for (int version = current + 1; version <= target; ++version) {
            qCInfo(lcStore) << "migrating" << m_path << "to schema version" << version;
            for (const QString &statement : steps.at(version - 1).statements)
                ORDO_CHECK(exec(statement));
            ORDO_CHECK(exec(QStringLiteral("INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)"),
                            {version, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}));
        }
        return ok();
    });
}

} // namespace ordo

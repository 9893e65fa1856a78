#include "store/Database.h"

#include "store/DbTime.h"

#include "store/Migrations.h"
#include "util/Quote.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QUuid>

#include <chrono>
#include <map>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcStore, "ordo.store", QtInfoMsg)

namespace ordo {

namespace {

// Callbacks of this process that want to hear of every commit.
class CommitWatchers
{
public:
    quint64 add(Database::CommitCallback callback)
    {
        QMutexLocker lock(&m_mutex);
        m_callbacks.insert(++m_lastId, std::move(callback));
        return m_lastId;
    }
    void remove(quint64 id)
    {
        QMutexLocker lock(&m_mutex);
        m_callbacks.remove(id);
    }
    // Under the lock, so that a removed callback is never called after remove() returns.
    void notify(const QString &path, const Database *connection)
    {
        QMutexLocker lock(&m_mutex);
        for (const auto &callback : std::as_const(m_callbacks))
            callback(path, connection);
    }

private:
    QMutex m_mutex;
    QHash<quint64, Database::CommitCallback> m_callbacks;
    quint64 m_lastId = 0;
};

CommitWatchers &commitWatchers()
{
    static CommitWatchers watchers;
    return watchers;
}

// One turn at writing per database file among this process's connections.
// SQLite lets a writer that finds the file locked sleep and try again, up to
// 100 ms a time, so threads of one process that write often (the engine's
// commits, a burst of decisions) lose most of their time asleep; waiting
// here, a writer starts the moment the one before it is done. Writers of
// other processes still meet SQLite's own wait.
std::timed_mutex &writerTurn(const QString &path)
{
    static QMutex guard;
    static std::map<QString, std::unique_ptr<std::timed_mutex>> turns;
    QMutexLocker lock(&guard);
    auto &turn = turns[path];
    if (!turn)
        turn = std::make_unique<std::timed_mutex>();
    return *turn;
}

// A write of this thread on another connection to the same file would wait
// for its own turn: after this long, the writer goes on without the turn and
// meets SQLite's busy timeout instead, which reports it.
constexpr auto kWriterTurnWait = std::chrono::seconds(5);

} // namespace


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
    , m_writerTurn(writerTurn(m_path), std::defer_lock)
{
}

Database::~Database()
{
    for (sqlite3_stmt *statement : std::as_const(m_statements))
        sqlite3_finalize(statement);
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

Result<std::unique_ptr<Database>> Database::openSqlite(const QString &path, int maxSchemaVersion, OpenMode mode)
{
    if (path.isEmpty())
        return Error::badInput(Text::tr("no database path given"));
    // "file:...?mode=ro" would otherwise become a folder named "file:".
    static const QRegularExpression uriScheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]+:"));
    if (uriScheme.match(path).hasMatch())
        return Error::badInput(Text::tr("the database %1 looks like a URI; give the path of the file").arg(quoted(path)));
    const QFileInfo info(path);
    if (mode == OpenMode::MustExist && !info.isFile())
        return Error::notFound(Text::tr("no database at %1").arg(quoted(path)));
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

    // Small allocations of the statements (records being rewritten, values)
    // come from the connection's own lookaside slots rather than the heap,
    // whose free lists grow slower to search as the process holds more.
    sqlite3_db_config(database->handle(), SQLITE_DBCONFIG_LOOKASIDE, nullptr, 2048, 512);

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

sqlite3 *Database::handle() const
{
    const QVariant v = connection().driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.constData());
}

Result<CachedQuery> Database::execCached(const QString &sql, const QVariantList &binds)
{
    sqlite3 *db = handle();
    if (!db)
        return Error::internal(Text::tr("database error: no SQLite connection"));
    sqlite3_stmt *&statement = m_statements[sql];
    if (!statement) {
        if (sqlite3_prepare_v3(db, reinterpret_cast<const char *>(sql.toUtf8().constData()), -1, SQLITE_PREPARE_PERSISTENT,
                               &statement, nullptr)
            != SQLITE_OK) {
            const QString message = QString::fromUtf8(sqlite3_errmsg(db));
            qCWarning(lcStore) << "prepare failed:" << message << sql;
            m_statements.remove(sql);
            return Error::internal(Text::tr("database error: %1").arg(message));
        }
    }
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    for (int i = 0; i < binds.size(); ++i) {
        const QVariant &v = binds.at(i);
        const int index = i + 1;
        int rc = SQLITE_OK;
        if (v.isNull()) {
            rc = sqlite3_bind_null(statement, index);
        } else {
            switch (v.typeId()) {
            case QMetaType::Bool:
            case QMetaType::Int:
            case QMetaType::UInt:
            case QMetaType::Long:
            case QMetaType::LongLong:
            case QMetaType::ULongLong:
                rc = sqlite3_bind_int64(statement, index, v.toLongLong());
                break;
            case QMetaType::Double:
                rc = sqlite3_bind_double(statement, index, v.toDouble());
                break;
            case QMetaType::QByteArray: {
                const QByteArray bytes = v.toByteArray();
                rc = sqlite3_bind_blob64(statement, index, bytes.constData(), sqlite3_uint64(bytes.size()), SQLITE_TRANSIENT);
                break;
            }
            default: {
                // The database stores UTF-8: Qt's conversion is much cheaper than SQLite's.
                const QByteArray text = v.toString().toUtf8();
                rc = sqlite3_bind_text64(statement, index, text.constData(), sqlite3_uint64(text.size()), SQLITE_TRANSIENT, SQLITE_UTF8);
                break;
            }
            }
        }
        if (rc != SQLITE_OK)
            return Error::internal(Text::tr("database error: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
    }
    const int rc = sqlite3_step(statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        const int extended = sqlite3_extended_errcode(db);
        const QString message = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_reset(statement);
        qCWarning(lcStore) << "query failed:" << message << sql;
        if ((extended & 0xff) == SQLITE_CONSTRAINT)
            return Error::conflict(Text::tr("conflicts with existing data: %1").arg(message));
        return Error::internal(Text::tr("database error: %1").arg(message));
    }
    return CachedQuery(statement, rc == SQLITE_ROW, sqlite3_changes(db), sqlite3_last_insert_rowid(db));
}

CachedQuery::~CachedQuery()
{
    if (m_statement)
        sqlite3_reset(m_statement);
}

bool CachedQuery::next()
{
    if (!m_statement)
        return false;
    if (!m_started) {
        m_started = true;
        return m_pendingRow;
    }
    if (!m_pendingRow)
        return false;
    m_pendingRow = sqlite3_step(m_statement) == SQLITE_ROW;
    return m_pendingRow;
}

qint64 CachedQuery::integer(int i) const
{
    return sqlite3_column_int64(m_statement, i);
}

QString CachedQuery::text(int i) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, i));
    return text ? QString::fromUtf8(text, sqlite3_column_bytes(m_statement, i)) : QString();
}

QVariant CachedQuery::value(int i) const
{
    switch (sqlite3_column_type(m_statement, i)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(m_statement, i)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_statement, i));
    case SQLITE_TEXT:
        return QVariant(text(i));
    case SQLITE_BLOB:
        return QVariant(QByteArray(static_cast<const char *>(sqlite3_column_blob(m_statement, i)), sqlite3_column_bytes(m_statement, i)));
    default:
        return QVariant();
    }
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
    if (m_dialect == Dialect::Sqlite) {
        if (!m_writerTurn.try_lock_for(kWriterTurnWait))
            qCWarning(lcStore) << "no turn to write" << m_path << "within" << kWriterTurnWait.count() << "s: writing without one";
    }
    auto begun = exec(sql);
    if (!begun) {
        releaseWriterTurn();
        return begun.error();
    }
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
    releaseWriterTurn();
    for (const auto &fn : std::exchange(m_afterCommit, {}))
        fn();
    commitWatchers().notify(m_path, this);
    return ok();
}

quint64 Database::callOnCommit(CommitCallback callback)
{
    return commitWatchers().add(std::move(callback));
}

void Database::stopCallingOnCommit(quint64 id)
{
    commitWatchers().remove(id);
}

Result<qint64> Database::dataVersion()
{
    ORDO_TRY(q, execCached(QStringLiteral("PRAGMA data_version")));
    return q.next() ? q.integer(0) : qint64(0);
}

void Database::releaseWriterTurn()
{
    if (m_writerTurn.owns_lock())
        m_writerTurn.unlock();
}

void Database::rollback()
{
    if (!m_inTransaction)
        return;
    m_inTransaction = false;
    m_afterCommit.clear();
    auto rolledBack = exec(QStringLiteral("ROLLBACK"));
    releaseWriterTurn();
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
                                       " applied_at INTEGER NOT NULL)")));
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
                            // No Clock reaches the database layer: when a schema changed is the system's time.
                            {version, toDbTime(QDateTime::currentDateTimeUtc())}));
        }
        return ok();
    });
}

} // namespace ordo

#include "store/Database.h"

#include "store/DbTime.h"

#include "store/Migrations.h"
#include "util/Quote.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlDriver>
#include <QSqlError>
#include <QUrl>
#include <QUuid>

#include <array>
#include <chrono>
#include <map>

#include <libpq-fe.h>
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

// Where Ordo's tables live in a shared database, apart from anything else in it.
constexpr auto kPostgresSchema = "ordo";

// What a connection that keeps its plans (Database::keepPlans) sets in each session:
// one plan per statement, made without its values, and no sequential scan where an
// index would do. A kept plan lasts the session, made from the table's size at its
// first call: made while steps held a few rows (an engine started on a new database),
// the read of a step's successors scanned all of steps at every call once it held
// thousands, until an analysis of the table replaced the plan. A statement with no
// index to use still scans; the penalty on its cost would make the server compile it
// (JIT) at every call, 0.3 s each: hence no JIT.
constexpr std::array kKeepPlans{"SET plan_cache_mode = force_generic_plan", "SET enable_seqscan = off", "SET jit = off"};

// The first schema version a PostgreSQL database can have: it starts there from
// one baseline script, the SQLite schema of that version in PostgreSQL's types.
constexpr int kPostgresBaselineVersion = 18;

// PostgreSQL's SQLSTATE classes and codes (Appendix A of its manual) that mean
// something to Ordo.
bool isConflictState(const QString &state)
{
    return state == QLatin1String("23505") || state == QLatin1String("23503") || state == QLatin1String("23514");
}
// The connection or the server went away (no state at all: libpq lost the connection itself).
bool isConnectionLostState(const QString &state)
{
    // 25P03 and 57P05: the server ended a session idle too long (in a transaction, or at all).
    return state.isEmpty() || state.startsWith(QLatin1String("08")) || state == QLatin1String("57P01")
           || state == QLatin1String("57P02") || state == QLatin1String("57P03") || state == QLatin1String("57P05")
           || state == QLatin1String("25P03");
}
bool isTransientState(const QString &state)
{
    // Serialization failure, deadlock, lock not available; or no connection.
    return state == QLatin1String("40001") || state == QLatin1String("40P01") || state == QLatin1String("55P03")
           || isConnectionLostState(state);
}

// Whether a statement that met a lost connection may simply run again on a new
// one: a transaction's start, or a read on its own. Never a statement inside a
// transaction (the transaction went with the connection) nor a write on its
// own (it may have been done before the answer was lost).
bool canRepeatAfterLosingConnection(const QString &sql, bool inTransaction)
{
    return !inTransaction && (sql.startsWith(QLatin1String("BEGIN")) || sql.startsWith(QLatin1String("SELECT")));
}

// Whether the server refused the login itself: an unknown role, a wrong
// password, a role that may not log in (disabled). Only libpq's words tell.
bool isLoginRefusal(const QSqlError &error)
{
    const QString text = error.databaseText() + error.driverText();
    return text.contains(QLatin1String("password authentication failed")) || (text.contains(QLatin1String("role \"")) && text.contains(QLatin1String("does not exist")))
        || text.contains(QLatin1String("is not permitted to log in")) || text.contains(QLatin1String("no password supplied"));
}

// The server's message itself, for people: without its "ERROR:" severity,
// the statement's position, the PL/pgSQL context and the SQLSTATE the driver
// adds in parentheses (the logs keep the whole text).
QString primaryMessage(const QString &databaseText)
{
    QString text = databaseText.trimmed();
    if (text.startsWith(QLatin1String("ERROR:")))
        text = text.mid(6).trimmed();
    for (const QLatin1String tail : {QLatin1String("\nLINE "), QLatin1String("\nCONTEXT:"), QLatin1String("\nQUERY:")}) {
        if (const qsizetype at = text.indexOf(tail); at >= 0)
            text.truncate(at);
    }
    static const QRegularExpression sqlState(QStringLiteral("\\s*\\([0-9A-Z]{5}\\)$"));
    return text.remove(sqlState).trimmed();
}

// A URL fit for messages and logs: without its password.
QString withoutPassword(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemovePassword);
}

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

bool Database::isPostgresLocation(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) || location.startsWith(QLatin1String("postgres://"));
}

Result<std::unique_ptr<Database>> Database::open(const QString &location, int maxSchemaVersion, OpenMode mode)
{
    if (isPostgresLocation(location))
        return openPostgres(location, maxSchemaVersion, mode);
    return openSqlite(location, maxSchemaVersion, mode);
}

Result<std::unique_ptr<Database>> Database::openPostgres(const QString &location, int maxSchemaVersion, OpenMode mode)
{
    return openPostgres(location, {}, {}, maxSchemaVersion, mode);
}

bool Database::namesRole(const QString &location)
{
    return isPostgresLocation(location) && !QUrl(location).userName().isEmpty();
}

Error Database::signInRefused()
{
    return Error::notPermitted(Text::tr("unknown user or wrong password"));
}

Result<std::unique_ptr<Database>> Database::openPostgresAs(const QString &url, const QString &role, const QString &password)
{
    if (namesRole(url))
        return Error::badInput(Text::tr("the database URL %1 names a role already: give postgresql://host[:port]/database to sign in as a person")
                                   .arg(quoted(withoutPassword(QUrl(url)))));
    return openPostgres(url, role, password, -1, OpenMode::MustExist);
}

Result<std::unique_ptr<Database>> Database::openPostgres(const QString &location, const QString &role, const QString &password,
                                                         int maxSchemaVersion, OpenMode mode)
{
    const QUrl url(location, QUrl::StrictMode);
    // Never echoed: what does not parse may still hold a password.
    if (!url.isValid() || url.host().isEmpty())
        return Error::badInput(Text::tr("the database URL is not valid: give postgresql://[user@]host[:port]/database"));
    // A password on the command line is there for every user of the machine to read (ps).
    if (!url.password().isEmpty())
        return Error::badInput(Text::tr("the database URL %1 holds a password: give it in PGPASSWORD or ~/.pgpass instead")
                                   .arg(quoted(withoutPassword(url))));
    const QString databaseName = url.path(QUrl::FullyDecoded).mid(1);
    if (databaseName.isEmpty() || databaseName.contains(QLatin1Char('/')))
        return Error::badInput(Text::tr("the database URL %1 names no database: give postgresql://host[:port]/database")
                                   .arg(quoted(withoutPassword(url))));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return Error::internal(Text::tr("this Ordo cannot reach PostgreSQL: Qt's PostgreSQL driver is missing (Debian: libqt6sql6-psql)"));

    const QString name = QStringLiteral("ordo-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setDatabaseName(databaseName);
        db.setUserName(role.isEmpty() ? url.userName(QUrl::FullyDecoded) : role);
        // Kept by the driver for reconnecting; never in the URL, so never in a message.
        if (!role.isEmpty())
            db.setPassword(password);
        // Its backends are Ordo's by name, for administrators and the fault tests.
        db.setConnectOptions(QStringLiteral("connect_timeout=10;application_name=ordo"));
    }
    std::unique_ptr<Database> database(new Database(name, withoutPassword(url), Dialect::Postgres));
    if (auto started = database->startPostgresSession(); !started) {
        // The server says which of the two was wrong only in its own log, and so does Ordo.
        if (!role.isEmpty() && isLoginRefusal(database->connection().lastError()))
            return signInRefused();
        return started.error();
    }
    const int current = database->schemaVersion();
    if (mode == OpenMode::MustExist && current == 0)
        return Error::notFound(Text::tr("no Ordo database at %1: create it with ordoctl init").arg(withoutPassword(url)));
    // Migrating takes a database-wide lock and needs the right to create: only
    // when the schema is behind, so that other roles can open it too.
    // (migrate also refuses a schema newer than this Ordo knows).
    const int wanted = maxSchemaVersion < 0 ? latestSchemaVersion() : maxSchemaVersion;
    // A person's own login may not migrate: the operator upgrades the schema.
    if (!role.isEmpty() && current < wanted)
        return Error::conflict(Text::tr("the database %1 is at schema version %2, this Ordo needs %3: ask the operator to run "
                                        "ordoctl init --shared with this version of Ordo")
                                   .arg(withoutPassword(url))
                                   .arg(current)
                                   .arg(wanted));
    if (current < wanted || current > latestSchemaVersion())
        ORDO_CHECK(database->migrate(maxSchemaVersion));
    ORDO_TRY(access, database->postgresAccess());
    database->m_access = access;
    return database;
}

// Owner: the role owns Ordo's schema (or is a superuser). Person: it may
// call ordo_private.me(), which the group of people may. Anything else is
// taken for an engine, whose grants say what it may.
Result<Database::Access> Database::postgresAccess()
{
    ORDO_TRY(q, exec(QStringLiteral("SELECT pg_catalog.pg_has_role(session_user, n.nspowner, 'USAGE'),"
                                    " EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace"
                                    " WHERE pn.nspname = 'ordo_private' AND p.proname = 'me' AND p.pronargs = 0"
                                    " AND pg_catalog.has_function_privilege(session_user, p.oid, 'EXECUTE'))"
                                    " FROM pg_catalog.pg_namespace n WHERE n.nspname = 'ordo'")));
    if (!q.next() || q.value(0).toBool())
        return Access::Owner;
    return q.value(1).toBool() ? Access::Person : Access::Engine;
}

Status Database::startPostgresSession()
{
    QSqlDatabase db = connection();
    if (!db.open())
        return Error{ErrorCode::Internal, Text::tr("cannot open the database %1: %2").arg(m_path, db.lastError().databaseText().trimmed()), true};
    m_connectionLost = false;
    // READ COMMITTED with explicit row locks where a decision depends on what
    // was read (see begin()). A transaction left open holds back vacuum and
    // the change feed's horizon: the server ends it.
    for (const QString &setting : {QStringLiteral("SET search_path = %1").arg(QLatin1String(kPostgresSchema)),
                                   QStringLiteral("SET lock_timeout = '%1ms'").arg(kBusyTimeoutMs),
                                   QStringLiteral("SET idle_in_transaction_session_timeout = '60s'"),
                                   // "already exists, skipping" and the like are not for Ordo's users.
                                   QStringLiteral("SET client_min_messages = warning")})
        ORDO_CHECK(exec(setting));
    if (m_keepPlans) {
        for (const char *setting : kKeepPlans)
            ORDO_CHECK(exec(QLatin1String(setting)));
    }
    for (const auto &[channel, onNotification] : m_listening) {
        if (!db.driver()->subscribeToNotification(channelName(channel)))
            return Error{ErrorCode::Internal, Text::tr("cannot listen on %1: %2").arg(m_path, db.driver()->lastError().text()), true};
    }
    return ok();
}

Status Database::reconnectIfLost()
{
    if (!m_connectionLost || m_inTransaction || m_dialect != Dialect::Postgres)
        return ok();
    qCInfo(lcStore) << "connecting again to" << m_path;
    // Prepared statements lived in the session that ended: the new one prepares them again.
    connection().close();
    m_pgStatements.clear();
    ORDO_CHECK(startPostgresSession());
    // Notifications sent while it was away are lost: its listeners look for themselves.
    for (const auto &[channel, onNotification] : m_listening)
        onNotification();
    return ok();
}

QString Database::channelName(Channel channel)
{
    return channel == Channel::Feed ? QStringLiteral("ordo_feed") : QStringLiteral("ordo_work");
}

void Database::notifyOnCommit(Channel channel)
{
    if (m_dialect == Dialect::Postgres && m_inTransaction)
        m_notifyOnCommit |= 1u << static_cast<unsigned>(channel);
}

Status Database::keepPlans()
{
    if (m_dialect != Dialect::Postgres || m_keepPlans)
        return ok();
    m_keepPlans = true;
    // A session begun again (after a lost connection) sets them by itself.
    for (const char *setting : kKeepPlans)
        ORDO_CHECK(exec(QLatin1String(setting)));
    return ok();
}

Status Database::listen(Channel channel, std::function<void()> onNotification)
{
    if (m_dialect != Dialect::Postgres)
        return Error::internal(Text::tr("database error: only a shared database sends notifications"));
    QSqlDriver *driver = connection().driver();
    const QString name = channelName(channel);
    QObject::connect(driver, &QSqlDriver::notification, driver, [name, onNotification](const QString &heard) {
        if (heard == name)
            onNotification();
    });
    m_listening.emplace_back(channel, std::move(onNotification));
    ORDO_CHECK(reconnectIfLost());
    if (!driver->subscribeToNotification(name))
        return Error{ErrorCode::Internal, Text::tr("cannot listen on %1: %2").arg(m_path, driver->lastError().text()), true};
    return ok();
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

// Runs a statement, and once more on a new session when the first try found
// the connection lost and the statement may simply run again.
// (connectionLost is read after the first try, which sets it.)
namespace {
template<typename Run>
auto repeatedOnceAfterLosingConnection(bool repeatable, const bool &connectionLost, const QString &location, Run &&attempt)
    -> decltype(attempt())
{
    auto result = attempt();
    if (result || !repeatable || !connectionLost)
        return result;
    qCInfo(lcStore) << "lost the connection to" << location << "; connecting again";
    return attempt();
}
} // namespace

Status Database::beforeStatement()
{
    if (!m_beforeStatement || m_inBeforeStatement)
        return ok();
    m_inBeforeStatement = true;
    const Status done = m_beforeStatement();
    m_inBeforeStatement = false;
    return done;
}

Result<QSqlQuery> Database::exec(const QString &sql, const QVariantList &binds)
{
    ORDO_CHECK(beforeStatement());
    return execNow(sql, binds);
}

Result<QSqlQuery> Database::execNow(const QString &sql, const QVariantList &binds)
{
    return repeatedOnceAfterLosingConnection(canRepeatAfterLosingConnection(sql, m_inTransaction), m_connectionLost, m_path,
                                             [&]() -> Result<QSqlQuery> {
        ORDO_CHECK(reconnectIfLost());
        QSqlQuery query(connection());
        // PostgreSQL: a forward-only query streams its rows and must be read to
        // the end before the connection runs another; callers nest queries.
        query.setForwardOnly(m_dialect == Dialect::Sqlite);
        if (m_dialect == Dialect::Postgres && binds.isEmpty()) {
            // One round trip instead of PREPARE, EXECUTE and DEALLOCATE; and DDL
            // and transaction control, which PostgreSQL cannot prepare.
            if (!query.exec(sql)) {
                qCWarning(lcStore) << "query failed:" << query.lastError().text() << sql;
                return errorOf(query.lastError());
            }
            return query;
        }
        if (!query.prepare(sql)) {
            qCWarning(lcStore) << "prepare failed:" << query.lastError().text() << sql;
            return errorOf(query.lastError());
        }
        ORDO_CHECK(run(query, sql, binds));
        return query;
    });
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
    ORDO_CHECK(beforeStatement());
    if (m_dialect == Dialect::Postgres) {
        return repeatedOnceAfterLosingConnection(canRepeatAfterLosingConnection(sql, m_inTransaction), m_connectionLost, m_path,
                                                 [&]() -> Result<CachedQuery> {
            ORDO_CHECK(reconnectIfLost());
            return execPrepared(sql, binds);
        });
    }
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
        // As in errorOf: a duplicate speaks of the data; other constraints of a bug.
        if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY)
            return Error::conflict(Text::tr("conflicts with existing data: %1").arg(message));
        return Error::internal(Text::tr("database error: %1").arg(message));
    }
    return CachedQuery(statement, rc == SQLITE_ROW, sqlite3_changes(db));
}

Result<qint64> Database::insert(const QString &sql, const QVariantList &binds)
{
    ORDO_TRY(q, execCached(sql + QStringLiteral(" RETURNING id"), binds));
    if (!q.next())
        return Error::internal(Text::tr("database error: an insert returned no key"));
    return q.integer(0);
}

namespace {

// PostgreSQL's type oids (its catalog, pg_type) that Ordo's columns come back as,
// decoded as Qt's PostgreSQL driver decodes them.
enum PgType : Oid {
    PgBool = 16,
    PgBytea = 17,
    PgInt8 = 20,
    PgInt2 = 21,
    PgInt4 = 23,
    PgOid = 26,
    PgFloat4 = 700,
    PgFloat8 = 701,
    PgDate = 1082,
    PgTime = 1083,
    PgTimestamp = 1114,
    PgTimestampTz = 1184,
    PgNumeric = 1700,
};

QMetaType metaTypeOf(Oid type)
{
    switch (type) {
    case PgBool: return QMetaType::fromType<bool>();
    case PgBytea: return QMetaType::fromType<QByteArray>();
    case PgInt8: return QMetaType::fromType<qlonglong>();
    case PgInt2:
    case PgInt4:
    case PgOid: return QMetaType::fromType<int>();
    case PgFloat4:
    case PgFloat8:
    case PgNumeric: return QMetaType::fromType<double>();
    case PgDate: return QMetaType::fromType<QDate>();
    case PgTime: return QMetaType::fromType<QTime>();
    case PgTimestamp:
    case PgTimestampTz: return QMetaType::fromType<QDateTime>();
    default: return QMetaType::fromType<QString>();
    }
}

// A bound value in PostgreSQL's text form; a null one is no text at all.
// Only the types Ordo binds: any other is a mistake to hear of, not to guess at.
Result<std::optional<QByteArray>> pgText(const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return std::optional<QByteArray>();
    switch (v.typeId()) {
    case QMetaType::Bool: return std::optional(QByteArray(v.toBool() ? "1" : "0")); // flags are 0/1 integers in both dialects
    case QMetaType::Int:
    case QMetaType::Long:
    case QMetaType::LongLong: return std::optional(QByteArray::number(v.toLongLong()));
    case QMetaType::UInt:
    case QMetaType::ULong:
    case QMetaType::ULongLong: return std::optional(QByteArray::number(v.toULongLong()));
    case QMetaType::Double: return std::optional(QByteArray::number(v.toDouble(), 'g', QLocale::FloatingPointShortest));
    case QMetaType::QString: {
        const QString text = v.toString();
        if (text.isNull()) // as Qt's driver: a null string is NULL
            return std::optional<QByteArray>();
        return std::optional(text.toUtf8());
    }
    case QMetaType::QByteArray: {
        const QByteArray bytes = v.toByteArray();
        if (bytes.isNull())
            return std::optional<QByteArray>();
        return std::optional<QByteArray>(QByteArray("\\x") + bytes.toHex()); // bytea's hex form
    }
    default: return Error::internal(Text::tr("database error: cannot bind a value of type %1").arg(QString::fromLatin1(v.typeName())));
    }
}

// The statement with PostgreSQL's numbered parameters for its ? marks (outside
// quotes), as Qt's driver writes it; count says how many.
QByteArray withNumberedParameters(const QString &sql, int &count)
{
    QString numbered;
    numbered.reserve(sql.size() + 16);
    QChar quote;
    count = 0;
    for (const QChar c : sql) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            numbered += c;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
            numbered += c;
        } else if (c == QLatin1Char('?')) {
            numbered += QLatin1Char('$') + QString::number(++count);
        } else {
            numbered += c;
        }
    }
    return numbered.toUtf8();
}

// A result libpq gave: freed when it goes out of scope unless released.
using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

} // namespace

pg_conn *Database::pgConnection() const
{
    const QVariant v = connection().driver()->handle();
    // Qt names the type by its struct, not by libpq's typedef PGconn.
    if (!v.isValid() || qstrcmp(v.typeName(), "pg_conn*") != 0)
        return nullptr;
    return *static_cast<PGconn *const *>(v.constData());
}

Result<CachedQuery> Database::execPrepared(const QString &sql, const QVariantList &binds)
{
    PGconn *conn = pgConnection();
    if (!conn)
        return Error::internal(Text::tr("database error: no PostgreSQL connection"));
    const auto handOver = qScopeGuard([this] { handOverNotifications(); });
    // What the server says, as Qt's driver would have told it. libpq refusing
    // by itself (no state) on a connection that stands is no lost connection.
    const auto failed = [&](const PGresult *result) -> Error {
        const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
        const QString message = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(conn));
        qCWarning(lcStore) << "query failed:" << message.trimmed() << sql;
        const QString code = state ? QString::fromLatin1(state) : PQstatus(conn) == CONNECTION_OK ? QStringLiteral("XX000") : QString();
        return errorOf(code, message, message);
    };
    auto prepared = m_pgStatements.find(sql);
    if (prepared == m_pgStatements.end()) {
        int parameters = 0;
        const QByteArray text = withNumberedParameters(sql, parameters);
        const QByteArray name = "ordo_" + QByteArray::number(m_pgStatements.size() + 1);
        const PgResult made(PQprepare(conn, name.constData(), text.constData(), 0, nullptr), &PQclear);
        if (PQresultStatus(made.get()) != PGRES_COMMAND_OK)
            return failed(made.get());
        prepared = m_pgStatements.emplace(sql, PgStatement{name, parameters}).first;
    }
    // The server would answer a wrong count with a protocol violation, which reads as a lost connection.
    if (binds.size() != prepared->second.parameters)
        return Error::internal(Text::tr("database error: the statement takes %1 values, %2 were given: %3")
                                   .arg(prepared->second.parameters)
                                   .arg(binds.size())
                                   .arg(sql));
    std::vector<std::optional<QByteArray>> texts;
    texts.reserve(size_t(binds.size()));
    std::vector<const char *> values;
    values.reserve(size_t(binds.size()));
    for (const QVariant &v : binds) {
        ORDO_TRY(text, pgText(v));
        texts.push_back(std::move(text));
        values.push_back(texts.back() ? texts.back()->constData() : nullptr);
    }
    PgResult ran(PQexecPrepared(conn, prepared->second.name.constData(), int(values.size()), values.data(), nullptr, nullptr, 0), &PQclear);
    switch (PQresultStatus(ran.get())) {
    case PGRES_TUPLES_OK:
    case PGRES_COMMAND_OK: return CachedQuery(ran.release());
    case PGRES_FATAL_ERROR:
    case PGRES_NONFATAL_ERROR:
    case PGRES_BAD_RESPONSE: return failed(ran.get());
    default: return Error::internal(Text::tr("database error: unexpected answer %1 to %2").arg(QString::fromLatin1(PQresStatus(PQresultStatus(ran.get()))), sql));
    }
}

void Database::handOverNotifications()
{
    if (m_listening.empty() || m_notificationLookQueued)
        return;
    m_notificationLookQueued = true;
    QSqlDriver *driver = connection().driver();
    // Queued on the driver: gone with the connection, which this Database outlives.
    QMetaObject::invokeMethod(driver, [this, driver] {
        m_notificationLookQueued = false;
        if (!QMetaObject::invokeMethod(driver, "_q_handleNotification", Qt::DirectConnection))
            qCWarning(lcStore) << "the PostgreSQL driver has no _q_handleNotification: notifications read with an answer wait for the next one";
    }, Qt::QueuedConnection);
}

CachedQuery::CachedQuery(pg_result *result)
    : m_statement(nullptr)
    , m_result(result)
    , m_pendingRow(false)
    , m_changes(std::atoi(PQcmdTuples(result)))
    , m_rows(PQntuples(result))
{
}

CachedQuery::~CachedQuery()
{
    if (m_statement)
        sqlite3_reset(m_statement);
    if (m_result)
        PQclear(m_result);
}

bool CachedQuery::next()
{
    if (m_result)
        return ++m_row < m_rows;
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
    if (m_result) {
        if (PQgetisnull(m_result, m_row, i))
            return 0;
        switch (PQftype(m_result, i)) {
        case PgInt8:
        case PgInt4:
        case PgInt2: return std::strtoll(PQgetvalue(m_result, m_row, i), nullptr, 10);
        default: return value(i).toLongLong();
        }
    }
    return sqlite3_column_int64(m_statement, i);
}

QString CachedQuery::text(int i) const
{
    if (m_result) {
        if (PQgetisnull(m_result, m_row, i))
            return QString();
        if (metaTypeOf(PQftype(m_result, i)) != QMetaType::fromType<QString>())
            return value(i).toString();
        return QString::fromUtf8(PQgetvalue(m_result, m_row, i), PQgetlength(m_result, m_row, i));
    }
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, i));
    return text ? QString::fromUtf8(text, sqlite3_column_bytes(m_statement, i)) : QString();
}

QVariant CachedQuery::value(int i) const
{
    if (m_result) {
        const Oid type = PQftype(m_result, i);
        if (PQgetisnull(m_result, m_row, i))
            return QVariant(metaTypeOf(type));
        const char *raw = PQgetvalue(m_result, m_row, i);
        const QLatin1String latin(raw, PQgetlength(m_result, m_row, i));
        switch (type) {
        case PgBool: return QVariant(raw[0] == 't');
        case PgInt8: return QVariant(qlonglong(std::strtoll(raw, nullptr, 10)));
        case PgInt2:
        case PgInt4:
        case PgOid: return QVariant(int(std::strtol(raw, nullptr, 10)));
        case PgFloat4:
        case PgFloat8:
        case PgNumeric: return QVariant(QByteArray(raw).toDouble());
        case PgBytea: {
            size_t length = 0;
            unsigned char *bytes = PQunescapeBytea(reinterpret_cast<const unsigned char *>(raw), &length);
            const QByteArray unescaped(reinterpret_cast<const char *>(bytes), qsizetype(length));
            PQfreemem(bytes);
            return QVariant(unescaped);
        }
        case PgDate: return QVariant(QDate::fromString(latin, Qt::ISODate));
        case PgTime: return QVariant(QTime::fromString(latin, Qt::ISODateWithMs));
        case PgTimestamp:
        case PgTimestampTz: return QVariant(QDateTime::fromString(QString(latin).replace(QLatin1Char(' '), QLatin1Char('T')), Qt::ISODateWithMs));
        default: return QVariant(QString::fromUtf8(raw, PQgetlength(m_result, m_row, i)));
        }
    }
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
    for (qsizetype i = 0; i < binds.size(); ++i) {
        const QVariant &v = binds.at(i);
        // Flags are 0/1 integers in both dialects; Qt would send PostgreSQL TRUE or FALSE.
        if (m_dialect == Dialect::Postgres && v.typeId() == QMetaType::Bool && !v.isNull())
            query.bindValue(static_cast<int>(i), v.toBool() ? 1 : 0);
        else
            query.bindValue(static_cast<int>(i), v);
    }
    if (!query.exec()) {
        const QSqlError error = query.lastError();
        qCWarning(lcStore) << "query failed:" << error.text() << sql;
        return errorOf(error);
    }
    return ok();
}

Error Database::errorOf(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (m_dialect == Dialect::Sqlite) {
        // A unique or check constraint speaks of the data, not of a broken database.
        if (code == QLatin1String("2067") || code == QLatin1String("1555") || code == QLatin1String("19"))
            return Error::conflict(Text::tr("conflicts with existing data: %1").arg(error.databaseText()));
        return Error::internal(Text::tr("database error: %1").arg(error.text()));
    }
    return errorOf(code, error.databaseText(), error.text());
}

Error Database::errorOf(const QString &code, const QString &databaseText, const QString &fallback)
{
    const QString text = databaseText.trimmed();
    if (m_inTransaction && !m_abortedBy) {
        // The server ignores the rest of the transaction now, and would answer its COMMIT with ROLLBACK.
        m_abortedBy = Error::internal(Text::tr("database error: the transaction was abandoned after an error: %1")
                                          .arg(text.isEmpty() ? fallback : text));
        m_abortedBy->transient = isTransientState(code);
    }
    const QString said = primaryMessage(text);
    if (isConflictState(code))
        return Error::conflict(Text::tr("conflicts with existing data: %1").arg(said));
    if (code == QLatin1String("42501")) {
        // A table or function no grant opens to a person's own login: what only the owner's connection does.
        if (m_access == Access::Person && said.startsWith(QLatin1String("permission denied for")))
            return Error::notPermitted(Text::tr("your own login may not do this on a shared database (%1): the provider's operator "
                                                "does it on the owner's connection")
                                           .arg(said));
        return Error::notPermitted(Text::tr("the database refused: %1").arg(said));
    }
    // Ordo's own functions (ordo.decide) refuse bad input and unknown rows so.
    if (code == QLatin1String("22023"))
        return Error::badInput(Text::tr("the database refused: %1").arg(said));
    if (code == QLatin1String("P0002"))
        return Error::notFound(said);
    Error failed = Error::internal(Text::tr("database error: %1").arg(text.isEmpty() ? fallback : text));
    failed.transient = isTransientState(code);
    if (isConnectionLostState(code))
        m_connectionLost = true;
    return failed;
}

Status Database::begin()
{
    // PostgreSQL: READ COMMITTED; what must not change under a decision is
    // locked explicitly (SELECT ... FOR UPDATE), so writers wait on each other
    // rather than fail and retry.
    const QString sql = m_dialect == Dialect::Sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN");
    if (m_dialect == Dialect::Sqlite) {
        if (!m_writerTurn.try_lock_for(kWriterTurnWait))
            qCWarning(lcStore) << "no turn to write" << m_path << "within" << kWriterTurnWait.count() << "s: writing without one";
    }
    auto begun = execNow(sql);
    if (!begun) {
        releaseWriterTurn();
        return begun.error();
    }
    m_inTransaction = true;
    return ok();
}

Status Database::beginRead()
{
    auto begun = execNow(m_dialect == Dialect::Sqlite ? QStringLiteral("BEGIN DEFERRED")
                                                   : QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    if (!begun)
        return begun.error();
    m_inTransaction = true;
    return ok();
}

Status Database::commit()
{
    if (m_abortedBy) {
        const Error aborted = *m_abortedBy;
        rollback();
        return aborted;
    }
    if (m_notifyOnCommit) {
        // Sent by the server at COMMIT, one per channel however many transactions ask.
        QStringList notifications;
        for (const Channel channel : {Channel::Feed, Channel::Work}) {
            if (m_notifyOnCommit & (1u << static_cast<unsigned>(channel)))
                notifications.append(QStringLiteral("pg_notify('%1', '')").arg(channelName(channel)));
        }
        if (auto notified = execNow(QStringLiteral("SELECT ") + notifications.join(QStringLiteral(", "))); !notified) {
            rollback();
            return notified.error();
        }
    }
    auto committed = execNow(QStringLiteral("COMMIT"));
    if (!committed) {
        rollback();
        // Never run again: a COMMIT whose answer was lost may have committed.
        Error failed = committed.error();
        failed.transient = false;
        return failed;
    }
    m_inTransaction = false;
    m_notifyOnCommit = 0;
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
    if (m_dialect == Dialect::Postgres)
        return Error::internal(Text::tr("database error: a shared database has no data version; its changes are notified"));
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
    m_abortedBy.reset();
    m_notifyOnCommit = 0;
    if (m_connectionLost) {
        // The server ended the transaction with the session.
        releaseWriterTurn();
        return;
    }
    auto rolledBack = execNow(QStringLiteral("ROLLBACK"));
    releaseWriterTurn();
    if (!rolledBack)
        qCWarning(lcStore) << "rollback failed:" << rolledBack.error().message;
}

int Database::schemaVersion() const
{
    QSqlQuery query(connection());
    if (m_dialect == Dialect::Postgres) {
        // Asking for a missing table would end a transaction on PostgreSQL.
        if (!query.exec(QStringLiteral("SELECT to_regclass('%1.schema_migrations') IS NOT NULL").arg(QLatin1String(kPostgresSchema)))
            || !query.next() || !query.value(0).toBool())
            return 0;
    }
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
    if (m_dialect == Dialect::Postgres && target < kPostgresBaselineVersion)
        return Error::badInput(Text::tr("a PostgreSQL database starts at schema version %1, not %2").arg(kPostgresBaselineVersion).arg(target));
    return write([&]() -> Status {
        if (m_dialect == Dialect::Postgres) {
            // Two processes opening a new shared database at once: one migrates, the other then finds it done.
            ORDO_CHECK(exec(QStringLiteral("SELECT pg_advisory_xact_lock(hashtext('ordo.migrate'))")));
            ORDO_CHECK(exec(QStringLiteral("CREATE SCHEMA IF NOT EXISTS %1").arg(QLatin1String(kPostgresSchema))));
        }
        // INTEGER is 64 bits on SQLite, 32 on PostgreSQL.
        const QString integer = m_dialect == Dialect::Sqlite ? QStringLiteral("INTEGER") : QStringLiteral("bigint");
        ORDO_CHECK(exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                       " version %1 PRIMARY KEY,"
                                       " applied_at %1 NOT NULL)")
                            .arg(integer)));
        const int current = schemaVersion();
        if (current > latestSchemaVersion())
            return Error::conflict(Text::tr("the database %1 has schema version %2, newer than this Ordo knows (%3): "
                                      "use a newer Ordo")
                                       .arg(m_path)
                                       .arg(current)
                                       .arg(latestSchemaVersion()));
        for (int version = current + 1; version <= target; ++version) {
            if (m_dialect == Dialect::Sqlite || version >= kPostgresBaselineVersion)
                qCInfo(lcStore) << "migrating" << m_path << "to schema version" << version;
            ORDO_CHECK(m_dialect == Dialect::Sqlite ? migrateSqlite(version) : migratePostgres(version));
            ORDO_CHECK(exec(QStringLiteral("INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)"),
                            // No Clock reaches the database layer: when a schema changed is the system's time.
                            {version, toDbTime(QDateTime::currentDateTimeUtc())}));
        }
        return ok();
    });
}

Status Database::migrateSqlite(int version)
{
    for (const QString &statement : migrations().at(version - 1).statements)
        ORDO_CHECK(exec(statement));
    return ok();
}

Status Database::migratePostgres(int version)
{
    // Versions before the baseline never existed on PostgreSQL: they are recorded, not run.
    if (version < kPostgresBaselineVersion)
        return ok();
    QStringList statements = migrations().at(version - 1).postgres;
    if (version == kPostgresBaselineVersion) {
        QFile baseline(QStringLiteral(":/ordo/sql/postgres-baseline.sql"));
        if (!baseline.open(QIODevice::ReadOnly))
            return Error::internal(Text::tr("database error: the PostgreSQL schema is missing from this build"));
        statements = scriptStatements(QString::fromUtf8(baseline.readAll()));
    }
    // A change made on SQLite only would leave the two schemas apart for ever.
    if (statements.isEmpty())
        return Error::internal(Text::tr("database error: schema version %1 has no PostgreSQL statements").arg(version));
    for (const QString &statement : std::as_const(statements))
        ORDO_CHECK(exec(statement));
    return ok();
}

} // namespace ordo

#pragma once

#include "util/Result.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QHash>
#include <QVariantList>

#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <memory>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

struct sqlite3;
struct sqlite3_stmt;
struct pg_conn;
struct pg_result;

namespace ordo {

// A prepared statement that the Database keeps for reuse, run straight on
// the database's C API: the engine's hot path, where Qt SQL's per-statement
// bookkeeping cost more than the statements (and on PostgreSQL sent every
// value as SQL text for the server to parse). Valid until the next
// execCached of the same SQL; resets the statement when it goes, so that no
// read snapshot stays open (in WAL mode it would hide later commits).
class CachedQuery
{
public:
    CachedQuery(sqlite3_stmt *statement, bool hasRow, int changes)
        : m_statement(statement), m_pendingRow(hasRow), m_changes(changes)
    {
    }
    // PostgreSQL: the whole result, which this query owns.
    explicit CachedQuery(pg_result *result);
    CachedQuery(CachedQuery &&other) noexcept
        : m_statement(std::exchange(other.m_statement, nullptr))
        , m_result(std::exchange(other.m_result, nullptr))
        , m_pendingRow(other.m_pendingRow)
        , m_started(other.m_started)
        , m_changes(other.m_changes)
        , m_row(other.m_row)
        , m_rows(other.m_rows)
    {
    }
    CachedQuery &operator=(CachedQuery &&other) noexcept
    {
        std::swap(m_statement, other.m_statement);
        std::swap(m_result, other.m_result);
        std::swap(m_pendingRow, other.m_pendingRow);
        std::swap(m_started, other.m_started);
        std::swap(m_changes, other.m_changes);
        std::swap(m_row, other.m_row);
        std::swap(m_rows, other.m_rows);
        return *this;
    }
    ~CachedQuery();

    bool next();
    QVariant value(int i) const;
    // Without a QVariant in between, for the hottest rows. NULL reads as 0 or a null string.
    qint64 integer(int i) const;
    QString text(int i) const;
    int numRowsAffected() const { return m_changes; }

private:
    Q_DISABLE_COPY(CachedQuery)
    sqlite3_stmt *m_statement;
    pg_result *m_result = nullptr;
    bool m_pendingRow;
    bool m_started = false;
    int m_changes;
    int m_row = -1; // PostgreSQL: the row read, of m_rows
    int m_rows = 0;
};

// One connection to Ordo's database. The database is the single source of
// truth: every write runs in a transaction that takes the write lock up front
// (SQLite: BEGIN IMMEDIATE), so a decision made on what was read inside it
// cannot be overtaken by another process.
//
// A Database belongs to the thread that opened it (a Qt SQL rule); worker
// threads open their own.
class Database final
{
public:
    enum class Dialect { Sqlite, Postgres };

    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    // Whether opening may create the file and its folder: only setting up a new
    // database does, so that a mistyped path is an error, not an empty database.
    enum class OpenMode { CreateIfMissing, MustExist };

    // Opens the database at location and migrates it to the newest schema.
    // The location is the path of an SQLite file (the embedded database) or
    // the postgresql:// URL of a shared one. maxSchemaVersion lets tests stop
    // at an older one. On PostgreSQL the database itself must exist already;
    // CreateIfMissing lets opening create Ordo's schema in it.
    static Result<std::unique_ptr<Database>> open(const QString &location, int maxSchemaVersion = -1,
                                                  OpenMode mode = OpenMode::CreateIfMissing);
    // Opens the SQLite database at path, a file path, not an SQLite URI.
    static Result<std::unique_ptr<Database>> openSqlite(const QString &path, int maxSchemaVersion = -1,
                                                        OpenMode mode = OpenMode::CreateIfMissing);
    // Opens the PostgreSQL database at a postgresql://[user@]host[:port]/database
    // URL. A password is refused there: libpq's PGPASSWORD or ~/.pgpass give it.
    static Result<std::unique_ptr<Database>> openPostgres(const QString &url, int maxSchemaVersion = -1,
                                                          OpenMode mode = OpenMode::CreateIfMissing);
    // Opens the existing PostgreSQL database at url (which names no user) as
    // role, with its password: how a person signs in with their own login
    // role. A refused password or unknown role is one NotPermitted error.
    static Result<std::unique_ptr<Database>> openPostgresAs(const QString &url, const QString &role, const QString &password);
    // Why a sign-in failed, the same whether the person is unknown or the password
    // wrong: nobody learns who has an account by trying names.
    static Error signInRefused();
    // Whether the URL of a shared database names the role to connect as.
    static bool namesRole(const QString &location);
    // Whether location names a shared (PostgreSQL) database rather than a file.
    static bool isPostgresLocation(const QString &location);

    Dialect dialect() const { return m_dialect; }
    // What the connection's role may do on a shared database: its owner (and
    // superusers) everything; a person only read through row-level security
    // and call Ordo's functions; an engine what engines do. SQLite: Owner.
    enum class Access { Owner, Engine, Person };
    Access access() const { return m_access; }
    // A person's own login changes nothing but through Ordo's functions and
    // requests, which check the same rules in the database; engines do the rest.
    bool changesThroughFunctions() const { return m_access == Access::Person; }
    int schemaVersion() const;
    // The file, or the URL.
    QString path() const { return m_path; }

    Result<QSqlQuery> exec(const QString &sql, const QVariantList &binds = {});
    // Like exec, but keeps the statement prepared for the next call: for hot
    // paths. The caller must be done with the previous result of the same SQL.
    Result<CachedQuery> execCached(const QString &sql, const QVariantList &binds = {});
    // Runs before every statement on this connection but its own: a writer
    // that holds writes back, to send many in one statement, sends them before
    // anything else can read what they change. Returns the one it replaces.
    using BeforeStatement = std::function<Status()>;
    BeforeStatement setBeforeStatement(BeforeStatement fn) { return std::exchange(m_beforeStatement, std::move(fn)); }
    // Runs an INSERT of one row and returns the key the database gave it, read
    // with RETURNING id in both dialects (PostgreSQL has no last insert rowid).
    Result<qint64> insert(const QString &sql, const QVariantList &binds = {});

    // Runs fn inside a write transaction; commits when it returns a value,
    // rolls back when it returns an error. Nested calls join the outer one.
    template<typename F>
    auto write(F &&fn) -> decltype(fn())
    {
        if (m_inTransaction)
            return fn();
        if (auto begun = begin(); !begun)
            return begun.error();
        auto result = fn();
        if (result.ok()) {
            if (auto committed = commit(); !committed)
                return committed.error();
        } else {
            rollback();
        }
        return result;
    }

    // Reads that must see one consistent snapshot.
    template<typename F>
    auto read(F &&fn) -> decltype(fn())
    {
        if (m_inTransaction)
            return fn();
        if (auto begun = beginRead(); !begun)
            return begun.error();
        auto result = fn();
        rollback();
        return result;
    }

    bool inTransaction() const { return m_inTransaction; }
    // Runs fn once the current write transaction has committed; dropped if it
    // rolls back. For effects outside the database that must not run ahead of it.
    void afterCommit(std::function<void()> fn) { m_afterCommit.push_back(std::move(fn)); }

    static int latestSchemaVersion();

    // Called on the committing thread after every write transaction on this
    // process's connections, with the file and the connection: how an engine
    // in this process hears at once of a decision made beside it. Returns an
    // id for stopCallingOnCommit, after which the callback is never called.
    using CommitCallback = std::function<void(const QString &path, const Database *connection)>;
    static quint64 callOnCommit(CommitCallback callback);
    static void stopCallingOnCommit(quint64 id);

    // SQLite's PRAGMA data_version: it moves when another connection, of this
    // process or another, commits. Reading it is cheap.
    Result<qint64> dataVersion();

    // A shared database's notification channels. Notifications carry nothing
    // but their name: who hears one reads again, through its own rights.
    enum class Channel {
        Feed, // something the change feeds report was committed
        Work, // engines have work they would not find by themselves: a decision, a new workflow, a support action
    };
    static QString channelName(Channel channel);
    // PostgreSQL: notifies channel when the current write transaction commits,
    // once however often it is asked. SQLite: nothing (its watchers poll).
    void notifyOnCommit(Channel channel);
    // PostgreSQL: calls onNotification (on this connection's thread, whose
    // event loop must run) for every notification of channel. The connection
    // must not be used for transactions meanwhile: a listener in a transaction
    // holds back the server's notification queue. It listens again after it
    // reconnects, and calls onNotification then, since it may have missed one.
    Status listen(Channel channel, std::function<void()> onNotification);
    // PostgreSQL: runs each of this connection's prepared statements with one
    // plan made without its bound values, also after it connects again. For a
    // connection that runs the same statements over and over with new values
    // (an engine's): by default the server plans them anew for each call's
    // values while that looks cheaper to it, about a tenth of its time in an
    // engine's statements. What steers a plan (a LIMIT, a state that a partial
    // index names) must then be written into the SQL, not bound. Nor does a
    // kept plan scan a table sequentially where an index would do: made while
    // the table was small, it would go on scanning after it grew. No JIT either.
    // SQLite: nothing (it plans a prepared statement once anyway).
    Status keepPlans();
    // Whether the last statement found the server gone: the next one
    // outside a transaction connects again first.
    bool connectionLost() const { return m_connectionLost; }

private:
    Database(QString connectionName, QString path, Dialect dialect);

    Status begin();
    Status beginRead();
    Status commit();
    void rollback();
    Status migrate(int maxVersion);

    QSqlDatabase connection() const;

    Status run(QSqlQuery &query, const QString &sql, const QVariantList &binds);
    Status beforeStatement();
    // A statement without the hook: transaction control, which must never wait on a flush.
    Result<QSqlQuery> execNow(const QString &sql, const QVariantList &binds = {});
    // The error as a value; inside a PostgreSQL transaction it also marks the
    // transaction as aborted (the server refuses the rest of it).
    Error errorOf(const QSqlError &error);
    // The same for PostgreSQL's own words: its SQLSTATE and its message.
    Error errorOf(const QString &code, const QString &databaseText, const QString &fallback);
    // The statement prepared on the server by libpq, and run there with its
    // values as parameters; prepared again after a reconnect.
    Result<CachedQuery> execPrepared(const QString &sql, const QVariantList &binds);
    pg_conn *pgConnection() const;
    // PostgreSQL: has the driver read notifications that libpq took in with an
    // answer (the socket it watches has nothing more to say), once per turn of the event loop.
    void handOverNotifications();
    Status startPostgresSession();
    static Result<std::unique_ptr<Database>> openPostgres(const QString &location, const QString &role, const QString &password,
                                                          int maxSchemaVersion, OpenMode mode);
    Result<Access> postgresAccess();
    Status reconnectIfLost();
    Status migrateSqlite(int version);
    Status migratePostgres(int version);
    sqlite3 *handle() const;
    void releaseWriterTurn();

    QHash<QString, sqlite3_stmt *> m_statements;
    // PostgreSQL: the name each statement was prepared under in this session, and how many values it takes.
    struct PgStatement
    {
        QByteArray name;
        int parameters;
    };
    std::unordered_map<QString, PgStatement> m_pgStatements;
    bool m_notificationLookQueued = false;
    QString m_connectionName;
    QString m_path;
    Dialect m_dialect;
    bool m_inTransaction = false;
    std::vector<std::function<void()>> m_afterCommit;
    // PostgreSQL: the first error of the current transaction, which the server
    // aborted then; its COMMIT would answer ROLLBACK without an error.
    std::optional<Error> m_abortedBy;
    bool m_connectionLost = false;
    BeforeStatement m_beforeStatement;
    bool m_inBeforeStatement = false;
    bool m_keepPlans = false;
    Access m_access = Access::Owner;
    unsigned m_notifyOnCommit = 0; // bits of Channel
    std::vector<std::pair<Channel, std::function<void()>>> m_listening;
    // This file's turn, looked up once; held from BEGIN to COMMIT or ROLLBACK of a write (SQLite): see begin().
    std::unique_lock<std::timed_mutex> m_writerTurn;
};

} // namespace ordo

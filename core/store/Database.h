#pragma once

#include "util/Result.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QHash>
#include <QVariantList>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace ordo {

// A prepared statement that the Database keeps for reuse; valid until the
// next execCached of the same SQL. Resets the statement when it goes, so that
// no read snapshot stays open (in WAL mode it would hide later commits).
class CachedQuery
{
public:
    explicit CachedQuery(QSqlQuery *query) : m_query(query) {}
    CachedQuery(CachedQuery &&other) noexcept : m_query(std::exchange(other.m_query, nullptr)) {}
    CachedQuery &operator=(CachedQuery &&other) noexcept
    {
        std::swap(m_query, other.m_query);
        return *this;
    }
    ~CachedQuery()
    {
        if (m_query)
            m_query->finish();
    }
    bool next() { return m_query->next(); }
    QVariant value(int i) const { return m_query->value(i); }
    int numRowsAffected() const { return m_query->numRowsAffected(); }
    QVariant lastInsertId() const { return m_query->lastInsertId(); }

private:
    Q_DISABLE_COPY(CachedQuery)
    QSqlQuery *m_query;
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

    // Opens (creating if needed) the SQLite database at path and migrates it
    // to the newest schema. maxSchemaVersion lets tests stop at an older one.
    static Result<std::unique_ptr<Database>> openSqlite(const QString &path, int maxSchemaVersion = -1);

    Dialect dialect() const { return m_dialect; }
    int schemaVersion() const;
    QString path() const { return m_path; }

    Result<QSqlQuery> exec(const QString &sql, const QVariantList &binds = {});
    // Like exec, but keeps the statement prepared for the next call: for hot
    // paths. The caller must be done with the previous result of the same SQL.
    Result<CachedQuery> execCached(const QString &sql, const QVariantList &binds = {});

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

    static int latestSchemaVersion();

private:
    Database(QString connectionName, QString path, Dialect dialect);

    Status begin();
    Status beginRead();
    Status commit();
    void rollback();
    Status migrate(int maxVersion);

    QSqlDatabase connection() const;

    Status run(QSqlQuery &query, const QString &sql, const QVariantList &binds);

    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
    QString m_connectionName;
    QString m_path;
    Dialect m_dialect;
    bool m_inTransaction = false;
};

} // namespace ordo

#include "client/ChangeFeed.h"

#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcFeed, "ordo.feed", QtInfoMsg)

namespace ordo {

namespace {

class SqliteChangeFeed final : public ChangeFeed
{
public:
    SqliteChangeFeed(std::unique_ptr<Database> db, qint64 lastSeq, std::chrono::milliseconds pollInterval)
        : m_db(std::move(db)), m_lastSeq(lastSeq)
    {
        connect(&m_timer, &QTimer::timeout, this, &SqliteChangeFeed::poll);
        m_timer.start(pollInterval);
    }

private:
    Result<qint64> dataVersion()
    {
        ORDO_TRY(q, m_db->execCached(QStringLiteral("PRAGMA data_version")));
        return q.next() ? q.integer(0) : 0;
    }

    void poll()
    {
        auto version = dataVersion();
        if (!version || *version == m_dataVersion)
            return;
        auto since = changesAfter(*m_db, m_lastSeq);
        if (!since) {
            // Busy or gone for a moment: the next tick tries again.
            qCWarning(lcFeed) << "cannot read the change log:" << since.error().message;
            return;
        }
        m_dataVersion = *version;
        m_lastSeq = since->lastSeq;
        if (!since->changes.isEmpty())
            Q_EMIT changed(since->changes);
    }

    std::unique_ptr<Database> m_db;
    qint64 m_lastSeq;
    qint64 m_dataVersion = -1;
    QTimer m_timer;
};

} // namespace

ChangeFeed::~ChangeFeed() = default;

Result<std::unique_ptr<ChangeFeed>> ChangeFeed::open(const QString &databasePath, std::chrono::milliseconds pollInterval)
{
    // A connection of its own: data_version moves only for other connections' commits.
    ORDO_TRY(db, Database::openSqlite(databasePath, -1, Database::OpenMode::MustExist));
    ORDO_TRY(lastSeq, lastChangeSeq(*db));
    return std::unique_ptr<ChangeFeed>(new SqliteChangeFeed(std::move(db), lastSeq, pollInterval));
}

} // namespace ordo

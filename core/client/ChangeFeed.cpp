#include "client/ChangeFeed.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcFeed, "ordo.feed", QtInfoMsg)

namespace ordo {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::ChangeFeed)
};

class SqliteChangeFeed final : public ChangeFeed
{
public:
    SqliteChangeFeed(std::unique_ptr<Database> db, QString path, qint64 lastSeq, std::chrono::milliseconds pollInterval)
        : m_db(std::move(db)), m_path(std::move(path)), m_lastSeq(lastSeq), m_pollInterval(pollInterval)
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
        // An open connection goes on reading a file that was deleted or
        // replaced: only the path tells that the database is gone.
        if (!QFileInfo::exists(m_path)) {
            m_timer.stop();
            const QString why = Text::tr("the database %1 is gone").arg(m_path);
            qCWarning(lcFeed).noquote() << "stopped:" << why;
            m_stopped = true;
            Q_EMIT stopped(why);
            return;
        }
        auto version = dataVersion();
        if (!version) {
            failed(version.error().message);
            return;
        }
        if (*version == m_dataVersion) {
            recovered();
            return;
        }
        auto since = changesAfter(*m_db, m_lastSeq);
        if (!since) {
            failed(since.error().message);
            return;
        }
        recovered();
        m_dataVersion = *version;
        m_lastSeq = since->lastSeq;
        if (!since->changes.isEmpty())
            Q_EMIT changed(since->changes);
    }

    // Busy or gone for a moment: the next tick tries again; an error that
    // lasts is reported once.
    void failed(const QString &message)
    {
        if (!m_failingFor.isValid()) {
            qCWarning(lcFeed) << "cannot read the change log:" << message;
            m_failingFor.start();
        }
        if (!m_stopped && m_failingFor.elapsed() >= kStoppedAfter.count()) {
            m_stopped = true;
            m_timer.setInterval(std::max(m_pollInterval, kStoppedAfter)); // no use asking 20 times a second meanwhile
            Q_EMIT stopped(Text::tr("cannot read the change log: %1").arg(message));
        }
    }

    void recovered()
    {
        m_failingFor.invalidate();
        if (std::exchange(m_stopped, false)) {
            qCInfo(lcFeed) << "reading the change log again";
            m_timer.setInterval(m_pollInterval);
            Q_EMIT resumed();
        }
    }

    std::unique_ptr<Database> m_db;
    const QString m_path;
    qint64 m_lastSeq;
    const std::chrono::milliseconds m_pollInterval;
    QElapsedTimer m_failingFor; // valid while reads fail
    bool m_stopped = false;
    qint64 m_dataVersion = -1;
    QTimer m_timer;
};

} // namespace

ChangeFeed::~ChangeFeed() = default;

Result<std::unique_ptr<ChangeFeed>> ChangeFeed::open(const QString &databasePath, std::chrono::milliseconds pollInterval)
{
    if (Database::isPostgresLocation(databasePath))
        return Error::internal(Text::tr("a shared database has no change feed yet: it comes with its notifications"));
    // A connection of its own: data_version moves only for other connections' commits.
    ORDO_TRY(db, Database::open(databasePath, -1, Database::OpenMode::MustExist));
    ORDO_TRY(lastSeq, lastChangeSeq(*db));
    return std::unique_ptr<ChangeFeed>(new SqliteChangeFeed(std::move(db), QFileInfo(databasePath).absoluteFilePath(), lastSeq, pollInterval));
}

} // namespace ordo

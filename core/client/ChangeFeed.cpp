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

// How often a shared database's feed reads without being notified, at least.
constexpr std::chrono::milliseconds kSharedFallbackPoll{1000};

// What both feeds share: a timer, and telling when reads keep failing.
class PollingFeed : public ChangeFeed
{
protected:
    explicit PollingFeed(std::chrono::milliseconds pollInterval) : m_pollInterval(pollInterval)
    {
        m_timer.start(pollInterval);
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

    const std::chrono::milliseconds m_pollInterval;
    QElapsedTimer m_failingFor; // valid while reads fail
    bool m_stopped = false;
    QTimer m_timer;
};

class SqliteChangeFeed final : public PollingFeed
{
public:
    SqliteChangeFeed(std::unique_ptr<Database> db, QString path, qint64 lastSeq, std::chrono::milliseconds pollInterval)
        : PollingFeed(pollInterval), m_db(std::move(db)), m_path(std::move(path)), m_lastSeq(lastSeq)
    {
        connect(&m_timer, &QTimer::timeout, this, &SqliteChangeFeed::poll);
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

    std::unique_ptr<Database> m_db;
    const QString m_path;
    qint64 m_lastSeq;
    qint64 m_dataVersion = -1;
};

// A shared database notifies its feeds (Database::Channel::Feed) when a
// transaction that changed something commits; the feed then reads the change
// log through its own connection and rights. The notification may be lost
// (the listening connection dropped): the feed also reads on every tick,
// and checks that its listener still answers, which reconnects it.
class PostgresChangeFeed final : public PollingFeed
{
public:
    PostgresChangeFeed(std::unique_ptr<Database> reader, std::unique_ptr<Database> listener, QString snapshot,
                       std::chrono::milliseconds fallbackPoll)
        : PollingFeed(fallbackPoll), m_reader(std::move(reader)), m_listener(std::move(listener)), m_snapshot(std::move(snapshot))
    {
        connect(&m_timer, &QTimer::timeout, this, &PostgresChangeFeed::poll);
        // A burst of commits is read once.
        m_coalesce.setSingleShot(true);
        m_coalesce.setInterval(kCoalesce);
        connect(&m_coalesce, &QTimer::timeout, this, &PostgresChangeFeed::read);
    }

    Status listen()
    {
        return m_listener->listen(Database::Channel::Feed, [this] {
            if (!m_coalesce.isActive())
                m_coalesce.start();
        });
    }

private:
    static constexpr std::chrono::milliseconds kCoalesce{5};

    void poll()
    {
        // A connection that went away answers with an error once, then connects again.
        if (auto alive = m_listener->exec(QStringLiteral("SELECT 1")); !alive) {
            failed(alive.error().message);
            return;
        }
        read();
    }

    void read()
    {
        auto seen = changesNewIn(*m_reader, m_snapshot);
        if (!seen) {
            failed(seen.error().message);
            return;
        }
        recovered();
        m_snapshot = seen->snapshot;
        if (!seen->changes.isEmpty())
            Q_EMIT changed(seen->changes);
    }

    std::unique_ptr<Database> m_reader;
    std::unique_ptr<Database> m_listener;
    QString m_snapshot;
    QTimer m_coalesce;
};

} // namespace

ChangeFeed::~ChangeFeed() = default;

namespace {

Result<std::unique_ptr<ChangeFeed>> sharedFeed(std::unique_ptr<Database> reader, std::unique_ptr<Database> listener,
                                               std::chrono::milliseconds pollInterval)
{
    ORDO_TRY(snapshot, changeSnapshot(*reader));
    // Notified at once; the poll only catches a notification that was lost.
    const auto fallbackPoll = std::max(pollInterval, kSharedFallbackPoll);
    std::unique_ptr<PostgresChangeFeed> feed(new PostgresChangeFeed(std::move(reader), std::move(listener), snapshot, fallbackPoll));
    ORDO_CHECK(feed->listen());
    return std::unique_ptr<ChangeFeed>(std::move(feed));
}

} // namespace

Result<std::unique_ptr<ChangeFeed>> ChangeFeed::openAs(const QString &databaseUrl, const QString &role, const QString &password)
{
    ORDO_TRY(reader, Database::openPostgresAs(databaseUrl, role, password));
    ORDO_TRY(listener, Database::openPostgresAs(databaseUrl, role, password));
    return sharedFeed(std::move(reader), std::move(listener), kSharedFallbackPoll);
}

Result<std::unique_ptr<ChangeFeed>> ChangeFeed::open(const QString &databasePath, std::chrono::milliseconds pollInterval)
{
    if (Database::isPostgresLocation(databasePath)) {
        ORDO_TRY(reader, Database::open(databasePath, -1, Database::OpenMode::MustExist));
        ORDO_TRY(listener, Database::open(databasePath, -1, Database::OpenMode::MustExist));
        return sharedFeed(std::move(reader), std::move(listener), pollInterval);
    }
    // A connection of its own: data_version moves only for other connections' commits.
    ORDO_TRY(db, Database::open(databasePath, -1, Database::OpenMode::MustExist));
    ORDO_TRY(lastSeq, lastChangeSeq(*db));
    return std::unique_ptr<ChangeFeed>(new SqliteChangeFeed(std::move(db), QFileInfo(databasePath).absoluteFilePath(), lastSeq, pollInterval));
}

} // namespace ordo

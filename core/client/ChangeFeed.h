#pragma once

#include "store/ChangeLog.h"
#include "util/Result.h"

#include <QList>
#include <QObject>

#include <chrono>
#include <memory>

namespace ordo {

// Tells listeners, in batches, which orders, approvals, workflows and steps
// changed, whether this process or another committed the change. The changes
// of one transaction always arrive in one batch; a batch may hold several
// transactions'. Listeners filter by tenant. Lives on the thread that opened
// it, and reports from there.
//
// SQLite has no notifications, so its feed polls the connection's
// data_version (which moves when another connection commits; a read of no
// table) and reads the change log only when it moved. A PostgreSQL feed
// LISTENs for the notification a committing transaction sends, reads the log
// then, and in case a notification was lost every second (or every
// pollInterval, when that is longer).
//
// A feed that cannot read the log for a while (an error that lasts, a log
// that is not there) or whose database file is gone says so with stopped();
// one that reads again after an error says resumed(). A database file that
// is gone does not come back: that feed stays stopped.
class ChangeFeed : public QObject
{
    Q_OBJECT

public:
    // Reports what is committed after it opened. The database must exist.
    static Result<std::unique_ptr<ChangeFeed>> open(const QString &databasePath,
                                                    std::chrono::milliseconds pollInterval = std::chrono::milliseconds(50));
    // The same on a shared database, through a person's own login role.
    static Result<std::unique_ptr<ChangeFeed>> openAs(const QString &databaseUrl, const QString &role, const QString &password);
    ~ChangeFeed() override;

    // How long reads may fail before the feed counts as stopped: a busy
    // database for a moment is no news.
    static constexpr std::chrono::milliseconds kStoppedAfter{1000};

Q_SIGNALS:
    void changed(const QList<ordo::Change> &changes);
    // Changes no longer arrive; why is one line for a person.
    void stopped(const QString &why);
    // Changes arrive again after stopped().
    void resumed();

protected:
    ChangeFeed() = default;
};

} // namespace ordo

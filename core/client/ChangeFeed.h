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
// table) and reads the change log only when it moved. A PostgreSQL feed will
// LISTEN for a NOTIFY sent by the same transaction, behind this interface.
class ChangeFeed : public QObject
{
    Q_OBJECT

public:
    // Reports what is committed after it opened. The database must exist.
    static Result<std::unique_ptr<ChangeFeed>> open(const QString &databasePath,
                                                    std::chrono::milliseconds pollInterval = std::chrono::milliseconds(50));
    ~ChangeFeed() override;

Q_SIGNALS:
    void changed(const QList<ordo::Change> &changes);

protected:
    ChangeFeed() = default;
};

} // namespace ordo

#pragma once

#include "store/Database.h"

#include <QList>

namespace ordo {

// What the change feeds report: which entity changed, not how. Tickets and
// CMDB items are the embedded service desk's records (ServiceDesk.h).
enum class ChangeKind { Order = 1, Approval = 2, Workflow = 3, Step = 4, Ticket = 5, CmdbItem = 6 };

struct Change
{
    ChangeKind kind = ChangeKind::Order;
    qint64 id = 0; // the entity's id; an approval is its order's, a ticket comment its ticket's
    qint64 tenantId = 0; // 0: the cloud provider's own (a workflow started for no tenant)

    friend bool operator==(const Change &, const Change &) = default;
};

inline size_t qHash(const Change &c, size_t seed = 0)
{
    return qHashMulti(seed, static_cast<int>(c.kind), c.id, c.tenantId);
}

// The change log: every write of an order, approval, workflow, step, ticket or CMDB item notes
// it here, in the same transaction, so that a feed in any process sees it
// once it commits. Must run inside a write transaction.
Status recordChanges(Database &db, const QList<Change> &changes);

// The newest entry, to start a feed from; 0 when there is none.
Result<qint64> lastChangeSeq(Database &db);

struct ChangesSince
{
    QList<Change> changes; // in commit order, each at most once
    qint64 lastSeq = 0;
};
// What was noted after seq. On SQLite, where one writer at a time commits,
// seq grows in commit order.
Result<ChangesSince> changesAfter(Database &db, qint64 seq);

// A shared database commits sequence values out of order: its feeds read by
// writing transaction instead, up to the horizon, the oldest transaction still
// open (everything below it has ended). Where a feed starts.
Result<QString> changeHorizon(Database &db);
struct ChangesBelow
{
    QList<Change> changes; // by transaction, each at most once
    QString horizon; // where the next read starts
};
// What transactions from horizon up to the current horizon noted (PostgreSQL).
Result<ChangesBelow> changesFrom(Database &db, const QString &horizon);

} // namespace ordo

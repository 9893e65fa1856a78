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
    QList<Change> changes; // in commit order (within a transaction, each tenant's as noted), each at most once
    qint64 lastSeq = 0;
};
// What was noted after seq. On SQLite, where one writer at a time commits,
// seq grows in commit order.
Result<ChangesSince> changesAfter(Database &db, qint64 seq);

// A shared database commits sequence values out of order: its feeds read by
// writing transaction instead. A feed keeps the database snapshot of its last
// read and reports what the transactions it did not see committed, newly
// visible in the next. Where a feed starts: the snapshot now.
Result<QString> changeSnapshot(Database &db);
struct ChangesInSnapshot
{
    QList<Change> changes; // by transaction, each at most once
    QString snapshot; // the snapshot they were read in: where the next read starts
};
// What transactions committed since the previous snapshot noted (PostgreSQL).
Result<ChangesInSnapshot> changesNewIn(Database &db, const QString &previous);

} // namespace ordo

#include "store/ChangeLog.h"

#include "store/SqlArrays.h"
#include "store/TenantColumn.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace ordo {

namespace {
// The feeds read only what is new, so old entries go: every kPruneEvery
// rows, all but the newest kKeep. The newest always stays, so that the
// sequence never starts over.
constexpr qint64 kPruneEvery = 1024;
constexpr qint64 kKeep = 10000;
constexpr qsizetype kRowsPerInsert = 100;

// A shared database's rows each hold a transaction's changes for one tenant
// (kinds and entity_ids, in the order noted), or one change (kind and
// entity_id: the definer functions' and those from before schema 29).
const QString kChangesEach = QStringLiteral(
    "changes c CROSS JOIN LATERAL unnest(COALESCE(c.kinds, ARRAY[c.kind]), COALESCE(c.entity_ids, ARRAY[c.entity_id]))"
    " WITH ORDINALITY AS u(kind, entity_id, n)");

// A feed reports each entity once per batch, in the order first noted (on a
// shared database, each tenant's changes of a transaction in the order noted).
void addOnce(QList<Change> &changes, QSet<Change> &seen, const Change &c)
{
    if (!seen.contains(c)) {
        seen.insert(c);
        changes.append(c);
    }
}
} // namespace

Status recordChanges(Database &db, const QList<Change> &changes)
{
    if (!db.inTransaction())
        return Error::internal(QStringLiteral("a change noted outside a transaction"));
    if (changes.isEmpty())
        return ok();
    db.notifyOnCommit(Database::Channel::Feed);
    // A decision is work for the engines, which nobody else tells.
    if (std::any_of(changes.cbegin(), changes.cend(), [](const Change &c) { return c.kind == ChangeKind::Order || c.kind == ChangeKind::Approval; }))
        db.notifyOnCommit(Database::Channel::Work);
    const auto prune = [&db](qint64 last, qsizetype added) -> Status {
        if (last / kPruneEvery != (last - added) / kPruneEvery)
            ORDO_CHECK(db.execCached(QStringLiteral("DELETE FROM changes WHERE seq <= ?"), {last - kKeep}));
        return ok();
    };
    if (db.dialect() == Database::Dialect::Postgres) {
        // One row per tenant: an engine's pump notes two or three changes a step, and a
        // row per change cost the server an insert with two index entries, a delete and
        // a vacuum each, a third of its WAL records in the engine benchmark. Each row's
        // arrays go as the text of an array literal: one statement for any number of
        // tenants and changes, and nothing for the server to sort.
        QList<qint64> tenants;
        QHash<qint64, std::pair<QList<qint64>, QList<qint64>>> kindsAndIds;
        for (const Change &c : changes) {
            auto found = kindsAndIds.find(c.tenantId);
            if (found == kindsAndIds.end()) {
                tenants.append(c.tenantId);
                found = kindsAndIds.insert(c.tenantId, {});
            }
            found->first.append(static_cast<qint64>(c.kind));
            found->second.append(c.id);
        }
        QList<QVariantList> rows;
        rows.reserve(tenants.size());
        for (const qint64 tenant : std::as_const(tenants)) {
            const auto &[kinds, ids] = *kindsAndIds.constFind(tenant);
            rows.append({sqlarrays::numbers(kinds), sqlarrays::numbers(ids), tenantColumnValue(tenant)});
        }
        ORDO_TRY(q, db.execCached(QStringLiteral("WITH added AS (INSERT INTO changes(kinds, entity_ids, tenant_id)"
                                                 " SELECT CAST(v.kinds AS bigint[]), CAST(v.ids AS bigint[]), v.tenant FROM ")
                                      + sqlarrays::unnestOf(rows.first())
                                      + QStringLiteral(" AS v(kinds, ids, tenant) RETURNING seq) SELECT MAX(seq) FROM added"),
                                  sqlarrays::columns(rows, 3)));
        return prune(q.next() ? q.integer(0) : 0, tenants.size());
    }
    for (qsizetype from = 0; from < changes.size(); from += kRowsPerInsert) {
        const qsizetype n = std::min(kRowsPerInsert, changes.size() - from);
        QString sql = QStringLiteral("INSERT INTO changes(kind, entity_id, tenant_id) VALUES ");
        QVariantList binds;
        binds.reserve(n * 3);
        for (qsizetype i = 0; i < n; ++i) {
            const Change &c = changes.at(from + i);
            sql += i ? QStringLiteral(", (?, ?, ?)") : QStringLiteral("(?, ?, ?)");
            binds << static_cast<int>(c.kind) << c.id << tenantColumnValue(c.tenantId);
        }
        sql += QStringLiteral(" RETURNING seq");
        ORDO_TRY(q, db.execCached(sql, binds));
        qint64 last = 0;
        while (q.next())
            last = std::max(last, q.integer(0));
        ORDO_CHECK(prune(last, n));
    }
    return ok();
}

Result<qint64> lastChangeSeq(Database &db)
{
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM changes")));
    return q.next() ? q.integer(0) : 0;
}

Result<ChangesSince> changesAfter(Database &db, qint64 seq)
{
    ORDO_TRY(q, db.execCached(db.dialect() == Database::Dialect::Postgres
                                  ? QStringLiteral("SELECT c.seq, u.kind, u.entity_id, COALESCE(c.tenant_id, 0) FROM ") + kChangesEach
                                        + QStringLiteral(" WHERE c.seq > ? ORDER BY c.seq, u.n")
                                  : QStringLiteral("SELECT seq, kind, entity_id, COALESCE(tenant_id, 0) FROM changes WHERE seq > ? ORDER BY seq"),
                              {seq}));
    ChangesSince since{{}, seq};
    QSet<Change> seen;
    while (q.next()) {
        since.lastSeq = q.integer(0);
        addOnce(since.changes, seen, {static_cast<ChangeKind>(q.integer(1)), q.integer(2), q.integer(3)});
    }
    return since;
}

Result<QString> changeSnapshot(Database &db)
{
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT CAST(pg_current_snapshot() AS text)")));
    if (!q.next())
        return Error::internal(QStringLiteral("database error: no snapshot"));
    return q.text(0);
}

Result<ChangesInSnapshot> changesNewIn(Database &db, const QString &previous)
{
    return db.read([&]() -> Result<ChangesInSnapshot> {
        // This read's own snapshot (a REPEATABLE READ transaction keeps one):
        // its rows are those of the transactions it sees committed, and those
        // the previous snapshot saw too were reported then. A transaction still
        // open, even a long one elsewhere on the server, holds back only itself.
        ORDO_TRY(current, changeSnapshot(db));
        ChangesInSnapshot seen{{}, current};
        ORDO_TRY(q, db.execCached(QStringLiteral("SELECT u.kind, u.entity_id, COALESCE(c.tenant_id, 0) FROM ") + kChangesEach
                                      + QStringLiteral(" WHERE c.xid >= pg_snapshot_xmin(CAST(? AS pg_snapshot))"
                                                       " AND NOT pg_visible_in_snapshot(c.xid, CAST(? AS pg_snapshot)) ORDER BY c.xid, c.seq, u.n"),
                                  {previous, previous}));
        QSet<Change> once;
        while (q.next())
            addOnce(seen.changes, once, {static_cast<ChangeKind>(q.integer(0)), q.integer(1), q.integer(2)});
        return seen;
    });
}

} // namespace ordo

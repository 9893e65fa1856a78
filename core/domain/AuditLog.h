#pragma once

#include "domain/Types.h"
#include "domain/Store.h"
#include "util/Clock.h"
#include "util/Result.h"

#include <memory>

namespace ordo {

struct AuditRecord
{
    QString actor;
    Id tenantId = 0;
    QString entity;
    QString entityId;
    QString action;
    QString fromState;
    QString toState;
    QString reason;
    QJsonObject details;
};

struct AuditVerification
{
    qint64 entriesChecked = 0;
    bool intact = true;
    qint64 firstBadSeq = 0; // 0 when intact
    QString problem;
    // Entries written before the chain was keyed: their unkeyed hashes are
    // only as strong as they ever were, though the first keyed entry seals them.
    qint64 legacyEntries = 0;
};

// Append-only, hash-chained trail of who did what, when and why. Each entry's
// hash is an HMAC-SHA256 over its content and the previous entry's hash, so an
// edited, deleted or cut-off entry breaks the chain, and one who can write the
// database file but lacks the key cannot re-hash it. The key is random, one
// per database. An embedded database's lives only in the OS keychain, filed
// under the database's id, and its newest hash is anchored outside the
// database too, in a file beside it that the key signs, so that cutting off
// the tail and moving the head in the database is seen. A shared database
// holds its key itself, readable by its owner only, and appends with
// ordo.audit_append(), so that engine hosts extend the trail without ever
// holding the key. See docs/audit.md.
class AuditLog final
{
public:
    AuditLog(Store &store, const Clock &clock) : m_store(store), m_clock(clock) {}

    // What the trail stamps entries with; a change it records carries the same time.
    const Clock &clock() const { return m_clock; }

    // Must run inside the write transaction of the change it records.
    Status record(const AuditRecord &record);
    Result<QList<AuditEntry>> entries(std::optional<Id> tenantId, const QString &entity = {}, const QString &entityId = {});
    Result<AuditVerification> verify();

    // Hashes of entries written before the chain was keyed (schema 10).
    static QByteArray legacyHashOf(const AuditEntry &entry);
    static QByteArray keyedHashOf(const AuditEntry &entry, const QByteArray &key);
    // The anchor file of the database at databasePath.
    static QString anchorPath(const QString &databasePath);
    static bool hasAnchor(const Database &database);
    // The keychain name of a database's audit key.
    static QString keyName(const QString &databaseId);
    // The key of the database's trail: a shared database's own (its owner
    // reads it), an embedded one's from the keychain.
    static Result<QByteArray> trailKey(Database &database, const Store::AuditKeying &keying);

private:
    static Result<QByteArray> key(const Store::AuditKeying &keying, bool createIfNew);

    struct PendingAnchor
    {
        QByteArray key;
        Store::AuditKeying keying;
        qint64 seq = 0;
        QByteArray hash;
    };

    Store &m_store;
    const Clock &m_clock;
    // Held by the open transaction's after-commit call; gone once it ran or rolled back.
    std::weak_ptr<PendingAnchor> m_pendingAnchor;
};

} // namespace ordo

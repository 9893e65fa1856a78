#include "domain/AuditLog.h"

#include "security/SecretStore.h"
#include "domain/Store.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QSqlQuery>

#include <mutex>

#include <sodium.h>

namespace ordo {

namespace {

// The translation context of this file's messages.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::AuditLog)
};

Q_LOGGING_CATEGORY(lcAudit, "ordo.audit", QtInfoMsg)

constexpr qsizetype keyBytes = crypto_auth_hmacsha256_KEYBYTES;

// How details are stored and hashed when an entry is made.
QString compactJson(const QJsonObject &details)
{
    return QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
}

// Fields are length-prefixed so that moving text between fields changes the hash.
QByteArray hashInput(const AuditEntry &e)
{
    QByteArray input;
    const auto add = [&](const QString &field) {
        const QByteArray bytes = field.toUtf8();
        input += QByteArray::number(bytes.size()) + ':';
        input += bytes;
    };
    add(QString::fromLatin1(e.prevHash));
    add(QString::number(e.seq));
    // The ISO text the time was stored as when chains began: chains written
    // before times became epoch milliseconds must still verify.
    add(e.at.toUTC().toString(Qt::ISODateWithMs));
    add(e.actor);
    add(QString::number(e.tenantId));
    add(e.entity);
    add(e.entityId);
    add(e.action);
    add(e.fromState);
    add(e.toState);
    add(e.reason);
    // The stored text, as a shared database hashed it (ordo.audit_append), so
    // that no text it took can make the trail fail to verify.
    add(e.detailsText.isNull() ? compactJson(e.details) : e.detailsText);
    return input;
}

QByteArray hmac(const QByteArray &key, const QByteArray &input)
{
    Q_ASSERT(key.size() == keyBytes);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char *>(input.constData()), quint64(input.size()),
                           reinterpret_cast<const unsigned char *>(key.constData()));
    return QByteArray(reinterpret_cast<const char *>(mac), sizeof mac).toHex();
}

// Keys already read from the keychain, by database id: one keychain round
// trip per database and process, so that audit writes stay cheap and a
// worker that writes an entry waits on the keychain only once.
std::mutex keyCacheMutex;
QHash<QString, QByteArray> keyCache;

QByteArray anchorMac(const QByteArray &key, const Store::AuditKeying &keying, qint64 seq, const QByteArray &hash)
{
    return hmac(key, "ordo-audit-anchor:" + keying.databaseId.toUtf8() + ':' + QByteArray::number(keying.legacyUntil) + ':'
                         + QByteArray::number(seq) + ':' + hash);
}

struct Anchor
{
    bool present = false;
    QString databaseId;
    qint64 legacyUntil = 0;
    qint64 seq = 0;
    QByteArray hash;
    QByteArray mac;
};

Anchor readAnchor(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    return {true,
            o.value(QLatin1String("database")).toString(),
            o.value(QLatin1String("legacyUntil")).toInteger(),
            o.value(QLatin1String("seq")).toInteger(),
            o.value(QLatin1String("hash")).toString().toLatin1(),
            o.value(QLatin1String("mac")).toString().toLatin1()};
}

// Moves the anchor forward to seq; never back, as a later writer (another
// process) may have anchored a newer entry already.
void writeAnchor(const QString &path, const QByteArray &key, const Store::AuditKeying &keying, qint64 seq, const QByteArray &hash)
{
    const Anchor current = readAnchor(path);
    if (current.present && current.databaseId == keying.databaseId && current.seq > seq
        && current.mac == anchorMac(key, {current.databaseId, current.legacyUntil}, current.seq, current.hash))
        return;
    QSaveFile file(path);
    const QJsonObject o{{QLatin1String("database"), keying.databaseId},
                        {QLatin1String("legacyUntil"), keying.legacyUntil},
                        {QLatin1String("seq"), seq},
                        {QLatin1String("hash"), QString::fromLatin1(hash)},
                        {QLatin1String("mac"), QString::fromLatin1(anchorMac(key, keying, seq, hash))}};
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(o).toJson(QJsonDocument::Compact)) < 0 || !file.commit())
        // The entry is committed; the anchor only lags, which verify accepts.
        qCWarning(lcAudit) << "cannot write the audit anchor" << path << file.errorString();
}

// A shared database appends itself (migration 21): the key never leaves it.
// The function takes a NULL text field as empty.
Status recordInDatabase(Database &db, const AuditRecord &r, qint64 atMs)
{
    // Prepared once per connection: every state change appends one.
    const Result<CachedQuery> appended = db.execCached(QStringLiteral("SELECT ordo.audit_append(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                                                       {r.actor, qint64(r.tenantId), r.entity, r.entityId, r.action, r.fromState,
                                                        r.toState, r.reason, compactJson(r.details), atMs});
    if (!appended)
        return Error{appended.error().code, Text::tr("the audit trail could not be extended: %1").arg(appended.error().message)};
    return ok();
}

} // namespace

QByteArray AuditLog::legacyHashOf(const AuditEntry &e)
{
    return QCryptographicHash::hash(hashInput(e), QCryptographicHash::Sha256).toHex();
}

QByteArray AuditLog::keyedHashOf(const AuditEntry &e, const QByteArray &key)
{
    return hmac(key, hashInput(e));
}

// The anchor is a file beside an embedded database, so that a copy of the
// file rolled back to an older state is found out. A shared database has no
// file beside it: its trail is for the database's own roles to guard.
bool AuditLog::hasAnchor(const Database &database)
{
    return database.dialect() == Database::Dialect::Sqlite;
}

QString AuditLog::anchorPath(const QString &databasePath)
{
    return databasePath + QStringLiteral("-audit-anchor");
}

QString AuditLog::keyName(const QString &databaseId)
{
    return QStringLiteral("ordo-audit-") + databaseId;
}

Result<QByteArray> AuditLog::trailKey(Database &database, const Store::AuditKeying &keying)
{
    if (database.dialect() == Database::Dialect::Sqlite)
        return key(keying, false);
    ORDO_TRY(q, database.exec(QStringLiteral("SELECT encode(key, 'hex') FROM ordo_private.audit_key WHERE id = 1")));
    if (!q.next())
        return Error::notFound(Text::tr("the audit key of this database is not in it: its trail was keyed in the keychain of the hosts "
                                        "that wrote it ('%1')")
                                   .arg(keyName(keying.databaseId)));
    return QByteArray::fromHex(q.value(0).toString().toLatin1());
}

Result<QByteArray> AuditLog::key(const Store::AuditKeying &keying, bool createIfNew)
{
    {
        const std::lock_guard lock(keyCacheMutex);
        if (const auto found = keyCache.constFind(keying.databaseId); found != keyCache.constEnd())
            return *found;
    }
    const SecretStore keychain;
    const QString name = keyName(keying.databaseId);
    Result<QByteArray> stored = keychain.read(name);
    if (!stored && stored.error().code == ErrorCode::NotFound && createIfNew) {
        QByteArray fresh(keyBytes, Qt::Uninitialized);
        randombytes_buf(fresh.data(), size_t(fresh.size()));
        ORDO_CHECK(keychain.write(name, fresh));
        stored = fresh;
    } else if (!stored && stored.error().code == ErrorCode::NotFound) {
        return Error::notFound(Text::tr("the audit key of this database ('%1') is not in the keychain, so its trail cannot be "
                                        "checked or extended; a copy of the database needs its key too")
                                   .arg(name));
    }
    if (!stored)
        return Error{stored.error().code, Text::tr("the audit key is out of reach, so nothing audited can be done: %1").arg(stored.error().message)};
    if (stored->size() != keyBytes)
        return Error::internal(Text::tr("the keychain item '%1' is not an audit key").arg(name));
    const std::lock_guard lock(keyCacheMutex);
    keyCache.insert(keying.databaseId, *stored);
    return *stored;
}

Status AuditLog::record(const AuditRecord &r)
{
    if (!m_store.database().inTransaction())
        return Error::internal(Text::tr("an audit entry must be written with the change it records"));
    if (m_store.database().dialect() == Database::Dialect::Postgres)
        return recordInDatabase(m_store.database(), r, m_clock.now().toMSecsSinceEpoch());
    if (sodium_init() < 0)
        return Error::internal(Text::tr("libsodium could not be initialised"));
    ORDO_TRY(keying, m_store.auditKeying());
    ORDO_TRY(head, m_store.auditHead(true));
    const bool firstKeyed = head.lastSeq <= keying.legacyUntil;
    // No entry is ever written without its key: a locked or missing keychain fails the change.
    ORDO_TRY(auditKey, key(keying, firstKeyed));
    const bool anchored = hasAnchor(m_store.database());
    const QString anchorFile = anchorPath(m_store.database().path());
    // The chain's start (or its legacy head) is anchored before the first keyed entry.
    if (anchored && firstKeyed && !readAnchor(anchorFile).present)
        writeAnchor(anchorFile, auditKey, keying, head.lastSeq, head.lastHash);
    AuditEntry e;
    e.seq = head.lastSeq + 1;
    // Stored with millisecond precision; hash what will be read back.
    e.at = QDateTime::fromMSecsSinceEpoch(m_clock.now().toMSecsSinceEpoch(), Qt::UTC);
    e.actor = r.actor;
    e.tenantId = r.tenantId;
    e.entity = r.entity;
    e.entityId = r.entityId;
    e.action = r.action;
    e.fromState = r.fromState;
    e.toState = r.toState;
    e.reason = r.reason;
    e.details = r.details;
    e.prevHash = head.lastHash;
    e.hash = keyedHashOf(e, auditKey);
    ORDO_CHECK(m_store.appendAudit(e));
    if (!anchored)
        return ok();
    // One anchor write per transaction, for its newest entry, once it has committed.
    auto pending = m_pendingAnchor.lock();
    if (!pending) {
        pending = std::make_shared<PendingAnchor>();
        m_pendingAnchor = pending;
        m_store.database().afterCommit([anchorFile, pending] {
            writeAnchor(anchorFile, pending->key, pending->keying, pending->seq, pending->hash);
        });
    }
    *pending = {auditKey, keying, e.seq, e.hash};
    return ok();
}

Result<QList<AuditEntry>> AuditLog::entries(std::optional<Id> tenantId, const QString &entity, const QString &entityId)
{
    return m_store.auditEntries({tenantId, entity, entityId});
}

Result<AuditVerification> AuditLog::verify()
{
    if (sodium_init() < 0)
        return Error::internal(Text::tr("libsodium could not be initialised"));
    return m_store.database().read([&]() -> Result<AuditVerification> {
        ORDO_TRY(all, m_store.auditEntries({}));
        ORDO_TRY(head, m_store.auditHead());
        ORDO_TRY(keying, m_store.auditKeying());
        const bool anchored = hasAnchor(m_store.database());
        const Anchor anchor = anchored ? readAnchor(anchorPath(m_store.database().path())) : Anchor{};
        AuditVerification v;
        const auto broken = [&](qint64 seq, const QString &problem) {
            v.intact = false;
            v.firstBadSeq = seq;
            v.problem = problem;
            return Result<AuditVerification>(v);
        };
        // A trail that was never extended since it was keyed has no key yet.
        const bool keyed = anchor.present || head.lastSeq > keying.legacyUntil
                           || std::any_of(all.cbegin(), all.cend(), [&](const AuditEntry &e) { return e.seq > keying.legacyUntil; });
        QByteArray key;
        if (keyed) {
            ORDO_TRY(found, trailKey(m_store.database(), keying));
            key = found;
        }
        QByteArray previous;
        qint64 expectedSeq = 1;
        for (const AuditEntry &e : std::as_const(all)) {
            ++v.entriesChecked;
            if (e.seq != expectedSeq)
                return broken(expectedSeq, Text::tr("entry %1 is missing").arg(expectedSeq));
            if (e.prevHash != previous)
                return broken(e.seq, Text::tr("entry %1 does not follow the entry before it").arg(e.seq));
            const bool legacy = e.seq <= keying.legacyUntil;
            if ((legacy ? legacyHashOf(e) : keyedHashOf(e, key)) != e.hash)
                return broken(e.seq, Text::tr("entry %1 was changed after it was written").arg(e.seq));
            if (legacy)
                ++v.legacyEntries;
            previous = e.hash;
            ++expectedSeq;
        }
        const qint64 lastSeq = expectedSeq - 1;
        if (head.lastSeq != lastSeq || head.lastHash != previous)
            return broken(expectedSeq, Text::tr("the trail ends at entry %1 but entry %2 was written").arg(lastSeq).arg(head.lastSeq));
        if (!keyed || !anchored)
            return Result<AuditVerification>(v);
        // The anchor outside the database: signed with the key, so it can be
        // removed or swapped for an older one, but not made up.
        if (!anchor.present)
            return broken(lastSeq, Text::tr("the trail's anchor beside the database is missing"));
        if (anchor.databaseId != keying.databaseId || anchor.legacyUntil != keying.legacyUntil
            || anchor.mac != anchorMac(key, {anchor.databaseId, anchor.legacyUntil}, anchor.seq, anchor.hash))
            return broken(lastSeq, Text::tr("the trail's anchor beside the database does not belong to it"));
        if (anchor.seq > lastSeq)
            return broken(lastSeq + 1, Text::tr("the trail ends at entry %1 but entry %2 was written").arg(lastSeq).arg(anchor.seq));
        const QByteArray anchoredHash = anchor.seq == 0 ? QByteArray() : all.at(qsizetype(anchor.seq - 1)).hash;
        if (anchoredHash != anchor.hash)
            return broken(anchor.seq, Text::tr("entry %1 was changed after it was written").arg(anchor.seq));
        return Result<AuditVerification>(v);
    });
}

} // namespace ordo

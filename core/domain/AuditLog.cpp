#include "domain/AuditLog.h"

#include "store/Store.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>

namespace ordo {

namespace {

// The translation context of this file's messages.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::AuditLog)
};

} // namespace

QByteArray AuditLog::hashOf(const AuditEntry &e)
{
    // Fields are length-prefixed so that moving text between fields changes the hash.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto add = [&](const QString &field) {
        const QByteArray bytes = field.toUtf8();
        hash.addData(QByteArray(QByteArray::number(bytes.size()) + ':'));
        hash.addData(bytes);
    };
    add(QString::fromLatin1(e.prevHash));
    add(QString::number(e.seq));
    add(toDbTime(e.at));
    add(e.actor);
    add(QString::number(e.tenantId));
    add(e.entity);
    add(e.entityId);
    add(e.action);
    add(e.fromState);
    add(e.toState);
    add(e.reason);
    add(QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)));
    return hash.result().toHex();
}

Status AuditLog::record(const AuditRecord &r)
{
    if (!m_store.database().inTransaction())
        return Error::internal(Text::tr("an audit entry must be written with the change it records"));
    ORDO_TRY(head, m_store.auditHead());
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
    e.hash = hashOf(e);
    return m_store.appendAudit(e);
}

Result<QList<AuditEntry>> AuditLog::entries(std::optional<Id> tenantId, const QString &entity, const QString &entityId)
{
    return m_store.auditEntries({tenantId, entity, entityId});
}

Result<AuditVerification> AuditLog::verify()
{
    return m_store.database().read([&]() -> Result<AuditVerification> {
        ORDO_TRY(all, m_store.auditEntries({}));
        ORDO_TRY(head, m_store.auditHead());
        AuditVerification v;
        QByteArray previous;
        qint64 expectedSeq = 1;
        const auto broken = [&](qint64 seq, const QString &problem) {
            v.intact = false;
            v.firstBadSeq = seq;
            v.problem = problem;
            return v;
        };
        for (const AuditEntry &e : std::as_const(all)) {
            ++v.entriesChecked;
            if (e.seq != expectedSeq)
                return Result<AuditVerification>(broken(expectedSeq, Text::tr("entry %1 is missing").arg(expectedSeq)));
            if (e.prevHash != previous)
                return Result<AuditVerification>(broken(e.seq, Text::tr("entry %1 does not follow the entry before it").arg(e.seq)));
            if (hashOf(e) != e.hash)
                return Result<AuditVerification>(broken(e.seq, Text::tr("entry %1 was changed after it was written").arg(e.seq)));
            previous = e.hash;
            ++expectedSeq;
        }
        if (head.lastSeq != expectedSeq - 1 || head.lastHash != previous)
            return Result<AuditVerification>(
                broken(expectedSeq, Text::tr("the trail ends at entry %1 but entry %2 was written").arg(expectedSeq - 1).arg(head.lastSeq)));
        return v;
    });
}

} // namespace ordo

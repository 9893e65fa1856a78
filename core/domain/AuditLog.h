#pragma once

#include "domain/Types.h"
#include "util/Clock.h"
#include "util/Result.h"

namespace ordo {

class Store;

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
};

// Append-only, hash-chained trail of who did what, when and why. Each entry's
// hash covers its content and the previous entry's hash, and a head row holds
// the newest hash, so an edited, deleted or cut-off entry breaks the chain.
class AuditLog final
{
public:
    AuditLog(Store &store, const Clock &clock) : m_store(store), m_clock(clock) {}

    // Must run inside the write transaction of the change it records.
    Status record(const AuditRecord &record);
    Result<QList<AuditEntry>> entries(std::optional<Id> tenantId, const QString &entity = {}, const QString &entityId = {});
    Result<AuditVerification> verify();

    static QByteArray hashOf(const AuditEntry &entry);

private:
    Store &m_store;
    const Clock &m_clock;
};

} // namespace ordo

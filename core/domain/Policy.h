#pragma once

#include "domain/Types.h"
#include "util/Result.h"

namespace ordo {

struct ApprovalLevel
{
    enum class Mode { AnyOf, AllOf };

    QString name;
    QString group; // approver group of the tenant
    Mode mode = Mode::AnyOf;
};

// Limits on what may be running (or be about to run). Absent limits are unlimited.
struct Quota
{
    std::optional<qint64> vcpus;
    std::optional<qint64> memoryGiB;
    std::optional<qint64> vms;
};

// A tenant's rules for orders: who approves, what is approved without asking,
// how much may run, and what happens to an order nobody decides on.
struct ApprovalPolicy
{
    QList<ApprovalLevel> levels;
    // Every given threshold must hold for an order to be approved automatically.
    std::optional<qint64> autoApproveMaxMonthlyCents;
    std::optional<qint64> autoApproveMaxVcpus;
    std::optional<qint64> autoApproveMaxMemoryGiB;
    std::optional<qint64> autoApproveMaxVms;
    Quota tenantQuota;
    Quota userQuota;
    int expiryHours = 0; // 0: never expires
    Decision expiryDecision = Decision::Reject;

    static Result<ApprovalPolicy> fromJson(const QJsonObject &json);
    QJsonObject toJson() const;

    bool autoApproves(qint64 monthlyCents, const Footprint &footprint) const;
};

} // namespace ordo

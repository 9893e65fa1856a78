#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <cstdint>

namespace ordo {

using Id = qint64;

enum class Role { Customer, Approver, Support, Admin };

QString roleName(Role role);
std::optional<Role> roleFromName(const QString &name);

struct Tenant
{
    Id id = 0;
    QString slug;
    QString name;
};

struct RoleGrant
{
    Id tenantId = 0;
    Role role = Role::Customer;
};

struct User
{
    Id id = 0;
    QString name;
    QString displayName;
    QString email;
    QList<RoleGrant> roles;
    // Support and admin grants of the cloud provider's own staff: they cover every tenant.
    QList<Role> providerRoles;
    // One OpenSSH public key line, or empty: installed in the guests of the VMs they order.
    QString sshPublicKey;
    // Disabled people no longer log in; what they did stays theirs.
    bool disabled = false;

    bool hasRole(Id tenantId, Role role) const;
    bool hasRoleAnywhere(Role role) const;
    bool hasProviderRole(Role role) const { return providerRoles.contains(role); }
    QList<Id> tenants() const;
};

// What a line of an order occupies: the figures that quotas and approvals count.
struct Footprint
{
    qint64 vcpus = 0;
    qint64 memoryGiB = 0;
    qint64 vms = 0;

    Footprint &operator+=(const Footprint &o)
    {
        vcpus += o.vcpus;
        memoryGiB += o.memoryGiB;
        vms += o.vms;
        return *this;
    }
    Footprint operator*(qint64 n) const { return {vcpus * n, memoryGiB * n, vms * n}; }
    friend bool operator==(const Footprint &, const Footprint &) = default;
};

struct CartLine
{
    Id id = 0;
    Id userId = 0;
    Id tenantId = 0;
    QString itemId;
    QVariantMap parameters;
    int quantity = 1;
    QDateTime addedAt;
};

enum class OrderState {
    Submitted,
    PendingApproval,
    Approved,
    Rejected,
    Provisioning,
    Completed,
    Failed,
    Cancelled,
};

QString orderStateName(OrderState state);
std::optional<OrderState> orderStateFromName(const QString &name);

struct OrderLine
{
    int lineNo = 0;
    QString itemId;
    QString itemName;
    QVariantMap parameters;
    int quantity = 1;
    qint64 unitMonthlyCents = 0;
    QJsonObject priceSnapshot;
    Footprint footprint; // for the whole line (all units)
};

struct Order
{
    Id id = 0;
    Id tenantId = 0;
    Id requesterId = 0;
    QString requesterName;
    QString requestId;
    OrderState state = OrderState::Submitted;
    int version = 0;
    int approvalLevel = 0; // index of the level waiting for decisions
    qint64 monthlyCents = 0;
    QString currency;
    Footprint footprint;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime approvalExpiresAt;
    QList<OrderLine> lines;
};

enum class Decision { Approve, Reject };

struct ApprovalDecision
{
    Id orderId = 0;
    int level = 0;
    Id approverId = 0;
    QString approverName;
    Decision decision = Decision::Approve;
    QString comment;
    QDateTime decidedAt;
};

struct AuditEntry
{
    qint64 seq = 0;
    QDateTime at;
    QString actor;
    Id tenantId = 0;
    QString entity;
    QString entityId;
    QString action;
    QString fromState;
    QString toState;
    QString reason;
    QJsonObject details;
    QByteArray prevHash;
    QByteArray hash;
    // The details as stored, which the hash covers; null for an entry not
    // stored yet, whose details are stored in Qt's compact JSON.
    QString detailsText;
};

} // namespace ordo

#include "domain/Types.h"

#include <algorithm>

namespace ordo {

namespace {

struct RoleNameEntry
{
    Role role;
    const char *name;
};
constexpr RoleNameEntry kRoleNames[] = {{Role::Customer, "customer"},
                                        {Role::Approver, "approver"},
                                        {Role::Support, "support"},
                                        {Role::Admin, "admin"}};

struct StateNameEntry
{
    OrderState state;
    const char *name;
};
constexpr StateNameEntry kStateNames[] = {{OrderState::Submitted, "submitted"},
                                          {OrderState::PendingApproval, "pending-approval"},
                                          {OrderState::Approved, "approved"},
                                          {OrderState::Rejected, "rejected"},
                                          {OrderState::Provisioning, "provisioning"},
                                          {OrderState::Completed, "completed"},
                                          {OrderState::Failed, "failed"},
                                          {OrderState::Cancelled, "cancelled"}};

} // namespace

QString roleName(Role role)
{
    for (const auto &entry : kRoleNames) {
        if (entry.role == role)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

std::optional<Role> roleFromName(const QString &name)
{
    for (const auto &entry : kRoleNames) {
        if (name == QLatin1String(entry.name))
            return entry.role;
    }
    return std::nullopt;
}

QString orderStateName(OrderState state)
{
    for (const auto &entry : kStateNames) {
        if (entry.state == state)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

std::optional<OrderState> orderStateFromName(const QString &name)
{
    for (const auto &entry : kStateNames) {
        if (name == QLatin1String(entry.name))
            return entry.state;
    }
    return std::nullopt;
}

bool User::hasRole(Id tenantId, Role role) const
{
    return std::any_of(roles.begin(), roles.end(),
                       [&](const RoleGrant &g) { return g.tenantId == tenantId && g.role == role; });
}

bool User::hasRoleAnywhere(Role role) const
{
    return std::any_of(roles.begin(), roles.end(), [&](const RoleGrant &g) { return g.role == role; });
}

QList<Id> User::tenants() const
{
    QList<Id> ids;
    for (const RoleGrant &g : roles) {
        if (!ids.contains(g.tenantId))
            ids.append(g.tenantId);
    }
    return ids;
}

} // namespace ordo

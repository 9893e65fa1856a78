#include "domain/Types.h"

#include "util/NameTable.h"

#include <algorithm>

namespace ordo {

namespace {

constexpr std::pair<Role, const char *> kRoleNames[] = {{Role::Customer, "customer"},
                                        {Role::Approver, "approver"},
                                        {Role::Support, "support"},
                                        {Role::Admin, "admin"}};

constexpr std::pair<OrderState, const char *> kStateNames[] = {{OrderState::Submitted, "submitted"},
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
    return nameOf(kRoleNames, role);
}

std::optional<Role> roleFromName(const QString &name)
{
    return valueOf(kRoleNames, name);
}

QString orderStateName(OrderState state)
{
    return nameOf(kStateNames, state);
}

std::optional<OrderState> orderStateFromName(const QString &name)
{
    return valueOf(kStateNames, name);
}

bool User::hasRole(Id tenantId, Role role) const
{
    return hasProviderRole(role)
        || std::any_of(roles.begin(), roles.end(), [&](const RoleGrant &g) { return g.tenantId == tenantId && g.role == role; });
}

bool User::hasRoleAnywhere(Role role) const
{
    return hasProviderRole(role) || std::any_of(roles.begin(), roles.end(), [&](const RoleGrant &g) { return g.role == role; });
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

#include "services/Access.h"

namespace ordo {

std::optional<StaffScope> StaffScope::held(const Session &session)
{
    if (!session.can(Role::Support) && !session.can(Role::Admin))
        return std::nullopt;
    const bool everyTenant = (session.providerWide(Role::Support) || session.providerWide(Role::Admin)) && session.tenant.id == 0;
    return StaffScope(everyTenant ? std::nullopt : std::optional<Id>(session.tenant.id), session.tenant.id);
}

Result<StaffScope> StaffScope::of(const Session &session, const QString &refusal)
{
    if (auto scope = held(session))
        return *scope;
    return Error::notPermitted(refusal);
}

Result<StaffScope> StaffScope::of(const Session &session, Role role, const QString &refusal)
{
    if (!session.can(role))
        return Error::notPermitted(refusal);
    const bool everyTenant = session.providerWide(role) && session.tenant.id == 0;
    return StaffScope(everyTenant ? std::nullopt : std::optional<Id>(session.tenant.id), session.tenant.id);
}

bool concerns(const Session &session, Id tenantId)
{
    const auto staff = StaffScope::held(session);
    return staff ? staff->covers(tenantId) : session.tenant.id == tenantId;
}

} // namespace ordo

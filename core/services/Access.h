#pragma once

#include "domain/Accounts.h"

#include <optional>

namespace ordo {

// The tenant rule of staff work (workflows, mail, the service desk, guest
// keys, the trail): support and admins act in the session's tenant; the
// provider's staff act in the tenant they name, or in every tenant.
class StaffScope final
{
public:
    // None unless the session holds support or admin.
    static std::optional<StaffScope> held(const Session &session);
    // Refused with `refusal` unless the session holds support or admin.
    static Result<StaffScope> of(const Session &session, const QString &refusal);
    // Refused with `refusal` unless the session holds the role.
    static Result<StaffScope> of(const Session &session, Role role, const QString &refusal);

    // The one tenant the session may see, or none: every tenant.
    std::optional<Id> tenant() const { return m_tenant; }
    bool covers(Id tenantId) const { return !m_tenant || *m_tenant == tenantId; }
    // The tenant an action of this session is recorded under.
    Id actingTenant() const { return m_acting; }

private:
    StaffScope(std::optional<Id> tenant, Id acting) : m_tenant(tenant), m_acting(acting) {}

    std::optional<Id> m_tenant;
    Id m_acting = 0;
};

// Whether a change in the tenant concerns the session: one of its own
// tenant's, or of any tenant for the provider's staff acting for none.
bool concerns(const Session &session, Id tenantId);

} // namespace ordo

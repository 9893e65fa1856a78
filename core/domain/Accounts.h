#pragma once

#include "domain/Types.h"
#include "util/Result.h"

namespace ordo {

class Store;
class AuditLog;

// Who is acting, and for which tenant. Every domain call takes one, so that
// tenant isolation and roles are checked in the domain, not in a face.
struct Session
{
    User user;
    Tenant tenant;

    bool can(Role role) const { return user.hasRole(tenant.id, role); }
};

class Accounts final
{
public:
    Accounts(Store &store, AuditLog &audit) : m_store(store), m_audit(audit) {}

    Result<Id> createTenant(const QString &slug, const QString &name, const QJsonObject &policy);
    Result<Id> createUser(const QString &name, const QString &displayName, const QString &email, const QString &password);
    Status grant(const QString &userName, const QString &tenantSlug, Role role);
    Status addToGroup(const QString &userName, const QString &tenantSlug, const QString &group);

    // An unknown user and a wrong password give the same error, and take about as long.
    Result<User> authenticate(const QString &name, const QString &password);

    // The tenant the user acts for: the given one, or their only one.
    Result<Session> openSession(const User &user, const QString &tenantSlug = {});

private:
    Store &m_store;
    AuditLog &m_audit;
};

} // namespace ordo

#include "domain/Accounts.h"

#include "domain/AuditLog.h"
#include "security/Passwords.h"
#include "domain/Store.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace ordo {

namespace {

// The translation context of this file's messages.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::Accounts)
};

const QRegularExpression &namePattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z][a-z0-9._-]{0,31}$"));
    return pattern;
}

} // namespace

Result<Id> Accounts::createTenant(const QString &slug, const QString &name, const QJsonObject &policy)
{
    if (!namePattern().match(slug).hasMatch())
        return Error::badInput(Text::tr("tenant '%1': a tenant name is 1-32 lower-case letters, digits, dots, dashes or "
                                  "underscores, starting with a letter")
                                   .arg(slug));
    return m_store.database().write([&]() -> Result<Id> {
        ORDO_TRY(id, m_store.insertTenant(slug, name.isEmpty() ? slug : name, policy));
        ORDO_CHECK(m_audit.record({QStringLiteral("system"), id, QStringLiteral("tenant"), slug, QStringLiteral("create"),
                                   {}, {}, {}, {}}));
        return id;
    });
}

Result<Id> Accounts::createUser(const QString &name, const QString &displayName, const QString &email,
                                const QString &password)
{
    if (!namePattern().match(name).hasMatch())
        return Error::badInput(Text::tr("user '%1': a user name is 1-32 lower-case letters, digits, dots, dashes or "
                                  "underscores, starting with a letter")
                                   .arg(name));
    ORDO_TRY(hash, hashPassword(password));
    return m_store.database().write([&]() -> Result<Id> {
        ORDO_TRY(id, m_store.insertUser(name, displayName.isEmpty() ? name : displayName, email, hash, m_clock.now()));
        ORDO_CHECK(m_audit.record({QStringLiteral("system"), 0, QStringLiteral("user"), name, QStringLiteral("create"),
                                   {}, {}, {}, {}}));
        return id;
    });
}

Status Accounts::grant(const QString &userName, const QString &tenantSlug, Role role)
{
    return m_store.database().write([&]() -> Status {
        ORDO_TRY(user, m_store.userByName(userName));
        ORDO_TRY(tenant, m_store.tenantBySlug(tenantSlug));
        ORDO_CHECK(m_store.grantRole(user.id, tenant.id, role));
        return m_audit.record({QStringLiteral("system"), tenant.id, QStringLiteral("user"), userName,
                               QStringLiteral("grant-role"), {}, roleName(role), {}, {}});
    });
}

Status Accounts::grantProviderWide(const QString &userName, Role role)
{
    if (role != Role::Support && role != Role::Admin)
        return Error::badInput(Text::tr("only support and admin roles cover every tenant, not '%1'").arg(roleName(role)));
    return m_store.database().write([&]() -> Status {
        ORDO_TRY(user, m_store.userByName(userName));
        ORDO_CHECK(m_store.grantProviderRole(user.id, role));
        return m_audit.record({QStringLiteral("system"), 0, QStringLiteral("user"), userName,
                               QStringLiteral("grant-provider-role"), {}, roleName(role), {}, {}});
    });
}

Status Accounts::addToGroup(const QString &userName, const QString &tenantSlug, const QString &group)
{
    return m_store.database().write([&]() -> Status {
        ORDO_TRY(user, m_store.userByName(userName));
        ORDO_TRY(tenant, m_store.tenantBySlug(tenantSlug));
        ORDO_CHECK(m_store.addGroupMember(tenant.id, group, user.id));
        return m_audit.record({QStringLiteral("system"), tenant.id, QStringLiteral("user"), userName,
                               QStringLiteral("join-group"), {}, group, {}, {}});
    });
}

Result<User> Accounts::authenticate(const QString &name, const QString &password)
{
    // A stand-in hash keeps the time of a check for an unknown user like that of a known one.
    static const QString unknownUserHash = hashPassword(QStringLiteral("no such user")).value();
    const Error refused = Error::notPermitted(Text::tr("unknown user or wrong password"));
    auto hash = m_store.passwordHash(name);
    if (!hash) {
        if (hash.error().code != ErrorCode::NotFound)
            return hash.error();
        verifyPassword(unknownUserHash, password);
        return refused;
    }
    if (!verifyPassword(*hash, password))
        return refused;
    return m_store.userByName(name);
}

Result<Session> Accounts::openSession(const User &user, const QString &tenantSlug)
{
    const QList<Id> tenantIds = user.tenants();
    const bool providerStaff = !user.providerRoles.isEmpty();
    if (tenantSlug.isEmpty()) {
        if (providerStaff && tenantIds.isEmpty())
            return Session{user, Tenant{0, {}, Text::tr("all tenants")}};
        if (tenantIds.size() != 1)
            return Error::badInput(tenantIds.isEmpty() ? Text::tr("user '%1' belongs to no tenant").arg(user.name)
                                                       : Text::tr("user '%1' belongs to several tenants: name one with --tenant")
                                                             .arg(user.name));
        ORDO_TRY(tenant, m_store.tenantById(tenantIds.first()));
        return Session{user, tenant};
    }
    auto tenant = m_store.tenantBySlug(tenantSlug);
    // A tenant the user does not belong to looks exactly like one that does not exist.
    if (!tenant || (!providerStaff && !tenantIds.contains(tenant->id)))
        return Error::notFound(Text::tr("no tenant '%1'").arg(tenantSlug));
    return Session{user, *tenant};
}

} // namespace ordo

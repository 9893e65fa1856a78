#pragma once

#include "domain/Types.h"
#include "util/Clock.h"
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
    // The role covers every tenant: the cloud provider's own staff.
    bool providerWide(Role role) const { return user.hasProviderRole(role); }
};

// An OpenSSH public key as one line "TYPE BASE64 [COMMENT]", checked.
struct SshPublicKey
{
    QString line;        // normalised: single spaces, no line break
    QString type;        // e.g. ssh-ed25519
    QString fingerprint; // SHA256:..., as ssh-keygen -l shows it
};

// The key of one line of text; a clear error for anything else (a private
// key, two keys, an unknown type, a damaged key).
Result<SshPublicKey> parseSshPublicKey(const QString &text);

class Accounts final
{
public:
    Accounts(Store &store, AuditLog &audit, const Clock &clock) : m_store(store), m_audit(audit), m_clock(clock) {}

    Result<Id> createTenant(const QString &slug, const QString &name, const QJsonObject &policy);
    Result<Id> createUser(const QString &name, const QString &displayName, const QString &email, const QString &password);
    Status grant(const QString &userName, const QString &tenantSlug, Role role);
    // Support or admin for every tenant, for the cloud provider's own staff.
    Status grantProviderWide(const QString &userName, Role role);
    Status addToGroup(const QString &userName, const QString &tenantSlug, const QString &group);

    // An unknown user and a wrong password give the same error, and take about as long.
    Result<User> authenticate(const QString &name, const QString &password);
    // On a shared database, the person whose own login role the connection
    // is (the server checked their password).
    Result<User> connectedPerson();

    // The tenant the user acts for: the given one, or their only one. The
    // provider's staff may name any tenant; without one they act for none
    // (tenant id 0) and see every tenant's workflows, mail and trail.
    Result<Session> openSession(const User &user, const QString &tenantSlug = {});

    // The SSH public key installed in the guests of the VMs a user orders.
    // userName empty: the session's own user. Someone else's only an admin
    // of the session's tenant may set, for a user of that tenant. An empty
    // key removes it.
    Status setSshPublicKey(const Session &session, const QString &key, const QString &userName = {});

    struct NewPerson
    {
        QString name;
        QString displayName;
        QString email;
        QString password;
        QList<Role> roles;
        QStringList approverGroups;
    };
    // A new person of the session's tenant, with these roles there; only an
    // admin of that tenant, or the provider's, adds one. On a shared database
    // the person also gets a login role of their own, with the same password.
    Result<Id> addPerson(const Session &session, const NewPerson &person);
    // The person no longer logs in; what they did stays theirs. Only an admin
    // of each of their tenants, or the provider's, disables them, and nobody
    // themselves. On a shared database their login role loses LOGIN and its
    // open sessions end.
    Status disable(const Session &session, const QString &userName);
    // A new password: one's own, or someone else's as an admin of each of their
    // tenants (or the provider's). It is their sign-in to the console and, on a
    // shared database, their login role's, made if they had none (people who
    // came with an import). A disabled person gets none.
    Status setPassword(const Session &session, const QString &userName, const QString &password);

private:
    Status stillEnabled(const Session &session);
    Result<Id> insertPerson(const QString &actor, Id tenantId, const QString &name, const QString &displayName,
                            const QString &email, const QString &password);

    Store &m_store;
    AuditLog &m_audit;
    const Clock &m_clock;
};

} // namespace ordo

#include "domain/Accounts.h"

#include "domain/AuditLog.h"
#include "security/Passwords.h"
#include "domain/Store.h"
#include "store/SharedAccess.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QRegularExpression>

#include <algorithm>

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

// The key types OpenSSH accepts in authorized_keys.
const QStringList kSshKeyTypes{QStringLiteral("ssh-ed25519"), QStringLiteral("ssh-rsa"),
                               QStringLiteral("ecdsa-sha2-nistp256"), QStringLiteral("ecdsa-sha2-nistp384"),
                               QStringLiteral("ecdsa-sha2-nistp521"), QStringLiteral("sk-ssh-ed25519@openssh.com"),
                               QStringLiteral("sk-ecdsa-sha2-nistp256@openssh.com")};

} // namespace

constexpr qsizetype kMaxSshKeyChars = 8192;

Result<SshPublicKey> parseSshPublicKey(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Error::badInput(Text::tr("no SSH public key given"));
    // The longest real key (RSA of 16384 bits) has under 3000 characters; the line goes into a guest's shell command.
    if (trimmed.size() > kMaxSshKeyChars)
        return Error::badInput(Text::tr("the SSH public key is longer than %1 characters: no real public key is").arg(kMaxSshKeyChars));
    if (trimmed.contains(QLatin1String("PRIVATE KEY")))
        return Error::badInput(Text::tr("this is a private key: give the public one (the .pub file)"));
    if (trimmed.contains(QLatin1Char('\n')))
        return Error::badInput(Text::tr("give one SSH public key, on one line"));
    const QStringList fields = trimmed.split(QRegularExpression(QStringLiteral("\\s+")));
    if (fields.size() < 2 || !kSshKeyTypes.contains(fields.at(0)))
        return Error::badInput(Text::tr("not an OpenSSH public key: a key is one line 'TYPE KEY [COMMENT]' with TYPE one of %1")
                                   .arg(kSshKeyTypes.join(QStringLiteral(", "))));
    // The key itself starts with its type, as a length-prefixed string.
    const auto decoded = QByteArray::fromBase64Encoding(fields.at(1).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    const QByteArray type = fields.at(0).toLatin1();
    const QByteArray prefix = QByteArray(3, '\0') + char(type.size()) + type;
    if (!decoded || !decoded.decoded.startsWith(prefix) || decoded.decoded.size() <= prefix.size())
        return Error::badInput(Text::tr("the SSH public key is damaged: its key part is not a %1 key").arg(fields.at(0)));
    // The comment goes into the guest's authorized_keys through a shell: printable text without quotes only.
    const QString comment = fields.mid(2).join(QLatin1Char(' '));
    static const QRegularExpression safeComment(QStringLiteral("^[A-Za-z0-9@._+=:,/ -]*$"));
    if (!safeComment.match(comment).hasMatch())
        return Error::badInput(Text::tr("the key's comment '%1' may only hold letters, digits, spaces and @._+=:,/-").arg(comment));
    QString fingerprint = QString::fromLatin1(QCryptographicHash::hash(decoded.decoded, QCryptographicHash::Sha256)
                                                  .toBase64(QByteArray::OmitTrailingEquals));
    QString line = fields.at(0) + QLatin1Char(' ') + fields.at(1);
    if (!comment.isEmpty())
        line += QLatin1Char(' ') + comment;
    return SshPublicKey{line, fields.at(0), QStringLiteral("SHA256:") + fingerprint};
}

Status Accounts::setSshPublicKey(const Session &session, const QString &key, const QString &userName)
{
    const bool own = userName.isEmpty() || userName == session.user.name;
    QString line;
    if (!key.trimmed().isEmpty()) {
        ORDO_TRY(parsed, parseSshPublicKey(key));
        line = parsed.line;
    }
    if (!own && !session.can(Role::Admin))
        return Error::notPermitted(Text::tr("only %1 or an admin of their tenant may set their SSH key").arg(userName));
    return m_store.database().write([&]() -> Status {
        auto user = own ? m_store.userById(session.user.id) : m_store.userByName(userName);
        // A user of another tenant looks exactly like one that does not exist.
        if (!own && (!user || !user->tenants().contains(session.tenant.id)))
            return Error::notFound(Text::tr("no user '%1' in tenant %2").arg(userName, session.tenant.slug));
        if (!user)
            return user.error();
        // The key goes into the user's VMs in each of their tenants: an admin of only one of them does not choose it.
        const QList<Id> tenants = user->tenants();
        if (!own && !std::all_of(tenants.cbegin(), tenants.cend(), [&](Id t) { return session.user.hasRole(t, Role::Admin); }))
            return Error::notPermitted(Text::tr("%1 belongs to other tenants too: only they, or an admin of each of their tenants, set their SSH key")
                                           .arg(user->name));
        ORDO_CHECK(m_store.setSshPublicKey(user->id, line));
        QJsonObject details;
        if (!line.isEmpty())
            details.insert(QStringLiteral("fingerprint"), parseSshPublicKey(line)->fingerprint);
        return m_audit.record({session.user.name, session.tenant.id, QStringLiteral("user"), user->name,
                               line.isEmpty() ? QStringLiteral("remove-ssh-key") : QStringLiteral("set-ssh-key"), {}, {}, {}, details});
    });
}

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
    return insertPerson(QStringLiteral("system"), 0, name, displayName, email, password);
}

Result<Id> Accounts::insertPerson(const QString &actor, Id tenantId, const QString &name, const QString &displayName,
                                  const QString &email, const QString &password)
{
    if (!namePattern().match(name).hasMatch())
        return Error::badInput(Text::tr("user '%1': a user name is 1-32 lower-case letters, digits, dots, dashes or "
                                  "underscores, starting with a letter")
                                   .arg(name));
    // A shared database names its people's group and its engines so: an embedded one may become shared.
    if (name == QLatin1String("person") || name == QLatin1String("engine"))
        return Error::badInput(Text::tr("user '%1': the name is kept for the roles of a shared database").arg(name));
    ORDO_TRY(hash, hashPassword(password));
    return m_store.database().write([&]() -> Result<Id> {
        if (m_store.userByName(name))
            return Error::conflict(Text::tr("user '%1' exists already").arg(name));
        ORDO_TRY(id, m_store.insertUser(name, displayName.isEmpty() ? name : displayName, email, hash, m_clock.now()));
        ORDO_CHECK(m_audit.record({actor, tenantId, QStringLiteral("user"), name, QStringLiteral("create"), {}, {}, {}, {}}));
        return id;
    });
}

// A session is what its user could do when they logged in: an admin disabled since then acts no more.
Status Accounts::stillEnabled(const Session &session)
{
    ORDO_TRY(actor, m_store.userById(session.user.id));
    if (actor.disabled)
        return Error::notPermitted(Text::tr("user '%1' is disabled: ask an admin of your tenant").arg(actor.name));
    return ok();
}

Result<Id> Accounts::addPerson(const Session &session, const NewPerson &person)
{
    if (!session.can(Role::Admin) && !session.providerWide(Role::Admin))
        return Error::notPermitted(Text::tr("only an admin of %1 adds people to it").arg(session.tenant.slug));
    if (session.tenant.id == 0)
        return Error::badInput(Text::tr("name the tenant that %1 joins (--tenant)").arg(person.name));
    if (person.roles.isEmpty())
        return Error::badInput(Text::tr("user '%1': give at least one role").arg(person.name));
    if (!person.approverGroups.isEmpty() && !person.roles.contains(Role::Approver))
        return Error::badInput(Text::tr("user '%1': approver groups go with the approver role").arg(person.name));
    return m_store.database().write([&]() -> Result<Id> {
        ORDO_CHECK(stillEnabled(session));
        ORDO_TRY(id, insertPerson(session.user.name, session.tenant.id, person.name, person.displayName, person.email, person.password));
        QStringList roles;
        for (const Role role : person.roles) {
            ORDO_CHECK(m_store.grantRole(id, session.tenant.id, role));
            roles.append(roleName(role));
        }
        for (const QString &group : person.approverGroups)
            ORDO_CHECK(m_store.addGroupMember(session.tenant.id, group, id));
        ORDO_CHECK(m_audit.record({session.user.name, session.tenant.id, QStringLiteral("user"), person.name, QStringLiteral("add"), {}, {}, {},
                                   QJsonObject{{QStringLiteral("roles"), QJsonArray::fromStringList(roles)},
                                               {QStringLiteral("approverGroups"), QJsonArray::fromStringList(person.approverGroups)}}}));
        ORDO_TRY(prefix, shared::rolePrefix(m_store.database()));
        if (prefix)
            ORDO_CHECK(shared::setPersonLogin(m_store.database(), *prefix, person.name, person.password));
        return id;
    });
}

Status Accounts::disable(const Session &session, const QString &userName)
{
    if (userName == session.user.name)
        return Error::badInput(Text::tr("you cannot disable yourself: ask another admin"));
    const bool providerAdmin = session.providerWide(Role::Admin);
    if (!session.can(Role::Admin) && !providerAdmin)
        return Error::notPermitted(Text::tr("only admins disable people"));
    return m_store.database().write([&]() -> Status {
        auto user = m_store.userByName(userName);
        // A user of another tenant looks exactly like one that does not exist.
        if (!user || (!providerAdmin && !user->tenants().contains(session.tenant.id)))
            return Error::notFound(Text::tr("no user '%1' in tenant %2").arg(userName, session.tenant.slug));
        // Two admins disabling each other: the second waits for the first, then finds itself disabled.
        ORDO_CHECK(m_store.lockUsers({session.user.id, user->id}));
        ORDO_CHECK(stillEnabled(session));
        ORDO_TRY(current, m_store.userById(user->id));
        user = current;
        const QList<Id> tenants = user->tenants();
        const bool adminOfEach = std::all_of(tenants.cbegin(), tenants.cend(), [&](Id t) { return session.user.hasRole(t, Role::Admin); });
        if (!providerAdmin && (!adminOfEach || !user->providerRoles.isEmpty()))
            return Error::notPermitted(Text::tr("%1 belongs to other tenants too: only an admin of each of them, or the provider's, disables them")
                                           .arg(user->name));
        if (user->disabled)
            return ok();
        ORDO_CHECK(m_store.disableUser(user->id, m_clock.now()));
        ORDO_CHECK(m_audit.record({session.user.name, session.tenant.id, QStringLiteral("user"), user->name, QStringLiteral("disable"),
                                   QStringLiteral("enabled"), QStringLiteral("disabled"), {}, {}}));
        ORDO_TRY(prefix, shared::rolePrefix(m_store.database()));
        if (prefix)
            ORDO_CHECK(shared::disablePersonLogin(m_store.database(), user->name));
        return ok();
    });
}

Status Accounts::setPassword(const Session &session, const QString &userName, const QString &password)
{
    const bool own = userName == session.user.name;
    const bool providerAdmin = session.providerWide(Role::Admin);
    if (!own && !session.can(Role::Admin) && !providerAdmin)
        return Error::notPermitted(Text::tr("only admins set other people's passwords"));
    ORDO_TRY(hash, hashPassword(password));
    return m_store.database().write([&]() -> Status {
        auto user = m_store.userByName(userName);
        // A user of another tenant looks exactly like one that does not exist.
        if (!user || (!own && !providerAdmin && !user->tenants().contains(session.tenant.id)))
            return Error::notFound(Text::tr("no user '%1' in tenant %2").arg(userName, session.tenant.slug));
        ORDO_CHECK(m_store.lockUsers({session.user.id, user->id}));
        ORDO_CHECK(stillEnabled(session));
        ORDO_TRY(current, m_store.userById(user->id));
        const QList<Id> tenants = current.tenants();
        const bool adminOfEach = std::all_of(tenants.cbegin(), tenants.cend(), [&](Id t) { return session.user.hasRole(t, Role::Admin); });
        if (!own && !providerAdmin && (!adminOfEach || !current.providerRoles.isEmpty()))
            return Error::notPermitted(Text::tr("%1 belongs to other tenants too: only an admin of each of them, or the provider's, sets their password")
                                           .arg(current.name));
        if (current.disabled)
            return Error::conflict(Text::tr("user '%1' is disabled: they get no password").arg(current.name));
        ORDO_CHECK(m_store.setPasswordHash(current.id, hash));
        ORDO_CHECK(m_audit.record({session.user.name, session.tenant.id, QStringLiteral("user"), current.name, QStringLiteral("set-password"),
                                   {}, {}, {}, {}}));
        ORDO_TRY(prefix, shared::rolePrefix(m_store.database()));
        if (!prefix)
            return ok();
        ORDO_CHECK(shared::setPersonLogin(m_store.database(), *prefix, current.name, password));
        // Set by someone else, as after a stolen password: whoever is logged in as them is no more.
        return own ? ok() : shared::endPersonSessions(m_store.database(), current.name);
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
    const Error refused = Database::signInRefused();
    auto hash = m_store.passwordHash(name);
    if (!hash) {
        if (hash.error().code != ErrorCode::NotFound)
            return hash.error();
        verifyPassword(unknownUserHash, password);
        return refused;
    }
    if (!verifyPassword(*hash, password))
        return refused;
    ORDO_TRY(user, m_store.userByName(name));
    if (user.disabled)
        return Error::notPermitted(Text::tr("user '%1' is disabled: ask an admin of your tenant").arg(name));
    return user;
}

Result<User> Accounts::connectedPerson()
{
    ORDO_TRY(q, m_store.database().exec(QStringLiteral("SELECT ordo_private.me()")));
    // me() knows no one disabled, and no role that is not prefix + a user's name.
    if (!q.next() || q.value(0).isNull())
        return Error::notPermitted(Text::tr("this login is no user of Ordo, or a disabled one: ask an admin of your tenant"));
    return m_store.userById(q.value(0).toLongLong());
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

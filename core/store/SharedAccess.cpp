#include "store/SharedAccess.h"

#include "store/Database.h"
#include "store/Migrations.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QThread>

namespace ordo::shared {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::SharedAccess)
};

// The group role's and the engines' names, which no person's role may take.
const QString kPersonGroup = QStringLiteral("person");
const QString kEngine = QStringLiteral("engine");
// A few connections are what a console needs; many would be a person holding the server up.
constexpr int kConnectionsPerPerson = 20;
// How long applying the access rules waits for a table someone else holds, and
// how often it tries (section 3a of docs/deployment.md).
constexpr int kRulesLockWaitMs = 5000;
constexpr int kRulesAttempts = 6;

QString quotedIdentifier(const QString &name)
{
    return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

QString quotedLiteral(const QString &text)
{
    return QLatin1Char('\'') + QString(text).replace(QLatin1Char('\''), QStringLiteral("''")) + QLatin1Char('\'');
}

// The oid of the server's role of that name, if there is one.
Result<std::optional<qint64>> roleOid(Database &db, const QString &role)
{
    ORDO_TRY(query, db.exec(QStringLiteral("SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ?"), {role}));
    if (!query.next())
        return std::optional<qint64>();
    return std::optional<qint64>(query.value(0).toLongLong());
}

struct Meta
{
    QString rolePrefix;
    qint64 personGroup = 0;
    qint64 engineRole = 0; // none before the engines had a role of their own
};

// What applying the rules recorded: none before the first time.
Result<std::optional<Meta>> recordedMeta(Database &db)
{
    ORDO_TRY(applied, db.exec(QStringLiteral("SELECT to_regclass('ordo_private.meta') IS NOT NULL")));
    if (!applied.next() || !applied.value(0).toBool())
        return std::optional<Meta>();
    // Through jsonb: a database shared before engines had a role has no such column yet.
    ORDO_TRY(meta, db.exec(QStringLiteral("SELECT role_prefix, person_group, COALESCE((to_jsonb(m) ->> 'engine_role')::bigint, 0) "
                                          "FROM ordo_private.meta m WHERE id = 1")));
    if (!meta.next())
        return std::optional<Meta>();
    return std::optional<Meta>(Meta{meta.value(0).toString(), meta.value(1).toLongLong(), meta.value(2).toLongLong()});
}

// Whether the role is this database's login of that user: recorded in its
// people, a member of the group, and nothing more powerful.
Result<bool> isPersonRole(Database &db, const QString &prefix, const QString &role, qint64 userId)
{
    ORDO_TRY(query, db.exec(QStringLiteral("SELECT 1 FROM pg_catalog.pg_roles r JOIN ordo_private.people p ON p.role_oid = r.oid "
                                           "WHERE r.rolname = ? AND p.user_id = ? "
                                           "AND NOT r.rolsuper AND NOT r.rolcreaterole AND NOT r.rolbypassrls AND NOT r.rolreplication "
                                           "AND pg_catalog.pg_has_role(r.oid, ?::text, 'MEMBER')"),
                            {role, userId, personGroupRole(prefix)}));
    return query.next();
}

// The owner may end a person's sessions (pg_terminate_backend) as a member of their role.
Status letOwnerEndSessions(Database &db, const QString &role)
{
    ORDO_CHECK(db.exec(QStringLiteral("GRANT %1 TO CURRENT_USER").arg(quotedIdentifier(role))));
    return ok();
}

// PBKDF2 with HMAC-SHA-256, one block: SCRAM's Hi().
QByteArray saltedPassword(const QByteArray &password, const QByteArray &salt, int iterations)
{
    QByteArray u = QMessageAuthenticationCode::hash(salt + QByteArray::fromHex("00000001"), password, QCryptographicHash::Sha256);
    QByteArray result = u;
    for (int i = 1; i < iterations; ++i) {
        u = QMessageAuthenticationCode::hash(u, password, QCryptographicHash::Sha256);
        for (qsizetype b = 0; b < result.size(); ++b)
            result[b] = char(result[b] ^ u[b]);
    }
    return result;
}

} // namespace

Status checkRolePrefix(const QString &prefix)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z][a-z0-9_]{0,29}$"));
    if (!pattern.match(prefix).hasMatch())
        return Error::badInput(Text::tr("role prefix '%1': write a lower-case letter, then up to 29 lower-case letters, "
                                        "digits or underscores (such as ordo_)")
                                   .arg(prefix));
    return ok();
}

QString personGroupRole(const QString &prefix)
{
    return prefix + kPersonGroup;
}

QString personRole(const QString &prefix, const QString &userName)
{
    return prefix + userName;
}

Result<QString> signInRole(const QString &userName)
{
    const QString prefix = qEnvironmentVariable("ORDO_ROLE_PREFIX", QString::fromLatin1(kDefaultRolePrefix));
    ORDO_CHECK(checkRolePrefix(prefix));
    return personRole(prefix, userName);
}

bool signsInWithOwnRole(const QString &location)
{
    return Database::isPostgresLocation(location) && !Database::namesRole(location);
}

QString engineRole(const QString &prefix)
{
    return prefix + kEngine;
}

Status applyAccessRules(Database &db, const QString &prefix)
{
    if (db.dialect() != Database::Dialect::Postgres)
        return Error::badInput(Text::tr("%1 is an embedded database: only a shared (PostgreSQL) one has roles for people").arg(db.path()));
    ORDO_CHECK(checkRolePrefix(prefix));
    QFile file(QStringLiteral(":/ordo/sql/postgres-access.sql"));
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(Text::tr("the shared database's access rules are missing from this build"));
    const QString group = quotedIdentifier(personGroupRole(prefix));
    const QString engine = quotedIdentifier(engineRole(prefix));
    const QStringList statements = scriptStatements(
        QString::fromUtf8(file.readAll()).replace(QStringLiteral("@PERSON@"), group).replace(QStringLiteral("@ENGINE@"), engine));
    const auto apply = [&]() -> Status {
        // While it waits for a table, it holds those before it and engines and
        // consoles wait: it lets go of all after a while and tries again.
        ORDO_CHECK(db.exec(QStringLiteral("SET LOCAL lock_timeout = '%1ms'").arg(kRulesLockWaitMs)));
        // Every table first, before anything changes: an automatic vacuum
        // waits for a transaction that changed its table's catalog row, and
        // would then hold a table these rules still wait for (a deadlock). One
        // that holds a table asked for here is cancelled by the server after
        // its deadlock check (one against wraparound is waited for).
        ORDO_CHECK(db.exec(QStringLiteral(
            "DO $$ DECLARE tables text; BEGIN "
            "SELECT string_agg(format('%I.%I', n.nspname, c.relname), ', ' ORDER BY n.nspname, c.relname) INTO tables "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname IN ('ordo', 'ordo_private') AND c.relkind IN ('r', 'p'); "
            "IF tables IS NOT NULL THEN EXECUTE 'LOCK TABLE ' || tables || ' IN ACCESS EXCLUSIVE MODE'; END IF; "
            "END $$")));
        ORDO_TRY(recorded, recordedMeta(db));
        // Roles are the server's: one of that name that this database did not make is another database's.
        const auto makeOrKeep = [&](const QString &role, qint64 Meta::*recordedOid) -> Status {
            ORDO_TRY(existing, roleOid(db, role));
            if (!existing) {
                ORDO_CHECK(db.exec(QStringLiteral("CREATE ROLE %1 NOLOGIN").arg(quotedIdentifier(role))));
                return ok();
            }
            if (!recorded || (*recorded).*recordedOid != *existing)
                return Error::conflict(Text::tr("the server has a role %1 already, not made for this database: give it another "
                                                "--role-prefix")
                                           .arg(role));
            return ok();
        };
        ORDO_CHECK(makeOrKeep(personGroupRole(prefix), &Meta::personGroup));
        ORDO_CHECK(makeOrKeep(engineRole(prefix), &Meta::engineRole));
        for (const QString &statement : statements)
            ORDO_CHECK(db.exec(statement));
        // REVOKE by someone who does not own the database only warns.
        ORDO_TRY(open, db.exec(QStringLiteral("SELECT has_database_privilege('public', current_database(), 'CONNECT')")));
        if (open.next() && open.value(0).toBool())
            return Error::notPermitted(Text::tr("anyone may still connect to %1: run init --shared as the role that owns the database")
                                           .arg(db.path()));
        ORDO_CHECK(db.exec(QStringLiteral("INSERT INTO ordo_private.meta(id, role_prefix, person_group, engine_role) "
                                          "SELECT 1, ?, g.oid, e.oid FROM pg_catalog.pg_roles g, pg_catalog.pg_roles e "
                                          "WHERE g.rolname = ? AND e.rolname = ? "
                                          "ON CONFLICT (id) DO UPDATE SET role_prefix = excluded.role_prefix, "
                                          "person_group = excluded.person_group, engine_role = excluded.engine_role"),
                           {prefix, personGroupRole(prefix), engineRole(prefix)}));
        return ok();
    };
    // A table held past the wait, or a deadlock with a transaction that holds
    // one while it waits for another, undoes everything: the rules run again.
    for (int attempt = 1;; ++attempt) {
        Status applied = db.write(apply);
        if (applied.ok() || !applied.error().transient || db.inTransaction() || attempt == kRulesAttempts)
            return applied;
        qCInfo(lcStore) << "applying the access rules met a table held elsewhere, trying again:" << applied.error().message;
        QThread::msleep(static_cast<unsigned long>(QRandomGenerator::global()->bounded(200, 1000)));
    }
}

Status setPersonLogin(Database &db, const QString &prefix, const QString &userName, const QString &password)
{
    ORDO_CHECK(checkRolePrefix(prefix));
    if (userName == kPersonGroup)
        return Error::badInput(Text::tr("user '%1': on a shared database the name %2 belongs to the people's group role")
                                   .arg(userName, personGroupRole(prefix)));
    if (userName == kEngine)
        return Error::badInput(Text::tr("user '%1': on a shared database the name %2 belongs to the engines' role")
                                   .arg(userName, engineRole(prefix)));
    if (password.isEmpty())
        return Error::badInput(Text::tr("user '%1': a login needs a password").arg(userName));
    const QString role = personRole(prefix, userName);
    QByteArray salt(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()), salt.size() / int(sizeof(quint32)));
    const QString verifier = quotedLiteral(scramVerifier(password, salt));
    return db.write([&]() -> Status {
        ORDO_TRY(user, db.exec(QStringLiteral("SELECT id, disabled_at IS NOT NULL FROM users WHERE name = ?"), {userName}));
        if (!user.next())
            return Error::notFound(Text::tr("no user '%1'").arg(userName));
        if (user.value(1).toBool())
            return Error::conflict(Text::tr("user '%1' is disabled: they get no login").arg(userName));
        const qint64 userId = user.value(0).toLongLong();
        ORDO_TRY(existing, roleOid(db, role));
        if (!existing) {
            // A few connections are what a console needs; many would be a person holding the server up.
            ORDO_CHECK(db.exec(QStringLiteral("CREATE ROLE %1 LOGIN CONNECTION LIMIT %2 PASSWORD %3 IN ROLE %4")
                                   .arg(quotedIdentifier(role))
                                   .arg(kConnectionsPerPerson)
                                   .arg(verifier, quotedIdentifier(personGroupRole(prefix)))));
            ORDO_TRY(created, roleOid(db, role));
            if (!created)
                return Error::internal(Text::tr("the role %1 was made but cannot be found").arg(role));
            ORDO_CHECK(db.exec(QStringLiteral("INSERT INTO ordo_private.people(role_oid, user_id) VALUES (?, ?) "
                                              "ON CONFLICT (user_id) DO UPDATE SET role_oid = excluded.role_oid"),
                               {*created, userId}));
            return letOwnerEndSessions(db, role);
        }
        // Only this database's login of this very person gets a new password: a role of that
        // name made for another database, or the owner's, or a DBA's, is never taken over.
        ORDO_TRY(ours, isPersonRole(db, prefix, role, userId));
        if (!ours)
            return Error::conflict(Text::tr("user '%1': the server already has a role %2 that is not this database's login of theirs")
                                       .arg(userName, role));
        ORDO_CHECK(db.exec(QStringLiteral("ALTER ROLE %1 LOGIN CONNECTION LIMIT %2 PASSWORD %3")
                               .arg(quotedIdentifier(role))
                               .arg(kConnectionsPerPerson)
                               .arg(verifier)));
        return letOwnerEndSessions(db, role);
    });
}

Status setEngineLogin(Database &db, const QString &prefix, const QString &password)
{
    ORDO_CHECK(checkRolePrefix(prefix));
    if (password.isEmpty())
        return Error::badInput(Text::tr("the engines' role %1: a login needs a password").arg(engineRole(prefix)));
    QByteArray salt(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()), salt.size() / int(sizeof(quint32)));
    const QString verifier = quotedLiteral(scramVerifier(password, salt));
    return db.write([&]() -> Status {
        // Only the role that applying the rules made and recorded: never one of another database.
        ORDO_TRY(recorded, recordedMeta(db));
        ORDO_TRY(existing, roleOid(db, engineRole(prefix)));
        if (!recorded || recorded->rolePrefix != prefix || !existing || recorded->engineRole != *existing)
            return Error::conflict(Text::tr("%1 has no engines' role %2: run ordoctl init --shared first").arg(db.path(), engineRole(prefix)));
        // Made by Ordo without powers; one given them since is not logged in with.
        ORDO_TRY(plain, db.exec(QStringLiteral("SELECT NOT (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication) "
                                               "FROM pg_catalog.pg_roles WHERE oid = ?"),
                                {*existing}));
        if (!plain.next() || !plain.value(0).toBool())
            return Error::conflict(Text::tr("the engines' role %1 has been given powers beyond its grants (such as SUPERUSER or "
                                            "BYPASSRLS): take them away before it logs in")
                                       .arg(engineRole(prefix)));
        ORDO_CHECK(db.exec(QStringLiteral("ALTER ROLE %1 LOGIN PASSWORD %2").arg(quotedIdentifier(engineRole(prefix)), verifier)));
        return ok();
    });
}

Result<bool> engineMayLogIn(Database &db, const QString &prefix)
{
    ORDO_TRY(query, db.exec(QStringLiteral("SELECT rolcanlogin FROM pg_catalog.pg_roles WHERE rolname = ?"), {engineRole(prefix)}));
    return query.next() && query.value(0).toBool();
}

Result<std::optional<QString>> rolePrefix(Database &db)
{
    if (db.dialect() != Database::Dialect::Postgres)
        return std::optional<QString>();
    ORDO_TRY(meta, recordedMeta(db));
    return meta ? std::optional<QString>(meta->rolePrefix) : std::optional<QString>();
}

namespace {

// The person's login role, if they have one.
Result<std::optional<QString>> loginOf(Database &db, const QString &userName)
{
    ORDO_TRY(login, db.exec(QStringLiteral("SELECT r.rolname FROM ordo_private.people p "
                                           "JOIN pg_catalog.pg_roles r ON r.oid = p.role_oid JOIN users u ON u.id = p.user_id "
                                           "WHERE u.name = ?"),
                            {userName}));
    return login.next() ? std::optional<QString>(login.value(0).toString()) : std::optional<QString>();
}

// Once the change is committed, so that an ended session comes back only with what changed.
Status endSessionsAfterCommit(Database &db, const QString &role)
{
    ORDO_CHECK(letOwnerEndSessions(db, role));
    db.afterCommit([&db, role] {
        if (auto ended = db.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity WHERE usename = ?"),
                                 {role});
            !ended)
            qCWarning(lcStore, "the sessions of %s go on: %s", qPrintable(role), qPrintable(ended.error().message));
    });
    return ok();
}

} // namespace

Status disablePersonLogin(Database &db, const QString &userName)
{
    return db.write([&]() -> Status {
        ORDO_TRY(role, loginOf(db, userName));
        if (!role)
            return ok(); // no login of theirs: nothing to end
        ORDO_CHECK(db.exec(QStringLiteral("ALTER ROLE %1 NOLOGIN").arg(quotedIdentifier(*role))));
        return endSessionsAfterCommit(db, *role);
    });
}

Status endPersonSessions(Database &db, const QString &userName)
{
    return db.write([&]() -> Status {
        ORDO_TRY(role, loginOf(db, userName));
        return role ? endSessionsAfterCommit(db, *role) : ok();
    });
}

Status setEveryonesLogin(Database &db, const QString &prefix, const QString &password)
{
    return db.write([&]() -> Status {
        ORDO_TRY(people, db.exec(QStringLiteral("SELECT name FROM users WHERE disabled_at IS NULL ORDER BY name")));
        QStringList names;
        while (people.next())
            names.append(people.value(0).toString());
        for (const QString &name : std::as_const(names))
            ORDO_CHECK(setPersonLogin(db, prefix, name, password));
        return ok();
    });
}

QString scramVerifier(const QString &password, const QByteArray &salt, int iterations)
{
    // SASLprep, as the server applies it, is close to NFKC for the passwords people type.
    const QByteArray salted = saltedPassword(password.normalized(QString::NormalizationForm_KC).toUtf8(), salt, iterations);
    const QByteArray clientKey = QMessageAuthenticationCode::hash("Client Key", salted, QCryptographicHash::Sha256);
    const QByteArray storedKey = QCryptographicHash::hash(clientKey, QCryptographicHash::Sha256);
    const QByteArray serverKey = QMessageAuthenticationCode::hash("Server Key", salted, QCryptographicHash::Sha256);
    return QStringLiteral("SCRAM-SHA-256$%1:%2$%3:%4")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(storedKey.toBase64()),
             QString::fromLatin1(serverKey.toBase64()));
}

} // namespace ordo::shared

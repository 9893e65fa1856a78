#include "store/SharedAccess.h"

#include "store/Database.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>

namespace ordo::shared {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::SharedAccess)
};

// The group role's own name, which no person's role may take.
const QString kPersonGroup = QStringLiteral("person");

QString quotedIdentifier(const QString &name)
{
    return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

QString quotedLiteral(const QString &text)
{
    return QLatin1Char('\'') + QString(text).replace(QLatin1Char('\''), QStringLiteral("''")) + QLatin1Char('\'');
}

// The statements of the access script: split at a semicolon that ends a
// line, except inside a $$ body (functions and DO blocks hold semicolons).
QStringList statementsOf(const QString &script)
{
    QStringList statements;
    QString current;
    bool inBody = false;
    for (const QString &line : script.split(QLatin1Char('\n'))) {
        if (!inBody && line.trimmed().startsWith(QLatin1String("--")))
            continue;
        current += line + QLatin1Char('\n');
        if (line.count(QLatin1String("$$")) % 2 == 1)
            inBody = !inBody;
        if (!inBody && line.trimmed().endsWith(QLatin1Char(';'))) {
            statements.append(current.trimmed().chopped(1));
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        statements.append(current.trimmed());
    return statements;
}

Result<bool> roleExists(Database &db, const QString &role)
{
    ORDO_TRY(query, db.exec(QStringLiteral("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?"), {role}));
    return query.next();
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

Status applyAccessRules(Database &db, const QString &prefix)
{
    if (db.dialect() != Database::Dialect::Postgres)
        return Error::badInput(Text::tr("%1 is an embedded database: only a shared (PostgreSQL) one has roles for people").arg(db.path()));
    ORDO_CHECK(checkRolePrefix(prefix));
    QFile file(QStringLiteral(":/ordo/sql/postgres-access.sql"));
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(Text::tr("the shared database's access rules are missing from this build"));
    const QString group = quotedIdentifier(personGroupRole(prefix));
    const QStringList statements = statementsOf(QString::fromUtf8(file.readAll()).replace(QStringLiteral("@PERSON@"), group));
    return db.write([&]() -> Status {
        ORDO_TRY(exists, roleExists(db, personGroupRole(prefix)));
        if (!exists)
            ORDO_CHECK(db.exec(QStringLiteral("CREATE ROLE %1 NOLOGIN").arg(group)));
        for (const QString &statement : statements)
            ORDO_CHECK(db.exec(statement));
        ORDO_CHECK(db.exec(QStringLiteral("INSERT INTO ordo_private.meta(id, role_prefix) VALUES (1, ?) "
                                          "ON CONFLICT (id) DO UPDATE SET role_prefix = excluded.role_prefix"),
                           {prefix}));
        return ok();
    });
}

Status setPersonLogin(Database &db, const QString &prefix, const QString &userName, const QString &password)
{
    ORDO_CHECK(checkRolePrefix(prefix));
    if (userName == kPersonGroup)
        return Error::badInput(Text::tr("user '%1': on a shared database the name %2 belongs to the people's group role")
                                   .arg(userName, personGroupRole(prefix)));
    if (password.isEmpty())
        return Error::badInput(Text::tr("user '%1': a login needs a password").arg(userName));
    const QString role = personRole(prefix, userName);
    QByteArray salt(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()), salt.size() / int(sizeof(quint32)));
    const QString verifier = quotedLiteral(scramVerifier(password, salt));
    return db.write([&]() -> Status {
        ORDO_TRY(user, db.exec(QStringLiteral("SELECT 1 FROM users WHERE name = ?"), {userName}));
        if (!user.next())
            return Error::notFound(Text::tr("no user '%1'").arg(userName));
        ORDO_TRY(exists, roleExists(db, role));
        if (!exists) {
            ORDO_CHECK(db.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD %2 IN ROLE %3")
                                   .arg(quotedIdentifier(role), verifier, quotedIdentifier(personGroupRole(prefix)))));
            return ok();
        }
        // A role of that name that is not one of our people (the owner's, a DBA's) is never taken over.
        ORDO_TRY(ours, db.exec(QStringLiteral("SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = ? "
                                              "AND NOT r.rolsuper AND NOT r.rolcreaterole AND NOT r.rolbypassrls "
                                              "AND pg_catalog.pg_has_role(r.oid, ?::text, 'MEMBER')"),
                               {role, personGroupRole(prefix)}));
        if (!ours.next())
            return Error::conflict(Text::tr("user '%1': the database already has a role %2 that is not one of Ordo's people")
                                       .arg(userName, role));
        ORDO_CHECK(db.exec(QStringLiteral("ALTER ROLE %1 LOGIN PASSWORD %2").arg(quotedIdentifier(role), verifier)));
        return ok();
    });
}

Status setEveryonesLogin(Database &db, const QString &prefix, const QString &password)
{
    return db.write([&]() -> Status {
        ORDO_TRY(people, db.exec(QStringLiteral("SELECT name FROM users ORDER BY name")));
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

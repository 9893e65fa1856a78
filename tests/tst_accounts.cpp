#include "TestSupport.h"
#include "OrdoInternals.h"

#include "security/Passwords.h"

using namespace ordo;
using namespace ordo::test;

class TestAccounts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passwordsAreArgon2id()
    {
        auto hash = hashPassword(QStringLiteral("correct horse"));
        ORDO_VERIFY_OK(hash);
        QVERIFY2(hash->startsWith(QStringLiteral("$argon2id$")), qPrintable(*hash));
        QVERIFY(!hash->contains(QStringLiteral("correct horse")));
        QVERIFY(verifyPassword(*hash, QStringLiteral("correct horse")));
        QVERIFY(!verifyPassword(*hash, QStringLiteral("correct horsE")));
        // Salted: the same password hashes differently each time.
        QVERIFY(*hashPassword(QStringLiteral("correct horse")) != *hash);
        ORDO_VERIFY_ERROR(hashPassword(QString()), ErrorCode::BadInput);
    }

    void wrongPasswordAndUnknownUserLookTheSame()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto good = ordo->login(QStringLiteral("alice"), QStringLiteral("demo"));
        ORDO_VERIFY_OK(good);
        QCOMPARE(good->user.name, QStringLiteral("alice"));
        QCOMPARE(good->tenant.slug, QStringLiteral("acme"));
        QVERIFY(good->can(Role::Customer));
        QVERIFY(!good->can(Role::Approver));

        auto wrongPassword = ordo->login(QStringLiteral("alice"), QStringLiteral("nope"));
        auto unknownUser = ordo->login(QStringLiteral("mallory"), QStringLiteral("demo"));
        QVERIFY(!wrongPassword && !unknownUser);
        QCOMPARE(wrongPassword.error().code, unknownUser.error().code);
        QCOMPARE(wrongPassword.error().message, unknownUser.error().message);
        QCOMPARE(wrongPassword.error().code, ErrorCode::NotPermitted);
    }

    void noPasswordIsStoredInTheClear()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto q = OrdoInternals::database(*ordo).exec(QStringLiteral("SELECT password_hash FROM users"));
        ORDO_VERIFY_OK(q);
        int users = 0;
        while (q->next()) {
            ++users;
            QVERIFY(q->value(0).toString().startsWith(QStringLiteral("$argon2id$")));
        }
        QCOMPARE(users, 7); // six of the tenants' and the provider's support
    }

    void sessionsNameTheirTenant()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        ORDO_VERIFY_OK(ordo->accounts().grant(QStringLiteral("carol"), QStringLiteral("globex"), Role::Support));
        auto carol = OrdoInternals::store(*ordo).userByName(QStringLiteral("carol"));
        ORDO_VERIFY_OK(carol);
        // Two tenants: she has to say which.
        ORDO_VERIFY_ERROR(ordo->accounts().openSession(*carol), ErrorCode::BadInput);
        auto inGlobex = ordo->accounts().openSession(*carol, QStringLiteral("globex"));
        ORDO_VERIFY_OK(inGlobex);
        QCOMPARE(inGlobex->tenant.slug, QStringLiteral("globex"));
        // A tenant alice does not belong to looks like no tenant at all.
        auto alice = OrdoInternals::store(*ordo).userByName(QStringLiteral("alice"));
        auto foreign = ordo->accounts().openSession(*alice, QStringLiteral("globex"));
        auto missing = ordo->accounts().openSession(*alice, QStringLiteral("initech"));
        ORDO_VERIFY_ERROR(foreign, ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(missing, ErrorCode::NotFound);
    }

    void badNamesAreRefused()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        ORDO_VERIFY_ERROR(ordo->accounts().createUser(QStringLiteral("Bad Name"), {}, {}, QStringLiteral("pw")), ErrorCode::BadInput);
        ORDO_VERIFY_ERROR(ordo->accounts().createTenant(QStringLiteral("-x"), {}, {}), ErrorCode::BadInput);
        ORDO_VERIFY_ERROR(ordo->accounts().createUser(QStringLiteral("alice"), {}, {}, QStringLiteral("pw")), ErrorCode::Conflict);
    }
};

QTEST_GUILESS_MAIN(TestAccounts)
#include "tst_accounts.moc"

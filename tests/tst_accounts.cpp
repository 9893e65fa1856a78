#include "TestSupport.h"
#include "OrdoInternals.h"

#include "security/Passwords.h"

using namespace ordo;
using namespace ordo::test;

namespace {

// A fresh key pair made by ssh-keygen: its public line and the fingerprint ssh-keygen shows.
struct KeyPair
{
    QString publicLine;
    QString fingerprint;
    QString privateFile;
};

KeyPair makeKeyPair(const QString &dir, const QString &type)
{
    const QString file = dir + QStringLiteral("/key_") + type;
    QProcess keygen;
    keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), type, QStringLiteral("-N"), QString(),
                                                QStringLiteral("-C"), QStringLiteral("alice@laptop"), QStringLiteral("-f"), file});
    if (!keygen.waitForFinished(30000) || keygen.exitCode() != 0)
        qFatal("ssh-keygen failed");
    QProcess show;
    show.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"), QStringLiteral("-f"), file + QStringLiteral(".pub")});
    if (!show.waitForFinished(30000) || show.exitCode() != 0)
        qFatal("ssh-keygen -l failed");
    QFile pub(file + QStringLiteral(".pub"));
    if (!pub.open(QIODevice::ReadOnly))
        qFatal("no public key");
    return {QString::fromUtf8(pub.readAll()).trimmed(), QString::fromUtf8(show.readAllStandardOutput()).section(QLatin1Char(' '), 1, 1), file};
}

} // namespace

class TestAccounts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

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

    void anSshPublicKeyIsCheckedAndFingerprinted_data()
    {
        QTest::addColumn<QString>("type");
        QTest::newRow("ed25519") << QStringLiteral("ed25519");
        QTest::newRow("rsa") << QStringLiteral("rsa");
        QTest::newRow("ecdsa") << QStringLiteral("ecdsa");
    }

    void anSshPublicKeyIsCheckedAndFingerprinted()
    {
        QFETCH(QString, type);
        QTemporaryDir dir;
        const KeyPair pair = makeKeyPair(dir.path(), type);
        auto key = parseSshPublicKey(QStringLiteral("  ") + pair.publicLine + QStringLiteral("\n"));
        ORDO_VERIFY_OK(key);
        QCOMPARE(key->line, pair.publicLine);
        QCOMPARE(key->fingerprint, pair.fingerprint);
    }

    void whatIsNoSshPublicKeyIsRefusedWithTheReason()
    {
        QTemporaryDir dir;
        const KeyPair pair = makeKeyPair(dir.path(), QStringLiteral("ed25519"));
        QFile privateKey(pair.privateFile);
        QVERIFY(privateKey.open(QIODevice::ReadOnly));
        const QStringList parts = pair.publicLine.split(QLatin1Char(' '));
        QByteArray damaged = QByteArray::fromBase64(parts.at(1).toLatin1());
        damaged[5] = 'X'; // the type inside the key no longer says ssh-ed25519
        const QList<QPair<QString, QString>> refused{
            {QString(), QStringLiteral("no SSH public key")},
            {QString::fromUtf8(privateKey.readAll()), QStringLiteral("private key")},
            {pair.publicLine + QLatin1Char('\n') + pair.publicLine, QStringLiteral("one line")},
            {QStringLiteral("ssh-dss ") + parts.at(1), QStringLiteral("not an OpenSSH public key")},
            {parts.at(0), QStringLiteral("not an OpenSSH public key")},
            {parts.at(0) + QStringLiteral(" not*base64"), QStringLiteral("damaged")},
            {parts.at(0) + QLatin1Char(' ') + QString::fromLatin1(damaged.toBase64()), QStringLiteral("damaged")},
            {QStringLiteral("ssh-rsa ") + parts.at(1), QStringLiteral("damaged")},
            {parts.at(0) + QLatin1Char(' ') + parts.at(1) + QStringLiteral(" it's'$(reboot)"), QStringLiteral("comment")},
            {parts.at(0) + QLatin1Char(' ') + parts.at(1) + QLatin1Char(' ') + QString(8192, QLatin1Char('a')), QStringLiteral("longer than 8192")},
        };
        for (const auto &[text, why] : refused) {
            const auto parsed = parseSshPublicKey(text);
            QVERIFY2(!parsed, qPrintable(text));
            QCOMPARE(parsed.error().code, ErrorCode::BadInput);
            QVERIFY2(parsed.error().message.contains(why), qPrintable(parsed.error().message));
        }
    }

    void usersSetTheirOwnSshKeyAndAdminsTheirTenantsUsers()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        QTemporaryDir dir;
        const KeyPair pair = makeKeyPair(dir.path(), QStringLiteral("ed25519"));
        const auto keyOf = [&](const QString &user) { return OrdoInternals::store(*ordo).userByName(user)->sshPublicKey; };

        ORDO_VERIFY_OK(ordo->accounts().setSshPublicKey(sessionFor(*ordo, QStringLiteral("alice")), pair.publicLine));
        QCOMPARE(keyOf(QStringLiteral("alice")), pair.publicLine);
        ORDO_VERIFY_ERROR(ordo->accounts().setSshPublicKey(sessionFor(*ordo, QStringLiteral("alice")), QStringLiteral("ssh-ed25519 AAAA")),
                          ErrorCode::BadInput);
        QCOMPARE(keyOf(QStringLiteral("alice")), pair.publicLine);

        // Nobody else sets it: not her approver, nor support, nor a customer of another tenant.
        for (const QString &other : {QStringLiteral("bob"), QStringLiteral("carol"), QStringLiteral("dave")})
            ORDO_VERIFY_ERROR(ordo->accounts().setSshPublicKey(sessionFor(*ordo, other), {}, QStringLiteral("alice")), ErrorCode::NotPermitted);
        QCOMPARE(keyOf(QStringLiteral("alice")), pair.publicLine);

        // acme's admin may, for acme's users only: globex's dave looks like nobody.
        const Session admin = sessionFor(*ordo, QStringLiteral("admin"), QStringLiteral("acme"));
        ORDO_VERIFY_OK(ordo->accounts().setSshPublicKey(admin, {}, QStringLiteral("alice")));
        QCOMPARE(keyOf(QStringLiteral("alice")), QString());
        ORDO_VERIFY_ERROR(ordo->accounts().setSshPublicKey(admin, pair.publicLine, QStringLiteral("dave")), ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(ordo->accounts().setSshPublicKey(admin, pair.publicLine, QStringLiteral("nobody")), ErrorCode::NotFound);
        QCOMPARE(keyOf(QStringLiteral("dave")), QString());
        // frank orders in acme and in globex: acme's admin does not put a key into frank's globex VMs.
        ORDO_VERIFY_OK(ordo->accounts().createUser(QStringLiteral("frank"), {}, QStringLiteral("frank@example.com"), QStringLiteral("demo")));
        ORDO_VERIFY_OK(ordo->accounts().grant(QStringLiteral("frank"), QStringLiteral("acme"), Role::Customer));
        ORDO_VERIFY_OK(ordo->accounts().grant(QStringLiteral("frank"), QStringLiteral("globex"), Role::Customer));
        ORDO_VERIFY_ERROR(ordo->accounts().setSshPublicKey(admin, pair.publicLine, QStringLiteral("frank")), ErrorCode::NotPermitted);
        QCOMPARE(keyOf(QStringLiteral("frank")), QString());
        ORDO_VERIFY_OK(ordo->accounts().setSshPublicKey(sessionFor(*ordo, QStringLiteral("frank"), QStringLiteral("globex")), pair.publicLine));
        QCOMPARE(keyOf(QStringLiteral("frank")), pair.publicLine);

        // Each change is in the trail, with the key's fingerprint.
        auto trail = OrdoInternals::store(*ordo).auditEntries({{}, QStringLiteral("user"), QStringLiteral("alice")});
        ORDO_VERIFY_OK(trail);
        QStringList actions;
        for (const AuditEntry &e : std::as_const(*trail))
            actions.append(e.action + QLatin1Char(' ') + e.actor + QLatin1Char(' ') + e.details.value(QStringLiteral("fingerprint")).toString());
        QVERIFY2(actions.contains(QStringLiteral("set-ssh-key alice ") + pair.fingerprint), qPrintable(actions.join(QLatin1Char('\n'))));
        QVERIFY2(actions.contains(QStringLiteral("remove-ssh-key admin ")), qPrintable(actions.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestAccounts)
#include "tst_accounts.moc"

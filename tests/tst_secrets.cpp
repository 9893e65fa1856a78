// The secret store against a real gnome-keyring on a private session bus.

#include "KeyringSession.h"
#include "TestSupport.h"

#include "domain/AuditLog.h"
#include "security/SecretStore.h"


using namespace ordo;
using namespace ordo::test;

class TestSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // One bus and keyring for the whole process: libsecret keeps its first session bus.
    void initTestCase() { m_keyring = std::make_unique<KeyringSession>(); }
    void cleanupTestCase() { m_keyring.reset(); }

    void writeReadRemove()
    {
        const SecretStore store;
        ORDO_VERIFY_OK(store.write(QStringLiteral("cmdb-token"), "first"));
        ORDO_VERIFY_OK(store.write(QStringLiteral("cmdb-token"), "second value"));
        auto read = store.read(QStringLiteral("cmdb-token"));
        ORDO_VERIFY_OK(read);
        QCOMPARE(*read, QByteArray("second value"));
        ORDO_VERIFY_OK(store.remove(QStringLiteral("cmdb-token")));
        ORDO_VERIFY_ERROR(store.read(QStringLiteral("cmdb-token")), ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(store.write(QStringLiteral("bad name"), "x"), ErrorCode::BadInput);
        ORDO_VERIFY_ERROR(store.write(QStringLiteral("empty"), ""), ErrorCode::BadInput);
    }

    void ordoctlTakesTheValueFromStdinAndStoresItOnlyInTheKeyring()
    {
        TestEnvironment env;
        const QString db = env.databasePath();
        QCOMPARE(ordoctl(db, {}, {QStringLiteral("init"), QStringLiteral("--demo")}).exitCode, 0);
        const QByteArray value = "vm-root-pa55-7f3k";

        QProcess set;
        QProcessEnvironment penv = QProcessEnvironment::systemEnvironment();
        penv.insert(QStringLiteral("ORDO_PASSWORD"), QStringLiteral("demo"));
        set.setProcessEnvironment(penv);
        set.start(QStringLiteral(ORDOCTL_PATH), {QStringLiteral("--db"), db, QStringLiteral("--user"), QStringLiteral("admin"),
                                                 QStringLiteral("secrets"), QStringLiteral("set"), QStringLiteral("vm-root")});
        set.write(value + '\n');
        set.closeWriteChannel();
        QVERIFY(set.waitForFinished(30000));
        QCOMPARE(set.exitCode(), 0);
        QVERIFY(!set.readAllStandardOutput().contains(value));

        auto read = SecretStore().read(QStringLiteral("vm-root"));
        ORDO_VERIFY_OK(read);
        QCOMPARE(*read, value);
        // Nowhere else: not the database, not the settings, not the test's HOME.
        QVERIFY(!anyFileContains(env.path(QString()), value));
        const CommandResult trail = ordoctl(db, QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(trail.exitCode, 0);

        // Only admins set secrets.
        QProcess denied;
        denied.setProcessEnvironment(penv);
        denied.start(QStringLiteral(ORDOCTL_PATH), {QStringLiteral("--db"), db, QStringLiteral("--user"), QStringLiteral("carol"),
                                                    QStringLiteral("secrets"), QStringLiteral("set"), QStringLiteral("x")});
        denied.write("v\n");
        denied.closeWriteChannel();
        QVERIFY(denied.waitForFinished(30000));
        QCOMPARE(denied.exitCode(), 3);

        // Nor the audit key, not even an admin: a key of one's own would seal a forged export.
        const QString auditKey = AuditLog::keyName(QStringLiteral("0123456789abcdef0123456789abcdef"));
        QProcess forged;
        forged.setProcessEnvironment(penv);
        forged.start(QStringLiteral(ORDOCTL_PATH), {QStringLiteral("--db"), db, QStringLiteral("--user"), QStringLiteral("admin"),
                                                    QStringLiteral("secrets"), QStringLiteral("set"), auditKey});
        forged.write("known-to-me\n");
        forged.closeWriteChannel();
        QVERIFY(forged.waitForFinished(30000));
        QCOMPARE(forged.exitCode(), 3);
        QVERIFY(QString::fromUtf8(forged.readAllStandardError()).contains(QStringLiteral("is an audit key")));
        ORDO_VERIFY_ERROR(SecretStore().read(auditKey), ErrorCode::NotFound);
    }

    void withoutAKeyringItSaysSoAndStoresNothing()
    {
        TestEnvironment env;
        const QString db = env.databasePath();
        QCOMPARE(ordoctl(db, {}, {QStringLiteral("init"), QStringLiteral("--demo")}).exitCode, 0);
        QProcess set;
        QProcessEnvironment penv = QProcessEnvironment::systemEnvironment();
        penv.insert(QStringLiteral("ORDO_PASSWORD"), QStringLiteral("demo"));
        penv.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=") + env.path(QStringLiteral("no-bus")));
        set.setProcessEnvironment(penv);
        set.start(QStringLiteral(ORDOCTL_PATH), {QStringLiteral("--db"), db, QStringLiteral("--user"), QStringLiteral("admin"),
                                                 QStringLiteral("secrets"), QStringLiteral("set"), QStringLiteral("vm-root")});
        set.write("never-stored-anywhere\n");
        set.closeWriteChannel();
        QVERIFY(set.waitForFinished(60000));
        QCOMPARE(set.exitCode(), 1);
        const QString err = QString::fromUtf8(set.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("no usable keychain")), qPrintable(err));
        QVERIFY(!anyFileContains(env.path(QString()), "never-stored-anywhere"));
    }

private:
    std::unique_ptr<KeyringSession> m_keyring;
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"

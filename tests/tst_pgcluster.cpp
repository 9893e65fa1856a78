#include "TestSupport.h"

#include <QScopeGuard>

#include <optional>

using namespace ordo::test;

namespace {

// One QPSQL connection of its own to a postgresql:// URL, removed with it.
class PgConnection
{
public:
    explicit PgConnection(const QString &url)
        : m_name(QStringLiteral("tst-pgcluster-%1").arg(++s_count))
    {
        m_db = addPgConnection(m_name, url);
        m_db.open();
    }
    ~PgConnection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }

    bool isOpen() const { return m_db.isOpen(); }
    QString error() const { return m_db.lastError().text(); }
    QSqlDatabase &db() { return m_db; }

    // The first column of the first row, or an invalid QVariant when the statement fails.
    QVariant value(const QString &sql)
    {
        QSqlQuery query(m_db);
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }

private:
    static inline int s_count = 0;
    QString m_name;
    QSqlDatabase m_db;
};

QString databaseName(const TestEnvironment &env)
{
    return QUrl(env.databasePath()).path().mid(1);
}

// The cluster's address with another login: postgresql://role:password@host:port/database.
QString urlAs(const QString &role, const QString &password, const QString &database)
{
    QUrl url(TestEnvironment::postgresUrl());
    url.setUserName(role);
    url.setPassword(password);
    url.setPath(QLatin1Char('/') + database);
    return url.toString();
}

// A role name no other test process uses (roles belong to the whole cluster).
QString uniqueRole(const char *what)
{
    return QStringLiteral("tst_pgcluster_%1_%2").arg(QLatin1String(what)).arg(QCoreApplication::applicationPid());
}

} // namespace

// The harness that the `.pg` tests stand on: the throwaway cluster that
// scripts/test starts (scripts/pg-cluster) and TestEnvironment's databases in it.
class TestPgCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void eachEnvironmentHasItsOwnDatabaseUntilItEnds()
    {
        PgConnection admin(TestEnvironment::postgresUrl() + QStringLiteral("/postgres"));
        QVERIFY2(admin.isOpen(), qPrintable(admin.error()));
        const auto exists = [&](const QString &name) {
            return admin.value(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = '%1'").arg(name)).toInt() == 1;
        };

        std::optional<TestEnvironment> first(std::in_place);
        std::optional<TestEnvironment> second(std::in_place);
        QVERIFY(first->databasePath().startsWith(TestEnvironment::postgresUrl() + QLatin1Char('/')));
        const QString a = databaseName(*first);
        const QString b = databaseName(*second);
        QVERIFY(!a.isEmpty());
        QVERIFY(a != b);
        QVERIFY(exists(a));
        QVERIFY(exists(b));

        // Its end drops the database even while someone is still connected to it.
        {
            PgConnection user(first->databasePath());
            QVERIFY2(user.isOpen(), qPrintable(user.error()));
            first.reset();
        }
        QVERIFY(!exists(a));
        QVERIFY(exists(b));
        second.reset();
        QVERIFY(!exists(b));
    }

    void aTableInOneDatabaseIsNotInAnother()
    {
        TestEnvironment mine;
        TestEnvironment other;
        PgConnection inMine(mine.databasePath());
        PgConnection inOther(other.databasePath());
        QVERIFY2(inMine.isOpen(), qPrintable(inMine.error()));
        QVERIFY2(inOther.isOpen(), qPrintable(inOther.error()));

        QSqlQuery create(inMine.db());
        QVERIFY2(create.exec(QStringLiteral("CREATE TABLE probe(id int); INSERT INTO probe VALUES (7)")),
                 qPrintable(create.lastError().text()));
        QCOMPARE(inMine.value(QStringLiteral("SELECT id FROM probe")).toInt(), 7);

        QSqlQuery read(inOther.db());
        QVERIFY(!read.exec(QStringLiteral("SELECT id FROM probe")));
        QCOMPARE(read.lastError().nativeErrorCode(), QStringLiteral("42P01")); // undefined_table
    }

    void aLoginRoleNeedsItsScramPasswordOverTcp()
    {
        TestEnvironment env;
        PgConnection admin(env.databasePath());
        QVERIFY2(admin.isOpen(), qPrintable(admin.error()));
        const QString role = uniqueRole("login");
        const QString password = QStringLiteral("right-%1").arg(QCoreApplication::applicationPid());
        QSqlQuery create(admin.db());
        QVERIFY2(create.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(role, password)),
                 qPrintable(create.lastError().text()));
        const auto dropRole = qScopeGuard([&] { admin.value(QStringLiteral("DROP ROLE IF EXISTS %1").arg(role)); });
        // Stored as a SCRAM verifier, not as MD5 or the plain password.
        QVERIFY(admin.value(QStringLiteral("SELECT rolpassword FROM pg_authid WHERE rolname = '%1'").arg(role))
                    .toString().startsWith(QLatin1String("SCRAM-SHA-256$")));

        {
            PgConnection right(urlAs(role, password, databaseName(env)));
            QVERIFY2(right.isOpen(), qPrintable(right.error()));
            QCOMPARE(right.value(QStringLiteral("SELECT session_user")).toString(), role);
            QCOMPARE(right.value(QStringLiteral("SELECT rolsuper FROM pg_roles WHERE rolname = session_user")).toBool(), false);
        }
        for (const QString &wrong : {QStringLiteral("wrong"), QString()}) {
            PgConnection denied(urlAs(role, wrong, databaseName(env)));
            QVERIFY2(!denied.isOpen(), qPrintable(wrong));
            QVERIFY2(denied.error().contains(QLatin1String("password")), qPrintable(denied.error()));
        }
    }

    void sessionAuthorizationInATransactionActsAsThePerson()
    {
        TestEnvironment env;
        PgConnection admin(env.databasePath());
        QVERIFY2(admin.isOpen(), qPrintable(admin.error()));
        const QString role = uniqueRole("person");
        QSqlQuery setup(admin.db());
        QVERIFY2(setup.exec(QStringLiteral("CREATE ROLE %1 NOLOGIN").arg(role)), qPrintable(setup.lastError().text()));
        const auto dropRole = qScopeGuard([&] { admin.value(QStringLiteral("DROP ROLE IF EXISTS %1").arg(role)); });
        QVERIFY2(setup.exec(QStringLiteral("CREATE TABLE owners_only(secret text); INSERT INTO owners_only VALUES ('x')")),
                 qPrintable(setup.lastError().text()));

        QVERIFY(admin.db().transaction());
        QSqlQuery as(admin.db());
        QVERIFY2(as.exec(QStringLiteral("SET LOCAL SESSION AUTHORIZATION %1").arg(role)), qPrintable(as.lastError().text()));
        QCOMPARE(admin.value(QStringLiteral("SELECT session_user")).toString(), role);
        QCOMPARE(admin.value(QStringLiteral("SELECT current_user")).toString(), role);
        // The person's own privileges apply: the table was never granted.
        QVERIFY(!as.exec(QStringLiteral("SELECT secret FROM owners_only")));
        QCOMPARE(as.lastError().nativeErrorCode(), QStringLiteral("42501")); // insufficient_privilege
        QVERIFY(admin.db().rollback());

        // LOCAL: the transaction's end gives the connection back to the superuser.
        QCOMPARE(admin.value(QStringLiteral("SELECT session_user")).toString(), QStringLiteral("postgres"));
        QCOMPARE(admin.value(QStringLiteral("SELECT secret FROM owners_only")).toString(), QStringLiteral("x"));
    }

    void aRestartDropsConnectionsAndNewOnesWork()
    {
        const QStringList pgCtl = QProcess::splitCommand(qEnvironmentVariable("ORDO_TEST_PG_CTL"));
        if (pgCtl.isEmpty()) {
            if (qEnvironmentVariableIsSet("ORDO_REQUIRE_PG"))
                QFAIL("ORDO_REQUIRE_PG is set but ORDO_TEST_PG_CTL is not");
            QSKIP("no ORDO_TEST_PG_CTL: scripts/test sets it with the cluster");
        }
        TestEnvironment env;
        PgConnection before(env.databasePath());
        QVERIFY2(before.isOpen(), qPrintable(before.error()));
        const QDateTime started = before.value(QStringLiteral("SELECT pg_postmaster_start_time()")).toDateTime();
        QVERIFY(started.isValid());

        QProcess restart;
        restart.start(pgCtl.first(), pgCtl.mid(1) << QStringLiteral("restart") << QStringLiteral("-m") << QStringLiteral("fast"));
        QVERIFY2(restart.waitForFinished(120000), "pg_ctl restart did not finish");
        QVERIFY2(restart.exitStatus() == QProcess::NormalExit && restart.exitCode() == 0,
                 qPrintable(QString::fromUtf8(restart.readAllStandardError())));

        QSqlQuery stale(before.db());
        QVERIFY(!stale.exec(QStringLiteral("SELECT 1")));

        PgConnection after(env.databasePath());
        QVERIFY2(after.isOpen(), qPrintable(after.error()));
        QVERIFY(after.value(QStringLiteral("SELECT pg_postmaster_start_time()")).toDateTime() > started);
        QCOMPARE(after.value(QStringLiteral("SELECT 1")).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPgCluster)
#include "tst_pgcluster.moc"

#pragma once

#include "KeyringSession.h"
#include "OrdoInternals.h"
#include "Ordo.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <memory>

namespace ordo::test {

// Every audited change needs the database's audit key from the keychain, so
// a process without a session bus of its own gets one private keyring (on
// first use, about 0.1 s) that lives as long as the process; ordoctl and the
// engines it starts inherit its bus. Tests of the keychain bring their own.
// Returns that keyring, or nullptr when the process has a bus of its own.
inline KeyringSession *ensureKeyring()
{
    static KeyringSession *shared = nullptr;
    if (shared || !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return shared;
    shared = new KeyringSession;
    qAddPostRoutine([] {
        delete shared;
        shared = nullptr;
    });
    return shared;
}

// A Qt SQL connection (QPSQL) to a postgresql://user:password@host:port/database
// URL, added under a name unique to its user and not yet opened. The caller
// drops its QSqlDatabase copies before QSqlDatabase::removeDatabase(name).
inline QSqlDatabase addPgConnection(const QString &name, const QString &url)
{
    const QUrl parsed(url);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(parsed.host());
    db.setPort(parsed.port(5432));
    db.setUserName(parsed.userName());
    db.setPassword(parsed.password());
    db.setDatabaseName(parsed.path().mid(1));
    return db;
}

// A private HOME, data, config and runtime folder for one test, so that no
// test sees another's database or the developer's own. In a `.pg` test
// (BACKENDS in tests/CMakeLists.txt) the database is a fresh one in the
// PostgreSQL cluster that scripts/test starts (ORDO_TEST_PG), dropped again
// at the end; it is a copy of the template ordo_tmpl once that exists.
class TestEnvironment
{
public:
    static bool isPostgres() { return qEnvironmentVariable("ORDO_TEST_BACKEND") == QLatin1String("postgres"); }
    // The cluster's superuser URL without a database, empty when there is no cluster.
    static QString postgresUrl() { return qEnvironmentVariable("ORDO_TEST_PG"); }

    TestEnvironment()
    {
        ensureKeyring();
        QStandardPaths::setTestModeEnabled(true);
        const QString home = m_dir.path() + QStringLiteral("/home");
        const QString runtime = m_dir.path() + QStringLiteral("/runtime");
        QDir().mkpath(home);
        QDir().mkpath(runtime);
        QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("HOME", home.toUtf8());
        qputenv("XDG_DATA_HOME", (home + QStringLiteral("/.local/share")).toUtf8());
        qputenv("XDG_CONFIG_HOME", (home + QStringLiteral("/.config")).toUtf8());
        qputenv("XDG_RUNTIME_DIR", runtime.toUtf8());
        qunsetenv("ORDO_USER");
        qunsetenv("ORDO_PASSWORD");
        if (isPostgres())
            createPgDatabase();
    }

    ~TestEnvironment()
    {
        if (m_pgDatabase.isEmpty())
            return;
        withPgAdmin(QtWarningMsg, [&](QSqlQuery &query) {
            return query.exec(QStringLiteral("DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)").arg(m_pgDatabase));
        });
    }

    TestEnvironment(const TestEnvironment &) = delete;
    TestEnvironment &operator=(const TestEnvironment &) = delete;

    QString path(const QString &name) const { return m_dir.path() + QLatin1Char('/') + name; }
    // A file on SQLite; on PostgreSQL the URL of this test's database (empty
    // without a cluster, when ORDO_REQUIRE_BACKEND() skips the test).
    QString databasePath() const
    {
        if (!isPostgres())
            return path(QStringLiteral("ordo.db"));
        return m_pgDatabase.isEmpty() ? QString() : postgresUrl() + QLatin1Char('/') + m_pgDatabase;
    }

private:
    void createPgDatabase()
    {
        if (postgresUrl().isEmpty()) {
            if (qEnvironmentVariableIsSet("ORDO_REQUIRE_PG"))
                qFatal("ORDO_REQUIRE_PG is set but ORDO_TEST_PG is not: scripts/test should have started PostgreSQL");
            return;
        }
        static std::atomic<int> counter{0};
        const QString name = QStringLiteral("t_%1_%2").arg(QCoreApplication::applicationPid()).arg(++counter);
        withPgAdmin(QtFatalMsg, [&](QSqlQuery &query) {
            if (!query.exec(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = 'ordo_tmpl'")))
                return false;
            // FILE_COPY: the template is small, and copying its files beats WAL-logging every page.
            const QString from = query.next() ? QStringLiteral(" TEMPLATE ordo_tmpl STRATEGY FILE_COPY") : QString();
            return query.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(name) + from);
        });
        m_pgDatabase = name;
    }

    // Runs work(query) on the cluster's postgres database as its superuser, on
    // a connection of its own; work says whether its statements succeeded. A
    // failure is fatal, or only a warning where a destructor runs it.
    template<typename Work>
    static void withPgAdmin(QtMsgType onError, Work work)
    {
        static std::atomic<int> connections{0};
        const QString connection = QStringLiteral("ordo-test-admin-%1").arg(++connections);
        QString error;
        {
            QSqlDatabase db = addPgConnection(connection, postgresUrl() + QStringLiteral("/postgres"));
            if (!db.open()) {
                error = db.lastError().text();
            } else {
                QSqlQuery query(db);
                if (!work(query))
                    error = query.lastQuery() + QStringLiteral(": ") + query.lastError().text();
            }
        }
        QSqlDatabase::removeDatabase(connection);
        if (error.isEmpty())
            return;
        if (onError == QtFatalMsg)
            qFatal("PostgreSQL test database: %s", qPrintable(error));
        qWarning("PostgreSQL test database: %s", qPrintable(error));
    }

    QTemporaryDir m_dir;
    QString m_pgDatabase;
};

inline std::unique_ptr<Ordo> openDemo(const QString &path, const Clock *clock = nullptr)
{
    auto opened = Ordo::open(path, clock);
    if (!opened)
        qFatal("cannot open %s: %s", qPrintable(path), qPrintable(opened.error().message));
    std::unique_ptr<Ordo> ordo = std::move(*opened);
    if (ordo->isEmpty()) {
        auto demo = ordo->createDemo(QStringLiteral("demo"));
        if (!demo)
            qFatal("cannot create the demo: %s", qPrintable(demo.error().message));
    }
    return ordo;
}

// A session without the password check, for tests of what comes after login.
inline Session sessionFor(Ordo &ordo, const QString &user, const QString &tenant = {})
{
    auto found = OrdoInternals::store(ordo).userByName(user);
    if (!found)
        qFatal("no user %s", qPrintable(user));
    auto session = ordo.accounts().openSession(*found, tenant);
    if (!session)
        qFatal("no session for %s: %s", qPrintable(user), qPrintable(session.error().message));
    return *session;
}

// A Linux VM (4 vCPUs, 16 GiB: more than the demo approves by itself).
inline const QVariantMap kBigVm{{QStringLiteral("cpus"), 4}, {QStringLiteral("memoryGiB"), 16}};
// Within the demo policy's automatic approval (1 vCPU, 2 GiB, 24 EUR a month).
inline const QVariantMap kSmallVm{{QStringLiteral("cpus"), 1}, {QStringLiteral("memoryGiB"), 2}};

// The customer's order of one linux-vm with these parameters, through cart and checkout.
inline Order checkOut(Ordo &ordo, const QString &customer, const QVariantMap &parameters = kBigVm)
{
    const Session s = sessionFor(ordo, customer);
    auto added = ordo.cart().add(s, QStringLiteral("linux-vm"), parameters);
    if (!added)
        qFatal("%s", qPrintable(added.error().message));
    auto order = ordo.orders().checkout(s);
    if (!order)
        qFatal("%s", qPrintable(order.error().message));
    return *order;
}

// The order's state as viewer (by default the acme approver) sees it; Submitted when it is out of sight.
inline OrderState stateOf(Ordo &ordo, Id orderId, const QString &viewer = QStringLiteral("bob"))
{
    auto order = ordo.orders().order(sessionFor(ordo, viewer), orderId);
    return order ? order->state : OrderState::Submitted;
}

// The workflows of one order, the order's own and its VMs', as the provider's support (every tenant) sees them, oldest first.
inline QList<engine::WorkflowSummary> workflowsOf(Ordo &ordo, Id orderId)
{
    auto all = ordo.workflows().list(sessionFor(ordo, QStringLiteral("pat")));
    if (!all)
        qFatal("%s", qPrintable(all.error().message));
    QList<engine::WorkflowSummary> mine;
    for (const auto &w : *all)
        if (w.orderId && *w.orderId == orderId)
            mine.append(w);
    std::sort(mine.begin(), mine.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
    return mine;
}

// The VM workflows an order started (all but the order's own), oldest first.
inline QList<engine::WorkflowSummary> vmWorkflowsOf(Ordo &ordo, Id orderId)
{
    auto vms = workflowsOf(ordo, orderId);
    vms.removeIf([](const auto &w) { return w.name == QLatin1String("order"); });
    return vms;
}

// The mails of one template to one address, queued or sent, as the provider's support sees them.
inline QList<MailMessage> mailsTo(Ordo &ordo, const QString &address, const QString &templateName)
{
    auto entries = ordo.mail().outbox(sessionFor(ordo, QStringLiteral("pat")));
    if (!entries)
        qFatal("%s", qPrintable(entries.error().message));
    QList<MailMessage> found;
    for (const OutboxEntry &e : *entries)
        if (e.message.to.contains(address) && e.message.templateName == templateName)
            found.append(e.message);
    return found;
}

// The provider lowers linux-vm's vCPU maximum, below what carts may already hold.
inline void lowerVmCpuMaximum(Ordo &ordo, int maximum)
{
    auto item = OrdoInternals::store(ordo).catalogItem(QStringLiteral("linux-vm"));
    if (!item)
        qFatal("%s", qPrintable(item.error().message));
    QJsonObject json = item->toJson();
    QJsonArray params = json.value(QStringLiteral("parameters")).toArray();
    QJsonObject cpus = params.at(0).toObject();
    cpus.insert(QStringLiteral("max"), maximum);
    params.replace(0, cpus);
    json.insert(QStringLiteral("parameters"), params);
    auto changed = CatalogItem::fromJson(json, QStringLiteral("test"));
    if (!changed)
        qFatal("%s", qPrintable(changed.error().message));
    auto written = OrdoInternals::database(ordo).write([&] { return OrdoInternals::store(ordo).upsertCatalogItem(*changed, 0); });
    if (!written)
        qFatal("%s", qPrintable(written.error().message));
}

struct CommandResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs the real ordoctl binary, as a user or script would.
inline CommandResult ordoctl(const QString &db, const QString &user, const QStringList &args,
                             const QString &password = QStringLiteral("demo"))
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ORDO_PASSWORD"), password);
    process.setProcessEnvironment(env);
    QStringList all{QStringLiteral("--db"), db};
    if (!user.isEmpty())
        all << QStringLiteral("--user") << user;
    all << args;
    process.start(QStringLiteral(ORDOCTL_PATH), all);
    if (!process.waitForFinished(60000))
        qFatal("ordoctl did not finish: %s", qPrintable(all.join(QLatin1Char(' '))));
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

// Whether any file below dir holds the bytes: the database, its WAL and
// anything else written next to it (where a leaked secret would be found).
inline bool anyFileContains(const QString &dir, const QByteArray &bytes)
{
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(bytes))
            return true;
    }
    return false;
}

} // namespace ordo::test

// Fails the test with the error's message when a Result holds an error.
#define ORDO_VERIFY_OK(expr)                                                                       \
    do {                                                                                           \
        const auto &ordo_r_ = (expr);                                                              \
        if (!ordo_r_)                                                                              \
            QFAIL(qPrintable(QStringLiteral("unexpected error: ") + ordo_r_.error().message));     \
    } while (false)

// For set-up helpers outside a test function, where QVERIFY cannot return.
#define ORDO_CHECK_FATAL(expr)                                                                     \
    do {                                                                                           \
        const auto &ordo_r_ = (expr);                                                              \
        if (!ordo_r_)                                                                              \
            qFatal("%s", qPrintable(ordo_r_.error().message));                                     \
    } while (false)

// At the start of initTestCase in a test that may run on PostgreSQL: skips
// the `.pg` run when no cluster is given (ORDO_TEST_PG), or fails it when
// scripts/test promised one (ORDO_REQUIRE_PG). QSKIP and QFAIL return, hence a macro.
#define ORDO_REQUIRE_BACKEND()                                                                     \
    do {                                                                                           \
        if (ordo::test::TestEnvironment::isPostgres() && ordo::test::TestEnvironment::postgresUrl().isEmpty()) { \
            if (qEnvironmentVariableIsSet("ORDO_REQUIRE_PG"))                                      \
                QFAIL("ORDO_REQUIRE_PG is set but ORDO_TEST_PG is not");                           \
            QSKIP("no PostgreSQL: scripts/test starts one (ORDO_TEST_PG)");                        \
        }                                                                                          \
    } while (false)

// For checks that hold only on SQLite (its files, its WAL): skipped in a `.pg` run.
#define ORDO_REQUIRE_SQLITE(why)                                                                   \
    do {                                                                                           \
        if (ordo::test::TestEnvironment::isPostgres())                                             \
            QSKIP("SQLite only: " why);                                                            \
    } while (false)

#define ORDO_VERIFY_ERROR(expr, expectedCode)                                                      \
    do {                                                                                           \
        const auto &ordo_r_ = (expr);                                                              \
        QVERIFY2(!ordo_r_, "expected an error, got success");                                      \
        QCOMPARE(ordo_r_.error().code, expectedCode);                                              \
    } while (false)

// Order states print by name in QCOMPARE's failure messages.
namespace QTest {
template<>
inline char *toString(const ordo::OrderState &s)
{
    return qstrdup(qPrintable(ordo::orderStateName(s)));
}
} // namespace QTest

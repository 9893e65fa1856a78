#pragma once

#include "KeyringSession.h"
#include "OrdoInternals.h"
#include "Ordo.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
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

// A private HOME, data, config and runtime folder for one test, so that no
// test sees another's database or the developer's own.
class TestEnvironment
{
public:
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
    }

    QString path(const QString &name) const { return m_dir.path() + QLatin1Char('/') + name; }
    QString databasePath() const { return path(QStringLiteral("ordo.db")); }

private:
    QTemporaryDir m_dir;
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

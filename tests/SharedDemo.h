#pragma once

// The demo on a shared database as `ordoctl init --shared --demo` makes it,
// with something of each kind in both tenants: an order each from alice
// (acme) and dave (globex), a paused workflow for each order, the support
// mails those pauses sent, and a line left in each customer's cart. gina is
// globex's support staff (the demo has none). Every person logs in with
// their own role, prefix + name, password "demo".
//
// As docs/deployment.md sets it up, the schema belongs to an owner role that
// is not a superuser (superusers pass every policy): it creates the schema and
// the roles, and the fixture's Ordo and engine connect as it, so that they
// prove the owner keeps every row under FORCEd row-level security. The
// engine logs in as the engines' role, as engine hosts do.

#include "OrdoInternals.h"
#include "TestSupport.h"
#include "engine/Runtime.h"
#include "store/SharedAccess.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

namespace ordo::test {

struct SharedDemo
{
    QString url;      // as the cluster's superuser
    QString ownerUrl; // as the schema's owner
    QString ownerRole;
    QString engineUrl; // as the engines' role, password "demo"
    QString prefix;
    std::unique_ptr<Ordo> owner; // as the schema's owner, like engines and consoles today
    Id acmeOrder = 0;
    Id globexOrder = 0;
    qint64 acmeWorkflow = 0;
    qint64 globexWorkflow = 0;

    QString role(const QString &person) const { return shared::personRole(prefix, person); }
    QString engineRole() const { return shared::engineRole(prefix); }
    Id tenantId(const QString &slug) const
    {
        auto tenant = OrdoInternals::store(*owner).tenantBySlug(slug);
        if (!tenant)
            qFatal("no tenant %s", qPrintable(slug));
        return tenant->id;
    }
    Id userId(const QString &name) const
    {
        auto user = OrdoInternals::store(*owner).userByName(name);
        if (!user)
            qFatal("no user %s", qPrintable(name));
        return user->id;
    }
};

inline Id checkoutBigVm(Ordo &ordo, const QString &customer)
{
    const Session session = sessionFor(ordo, customer);
    if (auto added = ordo.cart().add(session, QStringLiteral("linux-vm"), kBigVm); !added)
        qFatal("%s", qPrintable(added.error().message));
    auto order = ordo.orders().checkout(session);
    if (!order)
        qFatal("%s", qPrintable(order.error().message));
    // One more line, left in the cart.
    if (auto added = ordo.cart().add(session, QStringLiteral("linux-vm"), {}); !added)
        qFatal("%s", qPrintable(added.error().message));
    return order->id;
}

// A workflow for the order that pauses on its first step and tells support.
inline qint64 pausedWorkflow(Ordo &ordo, Id order)
{
    engine::ActionRegistry actions;
    actions.addBuiltinActions();
    const Clock clock;
    engine::Runtime runtime(OrdoInternals::database(ordo), ordo.audit(), actions, clock);
    auto id = runtime.start(R"({"name": "provision", "version": 1, "steps": [
        {"id": "check", "action": "test.fail", "with": {"kind": "permanent"},
         "onError": {"policy": "pause", "notify": ["support"]}}]})",
                            {}, QStringLiteral("admin"), order);
    if (!id)
        qFatal("%s", qPrintable(id.error().message));
    return *id;
}

// The owner role (LOGIN, CREATEROLE, password in PGPASSWORD) owning the test's
// empty database. Roles are the server's and outlive a test's database: those
// an earlier run of the test left behind go first.
inline void makeOwner(const QString &databaseUrl, const QString &ownerRole, const QString &prefix)
{
    const QUrl url(databaseUrl);
    const QString connection = QStringLiteral("shared-demo-admin");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
        if (!db.open())
            qFatal("%s", qPrintable(db.lastError().text()));
        QSqlQuery query(db);
        QStringList leftovers;
        if (query.exec(QStringLiteral("SELECT rolname FROM pg_roles WHERE starts_with(rolname, '%1') OR rolname = '%2'").arg(prefix, ownerRole))) {
            while (query.next())
                leftovers.append(query.value(0).toString());
        }
        for (const QString &role : std::as_const(leftovers)) {
            if (!query.exec(QStringLiteral("DROP ROLE \"%1\"").arg(role)))
                qWarning("cannot drop the role %s an earlier run left: %s", qPrintable(role), qPrintable(query.lastError().text()));
        }
        const QString password = qEnvironmentVariable("PGPASSWORD");
        const QString exists = QStringLiteral("SELECT 1 FROM pg_roles WHERE rolname = '%1'").arg(ownerRole);
        const bool found = query.exec(exists) && query.next();
        for (const QString &sql : {QStringLiteral("%1 ROLE %2 LOGIN CREATEROLE PASSWORD '%3'")
                                       .arg(found ? QStringLiteral("ALTER") : QStringLiteral("CREATE"), ownerRole, password),
                                   QStringLiteral("ALTER DATABASE %1 OWNER TO %2").arg(url.path().mid(1), ownerRole)}) {
            if (!query.exec(sql))
                qFatal("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        }
    }
    QSqlDatabase::removeDatabase(connection);
}

// `ordoctl engine run --until-idle` as an engine host runs it: logged in as the engines' role.
inline CommandResult runEngineUntilIdle(const SharedDemo &demo)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("demo"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(ORDOCTL_PATH), {QStringLiteral("--db"), demo.engineUrl, QStringLiteral("engine"), QStringLiteral("run"),
                                                 QStringLiteral("--until-idle")});
    if (!process.waitForFinished(120000))
        qFatal("the engine did not become idle");
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

inline SharedDemo makeSharedDemo(const TestEnvironment &env, const QString &prefix)
{
    SharedDemo demo;
    demo.url = env.databasePath();
    demo.prefix = prefix;
    demo.ownerRole = QStringLiteral("owner_") + prefix;
    QUrl ownerUrl(demo.url);
    ownerUrl.setUserName(demo.ownerRole);
    demo.ownerUrl = ownerUrl.toString();
    QUrl engineUrl(demo.url);
    engineUrl.setUserName(shared::engineRole(prefix));
    demo.engineUrl = engineUrl.toString();
    // libpq reads the owner's password from here; psqlAs gives people theirs.
    qputenv("PGPASSWORD", "owner-password");
    makeOwner(demo.url, demo.ownerRole, prefix);
    const CommandResult init = ordoctl(demo.ownerUrl, {}, {QStringLiteral("init"), QStringLiteral("--shared"), demo.ownerUrl,
                                                           QStringLiteral("--role-prefix"), prefix, QStringLiteral("--demo")});
    if (init.exitCode != 0)
        qFatal("ordoctl init --shared failed: %s", qPrintable(init.out + init.err));
    auto opened = Ordo::open(demo.ownerUrl);
    if (!opened)
        qFatal("%s", qPrintable(opened.error().message));
    demo.owner = std::move(*opened);
    Ordo &ordo = *demo.owner;
    if (auto gina = ordo.accounts().createUser(QStringLiteral("gina"), QStringLiteral("Gina Support"),
                                               QStringLiteral("gina@globex.example"), QStringLiteral("demo"));
        !gina)
        qFatal("%s", qPrintable(gina.error().message));
    if (auto granted = ordo.accounts().grant(QStringLiteral("gina"), QStringLiteral("globex"), Role::Support); !granted)
        qFatal("%s", qPrintable(granted.error().message));
    if (auto login = shared::setPersonLogin(OrdoInternals::database(ordo), prefix, QStringLiteral("gina"), QStringLiteral("demo"));
        !login)
        qFatal("%s", qPrintable(login.error().message));
    demo.acmeOrder = checkoutBigVm(ordo, QStringLiteral("alice"));
    demo.globexOrder = checkoutBigVm(ordo, QStringLiteral("dave"));
    demo.acmeWorkflow = pausedWorkflow(ordo, demo.acmeOrder);
    demo.globexWorkflow = pausedWorkflow(ordo, demo.globexOrder);
    const CommandResult run = runEngineUntilIdle(demo);
    if (run.exitCode != 0)
        qFatal("the engine failed: %s", qPrintable(run.out + run.err));
    return demo;
}

} // namespace ordo::test

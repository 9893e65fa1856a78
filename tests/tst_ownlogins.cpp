// People sign in to ordoctl and the console with their own login roles on a
// shared database (`--db postgresql://host/db --user NAME`): the server checks
// their password, and everything they do goes through the database's rules:
// reads through row-level security, changes through Ordo's functions, and
// what only engines may do as requests that an engine process applies in
// their name. The engine here is `ordoctl engine run` as the engines' role.

#include "PsqlAs.h"
#include "SharedDemo.h"

#include "client/OrdoClient.h"
#include "domain/OrderState.h"

#include <QJsonDocument>
#include <QSignalSpy>

using namespace ordo;
using namespace ordo::test;

namespace {

const QString kPrefix = QStringLiteral("own_");

} // namespace

class TestOwnLogins : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ORDO_REQUIRE_BACKEND();
        m_demo = makeSharedDemo(m_env, kPrefix);
        // The URL names no role: people connect as themselves.
        QUrl url(m_demo.url);
        url.setUserName({});
        m_url = url.toString();
        qputenv("ORDO_ROLE_PREFIX", kPrefix.toUtf8());
        // So that no owner's password reaches a person's connection by mistake.
        qunsetenv("PGPASSWORD");

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("demo"));
        m_engine.setProcessEnvironment(env);
        m_engine.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_engine.start(QStringLiteral(ORDOCTL_PATH),
                       {QStringLiteral("--db"), m_demo.engineUrl, QStringLiteral("engine"), QStringLiteral("run")});
        QVERIFY(m_engine.waitForStarted());
    }

    void cleanupTestCase()
    {
        m_engine.terminate();
        m_engine.waitForFinished(30000);
        if (m_demo.owner) {
            auto verified = m_demo.owner->audit().verify();
            ORDO_VERIFY_OK(verified);
            QVERIFY2(verified->intact, qPrintable(verified->problem));
        }
    }

    void theServerChecksWhoSignsIn()
    {
        const CommandResult alice = ordoctl(m_url, QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("profile"),
                                                                             QStringLiteral("show")});
        QVERIFY2(alice.exitCode == 0, qPrintable(alice.err));
        QCOMPARE(QJsonDocument::fromJson(alice.out.toUtf8()).object().value(QStringLiteral("user")).toString(), QStringLiteral("alice"));

        // A wrong password and an unknown person read alike.
        const CommandResult wrong = ordoctl(m_url, QStringLiteral("alice"), {QStringLiteral("profile"), QStringLiteral("show")},
                                            QStringLiteral("not-hers"));
        QCOMPARE(wrong.exitCode, 3);
        QVERIFY2(wrong.err.contains(QStringLiteral("unknown user or wrong password")), qPrintable(wrong.err));
        const CommandResult nobody = ordoctl(m_url, QStringLiteral("mallory"), {QStringLiteral("profile"), QStringLiteral("show")});
        QCOMPARE(nobody.exitCode, 3);
        QCOMPARE(nobody.err, wrong.err);

        // One person's login is not another's: alice's role, signing in as bob.
        QUrl alicesRole(m_url);
        alicesRole.setUserName(m_demo.role(QStringLiteral("alice")));
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("demo"));
        env.insert(QStringLiteral("ORDO_PASSWORD"), QStringLiteral("demo"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(ORDOCTL_PATH), {QStringLiteral("--db"), alicesRole.toString(), QStringLiteral("--user"),
                                                     QStringLiteral("bob"), QStringLiteral("approvals"), QStringLiteral("list")});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 3);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("alice's own login")), qPrintable(err));

        // The engines' role is nobody's login.
        const CommandResult engine = ordoctl(m_url, QStringLiteral("engine"), {QStringLiteral("profile"), QStringLiteral("show")});
        QCOMPARE(engine.exitCode, 3);
    }

    // What alice's own login shows before she checks out is what the owner's
    // connection shows her: the approvers, the tenant's quota, no violation.
    void aCustomersPreviewIsTheOwnersView()
    {
        const Session owners = sessionFor(*m_demo.owner, QStringLiteral("alice"));
        ORDO_VERIFY_OK(m_demo.owner->cart().clear(owners));
        ORDO_VERIFY_OK(m_demo.owner->cart().add(owners, QStringLiteral("linux-vm"), kBigVm));
        auto own = Ordo::openFor(m_url, QStringLiteral("alice"), QStringLiteral("demo"));
        ORDO_VERIFY_OK(own);
        // The password it signed in with, and no other, signs in on it again.
        ORDO_VERIFY_ERROR((*own)->login(QStringLiteral("alice"), QStringLiteral("not-hers")), ErrorCode::NotPermitted);
        auto alice = (*own)->login(QStringLiteral("alice"), QStringLiteral("demo"));
        ORDO_VERIFY_OK(alice);
        auto hers = (*own)->orders().preview(*alice);
        ORDO_VERIFY_OK(hers);
        auto theOwners = m_demo.owner->orders().preview(owners);
        ORDO_VERIFY_OK(theOwners);
        QCOMPARE(hers->violations, theOwners->violations);
        QCOMPARE(hers->route.size(), 1);
        QCOMPARE(hers->route.first().approvers, theOwners->route.first().approvers);
        QVERIFY(hers->route.first().approvers.contains(QStringLiteral("bob")));
        QCOMPARE(hers->quotas.size(), theOwners->quotas.size());
        for (qsizetype i = 0; i < hers->quotas.size(); ++i) {
            QCOMPARE(hers->quotas.at(i).scope, theOwners->quotas.at(i).scope);
            QCOMPARE(hers->quotas.at(i).inUse.vcpus, theOwners->quotas.at(i).inUse.vcpus);
            QCOMPARE(hers->quotas.at(i).inUse.memoryGiB, theOwners->quotas.at(i).inUse.memoryGiB);
        }
        // Other people's usage reaches her as the tenant's totals only.
        const PsqlOutcome globex = psqlAs(m_demo.url, m_demo.role(QStringLiteral("alice")), QStringLiteral("demo"),
                                          {QStringLiteral("SELECT vcpus FROM ordo_private.tenant_footprint(%1)")
                                               .arg(m_demo.tenantId(QStringLiteral("globex")))});
        QCOMPARE(globex.sqlState, QStringLiteral("P0002"));
        ORDO_VERIFY_OK(m_demo.owner->cart().clear(owners));
    }

    // alice fills her cart and checks out with her own login; an engine places
    // the order in her name; bob approves it with his; the trail says who.
    void aCustomerOrdersAndAnApproverApprovesWithTheirOwnLogins()
    {
        const auto asAlice = [&](const QStringList &args) { return ordoctl(m_url, QStringLiteral("alice"), args); };
        QCOMPARE(asAlice({QStringLiteral("cart"), QStringLiteral("clear")}).exitCode, 0);
        const CommandResult added = asAlice({QStringLiteral("--json"), QStringLiteral("cart"), QStringLiteral("add"), QStringLiteral("linux-vm"),
                                             QStringLiteral("--set"), QStringLiteral("cpus=4"), QStringLiteral("--set"),
                                             QStringLiteral("memoryGiB=16")});
        QVERIFY2(added.exitCode == 0, qPrintable(added.err));
        // A line that is not hers reads as one that does not exist, in a sentence.
        const CommandResult nosuch = asAlice({QStringLiteral("cart"), QStringLiteral("remove"), QStringLiteral("999999")});
        QCOMPARE(nosuch.exitCode, 4);
        QVERIFY2(nosuch.err.contains(QStringLiteral("999999")) && !nosuch.err.contains(QStringLiteral("CONTEXT"))
                     && !nosuch.err.contains(QStringLiteral("ERROR:")),
                 qPrintable(nosuch.err));
        // What only the owner's connection does says so.
        const CommandResult sshKey = asAlice({QStringLiteral("profile"), QStringLiteral("remove-ssh-key")});
        QCOMPARE(sshKey.exitCode, 3);
        QVERIFY2(sshKey.err.contains(QStringLiteral("your own login may not do this")), qPrintable(sshKey.err));
        // Refused by the item's schema before anything reaches the database.
        const CommandResult tooBig = asAlice({QStringLiteral("cart"), QStringLiteral("add"), QStringLiteral("linux-vm"),
                                              QStringLiteral("--set"), QStringLiteral("cpus=999")});
        QCOMPARE(tooBig.exitCode, 2);

        const CommandResult checkout = asAlice({QStringLiteral("--json"), QStringLiteral("checkout")});
        QVERIFY2(checkout.exitCode == 0, qPrintable(checkout.out + checkout.err));
        const QJsonObject placed = QJsonDocument::fromJson(checkout.out.toUtf8()).object();
        const Id order = placed.value(QStringLiteral("id")).toInteger();
        QVERIFY2(order > 0, qPrintable(checkout.out));
        QCOMPARE(placed.value(QStringLiteral("state")).toString(), QStringLiteral("pending-approval"));
        // Queued with the cart as she saw it: a line added before an engine gets to it waits for the next checkout.
        auto asked = OrdoInternals::database(*m_demo.owner)
                         .exec(QStringLiteral("SELECT payload FROM requests WHERE kind = 'checkout' AND result = ?"), {QString::number(order)});
        ORDO_VERIFY_OK(asked);
        QVERIFY(asked->next());
        QVERIFY2(!QJsonDocument::fromJson(asked->value(0).toString().toUtf8()).object().value(QStringLiteral("cartVersion")).toString().isEmpty(),
                 qPrintable(asked->value(0).toString()));
        auto stored = OrdoInternals::store(*m_demo.owner).order(order);
        ORDO_VERIFY_OK(stored);
        QVERIFY(*stored);
        QCOMPARE((*stored)->requesterName, QStringLiteral("alice"));
        QCOMPARE((*stored)->footprint.vcpus, 4);
        QCOMPARE(cartLinesOf(QStringLiteral("alice")).size(), 0); // the cart is empty again
        QCOMPARE(asAlice({QStringLiteral("checkout")}).exitCode, 2); // nothing left to check out

        // She may not approve her own order; bob may, once.
        QCOMPARE(asAlice({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(order)}).exitCode, 3);
        const QStringList approve{QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(order), QStringLiteral("--comment"),
                                  QStringLiteral("fine by me")};
        const CommandResult approved = ordoctl(m_url, QStringLiteral("bob"), approve);
        QVERIFY2(approved.exitCode == 0, qPrintable(approved.out + approved.err));
        QCOMPARE(ordoctl(m_url, QStringLiteral("bob"), approve).exitCode, 5);
        auto decisions = m_demo.owner->approvals().decisions(sessionFor(*m_demo.owner, QStringLiteral("bob")), order);
        ORDO_VERIFY_OK(decisions);
        QCOMPARE(decisions->size(), 1);
        QCOMPARE(decisions->first().approverName, QStringLiteral("bob"));
        QCOMPARE(decisions->first().comment, QStringLiteral("fine by me"));
        // The engine chains bob's entry into the trail and provisions the order.
        QTRY_COMPARE_WITH_TIMEOUT(movesOf(order).mid(0, 3), (QStringList{QStringLiteral("alice submitted"),
                                                                         QStringLiteral("policy pending-approval"),
                                                                         QStringLiteral("bob approved")}),
                                  30000);
    }

    // carol continues the demo's paused workflow with her login: an engine
    // applies it in her name. dave cancels his order with his.
    void supportAndCancellationGoThroughEngines()
    {
        const QString workflow = QString::number(m_demo.acmeWorkflow);
        const CommandResult skipped = ordoctl(m_url, QStringLiteral("carol"),
                                              {QStringLiteral("workflows"), QStringLiteral("skip"), workflow, QStringLiteral("--step"),
                                               QStringLiteral("check"), QStringLiteral("--reason"), QStringLiteral("checked by hand")});
        QVERIFY2(skipped.exitCode == 0, qPrintable(skipped.out + skipped.err));
        auto steps = OrdoInternals::database(*m_demo.owner)
                         .exec(QStringLiteral("SELECT state FROM steps WHERE workflow_id = ? AND step_key = 'check'"), {m_demo.acmeWorkflow});
        ORDO_VERIFY_OK(steps);
        QVERIFY(steps->next());
        QCOMPARE(steps->value(0).toString(), QStringLiteral("skipped"));
        // A second skip of the same step is the engine's refusal, in its words.
        const CommandResult again = ordoctl(m_url, QStringLiteral("carol"),
                                            {QStringLiteral("workflows"), QStringLiteral("skip"), workflow, QStringLiteral("--step"),
                                             QStringLiteral("check"), QStringLiteral("--reason"), QStringLiteral("twice")});
        QCOMPARE(again.exitCode, 3);
        QVERIFY2(again.err.contains(QStringLiteral("is succeeded: its steps are not skipped")), qPrintable(again.err));
        // Support of acme is nobody in globex.
        QCOMPARE(ordoctl(m_url, QStringLiteral("carol"), {QStringLiteral("workflows"), QStringLiteral("pause"),
                                                          QString::number(m_demo.globexWorkflow), QStringLiteral("--reason"),
                                                          QStringLiteral("mine now")})
                     .exitCode,
                 4);

        const QString order = QString::number(m_demo.globexOrder);
        const CommandResult cancelled = ordoctl(m_url, QStringLiteral("dave"), {QStringLiteral("orders"), QStringLiteral("cancel"), order,
                                                                                QStringLiteral("--reason"), QStringLiteral("not needed")});
        QVERIFY2(cancelled.exitCode == 0, qPrintable(cancelled.out + cancelled.err));
        QVERIFY2(cancelled.out.contains(QStringLiteral("cancelled")), qPrintable(cancelled.out));
        QCOMPARE(movesOf(m_demo.globexOrder).last(), QStringLiteral("dave cancelled"));
        // erin, globex's approver, may not cancel dave's order.
        QCOMPARE(ordoctl(m_url, QStringLiteral("erin"), {QStringLiteral("orders"), QStringLiteral("cancel"), order,
                                                         QStringLiteral("--reason"), QStringLiteral("no")})
                     .exitCode,
                 3);
    }

    // What needs the owner's connection says so instead of exporting half.
    void anExportNeedsTheOwner()
    {
        const CommandResult exported = ordoctl(m_url, QStringLiteral("admin"),
                                               {QStringLiteral("export"), m_env.path(QStringLiteral("export.jsonl"))});
        QCOMPARE(exported.exitCode, 3);
        QVERIFY2(exported.err.contains(QStringLiteral("owner")), qPrintable(exported.err));
        QVERIFY(!QFile::exists(m_env.path(QStringLiteral("export.jsonl"))));
    }

    // The console's client connects once somebody signs in, as them.
    void theConsoleSignsInWithTheirOwnLogin()
    {
        OrdoClient client(m_url);
        // Nothing to open before somebody signs in; calls before then say so.
        auto before = client.opened();
        before.waitForFinished();
        ORDO_VERIFY_OK(before.result());
        auto wrong = client.login(QStringLiteral("alice"), QStringLiteral("not-hers"));
        wrong.waitForFinished();
        ORDO_VERIFY_ERROR(wrong.result(), ErrorCode::NotPermitted);
        auto signedIn = client.login(QStringLiteral("alice"), QStringLiteral("demo"));
        signedIn.waitForFinished();
        ORDO_VERIFY_OK(signedIn.result());
        const Session alice = *signedIn.result();
        QCOMPARE(alice.user.name, QStringLiteral("alice"));
        // Ordo's connection and the change feed's two, all hers (ordoctl's ended ones may linger a moment).
        const QString hers = m_demo.role(QStringLiteral("alice"));
        QTRY_COMPARE_WITH_TIMEOUT(sessionUsers(), (QStringList{hers, hers, hers}), 5000);

        auto orders = client.orders(alice);
        orders.waitForFinished();
        ORDO_VERIFY_OK(orders.result());
        QVERIFY(!orders.result()->isEmpty());
        const QList<Order> hersOnly = *orders.result();
        for (const Order &o : hersOnly)
            QCOMPARE(o.requesterName, QStringLiteral("alice"));

        // Signing in again is the server's to check again: a wrong password
        // changes nothing, bob's own signs bob in instead.
        auto again = client.login(QStringLiteral("alice"), QStringLiteral("not-hers"));
        again.waitForFinished();
        ORDO_VERIFY_ERROR(again.result(), ErrorCode::NotPermitted);
        auto bob = client.login(QStringLiteral("bob"), QStringLiteral("demo"));
        bob.waitForFinished();
        ORDO_VERIFY_OK(bob.result());
        const QString his = m_demo.role(QStringLiteral("bob"));
        QTRY_COMPARE_WITH_TIMEOUT(sessionUsers(), (QStringList{his, his, his}), 5000);

        // The change feed hears what others commit in his tenant: an order alice places elsewhere.
        QSignalSpy changed(&client, &OrdoClient::changed);
        const Session customer = sessionFor(*m_demo.owner, QStringLiteral("alice"));
        ORDO_VERIFY_OK(m_demo.owner->cart().add(customer, QStringLiteral("linux-vm"), kBigVm));
        auto placed = m_demo.owner->orders().checkout(customer);
        ORDO_VERIFY_OK(placed);
        const Change expected{ChangeKind::Order, placed->id, placed->tenantId};
        QTRY_VERIFY_WITH_TIMEOUT(heard(changed, expected), 5000);
    }

private:
    static bool heard(const QSignalSpy &changed, const Change &expected)
    {
        for (const QList<QVariant> &batch : changed)
            if (batch.at(0).value<QList<Change>>().contains(expected))
                return true;
        return false;
    }

    // The database roles of the Ordo connections open now, other than the fixture's and the engine's.
    QStringList sessionUsers()
    {
        auto q = OrdoInternals::database(*m_demo.owner)
                     .exec(QStringLiteral("SELECT usename FROM pg_stat_activity WHERE datname = current_database()"
                                          " AND application_name = 'ordo' AND starts_with(usename, ?) AND usename <> ? ORDER BY usename"),
                           {kPrefix, m_demo.engineRole()});
        QStringList users;
        while (q && q->next())
            users.append(q->value(0).toString());
        return users;
    }

    QList<Id> cartLinesOf(const QString &customer)
    {
        auto q = OrdoInternals::database(*m_demo.owner).exec(QStringLiteral("SELECT id FROM cart_lines WHERE user_id = ?"),
                                                             {m_demo.userId(customer)});
        QList<Id> ids;
        while (q && q->next())
            ids.append(q->value(0).toLongLong());
        return ids;
    }

    // The order's audit trail as "actor state" per entry, oldest first.
    QStringList movesOf(Id order)
    {
        auto found = OrdoInternals::store(*m_demo.owner).order(order);
        if (!found || !*found)
            return {QStringLiteral("no order")};
        QStringList moves;
        auto trail = m_demo.owner->audit().entries((*found)->tenantId, QStringLiteral("order"), QString::number(order));
        if (!trail)
            return {trail.error().message};
        for (const AuditEntry &e : std::as_const(*trail))
            moves.append(e.actor + QLatin1Char(' ') + e.toState);
        return moves;
    }

    TestEnvironment m_env;
    SharedDemo m_demo;
    QString m_url;
    QProcess m_engine;
};

QTEST_GUILESS_MAIN(TestOwnLogins)
#include "tst_ownlogins.moc"

#include "TestSupport.h"
#include "OrdoInternals.h"
#include "engine/Runtime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace ordo;
using namespace ordo::test;

namespace {

QJsonArray jsonArray(const CommandResult &r)
{
    return QJsonDocument::fromJson(r.out.toUtf8()).array();
}

// The mail addresses of the outbox as `ordoctl mail outbox` shows it to the user.
QStringList recipientsShownTo(const QString &db, const QString &user)
{
    QStringList to;
    for (const QJsonValue &mail : jsonArray(ordoctl(db, user, {QStringLiteral("--json"), QStringLiteral("mail"), QStringLiteral("outbox")})))
        for (const QJsonValue &address : mail.toObject().value(QStringLiteral("to")).toArray())
            to.append(address.toString());
    return to;
}

} // namespace

class TestIsolation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ORDO_REQUIRE_BACKEND();
        m_ordo = openDemo(m_env.databasePath());
        const Session alice = sessionFor(*m_ordo, QStringLiteral("alice"));
        ORDO_CHECK_FATAL(m_ordo->cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 4}}));
        auto order = m_ordo->orders().checkout(alice);
        ORDO_CHECK_FATAL(order);
        m_acmeOrder = order->id;
        const Session dave = sessionFor(*m_ordo, QStringLiteral("dave"));
        ORDO_CHECK_FATAL(m_ordo->cart().add(dave, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 4}}));
        auto daves = m_ordo->orders().checkout(dave);
        ORDO_CHECK_FATAL(daves);
        m_globexOrder = daves->id;
        // globex has no support staff in the demo.
        ORDO_CHECK_FATAL(m_ordo->accounts().createUser(QStringLiteral("gina"), QStringLiteral("Gina Support"), QStringLiteral("gina@globex.example"),
                                                       QStringLiteral("demo")));
        ORDO_CHECK_FATAL(m_ordo->accounts().grant(QStringLiteral("gina"), QStringLiteral("globex"), Role::Support));
        startAcmeWorkflow();
    }

    void daveNeverSeesAcmesOrders()
    {
        const Session dave = sessionFor(*m_ordo, QStringLiteral("dave"));
        auto list = m_ordo->orders().orders(dave);
        ORDO_VERIFY_OK(list);
        QCOMPARE(list->size(), 1);
        QCOMPARE(list->first().id, m_globexOrder);
        auto byId = m_ordo->orders().order(dave, m_acmeOrder);
        ORDO_VERIFY_ERROR(byId, ErrorCode::NotFound);
        // Exactly what an order that does not exist gives: nothing leaks.
        auto missing = m_ordo->orders().order(dave, 424242);
        QCOMPARE(byId.error().message, QStringLiteral("no order %1").arg(m_acmeOrder));
        QCOMPARE(missing.error().code, byId.error().code);
        ORDO_VERIFY_ERROR(m_ordo->approvals().decisions(dave, m_acmeOrder), ErrorCode::NotFound);
    }

    void erinDecidesOnlyForGlobex()
    {
        const Session erin = sessionFor(*m_ordo, QStringLiteral("erin"));
        auto queue = m_ordo->approvals().pending(erin);
        ORDO_VERIFY_OK(queue);
        QCOMPARE(queue->size(), 1);
        QCOMPARE(queue->first().id, m_globexOrder);
        ORDO_VERIFY_ERROR(m_ordo->approvals().decide(erin, m_acmeOrder, Decision::Approve, {}), ErrorCode::NotFound);
        QCOMPARE((*OrdoInternals::store(*m_ordo).order(m_acmeOrder))->state, OrderState::PendingApproval);
        const Session bob = sessionFor(*m_ordo, QStringLiteral("bob"));
        QCOMPARE(m_ordo->approvals().pending(bob)->size(), 1);
        QCOMPARE(m_ordo->approvals().pending(bob)->first().id, m_acmeOrder);
    }

    void customersSeeOnlyTheirOwnOrders()
    {
        ORDO_CHECK_FATAL(m_ordo->accounts().createUser(QStringLiteral("mallory"), {}, {}, QStringLiteral("demo")));
        ORDO_CHECK_FATAL(m_ordo->accounts().grant(QStringLiteral("mallory"), QStringLiteral("acme"), Role::Customer));
        const Session mallory = sessionFor(*m_ordo, QStringLiteral("mallory"));
        QCOMPARE(m_ordo->orders().orders(mallory)->size(), 0);
        ORDO_VERIFY_ERROR(m_ordo->orders().order(mallory, m_acmeOrder), ErrorCode::NotFound);
        // Support staff of acme see the tenant's orders, and only those.
        const Session carol = sessionFor(*m_ordo, QStringLiteral("carol"));
        auto all = m_ordo->orders().orders(carol);
        QCOMPARE(all->size(), 1);
        QCOMPARE(all->first().id, m_acmeOrder);
    }

    void catalogEntitlementIsPerTenant()
    {
        const QByteArray catalog = R"({"items": [
            {"id": "acme-erp", "name": "ACME ERP instance", "tenants": ["acme"], "parameters": []},
            {"id": "shared", "name": "Shared service", "parameters": []}]})";
        ORDO_VERIFY_OK(m_ordo->catalog().import(catalog, QStringLiteral("extra.json")));
        const Session dave = sessionFor(*m_ordo, QStringLiteral("dave"));
        const Session alice = sessionFor(*m_ordo, QStringLiteral("alice"));
        const auto ids = [&](const Session &s) {
            QStringList list;
            for (const CatalogItem &i : *m_ordo->catalog().items(s))
                list.append(i.id);
            return list;
        };
        QVERIFY(ids(alice).contains(QStringLiteral("acme-erp")));
        QVERIFY(!ids(dave).contains(QStringLiteral("acme-erp")));
        QVERIFY(ids(dave).contains(QStringLiteral("shared")));
        ORDO_VERIFY_ERROR(m_ordo->catalog().item(dave, QStringLiteral("acme-erp")), ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(m_ordo->cart().add(dave, QStringLiteral("acme-erp"), {}), ErrorCode::NotFound);
    }

    void workflowsStayInTheirTenant()
    {
        const QString id = QString::number(m_acmeWorkflow);
        const QString db = m_env.databasePath();
        QCOMPARE(workflowState(m_acmeWorkflow), engine::WorkflowState::Paused);
        const auto listed = [&](const char *user) {
            QStringList ids;
            for (const QJsonValue &v : jsonArray(ordoctl(db, QString::fromLatin1(user), {QStringLiteral("--json"), QStringLiteral("workflows"), QStringLiteral("list")})))
                ids.append(QString::number(v.toObject().value(QStringLiteral("id")).toInteger()));
            return ids;
        };
        const auto on = [&](const char *user, const char *command) {
            return ordoctl(db, QString::fromLatin1(user), {QStringLiteral("workflows"), QString::fromLatin1(command), id});
        };
        // acme's support works with it ...
        QVERIFY(listed("carol").contains(id));
        QCOMPARE(on("carol", "show").exitCode, 0);
        QCOMPARE(on("carol", "log").exitCode, 0);
        // ... globex's support may work with workflows (an unknown one is "not found",
        // not "not permitted"), but must not even see acme's: it must look missing.
        const CommandResult missing = ordoctl(db, QStringLiteral("gina"), {QStringLiteral("workflows"), QStringLiteral("show"), QStringLiteral("999999")});
        QCOMPARE(missing.exitCode, 4);
        QVERIFY(!listed("gina").contains(id));
        const CommandResult shown = on("gina", "show");
        QCOMPARE(shown.exitCode, 4);
        const CommandResult log = on("gina", "log");
        QCOMPARE(log.exitCode, 4);
        // With a reason, or the core refuses before it looks the workflow up.
        const CommandResult cancelled = ordoctl(db, QStringLiteral("gina"), {QStringLiteral("workflows"), QStringLiteral("cancel"), id,
                                                                              QStringLiteral("--reason"), QStringLiteral("mine now")});
        QCOMPARE(cancelled.exitCode, 4);
        QCOMPARE(workflowState(m_acmeWorkflow), engine::WorkflowState::Paused);
    }

    void auditRowsStayInTheirTenant()
    {
        const QString db = m_env.databasePath();
        const QString acmeOrder = QString::number(m_acmeOrder);
        const auto rows = [&](const char *user) {
            QStringList found;
            for (const QJsonValue &v : jsonArray(ordoctl(db, QString::fromLatin1(user), {QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")})))
                found.append(v.toObject().value(QStringLiteral("entity")).toString() + QLatin1Char('/') + v.toObject().value(QStringLiteral("entityId")).toString());
            return found;
        };
        QVERIFY(rows("carol").contains(QStringLiteral("order/") + acmeOrder));
        const QStringList globex = rows("gina");
        QVERIFY(globex.contains(QStringLiteral("order/%1").arg(m_globexOrder)));
        QVERIFY(!globex.contains(QStringLiteral("order/") + acmeOrder));
        QVERIFY(!globex.contains(QStringLiteral("workflow/%1").arg(m_acmeWorkflow)));
        const CommandResult byOrder = ordoctl(db, QStringLiteral("gina"), {QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--order"), acmeOrder});
        QCOMPARE(byOrder.exitCode, 4);
        QVERIFY(byOrder.out.isEmpty());
    }

    void mailStaysInItsTenant()
    {
        const QString db = m_env.databasePath();
        // The approval requests of both checkouts wait in the outbox.
        const QStringList carolSees = recipientsShownTo(db, QStringLiteral("carol"));
        QVERIFY2(carolSees.contains(QStringLiteral("bob@acme.example")), qPrintable(carolSees.join(QLatin1Char(' '))));
        const QStringList ginaSees = recipientsShownTo(db, QStringLiteral("gina"));
        QVERIFY2(ginaSees.contains(QStringLiteral("erin@globex.example")), qPrintable(ginaSees.join(QLatin1Char(' '))));
        QVERIFY2(!ginaSees.contains(QStringLiteral("bob@acme.example")), qPrintable(ginaSees.join(QLatin1Char(' '))));
        QVERIFY2(!carolSees.contains(QStringLiteral("erin@globex.example")), qPrintable(carolSees.join(QLatin1Char(' '))));

        // The failure of acme's workflow was mailed to acme's support only.
        auto mails = m_ordo->outbox().entries();
        ORDO_VERIFY_OK(mails);
        QStringList failureRecipients;
        for (const OutboxEntry &e : std::as_const(*mails))
            if (e.message.templateName == QStringLiteral("support-failure"))
                failureRecipients += e.message.to;
        QCOMPARE(failureRecipients, QStringList{QStringLiteral("carol@acme.example")});
    }

private:
    // A workflow of acme's order whose one step fails for good, pauses and
    // notifies support, run by an engine until it has paused.
    void startAcmeWorkflow()
    {
        engine::ActionRegistry actions;
        actions.addBuiltinActions();
        const Clock clock;
        engine::Runtime runtime(OrdoInternals::database(*m_ordo), m_ordo->audit(), actions, clock);
        auto id = runtime.start(R"({"name": "acme-provision", "version": 1, "steps": [
            {"id": "check", "action": "test.fail", "with": {"kind": "permanent"},
             "onError": {"policy": "pause", "notify": ["support"]}}]})",
                                {}, QStringLiteral("admin"), m_acmeOrder);
        ORDO_CHECK_FATAL(id);
        m_acmeWorkflow = *id;
        const CommandResult run = ordoctl(m_env.databasePath(), {}, {QStringLiteral("engine"), QStringLiteral("run"), QStringLiteral("--until-idle")});
        if (run.exitCode != 0 || workflowState(m_acmeWorkflow) != engine::WorkflowState::Paused)
            qFatal("the engine did not pause acme's workflow: %s", qPrintable(run.out + run.err));
    }

    engine::WorkflowState workflowState(Id workflow)
    {
        engine::ActionRegistry actions;
        const Clock clock;
        engine::Runtime runtime(OrdoInternals::database(*m_ordo), m_ordo->audit(), actions, clock);
        auto w = runtime.workflow(workflow);
        if (!w)
            qFatal("%s", qPrintable(w.error().message));
        return w->state;
    }

    TestEnvironment m_env;
    std::unique_ptr<Ordo> m_ordo;
    Id m_acmeOrder = 0;
    Id m_globexOrder = 0;
    Id m_acmeWorkflow = 0;
};

QTEST_GUILESS_MAIN(TestIsolation)
#include "tst_isolation.moc"

// The embedded CMDB and ticket store: correlation ids make repeated attempts
// harmless, and cmdb.remove undoes cmdb.register in a rollback.

#include "EngineHarness.h"
#include "OrdoInternals.h"

#include "connectors/ServiceDesk.h"
#include "store/ChangeLog.h"

#include <QJsonArray>

using namespace ordo;
using namespace ordo::engine;
using namespace ordo::test;

class TestServiceDesk : public QObject
{
    Q_OBJECT

private:
    static ActionOutcome run(const ActionRegistry &registry, const char *action, const QJsonObject &inputs, const QString &key)
    {
        return runAction(registry, QString::fromLatin1(action), inputs, key);
    }

    static int count(Ordo &ordo, const char *table)
    {
        auto q = OrdoInternals::database(ordo).exec(QStringLiteral("SELECT COUNT(*) FROM ") + QString::fromLatin1(table));
        return q && q->next() ? q->value(0).toInt() : -1;
    }

private Q_SLOTS:
    void registeringTwiceMakesOneRecord()
    {
        TestEnvironment env;
        auto ordo = Ordo::open(env.databasePath());
        QVERIFY(ordo);
        ActionRegistry registry;
        connectors::registerEmbeddedServiceDesk(registry, env.databasePath());
        const QJsonObject vm{{QStringLiteral("name"), QStringLiteral("web-01")}, {QStringLiteral("ip"), QStringLiteral("192.168.121.3")},
                             {QStringLiteral("attributes"), QJsonObject{{QStringLiteral("cpus"), 4}}}};
        const auto first = std::get<QJsonObject>(run(registry, "cmdb.register", vm, QStringLiteral("wf/register")));
        const auto again = std::get<QJsonObject>(run(registry, "cmdb.register", vm, QStringLiteral("wf/register")));
        QVERIFY(first.value(QStringLiteral("created")).toBool());
        QVERIFY(!again.value(QStringLiteral("created")).toBool());
        QCOMPARE(again.value(QStringLiteral("ci")).toInteger(), first.value(QStringLiteral("ci")).toInteger());
        QCOMPARE(count(**ordo, "cmdb_items"), 1);
        // Another step is another record.
        run(registry, "cmdb.register", vm, QStringLiteral("wf2/register"));
        QCOMPARE(count(**ordo, "cmdb_items"), 2);

        const QJsonObject removeInput{{QStringLiteral("ci"), first.value(QStringLiteral("ci"))}};
        QVERIFY(std::get<QJsonObject>(run(registry, "cmdb.remove", removeInput, QStringLiteral("wf/undo"))).value(QStringLiteral("removed")).toBool());
        QVERIFY(!std::get<QJsonObject>(run(registry, "cmdb.remove", removeInput, QStringLiteral("wf/undo"))).value(QStringLiteral("removed")).toBool());

        const auto ticket = std::get<QJsonObject>(run(registry, "ticket.open", {{QStringLiteral("title"), QStringLiteral("clone failed")}},
                                                      QStringLiteral("wf/ticket")));
        run(registry, "ticket.open", {{QStringLiteral("title"), QStringLiteral("clone failed")}}, QStringLiteral("wf/ticket"));
        QCOMPARE(count(**ordo, "tickets"), 1);
        const QJsonObject comment{{QStringLiteral("ticket"), ticket.value(QStringLiteral("ticket"))}, {QStringLiteral("comment"), QStringLiteral("fixed")}};
        run(registry, "ticket.comment", comment, QStringLiteral("wf/comment"));
        run(registry, "ticket.comment", comment, QStringLiteral("wf/comment"));
        QCOMPARE(count(**ordo, "ticket_comments"), 1);
        const ActionOutcome missing = run(registry, "ticket.comment", {{QStringLiteral("ticket"), 999}, {QStringLiteral("comment"), QStringLiteral("x")}},
                                          QStringLiteral("wf/c2"));
        QCOMPARE(std::get<ActionError>(missing).kind, ErrorKind::BadInput);
    }

    // The console's Tickets and CMDB pages follow the change feed: each record
    // made, commented on or removed is noted once, a repeated attempt not again.
    void everyNewRecordIsAChange()
    {
        TestEnvironment env;
        auto ordo = Ordo::open(env.databasePath());
        QVERIFY(ordo);
        ActionRegistry registry;
        connectors::registerEmbeddedServiceDesk(registry, env.databasePath());
        const QJsonObject vm{{QStringLiteral("name"), QStringLiteral("web-01")}, {QStringLiteral("ip"), QStringLiteral("192.168.121.3")}};
        const auto registered = std::get<QJsonObject>(run(registry, "cmdb.register", vm, QStringLiteral("wf/register")));
        run(registry, "cmdb.register", vm, QStringLiteral("wf/register"));
        QCOMPARE(count(**ordo, "changes"), 1);
        const auto ticket = std::get<QJsonObject>(run(registry, "ticket.open", {{QStringLiteral("title"), QStringLiteral("clone failed")}},
                                                      QStringLiteral("wf/ticket")));
        run(registry, "ticket.open", {{QStringLiteral("title"), QStringLiteral("clone failed")}}, QStringLiteral("wf/ticket"));
        QCOMPARE(count(**ordo, "changes"), 2);
        const QJsonObject comment{{QStringLiteral("ticket"), ticket.value(QStringLiteral("ticket"))}, {QStringLiteral("comment"), QStringLiteral("fixed")}};
        run(registry, "ticket.comment", comment, QStringLiteral("wf/comment"));
        run(registry, "ticket.comment", comment, QStringLiteral("wf/comment"));
        QCOMPARE(count(**ordo, "changes"), 3);
        const QJsonObject removeInput{{QStringLiteral("ci"), registered.value(QStringLiteral("ci"))}};
        run(registry, "cmdb.remove", removeInput, QStringLiteral("wf/undo"));
        run(registry, "cmdb.remove", removeInput, QStringLiteral("wf/undo"));
        QCOMPARE(count(**ordo, "changes"), 4);

        auto noted = changesAfter(OrdoInternals::database(**ordo), 0);
        ORDO_VERIFY_OK(noted);
        const QList<Change> expected{{ChangeKind::CmdbItem, registered.value(QStringLiteral("ci")).toInteger(), 0},
                                     {ChangeKind::Ticket, ticket.value(QStringLiteral("ticket")).toInteger(), 0}};
        QCOMPARE(noted->changes, expected);
    }

    void recordsCarryTheEnginesTime()
    {
        ManualClock clock(QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5, 678), Qt::UTC));
        EngineHarness h({}, &clock);
        connectors::registerEmbeddedServiceDesk(*h.actions, h.databasePath());
        h.startEngine();
        const qint64 id = h.start(R"({"name": "records", "version": 1, "steps": [
            {"id": "register", "action": "cmdb.register", "with": {"name": "vm-1", "ip": "10.0.0.9"}},
            {"id": "ticket", "action": "ticket.open", "with": {"title": "t", "description": "d"}}]})");
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QVERIFY(h.ordo->createDemo(QStringLiteral("demo")));
        const QString expected = QStringLiteral("2030-01-02T03:04:05.678Z");
        for (const char *noun : {"cmdb", "tickets"}) {
            const CommandResult listed = ordoctl(h.databasePath(), QStringLiteral("pat"),
                                                 {QStringLiteral("--json"), QString::fromLatin1(noun), QStringLiteral("list")});
            QCOMPARE(listed.exitCode, 0);
            const QJsonArray records = QJsonDocument::fromJson(listed.out.toUtf8()).array();
            QCOMPARE(records.size(), 1);
            QCOMPARE(records.first().toObject().value(QStringLiteral("createdAt")).toString(), expected);
        }
    }

    void aRollbackTakesTheRecordBack()
    {
        EngineHarness h;
        connectors::registerEmbeddedServiceDesk(*h.actions, h.databasePath());
        h.startEngine();
        const qint64 id = h.start(R"({"name": "register", "version": 1, "steps": [
            {"id": "register", "action": "cmdb.register", "with": {"name": "vm-${workflow.id}", "ip": "10.0.0.9"},
             "compensate": {"action": "cmdb.remove", "with": {"ci": "${steps.register.outputs.ci}"}}},
            {"id": "mail", "action": "test.fail", "after": ["register"], "with": {"kind": "permanent"}, "onError": "rollback"}]})");
        QTRY_COMPARE(h.state(id), WorkflowState::RolledBack);
        auto q = OrdoInternals::database(*h.ordo).exec(QStringLiteral("SELECT name, removed_at FROM cmdb_items"));
        QVERIFY(q && q->next());
        QCOMPARE(q->value(0).toString(), QStringLiteral("vm-%1").arg(id));
        QVERIFY(!q->value(1).isNull());
        // Support sees it on the command line: the provider's, as the workflow is of no tenant.
        QVERIFY(h.ordo->createDemo(QStringLiteral("demo")));
        const CommandResult tenantSupport = ordoctl(h.databasePath(), QStringLiteral("carol"), {QStringLiteral("--json"), QStringLiteral("cmdb"), QStringLiteral("list")});
        QCOMPARE(tenantSupport.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(tenantSupport.out.toUtf8()).array().size(), 0);
        const CommandResult listed = ordoctl(h.databasePath(), QStringLiteral("pat"), {QStringLiteral("--json"), QStringLiteral("cmdb"), QStringLiteral("list")});
        QCOMPARE(listed.exitCode, 0);
        const QJsonArray items = QJsonDocument::fromJson(listed.out.toUtf8()).array();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().toObject().value(QStringLiteral("ip")).toString(), QStringLiteral("10.0.0.9"));
        QVERIFY(!items.first().toObject().value(QStringLiteral("removedAt")).toString().isEmpty());
        QCOMPARE(ordoctl(h.databasePath(), QStringLiteral("alice"), {QStringLiteral("tickets"), QStringLiteral("list")}).exitCode, 3);
    }
};

QTEST_GUILESS_MAIN(TestServiceDesk)
#include "tst_servicedesk.moc"

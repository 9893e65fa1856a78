#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>

using namespace ordo;
using namespace ordo::test;

namespace {

QJsonValue json(const CommandResult &r)
{
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8());
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

// Row counts of every table a command could change.
QString fingerprint(const QString &db)
{
    auto opened = Ordo::open(db);
    if (!opened)
        qFatal("%s", qPrintable(opened.error().message));
    QStringList counts;
    for (const char *table : {"tenants", "users", "user_roles", "catalog_items", "cart_lines", "orders", "order_lines",
                              "approval_decisions", "audit_log"}) {
        auto q = (*opened)->database().exec(QStringLiteral("SELECT COUNT(*) FROM ") + QString::fromLatin1(table));
        counts.append(QString::fromLatin1(table) + QLatin1Char('=') + (q && q->next() ? q->value(0).toString() : QStringLiteral("?")));
    }
    auto q = (*opened)->database().exec(QStringLiteral("SELECT group_concat(state || ':' || version) FROM orders"));
    counts.append(q && q->next() ? q->value(0).toString() : QString());
    return counts.join(QLatin1Char(' '));
}

} // namespace

class TestOrdoctl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_db = m_env.databasePath();
        const CommandResult init = ordoctl(m_db, {}, {QStringLiteral("init"), QStringLiteral("--demo")});
        QCOMPARE(init.exitCode, 0);
        QVERIFY(init.out.contains(QStringLiteral("schema version")));
    }

    void theDemoFlow()
    {
        const auto run = [&](const char *user, const QStringList &args) { return ordoctl(m_db, QString::fromLatin1(user), args); };
        CommandResult r = run("alice", {QStringLiteral("catalog"), QStringLiteral("list")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("linux-vm")));

        r = run("alice", {QStringLiteral("cart"), QStringLiteral("add"), QStringLiteral("linux-vm"), QStringLiteral("--set"),
                          QStringLiteral("cpus=4"), QStringLiteral("--set"), QStringLiteral("memoryGiB=16")});
        QCOMPARE(r.exitCode, 0);
        r = run("alice", {QStringLiteral("--json"), QStringLiteral("checkout"), QStringLiteral("--preview")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).toObject().value(QStringLiteral("monthlyCents")).toInt(), 10900);
        QCOMPARE(json(r).toObject().value(QStringLiteral("approvalRoute")).toArray().first().toObject()
                     .value(QStringLiteral("approvers")).toArray().first().toString(),
                 QStringLiteral("bob"));

        r = run("alice", {QStringLiteral("checkout"), QStringLiteral("--request-id"), QStringLiteral("demo-1"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject order = json(r).toObject();
        const int id = order.value(QStringLiteral("id")).toInt();
        QVERIFY(id > 0);
        QCOMPARE(order.value(QStringLiteral("state")).toString(), QStringLiteral("pending-approval"));
        QCOMPARE(order.value(QStringLiteral("footprint")).toObject().value(QStringLiteral("vcpus")).toInt(), 4);
        QCOMPARE(order.value(QStringLiteral("footprint")).toObject().value(QStringLiteral("memoryGiB")).toInt(), 16);
        // The same checkout again: the same order.
        r = run("alice", {QStringLiteral("checkout"), QStringLiteral("--request-id"), QStringLiteral("demo-1"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).toObject().value(QStringLiteral("id")).toInt(), id);

        const QString orderId = QString::number(id);
        r = run("alice", {QStringLiteral("approvals"), QStringLiteral("approve"), orderId});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.startsWith(QStringLiteral("ordoctl: ")));

        r = run("bob", {QStringLiteral("approvals"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).toArray().size(), 1);
        QCOMPARE(json(r).toArray().first().toObject().value(QStringLiteral("id")).toInt(), id);

        r = run("erin", {QStringLiteral("approvals"), QStringLiteral("approve"), orderId});
        QCOMPARE(r.exitCode, 4);
        r = run("dave", {QStringLiteral("orders"), QStringLiteral("show"), orderId});
        QCOMPARE(r.exitCode, 4);

        r = run("bob", {QStringLiteral("approvals"), QStringLiteral("approve"), orderId, QStringLiteral("--comment"), QStringLiteral("go")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("approved")), qPrintable(r.out));
        r = run("bob", {QStringLiteral("approvals"), QStringLiteral("reject"), orderId, QStringLiteral("--comment"), QStringLiteral("oops")});
        QCOMPARE(r.exitCode, 5);
        QVERIFY2(r.err.contains(QStringLiteral("decided by bob")), qPrintable(r.err));

        r = run("alice", {QStringLiteral("orders"), QStringLiteral("show"), orderId, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QCOMPARE(json(r).toObject().value(QStringLiteral("decisions")).toArray().first().toObject()
                     .value(QStringLiteral("approver")).toString(),
                 QStringLiteral("bob"));

        r = run("carol", {QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--order"), orderId, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).toArray().size(), 3);
        r = run("admin", {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("intact")));
        r = run("alice", {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.exitCode, 3);
    }

    void badInputGetsExitTwoAndChangesNothing_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("messagePart");
        const auto row = [](const char *name, const char *user, const QStringList &args, const char *part) {
            QTest::newRow(name) << QString::fromLatin1(user) << args << QString::fromLatin1(part);
        };
        const QString cart = QStringLiteral("cart");
        const QString add = QStringLiteral("add");
        const QString vm = QStringLiteral("linux-vm");
        const QString set = QStringLiteral("--set");
        row("cpus out of range", "alice", {cart, add, vm, set, QStringLiteral("cpus=99")}, "'cpus': 99 is above the maximum 16");
        row("memory not a number", "alice", {cart, add, vm, set, QStringLiteral("memoryGiB=lots")}, "'memoryGiB': 'lots' is not a valid integer");
        row("unknown parameter", "alice", {cart, add, vm, set, QStringLiteral("disk=1")}, "'disk' is unknown");
        row("set without value", "alice", {cart, add, vm, set, QStringLiteral("cpus")}, "write KEY=VALUE");
        row("parameter twice", "alice", {cart, add, vm, set, QStringLiteral("cpus=2"), set, QStringLiteral("cpus=3")}, "given twice");
        row("quantity not a number", "alice", {cart, add, vm, QStringLiteral("--quantity"), QStringLiteral("two")}, "not a number");
        row("quantity zero", "alice", {cart, add, vm, QStringLiteral("--quantity"), QStringLiteral("0")}, "out of range");
        row("unknown command", "alice", {QStringLiteral("frobnicate")}, "unknown command 'frobnicate'");
        row("unknown option", "alice", {QStringLiteral("orders"), QStringLiteral("list"), QStringLiteral("--colour")}, "unknown option --colour");
        row("option of another command", "alice", {QStringLiteral("orders"), QStringLiteral("list"), QStringLiteral("--comment"), QStringLiteral("x")},
            "--comment does not apply");
        row("bad state", "alice", {QStringLiteral("orders"), QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("done")},
            "'done' is not an order state");
        row("reject without reason", "bob", {QStringLiteral("approvals"), QStringLiteral("reject"), QStringLiteral("1")}, "needs a reason");
        row("order not a number", "bob", {QStringLiteral("approvals"), QStringLiteral("approve"), QStringLiteral("first")}, "not a positive number");
        row("missing argument", "alice", {QStringLiteral("orders"), QStringLiteral("show")}, "wrong number of arguments");
        row("no user", "", {QStringLiteral("orders"), QStringLiteral("list")}, "--user");
        row("option without value", "alice", {QStringLiteral("orders"), QStringLiteral("list"), QStringLiteral("--state")}, "needs a value");
    }

    void badInputGetsExitTwoAndChangesNothing()
    {
        QFETCH(QString, user);
        QFETCH(QStringList, args);
        QFETCH(QString, messagePart);
        const QString before = fingerprint(m_db);
        const CommandResult r = ordoctl(m_db, user, args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(messagePart), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(fingerprint(m_db), before);
    }

    void wrongPasswordAndUnknownUserGiveTheSameAnswer()
    {
        const CommandResult wrong = ordoctl(m_db, QStringLiteral("alice"), {QStringLiteral("orders"), QStringLiteral("list")},
                                            QStringLiteral("guess"));
        const CommandResult unknown = ordoctl(m_db, QStringLiteral("zed"), {QStringLiteral("orders"), QStringLiteral("list")});
        QCOMPARE(wrong.exitCode, 3);
        QCOMPARE(unknown.exitCode, wrong.exitCode);
        QCOMPARE(unknown.err, wrong.err);
    }

    void demoGoesOnlyIntoANewDatabase()
    {
        const QString before = fingerprint(m_db);
        const CommandResult again = ordoctl(m_db, {}, {QStringLiteral("init"), QStringLiteral("--demo")});
        QCOMPARE(again.exitCode, 5);
        QCOMPARE(fingerprint(m_db), before);
    }

    void workflowsAndTheEngine()
    {
        const QString good = m_env.path(QStringLiteral("vm.json"));
        const QString bad = m_env.path(QStringLiteral("bad.json"));
        QFile goodFile(good);
        QVERIFY(goodFile.open(QIODevice::WriteOnly));
        goodFile.write(R"({"name": "cli-vm", "version": 1, "inputs": {"name": {"type": "string", "required": true}},
            "steps": [
              {"id": "clone", "action": "hypervisor.clone", "with": {"template": "debian-12", "name": "${inputs.name}"}},
              {"id": "boot", "action": "hypervisor.powerOn", "after": ["clone"], "with": {"vm": "${steps.clone.outputs.vm}"}},
              {"id": "check", "action": "test.fail", "after": ["boot"], "with": {"times": 1}, "onError": "pause"}]})");
        goodFile.close();
        QFile badFile(bad);
        QVERIFY(badFile.open(QIODevice::WriteOnly));
        badFile.write("{\"name\": \"x\", \"version\": 1,\n \"steps\": [{\"id\": \"a\", \"action\": \"vmware.clone\"}]}");
        badFile.close();

        CommandResult r = ordoctl(m_db, {}, {QStringLiteral("workflows"), QStringLiteral("validate"), good});
        QCOMPARE(r.exitCode, 0);
        r = ordoctl(m_db, {}, {QStringLiteral("workflows"), QStringLiteral("validate"), bad});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("bad.json:2:34: unknown-action at /steps/0/action")), qPrintable(r.err));

        r = ordoctl(m_db, QStringLiteral("alice"), {QStringLiteral("workflows"), QStringLiteral("start"), good, QStringLiteral("--set"), QStringLiteral("name=cli-01")});
        QCOMPARE(r.exitCode, 3);
        r = ordoctl(m_db, QStringLiteral("admin"), {QStringLiteral("workflows"), QStringLiteral("start"), good, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 2); // the required input is missing
        r = ordoctl(m_db, QStringLiteral("admin"), {QStringLiteral("--json"), QStringLiteral("workflows"), QStringLiteral("start"), good,
                                                    QStringLiteral("--set"), QStringLiteral("name=cli-01")});
        QCOMPARE(r.exitCode, 0);
        const QString id = QString::number(json(r).toObject().value(QStringLiteral("id")).toInt());

        r = ordoctl(m_db, {}, {QStringLiteral("engine"), QStringLiteral("run"), QStringLiteral("--until-idle"), QStringLiteral("--workers"), QStringLiteral("2")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("running -> paused")));
        r = ordoctl(m_db, QStringLiteral("carol"), {QStringLiteral("workflows"), QStringLiteral("show"), id, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
        r = ordoctl(m_db, QStringLiteral("carol"), {QStringLiteral("workflows"), QStringLiteral("continue"), id, QStringLiteral("--reason"), QStringLiteral("checked the VM")});
        QCOMPARE(r.exitCode, 0);
        r = ordoctl(m_db, {}, {QStringLiteral("engine"), QStringLiteral("run"), QStringLiteral("--until-idle")});
        QCOMPARE(r.exitCode, 0);
        r = ordoctl(m_db, QStringLiteral("carol"), {QStringLiteral("workflows"), QStringLiteral("show"), id, QStringLiteral("--json")});
        QCOMPARE(json(r).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(json(r).toObject().value(QStringLiteral("steps")).toArray().first().toObject().value(QStringLiteral("outputs")).toObject()
                     .value(QStringLiteral("vm")).toString(),
                 QStringLiteral("cli-01"));
        r = ordoctl(m_db, QStringLiteral("carol"), {QStringLiteral("workflows"), QStringLiteral("log"), id});
        QVERIFY2(r.out.contains(QStringLiteral("continue by carol: checked the VM")), qPrintable(r.out));
        r = ordoctl(m_db, QStringLiteral("carol"), {QStringLiteral("workflows"), QStringLiteral("log"), id, QStringLiteral("--step"), QStringLiteral("check")});
        QVERIFY(r.out.contains(QStringLiteral("paused -> ready")));
        QVERIFY(!r.out.contains(QStringLiteral("clone")));

        r = ordoctl(m_db, QStringLiteral("carol"), {QStringLiteral("connectors"), QStringLiteral("show"), QStringLiteral("hypervisor")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).toObject().value(QStringLiteral("configured")).toBool(), false);
        r = ordoctl(m_db, QStringLiteral("carol"), {QStringLiteral("connectors"), QStringLiteral("set"), QStringLiteral("hypervisor"),
                                                    QStringLiteral("--set"), QStringLiteral("templates=[\"debian-12\"]")});
        QCOMPARE(r.exitCode, 3);
    }

    void passwordFromTheEnvironmentOnly()
    {
        // Without ORDO_PASSWORD and without a terminal ordoctl says what is missing.
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("ORDO_PASSWORD"));
        process.setProcessEnvironment(env);
        process.setStandardInputFile(QProcess::nullDevice());
        process.start(QStringLiteral("setsid"), {QStringLiteral(ORDOCTL_PATH), QStringLiteral("--db"), m_db,
                                                 QStringLiteral("--user"), QStringLiteral("alice"), QStringLiteral("orders"),
                                                 QStringLiteral("list")});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(QString::fromUtf8(process.readAllStandardError()).contains(QStringLiteral("ORDO_PASSWORD")));
    }

private:
    TestEnvironment m_env;
    QString m_db;
};

QTEST_GUILESS_MAIN(TestOrdoctl)
#include "tst_ordoctl.moc"

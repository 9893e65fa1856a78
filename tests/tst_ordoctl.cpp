#include "TestSupport.h"
#include "OrdoInternals.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>

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
        auto q = OrdoInternals::database(**opened).exec(QStringLiteral("SELECT COUNT(*) FROM ") + QString::fromLatin1(table));
        counts.append(QString::fromLatin1(table) + QLatin1Char('=') + (q && q->next() ? q->value(0).toString() : QStringLiteral("?")));
    }
    auto q = OrdoInternals::database(**opened).exec(QStringLiteral("SELECT group_concat(state || ':' || version) FROM orders"));
    counts.append(q && q->next() ? q->value(0).toString() : QString());
    return counts.join(QLatin1Char(' '));
}

// Every file and folder below `folder`: what a command left on the disk.
QStringList filesBelow(const QString &folder)
{
    QStringList files;
    QDirIterator it(folder, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        files.append(it.filePath());
    }
    files.sort();
    return files;
}

QString text(const char *s)
{
    return QString::fromUtf8(s);
}

QString text(const QString &s)
{
    return s;
}

// A command line from words separated by single spaces.
QStringList words(const char *line)
{
    return text(line).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

// What is wrong with a refusal: ordoctl must exit with the documented code, print
// nothing on standard output and say why in exactly one line on standard error.
QString refusalProblem(const CommandResult &r, int exitCode, const QString &messagePart)
{
    const QStringList lines = r.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (r.exitCode != exitCode)
        return QStringLiteral("exit code %1, expected %2; stderr: %3").arg(r.exitCode).arg(exitCode).arg(r.err);
    if (lines.size() != 1 || !lines.first().startsWith(QStringLiteral("ordoctl: ")))
        return QStringLiteral("the error is not one line on stderr: %1").arg(r.err);
    if (!r.err.contains(messagePart))
        return QStringLiteral("the error does not say '%1': %2").arg(messagePart, r.err);
    if (!r.out.isEmpty())
        return QStringLiteral("a refused command printed: %1").arg(r.out);
    return {};
}

QJsonObject stepOf(const QJsonObject &workflow, const QString &key, const QString &kind = QStringLiteral("step"))
{
    for (const QJsonValue &v : workflow.value(QStringLiteral("steps")).toArray()) {
        if (v.toObject().value(QStringLiteral("id")).toString() == key && v.toObject().value(QStringLiteral("kind")).toString() == kind)
            return v.toObject();
    }
    return {};
}

} // namespace

#define VERIFY_REFUSED(result, exitCode, messagePart)                                              \
    do {                                                                                           \
        const QString refusal_ = refusalProblem((result), (exitCode), text(messagePart));          \
        QVERIFY2(refusal_.isEmpty(), qPrintable(refusal_));                                        \
    } while (false)

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

    // Only a PostgreSQL database is shared, and its options say where they are wrong.
    void initSharedWantsAPostgresUrl()
    {
        VERIFY_REFUSED(ordoctl(m_db, {}, {QStringLiteral("init"), QStringLiteral("--shared"), m_db}), 2,
                       QStringLiteral("a shared database is a PostgreSQL URL"));
        VERIFY_REFUSED(ordoctl(m_db, {}, {QStringLiteral("init"), QStringLiteral("--role-prefix"), QStringLiteral("x_")}), 2,
                       QStringLiteral("--role-prefix goes with --shared"));
        VERIFY_REFUSED(ordoctl(m_db, {}, {QStringLiteral("init"), QStringLiteral("--shared"), QStringLiteral("postgresql://db.example/other")}),
                       2, QStringLiteral("--db and --shared name two databases"));
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
        VERIFY_REFUSED(run("alice", {QStringLiteral("approvals"), QStringLiteral("approve"), orderId}), 3, "");

        r = run("bob", {QStringLiteral("approvals"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).toArray().size(), 1);
        QCOMPARE(json(r).toArray().first().toObject().value(QStringLiteral("id")).toInt(), id);

        VERIFY_REFUSED(run("erin", {QStringLiteral("approvals"), QStringLiteral("approve"), orderId}), 4, QStringLiteral("no order ") + orderId);
        VERIFY_REFUSED(run("dave", {QStringLiteral("orders"), QStringLiteral("show"), orderId}), 4, QStringLiteral("no order ") + orderId);

        r = run("bob", {QStringLiteral("approvals"), QStringLiteral("approve"), orderId, QStringLiteral("--comment"), QStringLiteral("go")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("approved")), qPrintable(r.out));
        VERIFY_REFUSED(run("bob", {QStringLiteral("approvals"), QStringLiteral("reject"), orderId, QStringLiteral("--comment"), QStringLiteral("oops")}),
                       5, "decided by bob");

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
        VERIFY_REFUSED(run("alice", {QStringLiteral("audit"), QStringLiteral("verify")}), 3, "only admins");
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
        row("no command", "alice", {}, "no command");
        row("cart quantity not a number", "alice", words("cart quantity 1 two"), "'two' is not a number");
        row("cart quantity zero", "alice", words("cart quantity 1 0"), "out of range");
        row("cart line not a number", "alice", words("cart remove first"), "not a positive number");
        row("cart list with an argument", "alice", words("cart list 1"), "wrong number of arguments");
        row("workflow without id", "carol", words("workflows show"), "needs a workflow id");
        row("bad workflow state", "carol", words("workflows list --state done"), "'done' is not a workflow state");
        row("retry without step", "carol", words("workflows retry 1"), "needs --step");
        row("connector without settings", "admin", words("connectors set mail"), "needs at least one --set");
        row("lease too short", "", words("engine run --until-idle --lease-ms 1"), "--lease-ms 1 is not from 200 to 86400000");
        row("lease too long", "", words("engine run --until-idle --lease-ms 86400001"), "--lease-ms 86400001 is not from 200 to 86400000");
        row("id beyond any number", "carol", words("workflows show 99999999999999999999"), "'99999999999999999999' is not a positive number");
        row("quantity beyond int", "alice", words("cart quantity 1 4294967297"), "'4294967297' is not a number");
    }

    void badInputGetsExitTwoAndChangesNothing()
    {
        QFETCH(QString, user);
        QFETCH(QStringList, args);
        QFETCH(QString, messagePart);
        const QString before = fingerprint(m_db);
        VERIFY_REFUSED(ordoctl(m_db, user, args), 2, messagePart);
        QCOMPARE(fingerprint(m_db), before);
    }

    void wrongPasswordAndUnknownUserGiveTheSameAnswer()
    {
        const CommandResult wrong = ordoctl(m_db, QStringLiteral("alice"), {QStringLiteral("orders"), QStringLiteral("list")},
                                            QStringLiteral("guess"));
        const CommandResult unknown = ordoctl(m_db, QStringLiteral("zed"), {QStringLiteral("orders"), QStringLiteral("list")});
        VERIFY_REFUSED(wrong, 3, "");
        VERIFY_REFUSED(unknown, 3, "");
        QCOMPARE(unknown.err, wrong.err);
    }

    void demoGoesOnlyIntoANewDatabase()
    {
        const QString before = fingerprint(m_db);
        VERIFY_REFUSED(ordoctl(m_db, {}, {QStringLiteral("init"), QStringLiteral("--demo")}), 5, "already holds data");
        QCOMPARE(fingerprint(m_db), before);
    }

    // By default one line per workflow event that a watcher cares for; every transition with --verbose.
    void engineRunPrintsProgress_data()
    {
        QTest::addColumn<bool>("verbose");
        QTest::newRow("progress") << false;
        QTest::newRow("--verbose") << true;
    }

    void engineRunPrintsProgress()
    {
        QFETCH(bool, verbose);
        const QString file = m_env.path(QStringLiteral("progress.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"name": "progress", "version": 1, "steps": [
              {"id": "first", "action": "test.noop"},
              {"id": "second", "action": "test.noop", "after": ["first"]}]})");
        f.close();
        CommandResult r = ordoctl(m_db, QStringLiteral("admin"), {QStringLiteral("--json"), QStringLiteral("workflows"), QStringLiteral("start"), file});
        QCOMPARE(r.exitCode, 0);
        const QString id = QString::number(json(r).toObject().value(QStringLiteral("id")).toInt());
        QStringList run{QStringLiteral("engine"), QStringLiteral("run"), QStringLiteral("--until-idle")};
        if (verbose)
            run << QStringLiteral("--verbose");
        r = ordoctl(m_db, {}, run);
        QCOMPARE(r.exitCode, 0);
        QStringList mine;
        for (const QString &line : r.out.split(QLatin1Char('\n')))
            if (line.contains(QStringLiteral("workflow %1 ").arg(id)))
                mine.append(line.section(QStringLiteral("workflow %1 ").arg(id), 1).simplified());
        if (verbose) {
            QVERIFY2(mine.contains(QStringLiteral("first ready -> running")) && mine.contains(QStringLiteral("second running -> succeeded"))
                         && mine.contains(QStringLiteral("- running -> succeeded")),
                     qPrintable(mine.join(QLatin1Char('|'))));
        } else {
            QCOMPARE(mine, (QStringList{QStringLiteral("at first"), QStringLiteral("at second"), QStringLiteral("running -> succeeded")}));
        }
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
        // One error in the definition: one line.
        VERIFY_REFUSED(ordoctl(m_db, {}, {QStringLiteral("workflows"), QStringLiteral("validate"), bad}), 2,
                       "bad.json:2:34: unknown-action at /steps/0/action");
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("admin"), {QStringLiteral("workflows"), QStringLiteral("start"), bad}), 2,
                       "unknown-action at /steps/0/action");

        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("alice"), {QStringLiteral("workflows"), QStringLiteral("start"), good,
                                                               QStringLiteral("--set"), QStringLiteral("name=cli-01")}),
                       3, "only admins");
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("admin"), {QStringLiteral("workflows"), QStringLiteral("start"), good, QStringLiteral("--json")}),
                       2, "name"); // the required input is missing
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
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("carol"), {QStringLiteral("connectors"), QStringLiteral("set"), QStringLiteral("hypervisor"),
                                                               QStringLiteral("--set"), QStringLiteral("templates=[\"debian-12\"]")}),
                       3, "only admins configure connectors");
    }

    // Validating, starting and looking at workflows builds no connector and
    // writes nothing beside the database (the test farm's node files are the
    // engine's business).
    void lookingAtWorkflowsCreatesNoFiles()
    {
        const QString folder = m_env.path(QStringLiteral("quiet"));
        const QString db = folder + QStringLiteral("/ordo.db");
        QCOMPARE(ordoctl(db, {}, words("init --demo")).exitCode, 0);
        const QString definition = writeDefinition("quiet", R"({"name": "quiet", "version": 1, "steps": [
            {"id": "clone", "action": "hypervisor.clone", "with": {"template": "debian-12", "name": "quiet-01"}}]})");
        const QStringList before = filesBelow(folder);
        // The database and the signed head of its audit trail (docs/audit.md), nothing else.
        QVERIFY2(before == (QStringList{db, db + QStringLiteral("-audit-anchor")}), qPrintable(before.join(QLatin1Char(' '))));

        const auto run = [&](const QString &user, const QStringList &args) {
            const CommandResult r = ordoctl(db, user, args);
            QVERIFY2(r.exitCode == 0, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err));
            const QStringList after = filesBelow(folder);
            QVERIFY2(after == before, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(" left: ") + after.join(QLatin1Char(' '))));
        };
        run({}, {QStringLiteral("workflows"), QStringLiteral("validate"), definition});
        run(QStringLiteral("admin"), {QStringLiteral("workflows"), QStringLiteral("start"), definition});
        run(QStringLiteral("carol"), words("workflows list"));
        run(QStringLiteral("carol"), words("workflows show 1"));
        run(QStringLiteral("carol"), words("workflows log 1"));
    }

    // test.effect writes an SQLite file wherever a step says, and test.flag
    // tells whether any file exists: the tests have them, the product does not.
    void testingActionsAreUnknownActions()
    {
        const QString effects = m_env.path(QStringLiteral("effects.db"));
        for (const char *action : {"test.effect", "test.flag"}) {
            const QString definition = writeDefinition(action, QStringLiteral(R"({"name": "fx", "version": 1,
                "steps": [{"id": "fx", "action": "%1", "with": {"file": "%2"}}]})").arg(text(action), effects).toUtf8());
            VERIFY_REFUSED(ordoctl(m_db, {}, {QStringLiteral("workflows"), QStringLiteral("validate"), definition}), 2,
                           "unknown-action at /steps/0/action");
            VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("admin"), {QStringLiteral("workflows"), QStringLiteral("start"), definition}), 2,
                           "unknown-action at /steps/0/action");
        }
    }

    void profileSetsAndShowsTheSshKey()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        const QString key = env.path(QStringLiteral("id_ed25519"));
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"), QString(),
                                                    QStringLiteral("-C"), QStringLiteral("alice@laptop"), QStringLiteral("-f"), key});
        QVERIFY(keygen.waitForFinished(30000) && keygen.exitCode() == 0);
        QFile pub(key + QStringLiteral(".pub"));
        QVERIFY(pub.open(QIODevice::ReadOnly));
        const QString line = QString::fromUtf8(pub.readAll()).trimmed();
        const auto shown = [&] {
            const CommandResult r = ordoctl(env.databasePath(), QStringLiteral("alice"), {QStringLiteral("--json"), QStringLiteral("profile"), QStringLiteral("show")});
            return QJsonDocument::fromJson(r.out.toUtf8()).object();
        };
        QCOMPARE(shown().value(QStringLiteral("sshKey")).toString(), QString());
        QVERIFY(ordoctl(env.databasePath(), QStringLiteral("alice"), {QStringLiteral("profile"), QStringLiteral("show")})
                    .out.contains(QStringLiteral("ordoctl profile set-ssh-key")));

        const CommandResult set = ordoctl(env.databasePath(), QStringLiteral("alice"), {QStringLiteral("profile"), QStringLiteral("set-ssh-key"), pub.fileName()});
        QVERIFY2(set.exitCode == 0, qPrintable(set.err));
        QCOMPARE(shown().value(QStringLiteral("sshKey")).toString(), line);
        QVERIFY(shown().value(QStringLiteral("sshKeyFingerprint")).toString().startsWith(QStringLiteral("SHA256:")));

        // A private key is refused with the reason, and the key stays.
        VERIFY_REFUSED(ordoctl(env.databasePath(), QStringLiteral("alice"), {QStringLiteral("profile"), QStringLiteral("set-ssh-key"), key}), 2, "private key");
        QCOMPARE(shown().value(QStringLiteral("sshKey")).toString(), line);
        // bob is no admin: alice's key is not his to set.
        VERIFY_REFUSED(ordoctl(env.databasePath(), QStringLiteral("bob"), {QStringLiteral("profile"), QStringLiteral("set-ssh-key"), pub.fileName(),
                                                                             QStringLiteral("--for"), QStringLiteral("alice")}),
                       3, "admin");

        // From standard input, as `ordoctl profile set-ssh-key - < key.pub`.
        QProcess fromStdin;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("ORDO_PASSWORD"), QStringLiteral("demo"));
        fromStdin.setProcessEnvironment(environment);
        fromStdin.setStandardInputFile(pub.fileName());
        fromStdin.start(QStringLiteral(ORDOCTL_PATH), {QStringLiteral("--db"), env.databasePath(), QStringLiteral("--user"), QStringLiteral("dave"),
                                                       QStringLiteral("profile"), QStringLiteral("set-ssh-key"), QStringLiteral("-")});
        QVERIFY(fromStdin.waitForFinished(60000));
        QVERIFY2(fromStdin.exitCode() == 0, fromStdin.readAllStandardError().constData());
        const CommandResult dave = ordoctl(env.databasePath(), QStringLiteral("dave"), {QStringLiteral("--json"), QStringLiteral("profile"), QStringLiteral("show")});
        QCOMPARE(QJsonDocument::fromJson(dave.out.toUtf8()).object().value(QStringLiteral("sshKey")).toString(), line);
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
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        VERIFY_REFUSED((CommandResult{process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                                      QString::fromUtf8(process.readAllStandardError())}),
                       2, "ORDO_PASSWORD");
    }

    void cartCommands()
    {
        // dave's cart: no other test here uses it.
        const auto as = [&](const char *user, const QStringList &args) { return ordoctl(m_db, text(user), args); };
        CommandResult r = as("dave", words("cart list"));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("the cart is empty"));
        r = as("dave", words("--json cart add linux-vm --set cpus=2"));
        QCOMPARE(r.exitCode, 0);
        const QString first = QString::number(json(r).toObject().value(QStringLiteral("line")).toInt());
        r = as("dave", words("--json cart add linux-vm --set cpus=8 --quantity 2"));
        QCOMPARE(r.exitCode, 0);
        const QString second = QString::number(json(r).toObject().value(QStringLiteral("line")).toInt());
        QVERIFY(first != second);

        // Every command is a new process: what it lists is what the database kept.
        const auto quantities = [&](const char *user) {
            QMap<QString, int> byLine;
            const CommandResult list = as(user, words("--json cart list"));
            for (const QJsonValue &v : json(list).toArray())
                byLine.insert(QString::number(v.toObject().value(QStringLiteral("line")).toInt()), v.toObject().value(QStringLiteral("quantity")).toInt());
            return byLine;
        };
        using Lines = QMap<QString, int>;
        QCOMPARE(quantities("dave"), (Lines{{first, 1}, {second, 2}}));
        r = as("dave", words("cart list"));
        QVERIFY2(r.out.contains(second + QStringLiteral(". linux-vm x2")) && r.out.contains(QStringLiteral("cpus=8")), qPrintable(r.out));

        QCOMPARE(as("dave", QStringList{QStringLiteral("cart"), QStringLiteral("quantity"), first, QStringLiteral("3")}).exitCode, 0);
        QCOMPARE(quantities("dave"), (Lines{{first, 3}, {second, 2}}));
        VERIFY_REFUSED(as("dave", QStringList{QStringLiteral("cart"), QStringLiteral("quantity"), first, QStringLiteral("0")}), 2, "out of range");
        VERIFY_REFUSED(as("dave", words("cart quantity 999999 2")), 4, "no cart line 999999");
        VERIFY_REFUSED(as("dave", words("cart remove 999999")), 4, "no cart line 999999");
        // Another customer's line is as unknown as a line that does not exist.
        VERIFY_REFUSED(as("alice", QStringList{QStringLiteral("cart"), QStringLiteral("quantity"), first, QStringLiteral("5")}), 4,
                       QStringLiteral("no cart line ") + first);
        VERIFY_REFUSED(as("alice", QStringList{QStringLiteral("cart"), QStringLiteral("remove"), first}), 4, QStringLiteral("no cart line ") + first);
        VERIFY_REFUSED(as("bob", words("cart list")), 3, "only customers");
        QCOMPARE(quantities("dave"), (Lines{{first, 3}, {second, 2}}));

        QCOMPARE(as("dave", QStringList{QStringLiteral("cart"), QStringLiteral("remove"), second}).exitCode, 0);
        QCOMPARE(quantities("dave"), (Lines{{first, 3}}));
        VERIFY_REFUSED(as("dave", QStringList{QStringLiteral("cart"), QStringLiteral("remove"), second}), 4, QStringLiteral("no cart line ") + second);

        // Clearing one cart leaves the others.
        QCOMPARE(as("alice", words("cart add linux-vm")).exitCode, 0);
        r = as("dave", words("cart clear"));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(quantities("dave"), Lines());
        QCOMPARE(quantities("alice").size(), 1);
        QCOMPARE(as("alice", words("cart clear")).exitCode, 0);
        QCOMPARE(quantities("alice"), Lines());
    }

    void workflowsPauseAndList()
    {
        const QString id = startWorkflow("two-steps", R"({"name": "two-steps", "version": 1, "steps": [
            {"id": "a", "action": "test.noop"}, {"id": "b", "action": "test.noop", "after": ["a"]}]})");
        CommandResult r = support(QStringList{QStringLiteral("workflows"), QStringLiteral("pause"), id, QStringLiteral("--reason"), QStringLiteral("hold")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("workflow %1 is paused").arg(id)), qPrintable(r.out));
        QCOMPARE(runEngine().exitCode, 0);
        // Paused before the engine came: none of its steps ran.
        QJsonObject w = workflow(id);
        QCOMPARE(w.value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
        QCOMPARE(stepOf(w, QStringLiteral("a")).value(QStringLiteral("attempts")).toInt(), 0);
        QCOMPARE(stepOf(w, QStringLiteral("b")).value(QStringLiteral("state")).toString(), QStringLiteral("pending"));

        QVERIFY(listed(QStringLiteral("paused")).contains(id));
        QVERIFY(!listed(QStringLiteral("succeeded")).contains(id));
        for (const QString &state : listed(QStringLiteral("paused")))
            QCOMPARE(state, QStringLiteral("paused"));
        QCOMPARE(listed({}).value(id), QStringLiteral("paused"));

        // The core asks for why, whichever face asks it.
        VERIFY_REFUSED(support(QStringList{QStringLiteral("workflows"), QStringLiteral("continue"), id}), 2, "needs a reason");
        VERIFY_REFUSED(support(QStringList{QStringLiteral("workflows"), QStringLiteral("continue"), id, QStringLiteral("--reason"), QStringLiteral("  ")}),
                       2, "needs a reason");
        QCOMPARE(support(QStringList{QStringLiteral("workflows"), QStringLiteral("continue"), id, QStringLiteral("--reason"), QStringLiteral("checked")}).exitCode, 0);
        QCOMPARE(runEngine().exitCode, 0);
        QCOMPARE(workflow(id).value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
        QVERIFY(listed(QStringLiteral("succeeded")).contains(id));
        QVERIFY(!listed(QStringLiteral("paused")).contains(id));
        r = support(QStringList{QStringLiteral("workflows"), QStringLiteral("log"), id});
        QVERIFY2(r.out.contains(QStringLiteral("pause by carol: hold")), qPrintable(r.out));

        VERIFY_REFUSED(support(QStringList{QStringLiteral("workflows"), QStringLiteral("pause"), id, QStringLiteral("--reason"), QStringLiteral("again")}), 5,
                       "cannot become paused");
        VERIFY_REFUSED(support(words("workflows pause 999999 --reason gone")), 4, "no workflow 999999");
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("alice"), words("workflows list")), 3, "only support staff");
    }

    void workflowsCancelAHumanTask()
    {
        const QString id = startWorkflow("hand-over", R"({"name": "hand-over", "version": 1, "steps": [
            {"id": "approve", "action": "human.task"}, {"id": "then", "action": "test.noop", "after": ["approve"]}]})");
        QCOMPARE(runEngine().exitCode, 0);
        QJsonObject w = workflow(id);
        QCOMPARE(w.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QCOMPARE(stepOf(w, QStringLiteral("approve")).value(QStringLiteral("state")).toString(), QStringLiteral("waiting"));

        const CommandResult r = support(QStringList{QStringLiteral("workflows"), QStringLiteral("cancel"), id, QStringLiteral("--reason"), QStringLiteral("obsolete")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("workflow %1 is cancelled").arg(id)), qPrintable(r.out));
        QCOMPARE(runEngine().exitCode, 0);
        w = workflow(id);
        QCOMPARE(w.value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(stepOf(w, QStringLiteral("approve")).value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(stepOf(w, QStringLiteral("then")).value(QStringLiteral("attempts")).toInt(), 0);
        VERIFY_REFUSED(support(QStringList{QStringLiteral("workflows"), QStringLiteral("complete"), id, QStringLiteral("--step"), QStringLiteral("approve")}),
                       5, "not waiting for a decision");
        QVERIFY(support(QStringList{QStringLiteral("workflows"), QStringLiteral("log"), id}).out.contains(QStringLiteral("cancel by carol: obsolete")));
    }

    void workflowsCompleteAHumanTask()
    {
        const QString id = startWorkflow("decide", R"({"name": "decide", "version": 1, "steps": [
            {"id": "approve", "action": "human.task"},
            {"id": "use", "action": "test.echo", "after": ["approve"], "with": {"size": "${steps.approve.outputs.size}"}}]})");
        QCOMPARE(runEngine().exitCode, 0);
        QCOMPARE(stepOf(workflow(id), QStringLiteral("approve")).value(QStringLiteral("state")).toString(), QStringLiteral("waiting"));
        const auto complete = [&](const char *step, const QStringList &more = {}) {
            return support(QStringList{QStringLiteral("workflows"), QStringLiteral("complete"), id, QStringLiteral("--step"), text(step)} + more);
        };
        VERIFY_REFUSED(complete("use"), 2, "'use' is not a human task");
        VERIFY_REFUSED(complete("nosuch"), 4, "has no step 'nosuch'");

        CommandResult r = complete("approve", words("--set size=large"));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(runEngine().exitCode, 0);
        const QJsonObject w = workflow(id);
        QCOMPARE(w.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(stepOf(w, QStringLiteral("approve")).value(QStringLiteral("outputs")).toObject().value(QStringLiteral("decidedBy")).toString(),
                 QStringLiteral("carol"));
        QCOMPARE(stepOf(w, QStringLiteral("use")).value(QStringLiteral("outputs")).toObject().value(QStringLiteral("size")).toString(),
                 QStringLiteral("large"));
        VERIFY_REFUSED(complete("approve"), 5, "not waiting for a decision");
    }

    void workflowsRetryWithEditedInputs()
    {
        // Fails its first three attempts; one attempt only.
        const QString id = startWorkflow("flaky", R"({"name": "flaky", "version": 1, "steps": [
            {"id": "flaky", "action": "test.fail", "with": {"times": 3}, "editable": ["times"]}]})");
        QCOMPARE(runEngine().exitCode, 0);
        QCOMPARE(workflow(id).value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
        const auto retry = [&](const QStringList &more) {
            return support(QStringList{QStringLiteral("workflows"), QStringLiteral("retry"), id, QStringLiteral("--step"), QStringLiteral("flaky")} + more);
        };
        VERIFY_REFUSED(retry(words("--set colour=red --reason paint")), 2, "takes no input 'colour'");
        VERIFY_REFUSED(retry(words("--set times=1")), 2, "needs a reason");
        // Attempt 2 fails unless the edited input reaches it.
        const CommandResult r = retry(words("--set times=1 --reason fixed"));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("workflow %1 is running").arg(id)), qPrintable(r.out));
        QCOMPARE(runEngine().exitCode, 0);
        const QJsonObject w = workflow(id);
        QCOMPARE(w.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(stepOf(w, QStringLiteral("flaky")).value(QStringLiteral("attempts")).toInt(), 2);
        VERIFY_REFUSED(retry(words("--reason again")), 5, "only a failed, paused, cancelled or waiting step is retried");
    }

    // The cart of --preview, or none: a cart changed since (another console, another shell) is a conflict.
    void checkoutWithTheCartVersionOfThePreview()
    {
        const auto run = [&](const QStringList &args) { return ordoctl(m_db, QStringLiteral("alice"), args); };
        QCOMPARE(run(words("cart add linux-vm")).exitCode, 0);
        const QString version = json(run(words("--json checkout --preview"))).toObject().value(QStringLiteral("cartVersion")).toString();
        QVERIFY(!version.isEmpty());
        QVERIFY(run(words("checkout --preview")).out.contains(QStringLiteral("cart version: %1").arg(version)));
        QCOMPARE(run(words("cart add postgresql")).exitCode, 0);
        VERIFY_REFUSED(run(words("checkout --cart-version") + QStringList{version}), 5, "the cart changed since it was previewed");
        QCOMPARE(json(run(words("--json cart list"))).toArray().size(), 2); // nothing ordered, nothing emptied
        QCOMPARE(run(words("cart clear")).exitCode, 0);
    }

    void workflowsRetryCannotChangeWhatAScriptRuns()
    {
        const QString marker = m_env.path(QStringLiteral("support-ran-this"));
        const QString id = startWorkflow("script-retry", R"({"name": "script-retry", "version": 1, "steps": [
            {"id": "s", "action": "script.run", "with": {"program": "/bin/sh", "args": ["-c", "exit 3"]}, "editable": ["okExitCodes"]}]})");
        QCOMPARE(runEngine().exitCode, 0);
        QCOMPARE(workflow(id).value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
        const QStringList retry{QStringLiteral("workflows"), QStringLiteral("retry"), id, QStringLiteral("--step"), QStringLiteral("s")};
        // The attack as tried first: the shell and a command of support's choosing.
        VERIFY_REFUSED(support(retry + words("--reason mine --set program=/bin/sh --set")
                               + QStringList{QStringLiteral("args=[\"-c\", \"touch %1\"]").arg(marker)}),
                       3, "input 'args' of step 's' is not editable");
        VERIFY_REFUSED(support(retry + words("--set program=/bin/sh --reason mine")), 3, "input 'program' of step 's' is not editable");
        QCOMPARE(runEngine().exitCode, 0);
        QVERIFY(!QFile::exists(marker));
        const QJsonObject w = workflow(id);
        QCOMPARE(w.value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
        QCOMPARE(stepOf(w, QStringLiteral("s")).value(QStringLiteral("attempts")).toInt(), 1);
        // What the definition hands to support may be edited.
        QCOMPARE(support(retry + words("--set okExitCodes=[3] --reason expected")).exitCode, 0);
        QCOMPARE(runEngine().exitCode, 0);
        QCOMPARE(workflow(id).value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    }

    void workflowsSkipWithOutputsByHand()
    {
        const QString id = startWorkflow("skip-it", R"({"name": "skip-it", "version": 1, "steps": [
            {"id": "make", "action": "test.fail", "with": {"kind": "permanent"}, "onError": "pause"},
            {"id": "use", "action": "test.echo", "after": ["make"], "with": {"vm": "${steps.make.outputs.vm}"}}]})");
        QCOMPARE(runEngine().exitCode, 0);
        QCOMPARE(workflow(id).value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
        const CommandResult r = support(QStringList{QStringLiteral("workflows"), QStringLiteral("skip"), id, QStringLiteral("--step"),
                                                    QStringLiteral("make"), QStringLiteral("--set"), QStringLiteral("vm=by-hand"),
                                                    QStringLiteral("--reason"), QStringLiteral("made by hand")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(runEngine().exitCode, 0);
        const QJsonObject w = workflow(id);
        QCOMPARE(w.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(stepOf(w, QStringLiteral("make")).value(QStringLiteral("state")).toString(), QStringLiteral("skipped"));
        QCOMPARE(stepOf(w, QStringLiteral("use")).value(QStringLiteral("outputs")).toObject().value(QStringLiteral("vm")).toString(),
                 QStringLiteral("by-hand"));
        QVERIFY(support(QStringList{QStringLiteral("workflows"), QStringLiteral("log"), id}).out.contains(QStringLiteral("made by hand")));
    }

    void workflowsRollback()
    {
        const QString id = startWorkflow("undo", R"({"name": "undo", "version": 1, "steps": [
            {"id": "make", "action": "test.echo", "with": {"vm": "vm-1"},
             "compensate": {"action": "test.echo", "with": {"removed": "vm-1"}}},
            {"id": "check", "action": "test.fail", "after": ["make"], "with": {"kind": "permanent"}, "onError": "pause"}]})");
        QCOMPARE(runEngine().exitCode, 0);
        QCOMPARE(workflow(id).value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
        const CommandResult r = support(QStringList{QStringLiteral("workflows"), QStringLiteral("rollback"), id, QStringLiteral("--reason"), QStringLiteral("give-up")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("workflow %1 is rolling-back").arg(id)), qPrintable(r.out));
        QCOMPARE(runEngine().exitCode, 0);
        const QJsonObject w = workflow(id);
        QCOMPARE(w.value(QStringLiteral("state")).toString(), QStringLiteral("rolled-back"));
        const QJsonObject undo = stepOf(w, QStringLiteral("make"), QStringLiteral("compensation"));
        QCOMPARE(undo.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(undo.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("removed")).toString(), QStringLiteral("vm-1"));
        VERIFY_REFUSED(support(QStringList{QStringLiteral("workflows"), QStringLiteral("rollback"), id, QStringLiteral("--reason"), QStringLiteral("again")}),
                       5, "cannot become rolling-back");
    }

    void ticketsShowTheirCommentsInOrder()
    {
        const QString id = startWorkflow("ticket-comments", R"({"name": "ticket-comments", "version": 1, "steps": [
            {"id": "make", "action": "test.fail", "with": {"kind": "permanent"}, "onError": {"policy": "pause", "notify": ["support"]}}]})");
        QCOMPARE(runEngine().exitCode, 0);
        // The run that paused the workflow has opened its ticket before it ended.
        QString ticket;
        for (const QJsonValue &v : json(support(words("--json tickets list"))).toArray()) {
            if (v.toObject().value(QStringLiteral("title")).toString().startsWith(QStringLiteral("Workflow ticket-comments #%1:").arg(id)))
                ticket = QString::number(v.toObject().value(QStringLiteral("ticket")).toInt());
        }
        QVERIFY2(!ticket.isEmpty(), "no ticket after the run that paused the workflow");
        const QStringList step{QStringLiteral("--step"), QStringLiteral("make"), QStringLiteral("--reason")};
        QCOMPARE(support(QStringList{QStringLiteral("workflows"), QStringLiteral("retry"), id} + step + QStringList{QStringLiteral("try again")}).exitCode, 0);
        QCOMPARE(runEngine().exitCode, 0);
        QCOMPARE(support(QStringList{QStringLiteral("workflows"), QStringLiteral("skip"), id} + step + QStringList{QStringLiteral("made by hand")}).exitCode, 0);
        QCOMPARE(runEngine().exitCode, 0);

        const QStringList expected{QStringLiteral("retry of step 'make' by carol: try again"),
                                   QStringLiteral("step 'make' failed again (attempt 2)"),
                                   QStringLiteral("skip of step 'make' by carol: made by hand")};
        const CommandResult shown = support({QStringLiteral("tickets"), QStringLiteral("show"), ticket});
        QCOMPARE(shown.exitCode, 0);
        QVERIFY2(shown.out.startsWith(ticket + QStringLiteral("  [")), qPrintable(shown.out));
        QVERIFY2(shown.out.contains(QStringLiteral("Step: make (attempt 1)")), qPrintable(shown.out));
        // Each comment on a line of its own that starts with its time, oldest first.
        const QRegularExpression commentLine(QStringLiteral("^  \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  (.*)$"), QRegularExpression::MultilineOption);
        QStringList comments;
        for (auto it = commentLine.globalMatch(shown.out); it.hasNext();)
            comments.append(it.next().captured(1));
        QCOMPARE(comments.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i)
            QVERIFY2(comments.at(i).startsWith(expected.at(i)), qPrintable(comments.at(i)));

        const QJsonObject asJson = json(support({QStringLiteral("--json"), QStringLiteral("tickets"), QStringLiteral("show"), ticket})).toObject();
        const QJsonArray jsonComments = asJson.value(QStringLiteral("comments")).toArray();
        QCOMPARE(jsonComments.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QVERIFY(jsonComments.at(i).toObject().value(QStringLiteral("comment")).toString().startsWith(expected.at(i)));
            QVERIFY(!jsonComments.at(i).toObject().value(QStringLiteral("createdAt")).toString().isEmpty());
        }
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("alice"), {QStringLiteral("tickets"), QStringLiteral("show"), ticket}), 3, "only support staff");
        VERIFY_REFUSED(support(words("tickets show 99999")), 4, "no ticket 99999");
    }

    void workflowsWatchFollowsToTheEnd()
    {
        const QString id = startWorkflow("watched", R"({"name": "watched", "version": 1, "steps": [
            {"id": "first", "action": "test.noop"}, {"id": "second", "action": "test.noop", "after": ["first"]}]})");
        QProcess watch;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ORDO_PASSWORD"), QStringLiteral("demo"));
        watch.setProcessEnvironment(env);
        QString seen;
        connect(&watch, &QProcess::readyReadStandardOutput, this, [&] { seen += QString::fromUtf8(watch.readAllStandardOutput()); });
        watch.start(QStringLiteral(ORDOCTL_PATH), {QStringLiteral("--db"), m_db, QStringLiteral("--user"), QStringLiteral("carol"),
                                                   QStringLiteral("workflows"), QStringLiteral("watch"), id});
        // It has printed the log so far, and waits: nothing has run yet.
        QTRY_VERIFY_WITH_TIMEOUT(!seen.isEmpty(), 60000);
        QCOMPARE(watch.state(), QProcess::Running);
        QVERIFY2(!seen.contains(QStringLiteral("second  state")), qPrintable(seen));

        QCOMPARE(runEngine().exitCode, 0);
        // The workflow has ended, and so does the watch, with what happened meanwhile.
        QVERIFY(watch.waitForFinished(60000));
        seen += QString::fromUtf8(watch.readAllStandardOutput());
        QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
        QCOMPARE(watch.exitCode(), 0);
        QVERIFY2(seen.contains(QStringLiteral("second  state  running -> succeeded")), qPrintable(seen));
    }

    void connectorsListAndSet()
    {
        // A database of its own: a configured mail server changes how every mail is sent.
        const QString db = m_env.path(QStringLiteral("connectors.db"));
        QCOMPARE(ordoctl(db, {}, words("init --demo")).exitCode, 0);
        const auto configured = [&] {
            QMap<QString, bool> byName;
            for (const QJsonValue &v : json(ordoctl(db, QStringLiteral("carol"), words("--json connectors list"))).toArray())
                byName.insert(v.toObject().value(QStringLiteral("name")).toString(), v.toObject().value(QStringLiteral("configured")).toBool());
            return byName;
        };
        using Names = QMap<QString, bool>;
        const Names none{{QStringLiteral("hypervisor"), false}, {QStringLiteral("mail"), false}, {QStringLiteral("cmdb"), false},
                         {QStringLiteral("tickets"), false}, {QStringLiteral("http"), false}};
        QCOMPARE(configured(), none);

        VERIFY_REFUSED(ordoctl(db, QStringLiteral("admin"), words("connectors set mail --set host=localhost --set port=99999 --set from=ordo@acme.example")),
                       2, "'port' must be a number from 1 to 65535");
        VERIFY_REFUSED(ordoctl(db, QStringLiteral("admin"), words("connectors set fax --set host=localhost")), 4, "no connector 'fax'");
        VERIFY_REFUSED(ordoctl(db, QStringLiteral("carol"), words("connectors show fax")), 4, "no connector 'fax'");
        VERIFY_REFUSED(ordoctl(db, QStringLiteral("alice"), words("connectors list")), 3, "only support staff");
        QCOMPARE(configured(), none);

        CommandResult r = ordoctl(db, QStringLiteral("admin"), words("connectors set mail --set host=localhost --set port=2525 --set from=ordo@acme.example"));
        QCOMPARE(r.exitCode, 0);
        Names mailOnly = none;
        mailOnly.insert(QStringLiteral("mail"), true);
        QCOMPARE(configured(), mailOnly);
        // A refused change keeps what was stored.
        VERIFY_REFUSED(ordoctl(db, QStringLiteral("admin"), words("connectors set mail --set security=smoke-signals")), 2, "'security' is starttls, tls or none");
        r = ordoctl(db, QStringLiteral("carol"), words("connectors show mail"));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).toObject().value(QStringLiteral("settings")).toObject(),
                 (QJsonObject{{QStringLiteral("host"), QStringLiteral("localhost")}, {QStringLiteral("port"), 2525},
                              {QStringLiteral("from"), QStringLiteral("ordo@acme.example")}}));

        // Audited: who configured what; the refused attempts left no entry.
        auto opened = Ordo::open(db);
        QVERIFY(opened);
        auto entries = (*opened)->audit().entries(std::nullopt, QStringLiteral("connector"), QStringLiteral("mail"));
        QVERIFY(entries);
        QCOMPARE(entries->size(), 1);
        QCOMPARE(entries->first().actor, QStringLiteral("admin"));
        QCOMPARE(entries->first().action, QStringLiteral("configure"));
    }

    void tenantSelection()
    {
        {
            auto opened = Ordo::open(m_db);
            QVERIFY(opened);
            Accounts &accounts = (*opened)->accounts();
            ORDO_VERIFY_OK(accounts.createUser(QStringLiteral("frank"), QStringLiteral("Frank Twohats"), QStringLiteral("frank@example.com"),
                                               QStringLiteral("demo")));
            ORDO_VERIFY_OK(accounts.grant(QStringLiteral("frank"), QStringLiteral("acme"), Role::Customer));
            ORDO_VERIFY_OK(accounts.grant(QStringLiteral("frank"), QStringLiteral("globex"), Role::Customer));
        }
        const auto frank = [&](const char *tenant, const char *line) {
            QStringList args = words(line);
            if (*tenant)
                args << QStringLiteral("--tenant") << text(tenant);
            return ordoctl(m_db, QStringLiteral("frank"), args);
        };
        VERIFY_REFUSED(frank("", "cart list"), 2, "belongs to several tenants");

        QCOMPARE(frank("globex", "cart add linux-vm --set cpus=4 --set memoryGiB=16").exitCode, 0);
        QCOMPARE(json(frank("acme", "--json cart list")).toArray().size(), 0);
        QCOMPARE(json(frank("globex", "--json cart list")).toArray().size(), 1);
        const CommandResult r = frank("globex", "--json checkout");
        QCOMPARE(r.exitCode, 0);
        const QString order = QString::number(json(r).toObject().value(QStringLiteral("id")).toInt());
        const auto ids = [](const CommandResult &list) {
            QStringList found;
            for (const QJsonValue &v : json(list).toArray())
                found.append(QString::number(v.toObject().value(QStringLiteral("id")).toInt()));
            return found;
        };
        QCOMPARE(ids(frank("globex", "--json orders list")), QStringList{order});
        QCOMPARE(ids(frank("acme", "--json orders list")), QStringList());
        // The option may stand anywhere, also as --tenant=SLUG.
        QCOMPARE(ordoctl(m_db, QStringLiteral("frank"), QStringList{QStringLiteral("orders"), QStringLiteral("--tenant=globex"), QStringLiteral("show"), order}).exitCode, 0);
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("frank"), QStringList{QStringLiteral("orders"), QStringLiteral("show"), order, QStringLiteral("--tenant"),
                                                                         QStringLiteral("acme")}),
                       4, QStringLiteral("no order ") + order);

        // A tenant one does not belong to looks like one that does not exist.
        const CommandResult foreign = ordoctl(m_db, QStringLiteral("alice"), words("orders list --tenant globex"));
        VERIFY_REFUSED(foreign, 4, "no tenant 'globex'");
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("alice"), words("orders list --tenant nowhere")), 4, "no tenant 'nowhere'");
        QCOMPARE(ordoctl(m_db, QStringLiteral("admin"), words("audit list --tenant acme")).exitCode, 0);
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("admin"), words("audit list --tenant globex")), 4, "no tenant 'globex'");
    }

    void everyExitCodeHasACase()
    {
        QCOMPARE(ordoctl(m_db, QStringLiteral("alice"), words("catalog list")).exitCode, 0);
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("alice"), words("orders show first")), 2, "not a positive number");
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("dave"), words("workflows list")), 3, "only support staff");
        VERIFY_REFUSED(ordoctl(m_db, QStringLiteral("carol"), words("workflows show 999999")), 4, "no workflow 999999");
        VERIFY_REFUSED(ordoctl(m_db, {}, words("init --demo")), 5, "already holds data");
        // A file that is not an Ordo database: none of the above.
        const QString junk = m_env.path(QStringLiteral("junk.db"));
        QFile file(junk);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'x'));
        file.close();
        VERIFY_REFUSED(ordoctl(junk, QStringLiteral("alice"), words("orders list")), 1, "");
    }

    void errorsQuoteLongInputShortly()
    {
        // 120 KB pasted into a value: the one error line names it without repeating it.
        const QString pasted(120 * 1024, QLatin1Char('7'));
        for (const QStringList &args : {QStringList{QStringLiteral("cart"), QStringLiteral("add"), QStringLiteral("linux-vm"),
                                                    QStringLiteral("--set"), QStringLiteral("memoryGiB=x") + pasted},
                                        QStringList{QStringLiteral("cart"), QStringLiteral("add"), QStringLiteral("linux-vm"),
                                                    QStringLiteral("--set"), QStringLiteral("k") + pasted + QStringLiteral("=1")},
                                        QStringList{QStringLiteral("workflows"), QStringLiteral("show"), pasted + QStringLiteral("x")},
                                        QStringList{QStringLiteral("--x") + pasted},
                                        QStringList{QStringLiteral("x") + pasted}}) {
            const CommandResult r = ordoctl(m_db, QStringLiteral("alice"), args);
            VERIFY_REFUSED(r, 2, "… (122881 characters)");
            QVERIFY2(r.err.toUtf8().size() < 1024, qPrintable(QString::number(r.err.toUtf8().size())));
        }
    }

    void supportReasonsHaveALimit()
    {
        const QString id = startWorkflow("reasons", R"({"name": "reasons", "version": 1, "steps": [
            {"id": "ask", "action": "human.task", "with": {"title": "ok?"}}]})");
        const QString tooLong(2001, QLatin1Char('r'));
        VERIFY_REFUSED(support({QStringLiteral("workflows"), QStringLiteral("pause"), id, QStringLiteral("--reason"), tooLong}), 2,
                       "longer than 2000 characters");
        VERIFY_REFUSED(support({QStringLiteral("workflows"), QStringLiteral("skip"), id, QStringLiteral("--step"), QStringLiteral("ask"),
                                QStringLiteral("--reason"), tooLong}),
                       2, "longer than 2000 characters");
        QCOMPARE(workflow(id).value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QCOMPARE(support({QStringLiteral("workflows"), QStringLiteral("cancel"), id, QStringLiteral("--reason"), tooLong.left(2000)}).exitCode, 0);
        QCOMPARE(workflow(id).value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
    }

    void onlyInitCreatesADatabase()
    {
        // A mistyped --db: an error naming the path, and nothing made on the disk.
        const QString typo = m_env.path(QStringLiteral("tpyo/ordo.db"));
        for (const char *user : {"alice", ""}) {
            for (const QStringList &args : {words("orders list"), words("engine run --until-idle"), words("audit verify")})
                VERIFY_REFUSED(ordoctl(typo, text(user), args), 4, typo);
        }
        QVERIFY(!QFileInfo::exists(m_env.path(QStringLiteral("tpyo"))));
        // An SQLite URI is not a path: init says so instead of making a folder named "file:".
        QVERIFY2(!QFileInfo::exists(QStringLiteral("file:")), "a folder 'file:' is left over in the working directory");
        const QString uri = QStringLiteral("file:") + m_env.path(QStringLiteral("uri.db")) + QStringLiteral("?mode=ro");
        VERIFY_REFUSED(ordoctl(uri, {}, words("init")), 2, "looks like a URI");
        VERIFY_REFUSED(ordoctl(uri, QStringLiteral("alice"), words("orders list")), 2, "looks like a URI");
        QVERIFY(!QFileInfo::exists(QStringLiteral("file:")));
        // init still makes a new database, folders and all.
        const QString fresh = m_env.path(QStringLiteral("new/folder/ordo.db"));
        QCOMPARE(ordoctl(fresh, {}, words("init")).exitCode, 0);
        QVERIFY(QFileInfo(fresh).isFile());
        QCOMPARE(ordoctl(fresh, {}, words("engine run --until-idle")).exitCode, 0);
    }

private:
    QString writeDefinition(const char *name, const QByteArray &definition)
    {
        const QString path = m_env.path(text(name) + QStringLiteral(".json"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(definition) != definition.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    // Starts a run of the definition, as the admin does; returns its id.
    QString startWorkflow(const char *name, const QByteArray &definition)
    {
        const CommandResult r = ordoctl(m_db, QStringLiteral("admin"), {QStringLiteral("--json"), QStringLiteral("workflows"), QStringLiteral("start"),
                                                                        writeDefinition(name, definition)});
        if (r.exitCode != 0)
            qFatal("cannot start %s: %s", name, qPrintable(r.err));
        return QString::number(json(r).toObject().value(QStringLiteral("id")).toInt());
    }

    CommandResult support(const QStringList &args) { return ordoctl(m_db, QStringLiteral("carol"), args); }

    CommandResult runEngine() { return ordoctl(m_db, {}, words("engine run --until-idle")); }

    QJsonObject workflow(const QString &id)
    {
        return json(support({QStringLiteral("--json"), QStringLiteral("workflows"), QStringLiteral("show"), id})).toObject();
    }

    // id -> state of the workflows `workflows list [--state S]` shows.
    QMap<QString, QString> listed(const QString &state)
    {
        QStringList args = words("--json workflows list");
        if (!state.isEmpty())
            args << QStringLiteral("--state") << state;
        QMap<QString, QString> found;
        for (const QJsonValue &v : json(support(args)).toArray())
            found.insert(QString::number(v.toObject().value(QStringLiteral("id")).toInt()), v.toObject().value(QStringLiteral("state")).toString());
        return found;
    }

    TestEnvironment m_env;
    QString m_db;
};

QTEST_GUILESS_MAIN(TestOrdoctl)
#include "tst_ordoctl.moc"

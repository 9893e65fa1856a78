// script.run: a real program, its environment, output, exit codes, timeout,
// cancellation, and what support may change of it on a retry.

#include "EngineHarness.h"

#include "connectors/Script.h"

#include <QDir>

using namespace ordo;
using namespace ordo::engine;
using namespace ordo::test;

namespace {

struct Run
{
    ActionOutcome outcome;
    QStringList log;
};

Run runScript(const QJsonObject &inputs, std::shared_ptr<std::atomic_bool> cancelled = std::make_shared<std::atomic_bool>(false))
{
    ActionRegistry registry;
    connectors::registerScriptAction(registry);
    Run r;
    ActionContext ctx{inputs, QStringLiteral("wf-uuid/step"), 1, QStringLiteral("s"), 2, cancelled,
                      [&r](const QString &line) { r.log.append(line); }};
    r.outcome = registry.find(QStringLiteral("script.run"))->run(ctx);
    return r;
}

QJsonObject sh(const char *script)
{
    return {{QStringLiteral("program"), QStringLiteral("/bin/sh")},
            {QStringLiteral("args"), QJsonArray{QStringLiteral("-c"), QString::fromLatin1(script)}}};
}

} // namespace

class TestScript : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void outputGoesToTheLogAndOutputs()
    {
        QJsonObject in = sh("echo hello; echo \"$GREETING $ORDO_IDEMPOTENCY_KEY $ORDO_ATTEMPT\"; echo oops >&2");
        in.insert(QStringLiteral("env"), QJsonObject{{QStringLiteral("GREETING"), QStringLiteral("hi")}});
        const Run r = runScript(in);
        QVERIFY(std::holds_alternative<QJsonObject>(r.outcome));
        const QJsonObject out = std::get<QJsonObject>(r.outcome);
        QCOMPARE(out.value(QStringLiteral("exitCode")).toInt(), 0);
        QCOMPARE(out.value(QStringLiteral("stdout")).toString(), QStringLiteral("hello\nhi wf-uuid/step 2\n"));
        QCOMPARE(out.value(QStringLiteral("stderr")).toString(), QStringLiteral("oops\n"));
        QVERIFY(r.log.contains(QStringLiteral("hello")));
        QVERIFY(r.log.contains(QStringLiteral("hi wf-uuid/step 2")));
    }

    void theScriptSeesOnlyAMinimalDeclaredEnvironment()
    {
        // The engine's own secrets and whatever else its environment holds stay with it.
        qputenv("ORDO_PASSWORD", "engine-secret-1");
        qputenv("ORDO_TEST_INHERITED", "inherited-2");
        QJsonObject in = {{QStringLiteral("program"), QStringLiteral("/usr/bin/env")}};
        in.insert(QStringLiteral("env"), QJsonObject{{QStringLiteral("GREETING"), QStringLiteral("hi")}});
        const Run r = runScript(in);
        qunsetenv("ORDO_PASSWORD");
        qunsetenv("ORDO_TEST_INHERITED");
        QVERIFY(std::holds_alternative<QJsonObject>(r.outcome));
        const QString out = std::get<QJsonObject>(r.outcome).value(QStringLiteral("stdout")).toString();
        QVERIFY2(!out.contains(QStringLiteral("engine-secret-1")) && !out.contains(QStringLiteral("inherited-2")), qPrintable(out));
        QStringList names;
        for (const QString &line : out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            names.append(line.section(QLatin1Char('='), 0, 0));
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("GREETING"), QStringLiteral("HOME"), QStringLiteral("LANG"), QStringLiteral("ORDO_ATTEMPT"),
                                     QStringLiteral("ORDO_IDEMPOTENCY_KEY"), QStringLiteral("PATH")}));
        QVERIFY2(out.contains(QStringLiteral("PATH=/usr/local/bin:/usr/bin:/bin\n")), qPrintable(out));
    }

    void supportCannotChangeWhatAScriptRuns()
    {
        EngineHarness h;
        connectors::registerScriptAction(*h.actions);
        h.startEngine();
        const QString marker = h.path(QStringLiteral("support-ran-this"));
        const qint64 id = h.start(QByteArray(R"({"name": "scripted", "version": 1, "steps": [
            {"id": "s", "action": "script.run", "with": {"program": "/bin/sh", "args": ["-c", "exit 3"]}, "editable": ["okExitCodes"]}]})"));
        QTRY_COMPARE(h.state(id), WorkflowState::Failed);
        const QString shell = QStringLiteral("touch ") + marker;
        // The attack as tried first: the shell and a command of support's choosing.
        for (const QJsonObject &edit : {QJsonObject{{QStringLiteral("program"), QStringLiteral("/bin/sh")},
                                                    {QStringLiteral("args"), QJsonArray{QStringLiteral("-c"), shell}}},
                                        QJsonObject{{QStringLiteral("program"), QStringLiteral("/usr/bin/touch")}},
                                        QJsonObject{{QStringLiteral("env"), QJsonObject{{QStringLiteral("LD_PRELOAD"), marker}}}},
                                        QJsonObject{{QStringLiteral("workingDirectory"), QStringLiteral("/tmp")}}}) {
            const auto refused = h.runtime->retryStep(id, QStringLiteral("s"), edit, QStringLiteral("carol"), QStringLiteral("let me"));
            QVERIFY(!refused);
            QCOMPARE(refused.error().code, ErrorCode::NotPermitted);
            QVERIFY2(refused.error().message.contains(QStringLiteral("'%1'").arg(edit.keys().first())), qPrintable(refused.error().message));
        }
        // An editable input must still have its declared type.
        const auto mistyped = h.runtime->retryStep(id, QStringLiteral("s"), {{QStringLiteral("okExitCodes"), 3}}, QStringLiteral("carol"), QStringLiteral("x"));
        QVERIFY(!mistyped);
        QCOMPARE(mistyped.error().code, ErrorCode::BadInput);
        h.engine->wake();
        QVERIFY(h.engineCaughtUp());
        QVERIFY(!QFile::exists(marker));
        QCOMPARE(h.state(id), WorkflowState::Failed);
        QCOMPARE(h.step(id, QStringLiteral("s")).attempt, 1);
        // What the definition hands to support is edited, and the step then succeeds.
        QVERIFY(h.runtime->retryStep(id, QStringLiteral("s"), {{QStringLiteral("okExitCodes"), QJsonArray{0, 3}}}, QStringLiteral("carol"),
                                     QStringLiteral("3 means: already there")));
        h.engine->wake();
        QTRY_COMPARE(h.state(id), WorkflowState::Succeeded);
        QCOMPARE(h.step(id, QStringLiteral("s")).attempt, 2);
    }

    void exitCodesAreClassified_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QJsonArray>("okCodes");
        QTest::addColumn<int>("kind"); // -1: success
        QTest::newRow("failure") << QStringLiteral("echo broken >&2; exit 3") << QJsonArray{} << int(ErrorKind::Permanent);
        QTest::newRow("try again later") << QStringLiteral("exit 75") << QJsonArray{} << int(ErrorKind::Transient);
        QTest::newRow("accepted code") << QStringLiteral("exit 3") << QJsonArray{0, 3} << -1;
        QTest::newRow("killed by a signal") << QStringLiteral("kill -9 $$") << QJsonArray{} << int(ErrorKind::Transient);
    }

    void exitCodesAreClassified()
    {
        QFETCH(QString, script);
        QFETCH(QJsonArray, okCodes);
        QFETCH(int, kind);
        QJsonObject in = sh(script.toUtf8().constData());
        if (!okCodes.isEmpty())
            in.insert(QStringLiteral("okExitCodes"), okCodes);
        const Run r = runScript(in);
        if (kind < 0) {
            QVERIFY(std::holds_alternative<QJsonObject>(r.outcome));
            return;
        }
        QVERIFY(std::holds_alternative<ActionError>(r.outcome));
        QCOMPARE(int(std::get<ActionError>(r.outcome).kind), kind);
    }

    void aFailureSaysWhy()
    {
        const Run r = runScript(sh("echo 'disk full' >&2; exit 1"));
        QVERIFY(std::get<ActionError>(r.outcome).message.contains(QStringLiteral("disk full")));
    }

    void aMissingProgramIsBadInput()
    {
        const Run r = runScript({{QStringLiteral("program"), QStringLiteral("/nonexistent/deploy.sh")}});
        QCOMPARE(std::get<ActionError>(r.outcome).kind, ErrorKind::BadInput);
    }

    void aScriptOverItsTimeIsKilled()
    {
        QElapsedTimer timer;
        timer.start();
        QJsonObject in = sh("sleep 30");
        in.insert(QStringLiteral("timeoutMs"), 200);
        const Run r = runScript(in);
        QCOMPARE(std::get<ActionError>(r.outcome).kind, ErrorKind::Timeout);
        QVERIFY(timer.elapsed() < 10000);
    }

    void cancellingTheWorkflowKillsTheScript()
    {
        EngineHarness h;
        connectors::registerScriptAction(*h.actions);
        h.startEngine();
        const QString pidFile = h.path(QStringLiteral("script.pid"));
        const QByteArray def = QStringLiteral(R"({"name": "scripted", "version": 1, "steps": [
            {"id": "long", "action": "script.run", "with": {"program": "/bin/sh", "args": ["-c", "sleep 60 & echo $! > %1; wait"]}}]})")
                                   .arg(pidFile)
                                   .toUtf8();
        const qint64 id = h.start(def);
        QTRY_VERIFY(QFile::exists(pidFile) && QFile(pidFile).size() > 0);
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString pid = QString::fromLatin1(file.readAll()).trimmed();
        QVERIFY(QDir(QStringLiteral("/proc/") + pid).exists());
        QVERIFY(h.runtime->cancel(id, QStringLiteral("carol"), QStringLiteral("wrong target")));
        QTRY_COMPARE_WITH_TIMEOUT(h.stepState(id, QStringLiteral("long")), StepState::Cancelled, 10000);
        // The script's own child is gone too (a zombie waiting for its reaper counts as gone).
        const auto alive = [&pid] {
            QFile stat(QStringLiteral("/proc/") + pid + QStringLiteral("/stat"));
            return stat.open(QIODevice::ReadOnly) && !QString::fromLatin1(stat.readAll()).contains(QStringLiteral(") Z "));
        };
        QTRY_VERIFY(!alive());
    }
};

QTEST_GUILESS_MAIN(TestScript)
#include "tst_script.moc"

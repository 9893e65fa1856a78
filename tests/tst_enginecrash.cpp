// An engine process is killed with SIGKILL at random moments while it runs
// many workflows. After a final run every workflow has finished, no step was
// recorded as succeeded twice, and every effect guarded by its step's
// idempotency key happened exactly once.

#include "EngineHarness.h"

#include <QRandomGenerator>

#include <csignal>

using namespace ordo;
using namespace ordo::engine;
using namespace ordo::test;

class TestEngineCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedEnginesLoseNothing()
    {
        const int rounds = qEnvironmentVariableIntValue("ORDO_CRASH_ROUNDS") > 0 ? qEnvironmentVariableIntValue("ORDO_CRASH_ROUNDS") : 100;
        // Enough work that every kill lands while workflows are still running.
        const int kWorkflows = rounds * 12;
        EngineHarness h;
        const QString effects = h.path(QStringLiteral("effects.db"));
        // Fan-out, fan-in, with effects and short sleeps so that kills land inside steps.
        const QByteArray def = QStringLiteral(R"({"name": "crashy", "version": 1, "steps": [
            {"id": "first", "action": "test.effect", "with": {"file": "%1"}},
            {"id": "b1", "action": "test.sleep", "with": {"ms": 3}, "after": ["first"]},
            {"id": "b2", "action": "test.effect", "with": {"file": "%1"}, "after": ["first"]},
            {"id": "b3", "action": "test.sleep", "with": {"ms": 2}, "after": ["first"]},
            {"id": "join", "action": "test.effect", "with": {"file": "%1"}, "after": ["b1", "b2", "b3"]},
            {"id": "flaky", "action": "test.fail", "with": {"times": 1}, "after": ["join"], "retry": {"maxAttempts": 3, "initialIntervalMs": 5}},
            {"id": "last", "action": "test.effect", "with": {"file": "%1"}, "after": ["flaky"]}]})").arg(effects).toUtf8();
        QList<qint64> ids;
        for (int i = 0; i < kWorkflows; ++i)
            ids.append(h.start(def));

        const QStringList engineArgs{QStringLiteral("--db"), h.databasePath(), QStringLiteral("engine"), QStringLiteral("run"),
                                     QStringLiteral("--workers"), QStringLiteral("4"), QStringLiteral("--lease-ms"), QStringLiteral("300")};
        int killedMidWork = 0;
        for (int round = 0; round < rounds; ++round) {
            QProcess engineProcess;
            engineProcess.setStandardOutputFile(QProcess::nullDevice());
            engineProcess.start(QStringLiteral(ORDOCTL_PATH), engineArgs);
            QVERIFY(engineProcess.waitForStarted());
            QTest::qWait(static_cast<int>(QRandomGenerator::global()->bounded(20, 120)));
            ::kill(static_cast<pid_t>(engineProcess.processId()), SIGKILL);
            QVERIFY(engineProcess.waitForFinished(10000));
            auto running = h.runtime->workflows(WorkflowState::Running);
            QVERIFY(running);
            if (!running->isEmpty())
                ++killedMidWork;
        }
        qInfo("%d rounds, %d of them killed while workflows were still running", rounds, killedMidWork);
        // The kills must have hit work in progress, or this test proves nothing.
        QVERIFY(killedMidWork * 2 >= rounds);

        // The last engine finishes the work, taking over the dead ones' leases.
        QProcess last;
        last.setStandardOutputFile(QProcess::nullDevice());
        last.start(QStringLiteral(ORDOCTL_PATH), engineArgs + QStringList{QStringLiteral("--until-idle")});
        QVERIFY(last.waitForFinished(300000));
        QCOMPARE(last.exitCode(), 0);

        for (const qint64 id : std::as_const(ids))
            QCOMPARE(h.state(id), WorkflowState::Succeeded);
        auto q = h.ordo->database().exec(QStringLiteral(
            "SELECT workflow_id, step_key, COUNT(*) FROM step_log WHERE kind = 'state' AND message LIKE '% -> succeeded'"
            " AND step_key <> '' GROUP BY workflow_id, step_key"));
        QVERIFY(q);
        int recorded = 0;
        while (q->next()) {
            ++recorded;
            QVERIFY2(q->value(2).toInt() == 1, qPrintable(QStringLiteral("workflow %1 step %2 succeeded %3 times")
                                                              .arg(q->value(0).toLongLong()).arg(q->value(1).toString()).arg(q->value(2).toInt())));
        }
        QCOMPARE(recorded, kWorkflows * 7);

        // Effects: exactly one per effect step, keyed by workflow and step.
        auto effectsDb = Database::openSqlite(h.path(QStringLiteral("check-effects.db")));
        QVERIFY(effectsDb);
        QVERIFY((*effectsDb)->exec(QStringLiteral("ATTACH DATABASE ? AS fx"), {effects}));
        auto fx = (*effectsDb)->exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT key) FROM fx.effects"));
        QVERIFY(fx && fx->next());
        QCOMPARE(fx->value(0).toInt(), kWorkflows * 4);
        QCOMPARE(fx->value(1).toInt(), kWorkflows * 4);
        for (const qint64 id : std::as_const(ids)) {
            const QString uuid = h.runtime->workflow(id)->uuid;
            for (const char *step : {"first", "b2", "join", "last"}) {
                auto one = (*effectsDb)->exec(QStringLiteral("SELECT COUNT(*) FROM fx.effects WHERE key = ?"),
                                              {Runtime::idempotencyKey(uuid, QString::fromLatin1(step), QStringLiteral("step"))});
                QVERIFY(one && one->next());
                QCOMPARE(one->value(0).toInt(), 1);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestEngineCrash)
#include "tst_enginecrash.moc"

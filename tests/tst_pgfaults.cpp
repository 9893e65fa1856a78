// A shared database in trouble: the server ends the engines' sessions again
// and again (pg_terminate_backend, as an administrator or a failover does) and
// restarts twice, cleanly and then by a crash (which empties the unlogged step
// queue), while two engine processes run many workflows. The engines must
// reconnect by themselves and finish every workflow, each step recorded as
// succeeded once and each effect applied once.

#include "TestSupport.h"

#include "CrashRounds.h"

using namespace ordo;
using namespace ordo::test;

class TestPgFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void enginesRideOutEndedSessionsARestartAndACrash()
    {
        const QString serverControl = qEnvironmentVariable("ORDO_TEST_PG_CTL");
        if (serverControl.isEmpty())
            QSKIP("restarting the server needs ORDO_TEST_PG_CTL (scripts/test sets it)");
        // At least three: the rounds a third and two thirds in restart the server.
        const int rounds = std::max(3, qEnvironmentVariableIntValue("ORDO_FAULT_ROUNDS") > 0 ? qEnvironmentVariableIntValue("ORDO_FAULT_ROUNDS") : 10);
        TestEnvironment env;
        const CrashOutcome out = runFaultRounds(env.databasePath(), env.path(QStringLiteral("effects.db")), QStringLiteral(ORDO_TEST_ENGINE_PATH),
                                                rounds, serverControl);
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
        qInfo("%d rounds in %.1f s: %d engine sessions ended, %d server restart(s); %lld of %d steps done meanwhile; %d of %d workflows "
              "were left after the faults and finished in %.1f s; %lld attempts taken over, %lld effect steps run again and turned away by their key",
              rounds, out.killSeconds, out.sessionsEnded, out.serverRestarts, static_cast<long long>(out.stepsDoneUnderFaults),
              out.expectedSucceeded(), out.leftForRecovery, out.workflows, out.recoverySeconds,
              static_cast<long long>(out.takenOver), static_cast<long long>(out.effectsRerun));
        // The faults hit engines at work, or this proves nothing.
        QVERIFY2(out.sessionsEnded >= rounds, "fewer sessions ended than rounds: the engines were not connected");
        QCOMPARE(out.serverRestarts, 2);
        // The engines worked between the faults, and the faults hit them at work.
        QVERIFY2(out.stepsDoneUnderFaults > 0, "no step was done while the faults went on");
        QVERIFY2(out.leftForRecovery > 0, "every workflow had finished before the faults ended: give it more work");
        QVERIFY2(out.notSucceeded == 0, qPrintable(QStringLiteral("%1 not succeeded, the first: %2").arg(out.notSucceeded).arg(out.firstNotSucceeded)));
        QCOMPARE(out.succeededTwice, 0);
        QCOMPARE(out.recordedSucceeded, out.expectedSucceeded());
        QCOMPARE(out.effects, out.expectedEffects());
        QCOMPARE(out.effectsMissing, 0);
        // The crash emptied the unlogged queue and its marker: an engine refilled both,
        // and with every workflow done nothing is left queued.
        auto db = Database::open(env.databasePath(), -1, Database::OpenMode::MustExist);
        ORDO_VERIFY_OK(db);
        auto queue = (*db)->exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM step_queue_intact), (SELECT COUNT(*) FROM step_queue)"));
        ORDO_VERIFY_OK(queue);
        QVERIFY(queue->next());
        QCOMPARE(queue->value(0).toLongLong(), qint64(1));
        QCOMPARE(queue->value(1).toLongLong(), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestPgFaults)
#include "tst_pgfaults.moc"

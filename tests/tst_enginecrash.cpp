// An engine process is killed with SIGKILL at random moments while it runs
// many workflows. After a final run every workflow has finished, no step was
// recorded as succeeded twice, and every effect guarded by its step's
// idempotency key happened exactly once. bench/crash_bench runs more rounds.

#include "CrashRounds.h"
#include "TestSupport.h"

using namespace ordo::test;

class TestEngineCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedEnginesLoseNothing()
    {
        const int rounds = qEnvironmentVariableIntValue("ORDO_CRASH_ROUNDS") > 0 ? qEnvironmentVariableIntValue("ORDO_CRASH_ROUNDS") : 100;
        TestEnvironment env;
        const CrashOutcome out = runCrashRounds(env.databasePath(), env.path(QStringLiteral("effects.db")), QStringLiteral(ORDOCTL_PATH), rounds);
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
        qInfo("%d rounds, %d of them killed while workflows were still running; %lld attempts taken over, "
              "%lld effect requests repeated and turned away by their key",
              rounds, out.killedMidWork, static_cast<long long>(out.takenOver), static_cast<long long>(out.repeatedRequests));
        // The kills must have hit work in progress, or this test proves nothing.
        QVERIFY(out.killedMidWork * 2 >= rounds);
        QVERIFY(out.takenOver > 0);

        QCOMPARE(out.recoveryExitCode, 0);
        QCOMPARE(out.notSucceeded, 0);
        QCOMPARE(out.succeededTwice, 0);
        QCOMPARE(out.recordedSucceeded, out.expectedSucceeded());
        // Effects: exactly one per effect step, keyed by workflow and step.
        QCOMPARE(out.effects, out.expectedEffects());
        QCOMPARE(out.effectsMissing, 0);
    }
};

QTEST_GUILESS_MAIN(TestEngineCrash)
#include "tst_enginecrash.moc"

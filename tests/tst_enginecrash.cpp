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
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void killedEnginesLoseNothing()
    {
        const int rounds = qEnvironmentVariableIntValue("ORDO_CRASH_ROUNDS") > 0 ? qEnvironmentVariableIntValue("ORDO_CRASH_ROUNDS") : 100;
        TestEnvironment env;
        const CrashOutcome out = runCrashRounds(env.databasePath(), env.path(QStringLiteral("effects.db")), QStringLiteral(ORDO_TEST_ENGINE_PATH), rounds);
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
        qInfo("%d rounds: %d kills during a step (%d during an effect step), %d between steps; engines took %.0f ms on average "
              "to their first event; %d rounds took over a predecessor's step, %lld attempts in all, at most %d of one step in a row; %d of %d killed engines "
              "that left steps running had them taken over; %lld effect steps run again and turned away by their key (%lld requests)",
              rounds, out.killsDuringStep, out.killsDuringEffect, out.killsBetweenSteps, out.engineStartSeconds * 1000 / rounds,
              out.roundsWithTakeover, static_cast<long long>(out.takenOver), out.mostLostInARow, out.enginesTakenOver, out.enginesLeavingSteps,
              static_cast<long long>(out.effectsRerun), static_cast<long long>(out.repeatedRequests));
        // The kills must have hit work in progress, or this test proves nothing: a
        // share of them landed inside effect steps, ...
        QVERIFY2(out.killsDuringEffect * 4 >= rounds, "fewer than a quarter of the kills landed inside an effect step");
        // ... effect steps ran again after a kill and their key turned the repeat away, ...
        QVERIFY2(out.effectsRerun * 10 >= rounds, "fewer effect steps were re-run after a kill than one per ten rounds");
        // ... and every engine killed mid-step had its steps taken over, by engines of many rounds.
        QCOMPARE(out.enginesTakenOver, out.enginesLeavingSteps);
        QVERIFY2(out.roundsWithTakeover * 10 >= rounds, "fewer than one round in ten took over a predecessor's step");
        QCOMPARE(out.recoveryExitCode, 0);
        QVERIFY2(out.notSucceeded == 0, qPrintable(QStringLiteral("%1 not succeeded, the first: %2").arg(out.notSucceeded).arg(out.firstNotSucceeded)));
        QCOMPARE(out.succeededTwice, 0);
        QCOMPARE(out.recordedSucceeded, out.expectedSucceeded());
        // Effects: exactly one per effect step, keyed by workflow and step.
        QCOMPARE(out.effects, out.expectedEffects());
        QCOMPARE(out.effectsMissing, 0);
    }
};

QTEST_GUILESS_MAIN(TestEngineCrash)
#include "tst_enginecrash.moc"

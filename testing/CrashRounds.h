#pragma once

// The crash experiment: engine processes (ordo_test_engine) are killed with
// SIGKILL at random moments (mostly 20-120 ms after start, every tenth after
// 300-1000 ms) while they run many workflows; a last engine then
// finishes the work. tst_enginecrash runs 100 rounds and asserts the outcome,
// bench/crash_bench runs more and prints it.

#include <QString>

namespace ordo::test {

struct CrashOutcome
{
    QString error; // the experiment itself could not run
    int rounds = 0;
    int workflows = 0;
    // Where the kills landed. Each engine is killed 20-120 ms (every tenth
    // 300-1000 ms) after its first event, so never while it is still opening the database.
    int killsDuringStep = 0;        // the killed engine had a step running under its lease
    int killsDuringEffect = 0;      // ... an effect step (test.effect) among them
    int killsBetweenSteps = 0;      // the killed engine had no step running
    double engineStartSeconds = 0;  // all rounds: start of the engine process to its first event
    int enginesLeavingSteps = 0;    // killed engines that left steps running
    int enginesTakenOver = 0;       // ... whose steps a later engine took over
    int roundsWithTakeover = 0;     // rounds whose engine took over a predecessor's step
    double killSeconds = 0;     // all rounds of start, wait, kill
    double recoverySeconds = 0; // the last engine, from start to idle
    int leftForRecovery = 0;    // workflows not finished when the last engine started
    int recoveryExitCode = -1;
    qint64 takenOver = 0;       // attempts taken over from a killed engine's expired lease
    int mostLostInARow = 0;     // the most attempts of one step lost with their engines in a row
    qint64 extraAttempts = 0;   // attempts beyond the ones the workflows need without kills
    int notSucceeded = 0;       // workflows that did not end succeeded
    QString firstNotSucceeded;  // the first of them, its state and its steps', to say what went wrong
    int recordedSucceeded = 0;  // step instances recorded as succeeded
    int succeededTwice = 0;     // step instances recorded as succeeded more than once
    qint64 effects = 0;          // effects applied by idempotency-guarded steps (one per key)
    qint64 repeatedRequests = 0; // requests for an effect already applied: re-runs the key turned away
    qint64 effectsRerun = 0;     // effect steps run again after a kill and turned away by their key
    int effectsMissing = 0;      // effect steps whose key was never applied
    int sessionsEnded = 0;       // fault rounds: server sessions of the engines ended (pg_terminate_backend)
    int serverRestarts = 0;      // fault rounds: restarts of the server
    qint64 stepsDoneUnderFaults = 0; // fault rounds: steps that succeeded while the faults went on

    static constexpr int kStepsPerWorkflow = 7;
    static constexpr int kEffectStepsPerWorkflow = 4;
    int expectedSucceeded() const { return workflows * kStepsPerWorkflow; }
    qint64 expectedEffects() const { return qint64(workflows) * kEffectStepsPerWorkflow; }
};

// `engineProgram` is the program of the engine processes: ordo_test_engine, whose
// registry holds test.effect.
CrashOutcome runCrashRounds(const QString &databasePath, const QString &effectsPath, const QString &engineProgram, int rounds);

// The fault experiment on a shared database: two engine processes run on
// while, at random moments, the server ends every Ordo session on the
// database, `rounds` times; given serverControl (a pg_ctl command line, as
// ORDO_TEST_PG_CTL), the rounds a third and two thirds in restart the server
// instead, cleanly and then by a crash. The same engines must finish every
// workflow by themselves.
CrashOutcome runFaultRounds(const QString &databasePath, const QString &effectsPath, const QString &engineProgram, int rounds,
                            const QString &serverControl = {});

} // namespace ordo::test

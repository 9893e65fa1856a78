// The crash experiment of tst_enginecrash with more rounds: engine processes
// are killed with SIGKILL at random moments, a last one finishes the work.
// Prints what happened and whether anything was lost or done twice.
//
//   crash_bench [--rounds N]   (default 1000; the test runs 100)

#include "CrashRounds.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdio>

using namespace ordo::test;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    int rounds = 1000;
    if (const qsizetype i = args.indexOf(QStringLiteral("--rounds")); i > 0 && i + 1 < args.size())
        rounds = std::max(1, args.at(i + 1).toInt());
    QTemporaryDir dir;
    std::printf("Ordo crash benchmark: %d rounds of an engine process killed with SIGKILL 20-120 ms after its first event"
                " (every tenth after 300-1000 ms)\n", rounds);
    std::fflush(stdout);
    const CrashOutcome out = runCrashRounds(dir.filePath(QStringLiteral("ordo.db")), dir.filePath(QStringLiteral("effects.db")),
                                            QStringLiteral(ORDO_TEST_ENGINE_PATH), rounds);
    if (!out.error.isEmpty()) {
        std::fprintf(stderr, "crash_bench: %s\n", qPrintable(out.error));
        return 1;
    }
    std::printf("workflows                      %8d (%d steps each)\n", out.workflows, CrashOutcome::kStepsPerWorkflow);
    std::printf("kills during a step            %8d of %d (%d during an effect step, %d between steps; %.1f s)\n", out.killsDuringStep,
                out.rounds, out.killsDuringEffect, out.killsBetweenSteps, out.killSeconds);
    std::printf("engine start to first event    %8.0f ms on average (the kill clock starts there)\n", out.engineStartSeconds * 1000 / out.rounds);
    std::printf("killed engines taken over      %8d of the %d that left steps running; %d rounds took over steps\n", out.enginesTakenOver,
                out.enginesLeavingSteps, out.roundsWithTakeover);
    std::printf("attempts taken over            %8lld (from expired leases of killed engines)\n", static_cast<long long>(out.takenOver));
    std::printf("most lost in a row, one step   %8d\n", out.mostLostInARow);
    std::printf("attempts run again             %8lld (beyond the ones needed without kills)\n", static_cast<long long>(out.extraAttempts));
    std::printf("last engine to idle            %8.1f s (exit code %d), %d workflows left to it\n", out.recoverySeconds,
                out.recoveryExitCode, out.leftForRecovery);
    std::printf("workflows not succeeded        %8d\n", out.notSucceeded);
    std::printf("steps recorded succeeded       %8d of %d, %d of them more than once\n", out.recordedSucceeded, out.expectedSucceeded(),
                out.succeededTwice);
    std::printf("effects applied                %8lld of %lld, %d missing; %lld effect steps run again, %lld repeated requests turned away by their key\n",
                static_cast<long long>(out.effects), static_cast<long long>(out.expectedEffects()), out.effectsMissing,
                static_cast<long long>(out.effectsRerun), static_cast<long long>(out.repeatedRequests));
    const bool lostNothing = out.recoveryExitCode == 0 && out.enginesTakenOver == out.enginesLeavingSteps && out.notSucceeded == 0 && out.succeededTwice == 0
                             && out.recordedSucceeded == out.expectedSucceeded() && out.effects == out.expectedEffects()
                             && out.effectsMissing == 0;
    std::printf("%s\n", lostNothing ? "nothing lost, nothing recorded twice, every effect once"
                                    : "VIOLATION: see the figures above");
    return lostNothing ? 0 : 1;
}

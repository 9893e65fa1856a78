#include "CrashRounds.h"
#include "OrdoInternals.h"

#include "Ordo.h"
#include "TestActions.h"
#include "engine/Runtime.h"
#include "store/Database.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <csignal>

namespace ordo::test {

namespace {

// The effect action's file, in WAL mode so that engines write it side by side.
QString makeEffectsFile(const QString &effectsPath)
{
    const QString connection = QStringLiteral("crash-effects-setup");
    QString error;
    {
        QSqlDatabase effects = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        effects.setDatabaseName(effectsPath);
        QSqlQuery q(effects);
        if (!effects.open() || !q.exec(QStringLiteral("PRAGMA journal_mode=WAL"))
            || !q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS effects(key TEXT PRIMARY KEY, requests INTEGER NOT NULL)")))
            error = QStringLiteral("cannot make %1: %2%3").arg(effectsPath, effects.lastError().text(), q.lastError().text());
    }
    QSqlDatabase::removeDatabase(connection);
    return error;
}

// The experiments' common part: Ordo and a runtime beside the engines, and
// many workflows of fan-out, fan-in, effects, short sleeps (so that faults
// land inside steps) and a step that fails once and is retried.
struct Experiment
{
    std::unique_ptr<Ordo> ordo;
    engine::ActionRegistry actions;
    Clock clock;
    std::unique_ptr<engine::Runtime> runtime;
    QList<qint64> ids;

    QString start(const QString &databasePath, const QString &effectsPath, int workflows)
    {
        auto opened = Ordo::open(databasePath);
        if (!opened)
            return opened.error().message;
        ordo = std::move(*opened);
        if (QString made = makeEffectsFile(effectsPath); !made.isEmpty())
            return made;
        actions.addBuiltinActions();
        addTestingActions(actions);
        runtime = std::make_unique<engine::Runtime>(OrdoInternals::database(*ordo), ordo->audit(), actions, clock);
        const QByteArray definition = QStringLiteral(R"({"name": "crashy", "version": 1, "steps": [
            {"id": "first", "action": "test.effect", "with": {"file": "%1"}},
            {"id": "b1", "action": "test.sleep", "with": {"ms": 3}, "after": ["first"]},
            {"id": "b2", "action": "test.effect", "with": {"file": "%1"}, "after": ["first"]},
            {"id": "b3", "action": "test.sleep", "with": {"ms": 2}, "after": ["first"]},
            {"id": "join", "action": "test.effect", "with": {"file": "%1"}, "after": ["b1", "b2", "b3"]},
            {"id": "flaky", "action": "test.fail", "with": {"times": 1}, "after": ["join"], "retry": {"maxAttempts": 3, "initialIntervalMs": 5}},
            {"id": "last", "action": "test.effect", "with": {"file": "%1"}, "after": ["flaky"]}]})")
                                         .arg(effectsPath)
                                         .toUtf8();
        // One transaction for all: the runtime writes their logs into it.
        auto started = OrdoInternals::database(*ordo).write([&]() -> Status {
            for (int i = 0; i < workflows; ++i) {
                ORDO_TRY(id, runtime->start(definition, {}, QStringLiteral("crash-rounds")));
                ids.append(id);
            }
            return ok();
        });
        return started ? QString() : started.error().message;
    }

    // What the engines left: workflows not succeeded, steps recorded as
    // succeeded twice, effects missing or repeated, attempts beyond the needed.
    void verify(CrashOutcome &out, const QString &effectsPath, const QSet<QString> &killedOwners);
};

void Experiment::verify(CrashOutcome &out, const QString &effectsPath, const QSet<QString> &killedOwners)
{
    engine::Runtime &rt = *runtime;
    Database &db = OrdoInternals::database(*ordo);
    const auto count = [&](const QString &sql) -> qint64 {
        auto q = db.exec(sql);
        if (!q || !q->next()) {
            out.error = q ? QStringLiteral("no result: %1").arg(sql) : q.error().message;
            return 0;
        }
        return q->value(0).toLongLong();
    };
    for (const qint64 id : std::as_const(ids)) {
        auto w = rt.workflow(id);
        if (w && w->state == engine::WorkflowState::Succeeded)
            continue;
        if (++out.notSucceeded > 1)
            continue;
        if (!w) {
            out.firstNotSucceeded = w.error().message;
            continue;
        }
        QStringList steps;
        if (auto rows = rt.steps(id)) {
            for (const engine::StepInfo &s : *rows)
                steps.append(s.key + QLatin1Char(' ') + engine::stepStateName(s.state) + QStringLiteral(" attempt ") + QString::number(s.attempt)
                             + (s.error.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(s.error)));
        }
        out.firstNotSucceeded = QStringLiteral("workflow %1 %2: %3").arg(id).arg(engine::workflowStateName(w->state), steps.join(QStringLiteral(", ")));
    }
    out.mostLostInARow = int(count(QStringLiteral("SELECT COALESCE(MAX(lost_attempts), 0) FROM steps")));
    out.takenOver = count(QStringLiteral("SELECT COUNT(*) FROM step_log WHERE kind = 'log' AND message LIKE 'taken over from %'"));
    {
        // "taken over from OWNER, whose lease expired": whose steps were taken over.
        auto q = db.exec(QStringLiteral("SELECT DISTINCT message FROM step_log WHERE kind = 'log' AND message LIKE 'taken over from %'"));
        if (!q) {
            out.error = q.error().message;
            return;
        }
        QSet<QString> takenFrom;
        while (q->next()) {
            const QString message = q->value(0).toString();
            const qsizetype from = message.indexOf(QLatin1Char(' '), 12) + 1;
            takenFrom.insert(message.mid(from, message.indexOf(QLatin1Char(','), from) - from));
        }
        for (const QString &owner : std::as_const(killedOwners))
            out.enginesTakenOver += takenFrom.contains(owner) ? 1 : 0;
    }
    // Without kills every step needs one attempt, 'flaky' two.
    out.extraAttempts = count(QStringLiteral("SELECT COALESCE(SUM(attempt), 0) FROM steps WHERE kind = 'step'"))
                        - qint64(out.workflows) * (CrashOutcome::kStepsPerWorkflow + 1);
    {
        // With the lines a shared database's steps imply, the way Runtime::log reads them.
        auto q = db.exec(QStringLiteral("SELECT COUNT(*) FROM (SELECT workflow_id, step_key FROM step_log WHERE kind = 'state'"
                                        " AND message LIKE '% -> succeeded' AND step_key <> '' UNION ALL SELECT workflow_id, step_key || CASE kind"
                                        " WHEN 'compensation' THEN ' (compensation)' ELSE '' END FROM steps WHERE log_seq IS NOT NULL) AS lines"
                                        " GROUP BY workflow_id, step_key"));
        if (!q) {
            out.error = q.error().message;
            return;
        }
        while (q->next()) {
            ++out.recordedSucceeded;
            if (q->value(0).toInt() > 1)
                ++out.succeededTwice;
        }
    }

    // Effects: exactly one per effect step, keyed by workflow and step. They are
    // a file of the effect action's own, read beside Ordo's database, whichever that is.
    QSet<QString> applied;
    {
        const QString connection = QStringLiteral("crash-effects");
        {
            QSqlDatabase effects = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            effects.setDatabaseName(effectsPath);
            QSqlQuery q(effects);
            if (!effects.open() || !q.exec(QStringLiteral("SELECT key, requests FROM effects"))) {
                out.error = effects.lastError().text() + q.lastError().text();
            } else {
                while (q.next()) {
                    applied.insert(q.value(0).toString());
                    ++out.effects;
                    out.repeatedRequests += q.value(1).toLongLong() - 1;
                    if (q.value(1).toLongLong() > 1)
                        ++out.effectsRerun;
                }
            }
        }
        QSqlDatabase::removeDatabase(connection);
        if (!out.error.isEmpty())
            return;
    }
    for (const qint64 id : std::as_const(ids)) {
        auto w = rt.workflow(id);
        if (!w) {
            out.error = w.error().message;
            return;
        }
        const QString uuid = w->uuid;
        for (const char *step : {"first", "b2", "join", "last"}) {
            if (!applied.contains(engine::Runtime::idempotencyKey(uuid, QString::fromLatin1(step), engine::StepKind::Normal)))
                ++out.effectsMissing;
        }
    }
}

} // namespace


CrashOutcome runCrashRounds(const QString &databasePath, const QString &effectsPath, const QString &engineProgram, int rounds)
{
    CrashOutcome out;
    out.rounds = rounds;
    // Enough work that every kill lands while workflows are still running, on a
    // quiet machine too (there 20 a round ran out before the last rounds).
    out.workflows = rounds * 100;
    Experiment experiment;
    if (out.error = experiment.start(databasePath, effectsPath, out.workflows); !out.error.isEmpty())
        return out;
    engine::Runtime &runtime = *experiment.runtime;
    std::unique_ptr<Ordo> &ordo = experiment.ordo;

    // Engines die here every ~100 ms, and a step taken over is lost again about one time in
    // fifteen: runs of 3 lost attempts of one step happen in most experiments, 4 in some. The
    // poison-pill limit (3 by default) is raised far above that, or innocent steps would fail.
    const QStringList engineArgs{QStringLiteral("--db"), databasePath, QStringLiteral("--workers"), QStringLiteral("4"), QStringLiteral("--lease-ms"), QStringLiteral("300"),
                                 QStringLiteral("--max-lost-attempts"), QStringLiteral("20")};
    const QStringList effectSteps{QStringLiteral("first"), QStringLiteral("b2"), QStringLiteral("join"), QStringLiteral("last")};
    QSet<QString> killedOwners; // lease owners of killed engines that left steps running
    qint64 takeoversSoFar = 0;
    QElapsedTimer timer;
    timer.start();
    for (int round = 0; round < rounds; ++round) {
        QProcess engineProcess;
        engineProcess.setStandardErrorFile(QProcess::nullDevice());
        QElapsedTimer starting;
        starting.start();
        engineProcess.start(engineProgram, engineArgs);
        if (!engineProcess.waitForStarted()) {
            out.error = QStringLiteral("cannot start %1: %2").arg(engineProgram, engineProcess.errorString());
            return out;
        }
        // The clock starts at the engine's first event line, not at the process
        // start: a kill while the engine still opens the database proves nothing.
        if (!engineProcess.waitForReadyRead(60000)) {
            auto running = runtime.workflows(engine::WorkflowState::Running);
            out.error = QStringLiteral("engine of round %1 printed no event within 60 s, with %2 workflows still running")
                            .arg(round)
                            .arg(running ? QString::number(running->size()) : running.error().message);
            return out;
        }
        out.engineStartSeconds += double(starting.nsecsElapsed()) / 1e9;
        // Most engines die young, inside their first steps; every tenth lives past
        // the 300 ms leases, takes over its predecessors' steps and finishes workflows.
        QThread::msleep(round % 10 == 9 ? QRandomGenerator::global()->bounded(300, 1000) : QRandomGenerator::global()->bounded(20, 120));
        const qint64 pid = engineProcess.processId();
        ::kill(static_cast<pid_t>(pid), SIGKILL);
        engineProcess.waitForFinished(10000);
        // What it was doing: the steps still running under its lease (owner "host:pid:id").
        auto q = OrdoInternals::database(*ordo).exec(QStringLiteral("SELECT lease_owner, step_key FROM steps WHERE state = 'running' AND lease_owner LIKE ?"),
                                       {QStringLiteral("%:%1:%").arg(pid)});
        if (!q) {
            out.error = q.error().message;
            return out;
        }
        bool duringStep = false;
        bool duringEffect = false;
        while (q->next()) {
            duringStep = true;
            killedOwners.insert(q->value(0).toString());
            duringEffect = duringEffect || effectSteps.contains(q->value(1).toString());
        }
        out.killsDuringStep += duringStep ? 1 : 0;
        out.killsDuringEffect += duringEffect ? 1 : 0;
        out.killsBetweenSteps += duringStep ? 0 : 1;
        // Only this round's engine ran since the last count: the new lines are its takeovers.
        auto takeovers = OrdoInternals::database(*ordo).exec(QStringLiteral("SELECT COUNT(*) FROM step_log WHERE kind = 'log' AND message LIKE 'taken over from %'"));
        if (!takeovers || !takeovers->next()) {
            out.error = takeovers ? QStringLiteral("no count of takeovers") : takeovers.error().message;
            return out;
        }
        out.roundsWithTakeover += takeovers->value(0).toLongLong() > takeoversSoFar ? 1 : 0;
        takeoversSoFar = takeovers->value(0).toLongLong();
    }
    out.killSeconds = double(timer.nsecsElapsed()) / 1e9;
    out.enginesLeavingSteps = int(killedOwners.size());

    // The last engine finishes the work, taking over the dead ones' leases.
    if (auto running = runtime.workflows(engine::WorkflowState::Running))
        out.leftForRecovery = int(running->size());
    timer.restart();
    QProcess last;
    last.setStandardOutputFile(QProcess::nullDevice());
    last.start(engineProgram, engineArgs + QStringList{QStringLiteral("--until-idle")});
    if (!last.waitForStarted()) {
        out.error = QStringLiteral("cannot start %1: %2").arg(engineProgram, last.errorString());
        return out;
    }
    // Generous: a few minutes for the thousands of workflows of a long benchmark.
    if (!last.waitForFinished(30 * 60 * 1000)) {
        out.error = QStringLiteral("the last engine did not become idle within 30 minutes");
        return out;
    }
    out.recoverySeconds = double(timer.nsecsElapsed()) / 1e9;
    out.recoveryExitCode = last.exitStatus() == QProcess::NormalExit ? last.exitCode() : -1;

    experiment.verify(out, effectsPath, killedOwners);
    return out;
}

CrashOutcome runFaultRounds(const QString &databasePath, const QString &effectsPath, const QString &engineProgram, int rounds,
                            const QString &serverControl)
{
    CrashOutcome out;
    out.rounds = rounds;
    out.workflows = rounds * 40;
    Experiment experiment;
    if (out.error = experiment.start(databasePath, effectsPath, out.workflows); !out.error.isEmpty())
        return out;
    Database &db = OrdoInternals::database(*experiment.ordo);
    // Leases outlast a short outage, not a restart: steps are taken over then too.
    const QStringList engineArgs{QStringLiteral("--db"), databasePath, QStringLiteral("--workers"), QStringLiteral("4"), QStringLiteral("--lease-ms"),
                                 QStringLiteral("1000"), QStringLiteral("--max-lost-attempts"), QStringLiteral("20")};
    std::vector<std::unique_ptr<QProcess>> engines;
    for (int i = 0; i < 2; ++i) {
        auto &engineProcess = engines.emplace_back(std::make_unique<QProcess>());
        // What they said about the faults, for whoever reads a failure.
        engineProcess->setStandardErrorFile(effectsPath + QStringLiteral(".engine%1.log").arg(i));
        engineProcess->start(engineProgram, engineArgs);
        if (!engineProcess->waitForStarted() || !engineProcess->waitForReadyRead(60000)) {
            out.error = QStringLiteral("engine %1 did not start: %2").arg(i).arg(engineProcess->errorString());
            return out;
        }
    }
    // Their event lines are read and dropped: a full pipe would stop them.
    const auto drain = [&] {
        for (const auto &engineProcess : engines) {
            while (engineProcess->waitForReadyRead(0))
                engineProcess->readAllStandardOutput();
        }
    };
    const auto stepsDone = [&]() -> qint64 {
        auto q = db.exec(QStringLiteral("SELECT COUNT(*) FROM steps WHERE state = 'succeeded'"));
        return q && q->next() ? q->value(0).toLongLong() : 0;
    };
    const auto stillRunning = [&]() -> Result<qint64> {
        ORDO_TRY(q, db.exec(QStringLiteral("SELECT COUNT(*) FROM workflows WHERE state NOT IN ('succeeded', 'failed', 'cancelled', 'rolled-back')")));
        return q.next() ? q.value(0).toLongLong() : 0;
    };
    QElapsedTimer timer;
    timer.start();
    const qint64 doneBefore = stepsDone();
    for (int round = 0; round < rounds; ++round) {
        QThread::msleep(QRandomGenerator::global()->bounded(100, 400));
        drain();
        if (!serverControl.isEmpty() && (round == rounds / 3 || round == 2 * rounds / 3)) {
            // The whole server, twice: every connection of every process goes. First a clean
            // restart, then a crash (immediate: no shutdown checkpoint, recovery from the WAL),
            // which empties the unlogged step queue.
            const QString mode = round == rounds / 3 ? QStringLiteral("fast") : QStringLiteral("immediate");
            if (QProcess::execute(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), serverControl + QStringLiteral(" restart -m ") + mode}) != 0) {
                out.error = QStringLiteral("restarting PostgreSQL failed");
                return out;
            }
            ++out.serverRestarts;
            continue;
        }
        // Every Ordo session on this database but the experiment's own.
        auto ended = db.exec(QStringLiteral("SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                            " WHERE datname = current_database() AND application_name = 'ordo' AND pid <> pg_backend_pid()) AS ended"));
        if (!ended || !ended->next()) {
            out.error = ended ? QStringLiteral("no count of ended sessions") : ended.error().message;
            return out;
        }
        out.sessionsEnded += ended->value(0).toInt();
    }
    out.killSeconds = double(timer.nsecsElapsed()) / 1e9;
    out.stepsDoneUnderFaults = stepsDone() - doneBefore;
    if (auto running = stillRunning())
        out.leftForRecovery = int(*running);
    // The same engines finish the work: nobody restarts them.
    timer.restart();
    for (;;) {
        auto running = stillRunning();
        if (running && *running == 0)
            break;
        for (const auto &engineProcess : engines) {
            if (engineProcess->state() != QProcess::Running) {
                out.error = QStringLiteral("an engine process ended (exit code %1) instead of reconnecting").arg(engineProcess->exitCode());
                return out;
            }
        }
        if (timer.elapsed() > 5 * 60 * 1000) {
            out.error = QStringLiteral("%1 workflows still running 5 minutes after the faults").arg(running ? QString::number(*running) : running.error().message);
            break;
        }
        QThread::msleep(100);
        drain();
    }
    out.recoverySeconds = double(timer.nsecsElapsed()) / 1e9;
    for (const auto &engineProcess : engines) {
        engineProcess->terminate();
        if (!engineProcess->waitForFinished(30000))
            engineProcess->kill();
    }
    if (!out.error.isEmpty())
        return out;
    out.recoveryExitCode = 0;
    experiment.verify(out, effectsPath, {});
    return out;
}

} // namespace ordo::test

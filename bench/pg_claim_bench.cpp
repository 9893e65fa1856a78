// From a commit to an engine's claim on a shared database: this process
// starts one-step workflows (test.noop) one after another, and engine
// processes (ordo_test_engine, as `ordoctl engine run`) hear of each through
// their notification and claim its step. The time from the starting
// transaction's commit (its return) to the step's start, as the engine stamped
// it, is one sample; the time from just before that transaction, beside it,
// adds the start's own statements. Three phases:
//   idle       the engines have nothing else to do;
//   loaded     the engines also run chains of test.noop steps;
//   lost       each engine's listening session is ended right before the
//              start, so that the notification goes to no listener; the
//              engine finds the step when it has listened again (and
//              looked), or at its once-a-second look.
// Prints median, p95, p99 and maximum of each, both ways. Not a test: it asserts nothing.
//
//   pg_claim_bench --db postgresql://owner@host:port/database [--rounds 200] [--engines 2] [--workers 8]
//
// The database should be an empty one made for the benchmark (it is filled).

#include "Ordo.h"
#include "OrdoInternals.h"
#include "PgBench.h"
#include "engine/Runtime.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace ordo;

namespace {

const QByteArray kProbe = QByteArrayLiteral(R"({"name": "claim-probe", "version": 1, "steps": [{"id": "probe", "action": "test.noop"}]})");

struct Sample
{
    qint64 fromCommit = 0; // from the start's commit to the claim
    qint64 fromBefore = 0; // from just before the start's transaction
};

// Starts a probe and measures until its step's claim.
Sample probe(engine::Runtime &runtime, Database &db)
{
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    auto started = runtime.start(kProbe, {}, QStringLiteral("claim-bench"));
    if (!started)
        bench::fail(started.error().message);
    const qint64 committed = QDateTime::currentMSecsSinceEpoch();
    const std::optional<qint64> claimed = bench::awaitValue(db, QStringLiteral("SELECT started_at FROM steps WHERE workflow_id = ?"), {*started}, 10000);
    if (!claimed)
        bench::fail(QStringLiteral("workflow %1's step was not claimed within 10 s: are the engines running?").arg(*started));
    // The engine may stamp within the millisecond the commit returned in: never below zero.
    return {std::max<qint64>(0, *claimed - committed), *claimed - before};
}

// The engines' listening sessions: their last statement was LISTEN, or the
// once-a-second liveness check on that session.
void endListeners(Database &db)
{
    auto ended = db.exec(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                                        "AND (query LIKE 'LISTEN%' OR query = 'SELECT 1')"));
    if (!ended)
        bench::fail(ended.error().message);
}

void print(const char *phase, const QList<Sample> &measured)
{
    const auto line = [&](const char *from, QList<qint64> samples) {
        std::sort(samples.begin(), samples.end());
        const auto at = [&](double p) { return bench::percentile(samples, p); };
        std::printf("%-7s %4lld probes, %s: median %4lld ms, p95 %4lld ms, p99 %4lld ms, max %4lld ms\n", phase,
                    static_cast<long long>(samples.size()), from, static_cast<long long>(at(0.5)), static_cast<long long>(at(0.95)),
                    static_cast<long long>(at(0.99)), static_cast<long long>(samples.last()));
    };
    QList<qint64> fromCommit;
    QList<qint64> fromBefore;
    for (const Sample &s : measured) {
        fromCommit.append(s.fromCommit);
        fromBefore.append(s.fromBefore);
    }
    line("from the commit       ", fromCommit);
    line("from before the start ", fromBefore);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString url = bench::postgresUrl(args, "[--rounds N] [--engines N] [--workers N]");
    const int rounds = bench::option(args, "--rounds", 200);
    const int engines = bench::option(args, "--engines", 2);
    const int workers = bench::option(args, "--workers", 8);

    const std::unique_ptr<Ordo> opened = bench::openOrFail(url);
    Ordo &ordo = *opened;
    Database &db = OrdoInternals::database(ordo);
    engine::ActionRegistry actions;
    actions.addBuiltinActions();
    const Clock clock;
    engine::Runtime runtime(db, ordo.audit(), actions, clock);

    std::vector<std::unique_ptr<QProcess>> processes;
    for (int i = 0; i < engines; ++i) {
        auto &process = processes.emplace_back(std::make_unique<QProcess>());
        process->setStandardOutputFile(QProcess::nullDevice());
        process->setStandardErrorFile(QProcess::nullDevice());
        process->start(QStringLiteral(ORDO_TEST_ENGINE_PATH), {QStringLiteral("--db"), url, QStringLiteral("--workers"), QString::number(workers)});
        if (!process->waitForStarted())
            bench::fail(QStringLiteral("cannot start %1").arg(QStringLiteral(ORDO_TEST_ENGINE_PATH)));
        bench::startedEngines().push_back(process.get());
    }
    std::printf("pg_claim_bench: %d engine processes with %d workers each\n", engines, workers);
    // The engines' first claims set up their sessions; they are not measured.
    for (int i = 0; i < 5; ++i)
        probe(runtime, db);

    QList<Sample> idle;
    for (int i = 0; i < rounds; ++i)
        idle.append(probe(runtime, db));
    print("idle", idle);

    // Chains of no-op steps keep every engine busy while the probes run.
    QString chain;
    for (int i = 0; i < 500; ++i)
        chain += QStringLiteral("%1{\"id\": \"s%2\", \"action\": \"test.noop\"%3}")
                     .arg(i ? QStringLiteral(", ") : QString())
                     .arg(i)
                     .arg(i ? QStringLiteral(", \"after\": [\"s%1\"]").arg(i - 1) : QString());
    const QByteArray load = QStringLiteral(R"({"name": "claim-load", "version": 1, "steps": [%1]})").arg(chain).toUtf8();
    for (int i = 0; i < 4 * engines * workers; ++i) {
        if (auto started = runtime.start(load, {}, QStringLiteral("claim-bench")); !started)
            bench::fail(started.error().message);
    }
    QThread::msleep(500);
    QList<Sample> loaded;
    for (int i = 0; i < rounds; ++i)
        loaded.append(probe(runtime, db));
    auto succeeded = db.exec(QStringLiteral("SELECT count(*) FROM steps s JOIN workflows w ON w.id = s.workflow_id "
                                                  "WHERE w.name = 'claim-load' AND s.state = 'succeeded'"));
    const qint64 loadSteps = succeeded && succeeded->next() ? succeeded->value(0).toLongLong() : -1;
    print("loaded", loaded);
    std::printf("        (%lld load steps done by then, %d chains of 500)\n", static_cast<long long>(loadSteps), 4 * engines * workers);

    // A busy engine claims at its next pump anyway: the lost notifications are measured on idle engines.
    QElapsedTimer draining;
    draining.start();
    while (draining.elapsed() < 300000) {
        auto running = db.exec(QStringLiteral("SELECT count(*) FROM workflows WHERE name = 'claim-load' AND state = 'running'"));
        if (running && running->next() && running->value(0).toLongLong() == 0)
            break;
        QThread::msleep(100);
    }
    QList<Sample> lost;
    for (int i = 0; i < std::min(rounds, 20); ++i) {
        endListeners(db);
        lost.append(probe(runtime, db));
        QThread::msleep(200);
    }
    print("lost", lost);

    for (const auto &process : processes) {
        process->terminate();
        if (!process->waitForFinished(30000))
            process->kill();
    }
    std::printf("(goals: p99 at most 5 ms idle and 10 ms under load; within 1 s after a lost notification; the engine stamps in whole "
                "milliseconds)\n");
    return 0;
}

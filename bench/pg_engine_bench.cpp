// Sustained step throughput on a shared database: several engine processes
// (ordo_test_engine, as `ordoctl engine run` on other hosts) run chains of
// test.noop steps on one PostgreSQL database. Prints the completion rate per
// interval, the dead rows of steps and step_queue, the checkpoints started, and
// the rate at the start and the end, to show whether it holds. Not a test: it
// asserts nothing.
//
//   pg_engine_bench --db postgresql://user@host:port/database
//                   [--seconds 600] [--engines 4] [--workers 32] [--workflows 2000] [--steps 100]
//                   [--start-with FILE] [--engine PATH]
//
// The database should be an empty one made for the benchmark (it is filled).

#include "Ordo.h"
#include "PgBench.h"
#include "OrdoInternals.h"
#include "engine/Runtime.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace ordo;

namespace {

qint64 count(Database &db, const QString &sql)
{
    auto q = db.exec(sql);
    return q && q->next() ? q->value(0).toLongLong() : -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString url = bench::postgresUrl(args, "[--seconds N] [--engines N] [--workers N] [--workflows N] [--steps N] [--start-with FILE] [--engine PATH]");
    const int seconds = bench::option(args, "--seconds", 600);
    const int engines = bench::option(args, "--engines", 4);
    const int workers = bench::option(args, "--workers", 32);
    const int workflows = bench::option(args, "--workflows", 2000);
    const int stepsPerWorkflow = bench::option(args, "--steps", 100);
    // Two builds compared on a host whose speed swings from one run to the next: each
    // fills its own database, then both start their engines when FILE appears, and
    // share the host's swings alike.
    const QString startFile = bench::option(args, "--start-with", QString());
    // The engine processes' executable: another build's, to compare engines on one server.
    const QString enginePath = bench::option(args, "--engine", QStringLiteral(ORDO_TEST_ENGINE_PATH));

    const std::unique_ptr<Ordo> opened = bench::openOrFail(url);
    Ordo &ordo = *opened;
    Database &db = OrdoInternals::database(ordo);
    engine::ActionRegistry actions;
    actions.addBuiltinActions();
    Clock clock;
    engine::Runtime runtime(db, ordo.audit(), actions, clock);

    // Chains: each step waits for the one before, so that every completion makes the next step ready.
    QString steps;
    for (int i = 0; i < stepsPerWorkflow; ++i) {
        steps += QStringLiteral("%1{\"id\": \"s%2\", \"action\": \"test.noop\"%3}")
                     .arg(i ? QStringLiteral(", ") : QString())
                     .arg(i)
                     .arg(i ? QStringLiteral(", \"after\": [\"s%1\"]").arg(i - 1) : QString());
    }
    const QByteArray definition = QStringLiteral(R"({"name": "pg-bench", "version": 1, "steps": [%1]})").arg(steps).toUtf8();
    QElapsedTimer timer;
    timer.start();
    for (int done = 0; done < workflows;) {
        const int batch = std::min(100, workflows - done);
        auto started = db.write([&]() -> Status {
            for (int i = 0; i < batch; ++i)
                ORDO_CHECK(runtime.start(definition, {}, QStringLiteral("pg-bench")));
            return ok();
        });
        if (!started)
            bench::fail(started.error().message);
        done += batch;
    }
    const qint64 total = qint64(workflows) * stepsPerWorkflow;
    std::printf("pg_engine_bench: %d workflows of %d test.noop steps (%lld steps) started in %.1f s; %d engine processes with %d workers each, "
                "for at most %d s\n",
                workflows, stepsPerWorkflow, static_cast<long long>(total), double(timer.elapsed()) / 1000, engines, workers, seconds);
    // The settings the rate depends on most, beside the host.
    const auto setting = [&](const char *name) {
        auto q = db.exec(QStringLiteral("SELECT current_setting('%1')").arg(QLatin1String(name)));
        return q && q->next() ? q->value(0).toString() : QStringLiteral("?");
    };
    std::printf("server: synchronous_commit=%s autovacuum_naptime=%s max_wal_size=%s checkpoint_timeout=%s wal_compression=%s shared_buffers=%s\n",
                qPrintable(setting("synchronous_commit")), qPrintable(setting("autovacuum_naptime")), qPrintable(setting("max_wal_size")),
                qPrintable(setting("checkpoint_timeout")), qPrintable(setting("wal_compression")), qPrintable(setting("shared_buffers")));
    std::fflush(stdout);
    while (!startFile.isEmpty() && !QFileInfo::exists(startFile))
        QThread::msleep(20);

    std::vector<std::unique_ptr<QProcess>> processes;
    for (int i = 0; i < engines; ++i) {
        auto &process = processes.emplace_back(std::make_unique<QProcess>());
        process->setStandardOutputFile(QProcess::nullDevice());
        process->setStandardErrorFile(QProcess::nullDevice());
        process->start(enginePath, {QStringLiteral("--db"), url, QStringLiteral("--workers"), QString::number(workers), QStringLiteral("--lease-ms"),
                                    QStringLiteral("30000")});
        if (!process->waitForStarted())
            bench::fail(QStringLiteral("cannot start %1").arg(enginePath));
        bench::startedEngines().push_back(process.get());
    }

    // Steps done: the queue rows deleted, one as each step ends (steps has no index by state to
    // count from). The server's statistics lag up to a second behind; the end counts the steps.
    const QString succeeded = QStringLiteral("SELECT n_tup_del FROM pg_stat_user_tables WHERE schemaname = 'ordo' AND relname = 'step_queue'");
    const auto deadRowsIn = [](const char *table) {
        return QStringLiteral("SELECT COALESCE(SUM(n_dead_tup), 0) FROM pg_stat_user_tables WHERE schemaname = 'ordo' AND relname = '%1'")
            .arg(QLatin1String(table));
    };
    const QString deadRows = deadRowsIn("steps");
    // Claims look through the queue: its dead rows slow them until a vacuum.
    const QString deadInQueue = deadRowsIn("step_queue");
    // Server-wide: after a checkpoint starts, the first change to each page writes the whole page
    // into the WAL (a full-page image): about a fifth more WAL bytes from then on.
    const QString checkpoints = QStringLiteral("SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter");
    const QString fullPageImages = QStringLiteral("SELECT wal_fpi FROM pg_stat_wal");
    // Server-wide: pages brought into shared_buffers, and dirty ones that backends had to write out
    // themselves to make room (the working set outgrew shared_buffers).
    const QString buffersAllocated = QStringLiteral("SELECT buffers_alloc FROM pg_stat_bgwriter");
    const QString buffersWrittenByBackends = QStringLiteral("SELECT buffers_backend FROM pg_stat_bgwriter");
    // What the server did per step, in counts the host's speed does not move: two
    // engines compare by these where their rates differ by less than the host's swing.
    const QString walRecords = QStringLiteral("SELECT wal_records FROM pg_stat_wal");
    const QString walBytes = QStringLiteral("SELECT wal_bytes FROM pg_stat_wal");
    const QString bufferHits = QStringLiteral("SELECT blks_hit FROM pg_stat_database WHERE datname = current_database()");
    const qint64 walRecordsBefore = count(db, walRecords);
    const qint64 walBytesBefore = count(db, walBytes);
    const qint64 bufferHitsBefore = count(db, bufferHits);
    const qint64 checkpointsBefore = count(db, checkpoints);
    const qint64 fullPageImagesBefore = count(db, fullPageImages);
    const qint64 buffersAllocatedBefore = count(db, buffersAllocated);
    const qint64 buffersWrittenByBackendsBefore = count(db, buffersWrittenByBackends);
    constexpr int kIntervalS = 10;
    timer.restart();
    qint64 last = count(db, succeeded);
    const qint64 first = last;
    double firstRate = -1;
    double lastRate = 0;
    qint64 firstDead = -1;
    qint64 lastDead = 0;
    qint64 mostDead = 0;
    while (timer.elapsed() < qint64(seconds) * 1000) {
        QThread::sleep(kIntervalS);
        const qint64 now = count(db, succeeded);
        const qint64 dead = count(db, deadRows);
        const double rate = double(now - last) / kIntervalS;
        std::printf("%5lld s: %9lld steps done, %8.0f steps/s, dead rows in steps %lld, in step_queue %lld, checkpoints started %lld\n",
                    static_cast<long long>(timer.elapsed() / 1000), static_cast<long long>(now), rate, static_cast<long long>(dead),
                    static_cast<long long>(count(db, deadInQueue)), static_cast<long long>(count(db, checkpoints) - checkpointsBefore));
        std::fflush(stdout);
        mostDead = std::max(mostDead, dead);
        if (firstRate < 0) {
            firstRate = rate;
            firstDead = dead;
        }
        last = now;
        if (now >= total)
            break;
        lastRate = rate;
        lastDead = dead;
    }
    const double elapsed = double(timer.elapsed()) / 1000;
    for (const auto &process : processes) {
        process->terminate();
        if (!process->waitForFinished(30000))
            process->kill();
    }
    std::printf("sustained: %.0f steps/s over %.0f s (%lld steps); first interval %.0f steps/s with %lld dead rows, last full interval %.0f steps/s "
                "with %lld dead rows\n",
                double(last - first) / elapsed, elapsed, static_cast<long long>(last - first), firstRate, static_cast<long long>(firstDead),
                lastRate, static_cast<long long>(lastDead));
    std::printf("most dead rows in steps at one look: %lld\n", static_cast<long long>(mostDead));
    const auto perThousandSteps = [&](const QString &counter, qint64 before) {
        return last > first ? 1000.0 * double(count(db, counter) - before) / double(last - first) : 0.0;
    };
    std::printf("checkpoints started: %lld; full-page images: %.1f per 1,000 steps (server-wide)\n",
                static_cast<long long>(count(db, checkpoints) - checkpointsBefore), perThousandSteps(fullPageImages, fullPageImagesBefore));
    std::printf("pages brought into shared_buffers: %.1f per 1,000 steps; written out by backends to make room: %.1f (server-wide)\n",
                perThousandSteps(buffersAllocated, buffersAllocatedBefore), perThousandSteps(buffersWrittenByBackends, buffersWrittenByBackendsBefore));
    std::printf("per step: %.2f WAL records, %.0f WAL bytes (server-wide), %.1f buffer hits (this database)\n",
                perThousandSteps(walRecords, walRecordsBefore) / 1000, perThousandSteps(walBytes, walBytesBefore) / 1000,
                perThousandSteps(bufferHits, bufferHitsBefore) / 1000);
    std::printf("steps succeeded, counted in steps once the engines stopped: %lld\n",
                static_cast<long long>(count(db, QStringLiteral("SELECT count(*) FROM steps WHERE state = 'succeeded'"))));
    // How the busiest tables kept up: updates that left the indexes alone (HOT), and autovacuum's runs.
    auto tables = db.exec(QStringLiteral("SELECT relname, n_tup_upd, n_tup_hot_upd, autovacuum_count FROM pg_stat_user_tables"
                                         " WHERE schemaname = 'ordo' AND relname IN ('steps', 'workflows', 'changes') ORDER BY relname"));
    while (tables && tables->next()) {
        const qint64 updates = tables->value(1).toLongLong();
        std::printf("%-9s updates %lld, HOT %.0f%%, autovacuum runs %lld\n", qPrintable(tables->value(0).toString()),
                    static_cast<long long>(updates), updates ? 100.0 * double(tables->value(2).toLongLong()) / double(updates) : 0.0,
                    static_cast<long long>(tables->value(3).toLongLong()));
    }
    std::printf("(goal: at least 10,000 steps/s, four engine processes, synchronous_commit on)\n");
    return 0;
}

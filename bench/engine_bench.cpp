// Engine throughput and latency on SQLite with synchronous=FULL. Prints
// figures; it is not a test and asserts nothing.
//
//   engine_bench [--workers N] [--quick] [--linear N] [--fan-out N]
//   (--linear, --fan-out: one chain, or N fan-out workflows, only; for profiling)
//
// Without --workers the fan-out runs with 2, 16 (the engine's default) and 64
// workers: a commit takes the results of every attempt that finished while the
// one before it was written, so the workers in flight bound the batch.

#include "Ordo.h"
#include "OrdoInternals.h"
#include "host/EngineHost.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <limits>
#include <cstdio>

using namespace ordo;
using namespace ordo::engine;

namespace {

QByteArray linear(int steps)
{
    QJsonArray list;
    for (int i = 0; i < steps; ++i) {
        QJsonObject s{{QStringLiteral("id"), QStringLiteral("s%1").arg(i)}, {QStringLiteral("action"), QStringLiteral("test.noop")}};
        if (i > 0)
            s.insert(QStringLiteral("after"), QJsonArray{QStringLiteral("s%1").arg(i - 1)});
        list.append(s);
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("linear-%1").arg(steps)},
                                     {QStringLiteral("version"), 1},
                                     {QStringLiteral("steps"), list}})
        .toJson(QJsonDocument::Compact);
}

// 10 steps: a -> 4 in parallel -> join -> 3 in parallel -> end.
QByteArray fanOut()
{
    return R"({"name": "fan-out", "version": 1, "steps": [
        {"id": "a", "action": "test.noop"},
        {"id": "p1", "action": "test.noop", "after": ["a"]}, {"id": "p2", "action": "test.noop", "after": ["a"]},
        {"id": "p3", "action": "test.noop", "after": ["a"]}, {"id": "p4", "action": "test.noop", "after": ["a"]},
        {"id": "join", "action": "test.noop", "after": ["p1", "p2", "p3", "p4"]},
        {"id": "q1", "action": "test.noop", "after": ["join"]}, {"id": "q2", "action": "test.noop", "after": ["join"]},
        {"id": "q3", "action": "test.noop", "after": ["join"]},
        {"id": "end", "action": "test.noop", "after": ["q1", "q2", "q3"]}]})";
}

struct Figures
{
    qint64 steps = 0;
    double seconds = 0;     // from engine start (including opening and loading) to idle
    double flowSeconds = 0; // from the first step's start to the last step's end
    double p50 = 0;
    double p99 = 0;
    // For one chain: how long its first and its last 1,000 steps took (a
    // cost per step that grows with the flow shows here).
    double firstThousand = 0;
    double lastThousand = 0;
};

Figures run(const QByteArray &definition, int workflows, int workers, int maxSteps)
{
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/bench.db");
    auto ordo = Ordo::open(path);
    if (!ordo)
        qFatal("%s", qPrintable(ordo.error().message));
    ActionRegistry actions;
    actions.addBuiltinActions();
    Clock clock;
    Runtime runtime(OrdoInternals::database(**ordo), (*ordo)->audit(), actions, clock);
    runtime.setMaxSteps(maxSteps);
    QList<qint64> ids;
    {
        // Starting is not what is measured: all runs are queued first.
        auto queued = OrdoInternals::database(**ordo).write([&]() -> Status {
            for (int i = 0; i < workflows; ++i) {
                ORDO_TRY(id, runtime.start(definition, {}, QStringLiteral("bench")));
                ids.append(id);
            }
            return ok();
        });
        if (!queued)
            qFatal("%s", qPrintable(queued.error().message));
        // Writing the queued runs into the database file belongs to starting them too.
        auto checkpoint = OrdoInternals::database(**ordo).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        if (!checkpoint)
            qFatal("%s", qPrintable(checkpoint.error().message));
    }
    EngineHostOptions options;
    options.engine.workers = workers;
    options.engine.pollMs = 50;
    options.engine.maxSteps = maxSteps;
    // What is measured is the engine alone.
    options.deliverMail = false;
    auto host = EngineHost::create(path, options);
    if (!host)
        qFatal("%s", qPrintable(host.error().message));
    Engine &engine = (*host)->engine();
    QElapsedTimer timer;
    QObject::connect(&engine, &Engine::idle, &engine, [] { QCoreApplication::exit(0); });
    QObject::connect(&engine, &Engine::failed, &engine, [](const QString &m) { qFatal("%s", qPrintable(m)); });
    timer.start();
    (*host)->start();
    QCoreApplication::exec();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    (*host)->stop();

    Figures f;
    f.seconds = seconds;
    QList<qint64> latencies;
    qint64 firstStart = std::numeric_limits<qint64>::max();
    qint64 lastFinish = 0;
    for (const qint64 id : std::as_const(ids)) {
        auto w = runtime.workflow(id);
        if (!w || w->state != WorkflowState::Succeeded)
            qFatal("workflow %lld did not succeed", static_cast<long long>(id));
        for (const StepInfo &s : *runtime.steps(id)) {
            ++f.steps;
            latencies.append(s.startedAt - s.readyAt);
            firstStart = std::min(firstStart, s.startedAt);
            lastFinish = std::max(lastFinish, s.finishedAt);
        }
    }
    f.flowSeconds = double(lastFinish - firstStart) / 1000.0;
    if (ids.size() == 1) {
        auto steps = *runtime.steps(ids.first());
        std::sort(steps.begin(), steps.end(), [](const StepInfo &a, const StepInfo &b) { return a.startedAt < b.startedAt; });
        if (steps.size() >= 1000) {
            f.firstThousand = double(steps.at(999).finishedAt - steps.first().startedAt) / 1000.0;
            f.lastThousand = double(steps.last().finishedAt - steps.at(steps.size() - 1000).startedAt) / 1000.0;
        }
    }
    std::sort(latencies.begin(), latencies.end());
    f.p50 = double(latencies.at(latencies.size() / 2));
    f.p99 = double(latencies.at(std::min<qsizetype>(latencies.size() - 1, latencies.size() * 99 / 100)));
    return f;
}

void print(const char *name, const Figures &f)
{
    std::printf("%-38s %6lld steps  %7.3f s (flow %7.3f s)  %6.0f steps/s  ready->start p50 %4.0f ms  p99 %5.0f ms\n", name,
                static_cast<long long>(f.steps), f.seconds, f.flowSeconds, double(f.steps) / f.seconds, f.p50, f.p99);
    if (f.firstThousand > 0)
        std::printf("%-38s first 1,000 steps %6.3f s, last 1,000 steps %6.3f s\n", "", f.firstThousand, f.lastThousand);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    int workers = EngineOptions{}.workers;
    QList<int> fanOutWorkers{2, workers, 64};
    if (const qsizetype i = args.indexOf(QStringLiteral("--workers")); i > 0 && i + 1 < args.size()) {
        workers = args.at(i + 1).toInt();
        fanOutWorkers = {workers};
    }
    const bool quick = args.contains(QStringLiteral("--quick"));
    // --linear N: one chain of N steps only, for profiling.
    if (const qsizetype i = args.indexOf(QStringLiteral("--linear")); i > 0 && i + 1 < args.size()) {
        print("linear", run(linear(args.at(i + 1).toInt()), 1, workers, 20000));
        return 0;
    }
    if (const qsizetype i = args.indexOf(QStringLiteral("--fan-out")); i > 0 && i + 1 < args.size()) {
        print("fan-out", run(fanOut(), args.at(i + 1).toInt(), workers, 500));
        return 0;
    }
    std::printf("Ordo engine benchmark: SQLite WAL, synchronous=FULL, test.noop steps; chains with %d workers\n", workers);

    // Each commit waits for the disk, and the disk's speed drifts: the two
    // lengths run in turns, as often each, and are compared best with best
    // and median with median.
    const int rounds = quick ? 1 : 5;
    QList<Figures> oneK;
    QList<Figures> tenK;
    for (int i = 0; i < rounds; ++i) {
        oneK.append(run(linear(1000), 1, workers, 10000));
        print("linear, 1,000 steps", oneK.last());
        if (quick)
            break;
        tenK.append(run(linear(10000), 1, workers, 10000));
        print("linear, 10,000 steps", tenK.last());
    }
    if (!quick) {
        const auto byFlow = [](const Figures &a, const Figures &b) { return a.flowSeconds < b.flowSeconds; };
        std::sort(oneK.begin(), oneK.end(), byFlow);
        std::sort(tenK.begin(), tenK.end(), byFlow);
        std::printf("10k / 1k flow time ratio: best runs %.2f, median runs %.2f (goal: at most 10.5)\n",
                    tenK.first().flowSeconds / oneK.first().flowSeconds, tenK.at(rounds / 2).flowSeconds / oneK.at(rounds / 2).flowSeconds);
    }
    for (const int w : std::as_const(fanOutWorkers)) {
        const Figures fan = run(fanOut(), quick ? 100 : 1000, w, 500);
        const QByteArray name = QStringLiteral("%1 workflows x 10 steps, %2 workers").arg(quick ? 100 : 1000).arg(w).toUtf8();
        print(name.constData(), fan);
    }
    std::printf("(goal: at least 10,000 durable step completions per second)\n");

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak RSS: %.1f MiB\n", double(usage.ru_maxrss) / 1024.0);
    return 0;
}

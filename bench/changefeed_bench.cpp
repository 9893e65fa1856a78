// How soon the change feed reports a commit made on another connection (as
// another process would make it), and what an idle poll costs. Prints
// figures; it is not a test and asserts nothing.
//
//   changefeed_bench [--rounds N] [--db postgresql://...]
//
// With --db, on that (empty) shared database: its feed is notified at commit.

#include "client/OrdoClient.h"
#include "store/ChangeLog.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <chrono>
#include <cstdio>

using namespace ordo;
using Steady = std::chrono::steady_clock;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qsizetype roundsAt = args.indexOf(QStringLiteral("--rounds"));
    const int rounds = roundsAt >= 0 && roundsAt + 1 < args.size() ? args.at(roundsAt + 1).toInt() : 200;

    QTemporaryDir dir;
    const qsizetype dbAt = args.indexOf(QStringLiteral("--db"));
    const QString path = dbAt >= 0 && dbAt + 1 < args.size() ? args.at(dbAt + 1) : dir.filePath(QStringLiteral("ordo.db"));
    auto writer = Database::open(path);
    if (!writer) {
        std::fprintf(stderr, "changefeed_bench: %s\n", qPrintable(writer.error().message));
        return 1;
    }
    const bool shared = (*writer)->dialect() == Database::Dialect::Postgres;
    std::printf("changefeed_bench on %s\n", shared ? "PostgreSQL (LISTEN/NOTIFY)" : "SQLite (data_version polled every 50 ms)");

    // An idle poll: the data_version read the feed makes every 50 ms.
    if (!shared) {
        constexpr int kReads = 20000;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < kReads; ++i) {
            auto q = (*writer)->execCached(QStringLiteral("PRAGMA data_version"));
            if (!q || !q->next())
                return 1;
        }
        std::printf("idle poll (PRAGMA data_version): %.2f us\n", double(timer.nsecsElapsed()) / kReads / 1000.0);
    }

    OrdoClient client(path);
    Steady::time_point committedAt;
    std::vector<double> latencies;
    qint64 expected = 0;
    QObject::connect(&client, &OrdoClient::changed, &app, [&](const QList<Change> &changes) {
        if (std::any_of(changes.cbegin(), changes.cend(), [&](const Change &c) { return c.id == expected; })) {
            latencies.push_back(std::chrono::duration<double, std::milli>(Steady::now() - committedAt).count());
            QCoreApplication::exit(0);
        }
    });
    // Let the feed open before the first commit.
    auto opened = client.opened();
    while (!opened.isFinished())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);

    for (int round = 1; round <= rounds; ++round) {
        // A commit at a random moment of the poll interval.
        QThread::msleep(QRandomGenerator::global()->bounded(50));
        expected = round;
        auto noted = (*writer)->write([&] { return recordChanges(**writer, {{ChangeKind::Order, round, 1}}); });
        committedAt = Steady::now();
        if (!noted) {
            std::fprintf(stderr, "changefeed_bench: %s\n", qPrintable(noted.error().message));
            return 1;
        }
        QCoreApplication::exec();
    }

    std::sort(latencies.begin(), latencies.end());
    const auto at = [&](double q) { return latencies.at(std::min(latencies.size() - 1, size_t(q * double(latencies.size())))); };
    std::printf("commit to changed() on the caller's thread, %zu rounds: min %.1f ms, median %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                latencies.size(), latencies.front(), at(0.5), at(0.95), at(0.99), latencies.back());
    return 0;
}

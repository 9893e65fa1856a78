// The console under a stream of changes: 1,000 events a second for 30 s,
// committed by another process, while support's workflow monitor and a
// customer's My orders are open. Prints the longest stall of the GUI thread
// (the lateness of a 5 ms timer) and the peak RSS; it is not a test and
// asserts nothing.
//
//   feed_bench [--seconds N] [--rate N] [--workflows N]
//
// An event is one transaction as the engine writes one: a step row changed
// with its workflow's row, both noted in the change log; every 50th also
// notes one of alice's orders.

#include "MonitorFixture.h"
#include "Ordo.h"
#include "OrdoInternals.h"
#include "client/OrdoClient.h"
#include "orders/MyOrdersPage.h"
#include "workflows/WorkflowListModel.h"
#include "workflows/WorkflowsPage.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace ordo;

namespace {

int option(const QStringList &args, const QString &name, int fallback)
{
    const qsizetype i = args.indexOf(name);
    return i > 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
}

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0; // kB on Linux
}

// The other process: commits `rate` events a second for `seconds`, paced, and prints what it managed.
int writeEvents(const QString &path, int rate, int seconds, int workflows, const QList<qint64> &orders, qint64 acme)
{
    auto db = Database::openSqlite(path, -1, Database::OpenMode::MustExist);
    if (!db) {
        std::fprintf(stderr, "feed_bench writer: %s\n", qPrintable(db.error().message));
        return 1;
    }
    QRandomGenerator random(42);
    const qint64 events = qint64(rate) * seconds;
    QElapsedTimer clock;
    clock.start();
    for (qint64 n = 0; n < events; ++n) {
        const qint64 due = n * 1'000'000'000 / rate;
        if (const qint64 ahead = due - clock.nsecsElapsed(); ahead > 0)
            QThread::usleep(static_cast<unsigned long>(ahead / 1000));
        // Half among the newest 200 (the monitor's first page), half anywhere; acme's (i % 10 != 3).
        qint64 workflow = n % 2 ? workflows - random.bounded(200) : 1 + random.bounded(workflows);
        if (workflow % 10 == 3)
            --workflow;
        const qint64 step = (workflow - 1) * 10 + 1 + random.bounded(10);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const Status written = (*db)->write([&]() -> Status {
            ORDO_CHECK((*db)->execCached(QStringLiteral("UPDATE steps SET attempt = attempt + 1 WHERE id = ?"), {step}));
            ORDO_CHECK((*db)->execCached(QStringLiteral("UPDATE workflows SET updated_at = ? WHERE id = ?"), {now, workflow}));
            QList<Change> changes{{ChangeKind::Step, step, acme}, {ChangeKind::Workflow, workflow, acme}};
            if (n % 50 == 0 && !orders.isEmpty())
                changes.append({ChangeKind::Order, orders.at(random.bounded(int(orders.size()))), acme});
            return recordChanges(**db, changes);
        });
        if (!written) {
            std::fprintf(stderr, "feed_bench writer: %s\n", qPrintable(written.error().message));
            return 1;
        }
    }
    std::printf("%lld %.3f\n", events, double(clock.nsecsElapsed()) / 1e9);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int seconds = option(args, QStringLiteral("--seconds"), 30);
    const int rate = option(args, QStringLiteral("--rate"), 1000);
    const int workflows = option(args, QStringLiteral("--workflows"), 10'000);

    if (const qsizetype w = args.indexOf(QStringLiteral("--writer")); w > 0 && w + 3 < args.size()) {
        QList<qint64> orders;
        for (const QString &id : args.at(w + 3).split(QLatin1Char(','), Qt::SkipEmptyParts))
            orders.append(id.toLongLong());
        return writeEvents(args.at(w + 1), rate, seconds, workflows, orders, args.at(w + 2).toLongLong());
    }

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ordo.db"));
    QList<qint64> orders;
    qint64 acme = 0;
    {
        auto ordo = Ordo::open(path);
        if (!ordo || !(*ordo)->createDemo(QStringLiteral("demo")) || !testing::buildMonitorFixture(**ordo, workflows)) {
            std::fprintf(stderr, "feed_bench: cannot build the database\n");
            return 1;
        }
        acme = OrdoInternals::store(**ordo).tenantBySlug(QStringLiteral("acme"))->id;
        // Orders of alice's for My orders to show and reload, as many as the demo's quota of 10 VMs allows.
        const Session alice = *(*ordo)->login(QStringLiteral("alice"), QStringLiteral("demo"));
        for (int i = 0; i < 10; ++i) {
            if (!(*ordo)->cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 1}, {QStringLiteral("memoryGiB"), 2}}))
                return 1;
            auto order = (*ordo)->orders().checkout(alice);
            if (!order) {
                std::fprintf(stderr, "feed_bench: %s\n", qPrintable(order.error().message));
                return 1;
            }
            orders.append(order->id);
        }
    }

    OrdoClient client(path);
    auto carolLogin = client.login(QStringLiteral("carol"), QStringLiteral("demo"));
    auto aliceLogin = client.login(QStringLiteral("alice"), QStringLiteral("demo"));
    while (!carolLogin.isFinished() || !aliceLogin.isFinished())
        app.processEvents(QEventLoop::WaitForMoreEvents, 5);
    const Session carol = *carolLogin.result();
    const Session alice = *aliceLogin.result();

    ui::WorkflowsPage monitor(client, carol);
    monitor.resize(1400, 900);
    monitor.show();
    ui::MyOrdersPage myOrders(client, alice);
    myOrders.resize(1000, 700);
    myOrders.show();
    bool loaded = false;
    QObject::connect(&monitor, &ui::WorkflowsPage::workflowsLoaded, &app, [&] { loaded = true; });
    while (!loaded)
        app.processEvents(QEventLoop::WaitForMoreEvents, 5);
    // The newest workflow selected: its steps, attempts and log follow the changes too.
    auto *list = monitor.findChild<QTableView *>(QStringLiteral("workflowList"));
    list->setCurrentIndex(list->model()->index(0, 0));
    int refreshes = 0;
    QObject::connect(&client, &OrdoClient::changed, &app, [&] { ++refreshes; });

    std::printf("Ordo change-feed benchmark: %d events/s for %d s from another process; monitor (carol, %d workflows of 10 steps)"
                " and My orders (alice, %lld orders) open, offscreen (the machine is shared with other builds)\n",
                rate, seconds, workflows, qlonglong(orders.size()));
    std::printf("peak RSS before: %.1f MiB\n", peakRssMiB());

    // The GUI thread's stalls: how late a 5 ms timer fires.
    QList<double> lateness;
    QElapsedTimer sinceTick;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(5);
    QObject::connect(&ticker, &QTimer::timeout, &app, [&] {
        lateness.append(std::max(0.0, double(sinceTick.nsecsElapsed()) / 1e6 - 5.0));
        sinceTick.start();
    });
    const auto report = [&](const char *when) {
        std::sort(lateness.begin(), lateness.end());
        const auto at = [&](double q) { return lateness.at(std::min(lateness.size() - 1, qsizetype(q * double(lateness.size())))); };
        const auto over = [&](double ms) { return std::count_if(lateness.cbegin(), lateness.cend(), [ms](double l) { return l > ms; }); };
        std::printf("GUI stall %s (5 ms timer lateness), %lld ticks: median %.1f ms, p99 %.1f ms, longest %.1f ms;"
                    " over 16 ms: %lld, over 50 ms: %lld\n",
                    when, qlonglong(lateness.size()), at(0.5), at(0.99), lateness.last(), qlonglong(over(16)), qlonglong(over(50)));
        lateness.clear();
    };

    // What the machine's own load costs the timer, with no change coming in.
    sinceTick.start();
    ticker.start();
    QElapsedTimer idle;
    idle.start();
    while (idle.elapsed() < 5000)
        app.processEvents(QEventLoop::WaitForMoreEvents, 50);
    report("idle, 5 s, for comparison");

    QProcess writer;
    writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QStringList orderIds;
    for (const qint64 id : std::as_const(orders))
        orderIds.append(QString::number(id));
    writer.start(QCoreApplication::applicationFilePath(),
                 {QStringLiteral("--seconds"), QString::number(seconds), QStringLiteral("--rate"), QString::number(rate),
                  QStringLiteral("--workflows"), QString::number(workflows), QStringLiteral("--writer"), path, QString::number(acme),
                  orderIds.join(QLatin1Char(','))});
    bool finished = false;
    QObject::connect(&writer, &QProcess::finished, &app, [&] { finished = true; });
    while (!finished)
        app.processEvents(QEventLoop::WaitForMoreEvents, 50);
    // What the last commits bring.
    QElapsedTimer tail;
    tail.start();
    while (tail.elapsed() < 500)
        app.processEvents(QEventLoop::WaitForMoreEvents, 50);
    ticker.stop();

    const QStringList written = QString::fromUtf8(writer.readAllStandardOutput()).split(QLatin1Char(' '));
    if (writer.exitCode() != 0 || written.size() < 2) {
        std::fprintf(stderr, "feed_bench: the writer failed\n");
        return 1;
    }
    std::printf("writer: %s events in %.1f s (%.0f events/s)\n", qPrintable(written.at(0)), written.at(1).toDouble(),
                written.at(0).toDouble() / written.at(1).toDouble());
    std::printf("change batches delivered to the GUI thread: %d\n", refreshes);
    report("under the stream (goal: none over 50 ms)");
    std::printf("peak RSS: %.1f MiB; monitor rows held %d\n", peakRssMiB(), monitor.workflowModel()->rowCount());
    return 0;
}

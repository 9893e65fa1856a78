// From an approval in one console to the first provisioning step in an engine
// process, on a shared database: alice orders a VM, and once the order's
// workflow waits for the decision, bob approves it in this process (the
// console's core); an `ordoctl engine run` process sees the decision through
// its notification and starts the order's "provision" step. The time from
// bob's click (before decide() is called) to that step's start, as the engine
// stamped it, is one sample. Prints median, p95, p99 and the maximum, and how
// long decide() itself took. Not a test: it asserts nothing.
//
//   pg_approval_bench --db postgresql://owner@host:port/database [--orders 200] [--workers 8]
//
// The database should be an empty one made for the benchmark (it is filled).
// The VMs' own workflows run on whatever hypervisor the demo's connector
// settings name; how they end does not matter here, only when provisioning
// starts.

#include "Ordo.h"
#include "OrdoInternals.h"
#include "PgBench.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

using namespace ordo;

namespace {

Session sessionOf(Ordo &ordo, const QString &name)
{
    auto user = OrdoInternals::store(ordo).userByName(name);
    if (!user)
        bench::fail(user.error().message);
    auto session = ordo.accounts().openSession(*user, QStringLiteral("acme"));
    if (!session)
        bench::fail(session.error().message);
    return *session;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString url = bench::postgresUrl(args, "[--orders N] [--workers N]");
    const int orders = bench::option(args, "--orders", 200);
    const int workers = bench::option(args, "--workers", 8);

    const std::unique_ptr<Ordo> opened = bench::openOrFail(url);
    Ordo &ordo = *opened;
    Database &db = OrdoInternals::database(ordo);
    if (const Status demo = ordo.createDemo(QStringLiteral("demo")); !demo)
        bench::fail(demo.error().message);
    // One approver decides; no quota stops the run after a few orders.
    auto acme = OrdoInternals::store(ordo).tenantBySlug(QStringLiteral("acme"));
    if (!acme)
        bench::fail(acme.error().message);
    const QJsonObject policy = QJsonDocument::fromJson(QByteArrayLiteral(R"({"levels": [{"name": "Manager", "group": "acme-approvers", "mode": "any"}]})")).object();
    if (const Status set = OrdoInternals::store(ordo).setTenantPolicy(acme->id, policy); !set)
        bench::fail(set.error().message);
    const Session alice = sessionOf(ordo, QStringLiteral("alice"));
    const Session bob = sessionOf(ordo, QStringLiteral("bob"));

    QProcess engine;
    engine.setStandardOutputFile(QProcess::nullDevice());
    engine.setStandardErrorFile(QProcess::nullDevice());
    engine.start(QStringLiteral(ORDOCTL_PATH),
                 {QStringLiteral("--db"), url, QStringLiteral("engine"), QStringLiteral("run"), QStringLiteral("--workers"), QString::number(workers)});
    if (!engine.waitForStarted())
        bench::fail(QStringLiteral("cannot start %1").arg(QStringLiteral(ORDOCTL_PATH)));
    bench::startedEngines().push_back(&engine);

    const QString approvalWaits = QStringLiteral(
        "SELECT s.id FROM steps s JOIN workflows w ON w.id = s.workflow_id "
        "WHERE w.order_id = ? AND w.parent_id IS NULL AND s.step_key LIKE 'approval%' AND s.state = 'waiting'");
    const QString provisionStarted = QStringLiteral(
        "SELECT s.started_at FROM steps s JOIN workflows w ON w.id = s.workflow_id "
        "WHERE w.order_id = ? AND w.parent_id IS NULL AND s.step_key = 'provision'");
    QList<double> latencies;
    QList<double> decideTimes;
    for (int i = 0; i < orders; ++i) {
        if (auto added = ordo.cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 4}, {QStringLiteral("memoryGiB"), 16}});
            !added)
            bench::fail(added.error().message);
        auto order = ordo.orders().checkout(alice);
        if (!order)
            bench::fail(order.error().message);
        if (!bench::awaitValue(db, approvalWaits, {qint64(order->id)}, 10000))
            bench::fail(QStringLiteral("order %1's workflow never waited for its approval: is the engine running?").arg(order->id));
        const qint64 clicked = QDateTime::currentMSecsSinceEpoch();
        QElapsedTimer deciding;
        deciding.start();
        if (auto decided = ordo.approvals().decide(bob, order->id, Decision::Approve, QStringLiteral("fine")); !decided)
            bench::fail(decided.error().message);
        decideTimes.append(double(deciding.nsecsElapsed()) / 1e6);
        const std::optional<qint64> started = bench::awaitValue(db, provisionStarted, {qint64(order->id)}, 10000);
        if (!started)
            bench::fail(QStringLiteral("order %1 was approved and its provisioning did not start within 10 s").arg(order->id));
        latencies.append(double(*started - clicked));
    }
    engine.terminate();
    if (!engine.waitForFinished(30000))
        engine.kill();

    std::sort(latencies.begin(), latencies.end());
    std::sort(decideTimes.begin(), decideTimes.end());
    std::printf("pg_approval_bench: %d orders approved one after another, one engine process with %d workers, the VMs' workflows running "
                "alongside\n",
                orders, workers);
    std::printf("approval to the first provisioning step: median %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms (the engine stamps in "
                "whole milliseconds)\n",
                bench::percentile(latencies, 0.5), bench::percentile(latencies, 0.95), bench::percentile(latencies, 0.99), latencies.last());
    std::printf("of which decide() in the console: median %.1f ms, p99 %.1f ms\n", bench::percentile(decideTimes, 0.5), bench::percentile(decideTimes, 0.99));
    std::printf("(goal: p99 at most 100 ms)\n");
    return 0;
}

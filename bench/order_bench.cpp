// The walkthrough's thread under load, on the test farm: how soon an approval
// starts provisioning (decided in this process, and by ordoctl in another),
// and how long 1,000 linux-vm orders approved at once take to complete, with
// the peak memory of the process that hosts the engine. Prints figures; it is
// not a test and asserts nothing. Needs a keyring (tests/with-keyring).
//
//   order_bench [--latency N] [--orders N] [--workers N]

#include "Ordo.h"
#include "OrdoInternals.h"
#include "host/EngineHost.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace ordo;

namespace {

[[noreturn]] void die(const QString &what)
{
    std::fprintf(stderr, "order_bench: %s\n", qPrintable(what));
    std::exit(1);
}

template<typename T>
T must(Result<T> r, const char *what)
{
    if (!r)
        die(QStringLiteral("%1: %2").arg(QLatin1String(what), r.error().message));
    return std::move(*r);
}

// One test-driver host big enough for every VM of the run, on a /16 network.
QString writeBigFarm(const QString &dir)
{
    const QString path = dir + QStringLiteral("/bigfarm.xml");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        die(QStringLiteral("cannot write %1").arg(path));
    f.write(R"(<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
  <cpu><mhz>2400</mhz><model>x86_64</model><active>4096</active><max>4096</max>
       <nodes>1</nodes><sockets>16</sockets><cores>128</cores><threads>2</threads></cpu>
  <memory>17179869184</memory>
  <network><name>default</name><bridge name='virbr9'/><forward/>
    <ip address='10.0.0.1' netmask='255.255.0.0'><dhcp><range start='10.0.0.2' end='10.0.255.254'/></dhcp></ip>
  </network>
  <domain type='test'><name>debian-12</name><memory unit='KiB'>1048576</memory><vcpu>1</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
    <devices><interface type='network'><source network='default'/></interface></devices>
    <test:runstate>5</test:runstate></domain>
</node>
)");
    return path;
}

Session login(Ordo &ordo, const QString &user)
{
    return must(ordo.login(user, QStringLiteral("demo")), "login");
}

// Waits, keeping the host's events flowing, until done() or the limit.
bool waitFor(const std::function<bool()> &done, int limitMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > limitMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        QThread::msleep(1);
    }
    return true;
}

std::optional<engine::WorkflowSummary> orderWorkflow(Ordo &ordo, const Session &staff, Id orderId, const QString &name)
{
    for (const auto &w : must(ordo.workflows().list(staff), "list workflows"))
        if (w.orderId && *w.orderId == orderId && w.name == name)
            return w;
    return std::nullopt;
}

Order checkOut(Ordo &ordo, const Session &customer)
{
    must(ordo.cart().add(customer, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 1}, {QStringLiteral("memoryGiB"), 1}}), "add");
    return must(ordo.orders().checkout(customer), "checkout");
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v.at(std::min(v.size() - 1, static_cast<size_t>(p * double(v.size()))));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const auto option = [&](const char *name, int fallback) {
        const qsizetype at = args.indexOf(QLatin1String(name));
        return at >= 0 && at + 1 < args.size() ? args.at(at + 1).toInt() : fallback;
    };
    const int latencyRounds = option("--latency", 50);
    const int orders = option("--orders", 1000);
    const int workers = option("--workers", 16);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ordo.db"));
    std::unique_ptr<Ordo> ordo = must(Ordo::open(path), "open");
    must(ordo->createDemo(QStringLiteral("demo")), "demo");
    const Session admin = login(*ordo, QStringLiteral("admin"));
    const QString farm = writeBigFarm(dir.path());
    must(ordo->connectors().set(admin, QStringLiteral("hypervisor"),
                                {{QStringLiteral("hosts"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("big")},
                                                                                 {QStringLiteral("uri"), QString(QStringLiteral("test://") + farm)}}}},
                                 {QStringLiteral("templates"), QJsonArray{QStringLiteral("debian-12")}}}),
         "hypervisor settings");
    // Every order waits for bob; quotas are out of the way.
    {
        auto tenant = must(OrdoInternals::store(*ordo).tenantBySlug(QStringLiteral("acme")), "tenant");
        must(OrdoInternals::database(*ordo).write([&] {
            return OrdoInternals::store(*ordo).setTenantPolicy(tenant.id, QJsonDocument::fromJson(R"({
                "levels": [{"name": "Manager", "group": "acme-approvers", "mode": "any"}],
                "quotas": {"tenant": {"vcpus": 1000000, "memoryGiB": 1000000, "vms": 1000000},
                           "perUser": {"vcpus": 1000000, "memoryGiB": 1000000, "vms": 1000000}}})").object());
        }),
             "policy");
    }

    EngineHostOptions options;
    options.engine.workers = workers;
    options.deliverMail = false;
    std::unique_ptr<EngineHost> host = must(EngineHost::create(path, options), "engine host");
    host->start();

    const Session alice = login(*ordo, QStringLiteral("alice"));
    const Session bob = login(*ordo, QStringLiteral("bob"));
    const Session pat = login(*ordo, QStringLiteral("pat"));

    std::printf("Ordo order benchmark: SQLite WAL, test farm (libvirt test driver), %d workers\n", workers);

    // Approval to the first provisioning step: the decision's time to the clone step's start.
    const auto latency = [&](bool fromAnotherProcess) {
        std::vector<double> ms;
        for (int i = 0; i < latencyRounds; ++i) {
            const Order order = checkOut(*ordo, alice);
            if (!waitFor([&] {
                    auto flow = orderWorkflow(*ordo, pat, order.id, QStringLiteral("order"));
                    if (!flow)
                        return false;
                    for (const auto &s : must(ordo->workflows().steps(pat, flow->id), "steps"))
                        if (s.key == QLatin1String("approval-1"))
                            return s.state == engine::StepState::Waiting;
                    return false;
                },
                         10000))
                die(QStringLiteral("order %1 never waited for approval").arg(order.id));
            if (fromAnotherProcess) {
                QProcess ordoctl;
                QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
                env.insert(QStringLiteral("ORDO_PASSWORD"), QStringLiteral("demo"));
                ordoctl.setProcessEnvironment(env);
                ordoctl.start(QStringLiteral(ORDOCTL_PATH), {QStringLiteral("--db"), path, QStringLiteral("--user"), QStringLiteral("bob"),
                                                            QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(order.id)});
                if (!ordoctl.waitForFinished(60000) || ordoctl.exitCode() != 0)
                    die(QStringLiteral("ordoctl approve: %1").arg(QString::fromUtf8(ordoctl.readAllStandardError())));
            } else {
                must(ordo->approvals().decide(bob, order.id, Decision::Approve, {}), "decide");
            }
            const auto decisions = must(ordo->approvals().decisions(bob, order.id), "decisions");
            const qint64 decidedAt = decisions.constLast().decidedAt.toMSecsSinceEpoch();
            qint64 startedAt = 0;
            if (!waitFor([&] {
                    auto vm = orderWorkflow(*ordo, pat, order.id, QStringLiteral("linux-vm"));
                    if (!vm)
                        return false;
                    for (const auto &s : must(ordo->workflows().steps(pat, vm->id), "steps"))
                        if (s.key == QLatin1String("clone") && s.startedAt)
                            startedAt = s.startedAt;
                    return startedAt != 0;
                },
                         10000))
                die(QStringLiteral("order %1 never started provisioning").arg(order.id));
            ms.push_back(double(startedAt - decidedAt));
        }
        std::printf("approval to first provisioning step, %-17s %3d orders  p50 %5.1f ms  p99 %5.1f ms  max %5.1f ms  (goal p99 <= %d ms)\n",
                    fromAnotherProcess ? "by ordoctl:" : "in this process:", latencyRounds, percentile(ms, 0.5), percentile(ms, 0.99),
                    *std::max_element(ms.begin(), ms.end()), fromAnotherProcess ? 100 : 20);
        std::fflush(stdout);
    };
    if (latencyRounds > 0) {
        latency(false);
        latency(true);
    }

    if (orders > 0) {
        QList<Id> ids;
        for (int i = 0; i < orders; ++i)
            ids.append(checkOut(*ordo, alice).id);
        // Every order's workflow waits at its approval before the clock starts.
        if (!waitFor([&] {
                int waiting = 0;
                for (const auto &w : must(ordo->workflows().list(pat), "list"))
                    waiting += w.name == QLatin1String("order") && w.state == engine::WorkflowState::Running ? 1 : 0;
                return waiting >= orders;
            },
                     120000))
            die(QStringLiteral("the orders' workflows did not start"));
        QElapsedTimer t;
        t.start();
        for (const Id id : std::as_const(ids))
            must(ordo->approvals().decide(bob, id, Decision::Approve, {}), "decide");
        const qint64 approvedMs = t.elapsed();
        int completed = 0;
        const bool done = waitFor([&] {
            completed = 0;
            for (const Order &o : must(ordo->orders().orders(bob, OrderState::Completed), "orders"))
                completed += ids.contains(o.id) ? 1 : 0;
            return completed == orders;
        },
                                  600000);
        struct rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        std::printf("%d linux-vm orders approved at once: approvals took %.2f s, last order completed after %.2f s%s "
                    "(goal: within 30 s)\n",
                    orders, double(approvedMs) / 1000.0, double(t.elapsed()) / 1000.0,
                    done ? "" : qPrintable(QStringLiteral(" - gave up with %1 completed").arg(completed)));
        std::printf("peak RSS of the process hosting console core and engine: %.1f MiB (goal: at most 300 MB)\n", double(usage.ru_maxrss) / 1024.0);
    }
    host->stop();
    return 0;
}

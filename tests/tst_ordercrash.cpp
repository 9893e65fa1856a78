// Orders provision on the test farm while `ordoctl engine run` processes are
// killed with SIGKILL at random points, round after round. After a last run
// every workflow has completed, and each VM exists once: one VM on the farm,
// one CMDB record, one usage record and one vm-ready mail to its customer.
// The delays come from a seeded generator; ORDO_CRASH_SEED=N replays a run.

#include "OrdoInternals.h"
#include "TestSupport.h"

#include <QRandomGenerator>

#include <libvirt/libvirt.h>

#include <csignal>

using namespace ordo;
using namespace ordo::test;

namespace {

const QStringList kTemplates{QStringLiteral("debian-12"), QStringLiteral("ubuntu-24.04")};

// The VMs of the farm's node files, as a fresh process of libvirt's test driver reads them.
QStringList farmVms(const QString &dataFolder)
{
    QStringList names;
    for (const char *host : {"host1", "host2"}) {
        const QByteArray uri = "test://" + QFile::encodeName(dataFolder) + "/testfarm/" + host + ".xml";
        virConnectPtr conn = virConnectOpen(uri.constData());
        if (!conn)
            qFatal("cannot open %s", uri.constData());
        virDomainPtr *domains = nullptr;
        const int count = virConnectListAllDomains(conn, &domains, 0);
        for (int i = 0; i < count; ++i) {
            const QString name = QString::fromUtf8(virDomainGetName(domains[i]));
            if (!kTemplates.contains(name))
                names.append(name);
            virDomainFree(domains[i]);
        }
        free(domains);
        virConnectClose(conn);
    }
    names.sort();
    return names;
}

QList<engine::WorkflowSummary> allWorkflows(Ordo &ordo)
{
    auto all = ordo.workflows().list(sessionFor(ordo, QStringLiteral("pat")));
    if (!all)
        qFatal("%s", qPrintable(all.error().message));
    return *all;
}

bool provisioningEnded(Ordo &ordo, int orders, int vms)
{
    int ended = 0;
    for (const auto &w : allWorkflows(ordo))
        ended += w.state == engine::WorkflowState::Succeeded ? 1 : 0;
    return ended == orders + vms;
}

// What is not finished yet, for the message of a failure: workflows and their steps' states.
QString unfinished(Ordo &ordo)
{
    QStringList lines;
    const Session pat = sessionFor(ordo, QStringLiteral("pat"));
    for (const auto &w : allWorkflows(ordo)) {
        if (w.state == engine::WorkflowState::Succeeded)
            continue;
        QStringList steps;
        const auto found = ordo.workflows().steps(pat, w.id);
        for (const auto &step : found ? *found : QList<engine::StepInfo>())
            steps.append(QStringLiteral("%1 %2 %3").arg(step.key, engine::stepStateName(step.state), step.error));
        lines.append(QStringLiteral("workflow %1 (%2) %3: %4").arg(w.id).arg(w.name, engine::workflowStateName(w.state), steps.join(QStringLiteral("; "))));
    }
    return lines.join(QLatin1Char('\n'));
}

QProcess *startEngine(const QString &db, bool untilIdle, QObject *parent)
{
    auto *process = new QProcess(parent);
    QStringList args{QStringLiteral("--db"), db, QStringLiteral("engine"), QStringLiteral("run"), QStringLiteral("--verbose"),
                     QStringLiteral("--workers"), QStringLiteral("1"), QStringLiteral("--lease-ms"), QStringLiteral("300"),
                     // Steps taken over from killed engines are not poison pills here.
                     QStringLiteral("--max-lost-attempts"), QStringLiteral("50")};
    if (untilIdle)
        args << QStringLiteral("--until-idle");
    process->start(QStringLiteral(ORDOCTL_PATH), args);
    if (!process->waitForStarted())
        qFatal("cannot start ordoctl: %s", qPrintable(process->errorString()));
    return process;
}

void killEngine(QProcess *engine)
{
    // A process that has ended has no id, and kill(0) would hit this test's own group.
    if (const qint64 pid = engine->processId(); pid > 0)
        ::kill(pid_t(pid), SIGKILL);
}

} // namespace

class TestOrderCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedEnginesProvisionEachVmOnce()
    {
        const quint32 seed = qEnvironmentVariableIsSet("ORDO_CRASH_SEED") ? qgetenv("ORDO_CRASH_SEED").toUInt()
                                                                          : QRandomGenerator::global()->generate();
        qInfo("seed %u (ORDO_CRASH_SEED=%u replays these delays)", seed, seed);
        QRandomGenerator random(seed);

        TestEnvironment env;
        const QString db = env.databasePath();
        const QString dataFolder = QFileInfo(db).absolutePath();
        auto ordo = openDemo(db);

        // Five orders of two customers in two tenants, two of them for several VMs;
        // the approvers approve. Nineteen VMs (near the users' quotas) keep the engines
        // busy for several rounds of kills that come soon after the engines begin.
        const auto order = [&](const QString &customer, const QVariantMap &parameters, int quantity) {
            const Session s = sessionFor(*ordo, customer);
            ORDO_CHECK_FATAL(ordo->cart().add(s, QStringLiteral("linux-vm"), parameters, quantity));
            auto placed = ordo->orders().checkout(s);
            ORDO_CHECK_FATAL(placed);
            if (placed->state == OrderState::PendingApproval)
                ORDO_CHECK_FATAL(ordo->approvals().decide(sessionFor(*ordo, customer == QLatin1String("dave") ? QStringLiteral("erin") : QStringLiteral("bob")),
                                                          placed->id, Decision::Approve, QStringLiteral("go ahead")));
            return std::pair{customer, placed->id};
        };
        const QVariantMap small{{QStringLiteral("cpus"), 1}, {QStringLiteral("memoryGiB"), 1}};
        const QList<std::pair<QString, Id>> orders{order(QStringLiteral("alice"), kBigVm, 1), order(QStringLiteral("dave"), kBigVm, 1),
                                                   order(QStringLiteral("alice"), small, 8), order(QStringLiteral("dave"), small, 8),
                                                   order(QStringLiteral("alice"), kBigVm, 1)};
        const int vms = 19;

        // Rounds of two engines, each killed at its own random moment after it
        // began to work, until provisioning has ended (or far too many rounds).
        int rounds = 0;
        int killsMidProvisioning = 0;
        int killsInsideSteps = 0;
        for (int round = 0; round < 100 && !provisioningEnded(*ordo, int(orders.size()), vms); ++round) {
            ++rounds;
            QObject roundScope;
            QList<QProcess *> engines{startEngine(db, false, &roundScope), startEngine(db, false, &roundScope)};
            // The clock starts at the first transition an engine prints: a kill
            // while the engines still open the database proves nothing.
            QTRY_VERIFY2_WITH_TIMEOUT(std::any_of(engines.begin(), engines.end(), [](QProcess *p) { return p->bytesAvailable() > 0; }),
                                      qPrintable(QStringLiteral("no engine of round %1 did anything:\n%2").arg(round).arg(unfinished(*ordo))), 20000);
            const int firstDelay = int(random.bounded(3, 50));
            const int secondDelay = int(random.bounded(3, 50));
            qInfo("round %d: kills after %d and %d ms", round, firstDelay, secondDelay);
            QTest::qWait(firstDelay);
            killEngine(engines.at(0));
            QTest::qWait(secondDelay);
            killEngine(engines.at(1));
            for (QProcess *p : engines) {
                QVERIFY(p->state() == QProcess::NotRunning || p->waitForFinished(10000));
                // Killed, not ended by itself.
                QVERIFY2(p->exitStatus() == QProcess::CrashExit, p->readAllStandardError().constData());
            }
            killsMidProvisioning += provisioningEnded(*ordo, int(orders.size()), vms) ? 0 : 1;
            auto running = OrdoInternals::database(*ordo).exec(QStringLiteral("SELECT COUNT(*) FROM steps WHERE state = 'running' AND step_key NOT IN ('approval', 'provision')"));
            ORDO_VERIFY_OK(running);
            QVERIFY(running->next());
            killsInsideSteps += running->value(0).toInt() > 0 ? 1 : 0;
        }
        qInfo("%d rounds: %d killed while provisioning was under way, %d while steps ran", rounds, killsMidProvisioning, killsInsideSteps);
        // Kills after the end would test nothing.
        QVERIFY2(killsMidProvisioning >= 5, "fewer than five rounds of kills landed before provisioning ended");

        // The last engine runs until nothing is left to do.
        QObject lastScope;
        QProcess *last = startEngine(db, true, &lastScope);
        QVERIFY(last->waitForFinished(90000));
        QVERIFY2(last->exitStatus() == QProcess::NormalExit && last->exitCode() == 0, last->readAllStandardError().constData());

        // Every workflow completed, and so did every order.
        QStringList expectedVms;
        QHash<QString, QString> ownerEmailOf;
        for (const auto &w : allWorkflows(*ordo)) {
            QVERIFY2(w.state == engine::WorkflowState::Succeeded, qPrintable(unfinished(*ordo)));
            if (w.name == QLatin1String("linux-vm")) {
                const QString name = w.inputs.value(QStringLiteral("name")).toString();
                expectedVms.append(name);
                ownerEmailOf.insert(name, w.inputs.value(QStringLiteral("ownerEmail")).toString());
            }
        }
        expectedVms.sort();
        QCOMPARE(expectedVms.size(), vms);
        for (const auto &[customer, id] : orders) {
            auto placed = ordo->orders().order(sessionFor(*ordo, customer), id);
            ORDO_VERIFY_OK(placed);
            QCOMPARE(placed->state, OrderState::Completed);
        }

        // One VM per VM on the farm, as a new process finds it.
        QCOMPARE(farmVms(dataFolder), expectedVms);

        // One CMDB record per VM.
        auto cmdb = ordo->serviceDesk().cmdbItems(sessionFor(*ordo, QStringLiteral("pat")));
        ORDO_VERIFY_OK(cmdb);
        QStringList recorded;
        for (const auto &item : *cmdb)
            if (item.removedAt.isEmpty())
                recorded.append(item.name);
        recorded.sort();
        QCOMPARE(recorded, expectedVms);

        // One running usage record per VM.
        auto usage = ordo->usage().records(sessionFor(*ordo, QStringLiteral("pat")));
        ORDO_VERIFY_OK(usage);
        QStringList metered;
        for (const auto &record : *usage) {
            QCOMPARE(record.stoppedAtMs, 0);
            metered.append(record.resource);
        }
        metered.sort();
        QCOMPARE(metered, expectedVms);

        // Each customer got one vm-ready mail per VM of theirs.
        auto outbox = ordo->mail().outbox(sessionFor(*ordo, QStringLiteral("pat")));
        ORDO_VERIFY_OK(outbox);
        QStringList mailed;
        for (const OutboxEntry &e : *outbox) {
            if (e.message.templateName != QLatin1String("vm-ready"))
                continue;
            for (const QString &vm : std::as_const(expectedVms)) {
                if (e.message.body.contains(vm)) {
                    QCOMPARE(e.message.to, QStringList{ownerEmailOf.value(vm)});
                    mailed.append(vm);
                }
            }
        }
        mailed.sort();
        QCOMPARE(mailed, expectedVms);
    }
};

QTEST_GUILESS_MAIN(TestOrderCrash)
#include "tst_ordercrash.moc"

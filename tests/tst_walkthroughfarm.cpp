// The walkthrough's end-to-end checks on the test farm (issue 11, tests 2, 3,
// 5, 6 and 8), as the customers, approvers and support staff would make them:
// through the core's services with their sessions, and on the farm's hosts
// themselves for what libvirt holds. The engine runs the shipped workflows
// with the product's connectors; the test keeps the farm it hands to the
// engine, to look at the hosts as an operator would with `virsh`.
#include "EngineHarness.h"
#include "OrdoInternals.h"
#include "TestFarm.h"
#include "TestSupport.h"

#include "connectors/Hypervisor.h"

#include <libvirt/libvirt.h>

#include <QSet>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace ordo;
using namespace ordo::test;
using connectors::HypervisorFarm;

namespace {

const QString kDemoPassword = QStringLiteral("demo");

// The product's test farm on the database's folder, its actions given to the
// engine in place of the ones the host built (same code, same node files), so
// that the test can look at the same libvirt connections the engine uses.
std::shared_ptr<HypervisorFarm> farmFor(EngineHarness &h)
{
    auto farm = HypervisorFarm::testFarm(QFileInfo(h.databasePath()).absolutePath());
    if (!farm)
        qFatal("%s", qPrintable(farm.error().message));
    HypervisorFarm::registerActions(*h.actions, *farm);
    return *farm;
}

// The embedded farm keeps its hosts in its node files: what an operator does
// to them runs under the farm's lock, on the hosts as the files hold them,
// and writes back what it changed, as the farm's own actions do.
class FarmLock
{
public:
    explicit FarmLock(HypervisorFarm &farm) : m_farm(farm)
    {
        m_fd = ::open(QFile::encodeName(farm.stateLock()).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (m_fd < 0 || ::flock(m_fd, LOCK_EX) < 0)
            qFatal("cannot lock the test farm %s", qPrintable(farm.stateLock()));
        m_farm.forgetState();
    }
    ~FarmLock() { ::close(m_fd); }
    void save()
    {
        if (auto failed = m_farm.saveState())
            qFatal("cannot save the test farm: %s", qPrintable(failed->message));
    }

private:
    HypervisorFarm &m_farm;
    int m_fd = -1;
};

// What `virsh list --all` shows on every host, templates left out.
QStringList vmsOnFarm(HypervisorFarm &farm)
{
    const FarmLock lock(farm);
    QStringList names;
    for (const connectors::HypervisorHost &host : farm.hosts()) {
        engine::ActionError error;
        virConnectPtr conn = farm.connection(host, error);
        if (!conn)
            qFatal("%s", qPrintable(error.message));
        virDomainPtr *domains = nullptr;
        const int count = virConnectListAllDomains(conn, &domains, 0);
        if (count < 0)
            qFatal("cannot list the domains of %s", qPrintable(host.name));
        for (int i = 0; i < count; ++i) {
            const QString name = QString::fromUtf8(virDomainGetName(domains[i]));
            if (!farm.templates().contains(name))
                names.append(name);
            virDomainFree(domains[i]);
        }
        free(domains);
    }
    names.sort();
    return names;
}

// What an operator does with `virsh define` on a host: the template is there again.
void defineTemplate(HypervisorFarm &farm, const QString &hostName, const QString &templateName)
{
    FarmLock lock(farm);
    const auto host = std::find_if(farm.hosts().begin(), farm.hosts().end(), [&](const auto &h) { return h.name == hostName; });
    QVERIFY(host != farm.hosts().end());
    engine::ActionError error;
    virConnectPtr conn = farm.connection(*host, error);
    QVERIFY2(conn, qPrintable(error.message));
    const QByteArray xml = QStringLiteral("<domain type='test'><name>%1</name><memory unit='KiB'>2097152</memory><vcpu>2</vcpu>"
                                          "<os><type arch='x86_64'>hvm</type></os>"
                                          "<devices><interface type='network'><source network='default'/></interface></devices></domain>")
                               .arg(templateName)
                               .toUtf8();
    virDomainPtr defined = virDomainDefineXML(conn, xml.constData());
    QVERIFY2(defined, "libvirt refused the template");
    virDomainFree(defined);
    lock.save();
}

const QVariantMap kApprovedVm{{QStringLiteral("cpus"), 2}, {QStringLiteral("memoryGiB"), 2}};

// The order's state as its customer sees it.
OrderState stateOf(Ordo &ordo, const Order &order)
{
    auto seen = ordo.orders().order(sessionFor(ordo, order.requesterName), order.id);
    return seen ? seen->state : OrderState::Submitted;
}

// Every workflow as the provider's support (every tenant) sees it.
QList<engine::WorkflowSummary> allWorkflows(Ordo &ordo)
{
    auto all = ordo.workflows().list(sessionFor(ordo, QStringLiteral("pat")));
    if (!all)
        qFatal("%s", qPrintable(all.error().message));
    return *all;
}


QList<OutboxEntry> mails(Ordo &ordo, const QString &templateName, const QString &to = {})
{
    auto entries = ordo.mail().outbox(sessionFor(ordo, QStringLiteral("pat")));
    if (!entries)
        qFatal("%s", qPrintable(entries.error().message));
    QList<OutboxEntry> found;
    for (const OutboxEntry &e : std::as_const(*entries))
        if (e.message.templateName == templateName && (to.isEmpty() || e.message.to.contains(to)))
            found.append(e);
    return found;
}

QList<connectors::CmdbItem> cmdbOf(Ordo &ordo, const QString &who)
{
    auto items = ordo.serviceDesk().cmdbItems(sessionFor(ordo, who));
    if (!items)
        qFatal("%s", qPrintable(items.error().message));
    return *items;
}

QList<connectors::Ticket> ticketsOf(Ordo &ordo, const QString &who)
{
    auto tickets = ordo.serviceDesk().tickets(sessionFor(ordo, who));
    if (!tickets)
        qFatal("%s", qPrintable(tickets.error().message));
    return *tickets;
}

QStringList commentsOn(Ordo &ordo, qint64 ticket)
{
    auto comments = ordo.serviceDesk().ticketComments(sessionFor(ordo, QStringLiteral("carol")), ticket);
    if (!comments)
        qFatal("%s", qPrintable(comments.error().message));
    QStringList texts;
    for (const connectors::TicketComment &c : std::as_const(*comments))
        texts.append(c.comment);
    return texts;
}

QList<UsageRecord> usageOf(Ordo &ordo, std::optional<Id> orderId = std::nullopt)
{
    auto records = ordo.usage().records(sessionFor(ordo, QStringLiteral("pat")), orderId);
    if (!records)
        qFatal("%s", qPrintable(records.error().message));
    return *records;
}

void approve(Ordo &ordo, const QString &approver, Id orderId)
{
    ORDO_CHECK_FATAL(ordo.approvals().decide(sessionFor(ordo, approver), orderId, Decision::Approve, QStringLiteral("fine")));
}

} // namespace

class TestWalkthroughFarm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Issue test 2: twenty customers' orders approved together, an engine of
    // several workers: each gets its VM, CMDB record and usage record, once.
    void twentyOrdersAtOnceGetOneOfEverythingEach()
    {
        engine::EngineOptions options;
        options.workers = 8;
        EngineHarness h(options);
        ORDO_VERIFY_OK(h.ordo->createDemo(kDemoPassword));
        const auto farm = farmFor(h);
        h.startEngine();

        // Ten orders of acme's alice and ten of globex's dave: each customer's quota of VMs, full.
        QList<Order> orders;
        for (int k = 0; k < 10; ++k)
            for (const QString &customer : {QStringLiteral("alice"), QStringLiteral("dave")})
                orders.append(checkOut(*h.ordo, customer, kApprovedVm));
        for (const Order &order : std::as_const(orders)) {
            QCOMPARE(order.state, OrderState::PendingApproval);
            approve(*h.ordo, order.tenantId == orders.first().tenantId ? QStringLiteral("bob") : QStringLiteral("erin"), order.id);
        }
        for (const Order &order : std::as_const(orders))
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order), OrderState::Completed, 120000);

        QStringList expectedVms;
        for (const Order &order : std::as_const(orders)) {
            const QList<engine::WorkflowSummary> vms = vmWorkflowsOf(*h.ordo, order.id);
            QCOMPARE(vms.size(), 1);
            QCOMPARE(vms.first().state, engine::WorkflowState::Succeeded);
            const QString vm = h.step(vms.first().id, QStringLiteral("clone")).outputs.value(QStringLiteral("vm")).toString();
            QCOMPARE(vm, vms.first().inputs.value(QStringLiteral("name")).toString());
            expectedVms.append(vm);
        }
        expectedVms.sort();
        QCOMPARE(QSet<QString>(expectedVms.begin(), expectedVms.end()).size(), 20);

        // The hosts hold those twenty VMs and nothing else.
        QCOMPARE(vmsOnFarm(*farm), expectedVms);

        // One CMDB record per VM, in the VM's tenant, with its order.
        QStringList registered;
        for (const connectors::CmdbItem &item : cmdbOf(*h.ordo, QStringLiteral("pat"))) {
            QVERIFY2(item.removedAt.isEmpty(), qPrintable(item.name));
            registered.append(item.name);
        }
        registered.sort();
        QCOMPARE(registered, expectedVms);
        QCOMPARE(cmdbOf(*h.ordo, QStringLiteral("carol")).size(), 10);

        // One running usage record per VM, each of its own order.
        QStringList metered;
        QSet<Id> meteredOrders;
        for (const UsageRecord &u : usageOf(*h.ordo)) {
            QCOMPARE(u.stoppedAtMs, 0);
            metered.append(u.resource);
            meteredOrders.insert(u.orderId);
        }
        metered.sort();
        QCOMPARE(metered, expectedVms);
        QCOMPARE(meteredOrders.size(), 20);
    }

    // Issue test 3: the template is missing from the farm; support has an
    // operator define it on a host and continues the workflow as it was.
    // (tst_failuretickets checks the ticket's text and a retry with another template.)
    void aMissingTemplateIsDefinedAndSupportContinues()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(kDemoPassword));
        writeFarmWithout(QFileInfo(h.databasePath()).absolutePath(), QStringLiteral("ubuntu-24.04"));
        const auto farm = farmFor(h);
        h.deliverTickets = true;
        h.startEngine();

        QVariantMap ubuntu = kApprovedVm;
        ubuntu.insert(QStringLiteral("template"), QStringLiteral("ubuntu-24.04"));
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), ubuntu);
        approve(*h.ordo, QStringLiteral("bob"), order.id);
        QTRY_COMPARE_WITH_TIMEOUT(vmWorkflowsOf(*h.ordo, order.id).size(), 1, 30000);
        const qint64 vm = vmWorkflowsOf(*h.ordo, order.id).first().id;
        QTRY_COMPARE_WITH_TIMEOUT(h.state(vm), engine::WorkflowState::Paused, 30000);
        QCOMPARE(h.stepState(vm, QStringLiteral("clone")), engine::StepState::Paused);
        QCOMPARE(stateOf(*h.ordo, order), OrderState::Provisioning);
        QCOMPARE(mails(*h.ordo, QStringLiteral("support-failure"), QStringLiteral("carol@acme.example")).size(), 1);
        QTRY_COMPARE(ticketsOf(*h.ordo, QStringLiteral("carol")).size(), 1);
        const qint64 ticket = ticketsOf(*h.ordo, QStringLiteral("carol")).first().id;
        QCOMPARE(vmsOnFarm(*farm), QStringList());

        defineTemplate(*farm, QStringLiteral("host2"), QStringLiteral("ubuntu-24.04"));
        ORDO_VERIFY_OK(h.ordo->workflows().resume(sessionFor(*h.ordo, QStringLiteral("carol")), vm,
                                                  QStringLiteral("ubuntu-24.04 is defined on host2 again")));
        QTRY_COMPARE_WITH_TIMEOUT(h.state(vm), engine::WorkflowState::Succeeded, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order), OrderState::Completed, 30000);

        // Cloned from the template as ordered, on the host that has it.
        const QJsonObject cloned = h.step(vm, QStringLiteral("clone")).outputs;
        QCOMPARE(cloned.value(QStringLiteral("host")).toString(), QStringLiteral("host2"));
        QCOMPARE(vmsOnFarm(*farm), QStringList{cloned.value(QStringLiteral("vm")).toString()});
        QCOMPARE(cmdbOf(*h.ordo, QStringLiteral("carol")).size(), 1);
        QCOMPARE(cmdbOf(*h.ordo, QStringLiteral("carol")).first().attributes.value(QStringLiteral("template")).toString(),
                 QStringLiteral("ubuntu-24.04"));
        QTRY_COMPARE(commentsOn(*h.ordo, ticket), QStringList{QStringLiteral("continue by carol: ubuntu-24.04 is defined on host2 again")});
        QCOMPARE(ticketsOf(*h.ordo, QStringLiteral("carol")).size(), 1);
        QCOMPARE(mails(*h.ordo, QStringLiteral("vm-ready"), QStringLiteral("alice@acme.example")).size(), 1);
    }

    // Issue test 5: the handover fails after the VM was registered and
    // metered (its customer's mail address was mistyped when the account was
    // made); support rolls back, and everything the VM's workflow made is undone.
    void aRollbackAfterTheCmdbStepUndoesEverything()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(kDemoPassword));
        ORDO_VERIFY_OK(h.ordo->accounts().createUser(QStringLiteral("alan"), QStringLiteral("Alan Customer"), QStringLiteral("alan.acme.example"),
                                                     kDemoPassword));
        ORDO_VERIFY_OK(h.ordo->accounts().grant(QStringLiteral("alan"), QStringLiteral("acme"), Role::Customer));
        const auto farm = farmFor(h);
        h.startEngine();

        const Order order = checkOut(*h.ordo, QStringLiteral("alan"), kApprovedVm);
        approve(*h.ordo, QStringLiteral("bob"), order.id);
        QTRY_COMPARE_WITH_TIMEOUT(vmWorkflowsOf(*h.ordo, order.id).size(), 1, 30000);
        const qint64 vm = vmWorkflowsOf(*h.ordo, order.id).first().id;
        QTRY_COMPARE_WITH_TIMEOUT(h.state(vm), engine::WorkflowState::Paused, 30000);
        QCOMPARE(h.stepState(vm, QStringLiteral("handover")), engine::StepState::Paused);
        QVERIFY2(h.step(vm, QStringLiteral("handover")).error.contains(QStringLiteral("'alan.acme.example' is not a mail address")),
                 qPrintable(h.step(vm, QStringLiteral("handover")).error));
        QCOMPARE(h.stepState(vm, QStringLiteral("cmdb")), engine::StepState::Succeeded);
        QCOMPARE(h.stepState(vm, QStringLiteral("metering")), engine::StepState::Succeeded);
        const QString vmName = h.step(vm, QStringLiteral("clone")).outputs.value(QStringLiteral("vm")).toString();
        QCOMPARE(vmsOnFarm(*farm), QStringList{vmName});
        QCOMPARE(cmdbOf(*h.ordo, QStringLiteral("carol")).size(), 1);
        QVERIFY(cmdbOf(*h.ordo, QStringLiteral("carol")).first().removedAt.isEmpty());
        QCOMPARE(usageOf(*h.ordo, order.id).size(), 1);
        QCOMPARE(usageOf(*h.ordo, order.id).first().stoppedAtMs, 0);

        ORDO_VERIFY_OK(h.ordo->workflows().rollback(sessionFor(*h.ordo, QStringLiteral("carol")), vm,
                                                    QStringLiteral("the customer's address is wrong: undo it and order again")));
        QTRY_COMPARE_WITH_TIMEOUT(h.state(vm), engine::WorkflowState::RolledBack, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order), OrderState::Failed, 30000);
        QCOMPARE(vmsOnFarm(*farm), QStringList());
        const QList<connectors::CmdbItem> cmdb = cmdbOf(*h.ordo, QStringLiteral("carol"));
        QCOMPARE(cmdb.size(), 1);
        QVERIFY2(!cmdb.first().removedAt.isEmpty(), "the CMDB record is still there");
        const QList<UsageRecord> usage = usageOf(*h.ordo, order.id);
        QCOMPARE(usage.size(), 1);
        QVERIFY(usage.first().stoppedAtMs >= usage.first().startedAtMs && usage.first().stoppedAtMs > 0);
        // alan sees his order failed; no mail can reach his address (anotherTenantNeitherSeesNorActs
        // sees a customer mailed after a rollback), and it no longer holds up the engine.
        QCOMPARE(mails(*h.ordo, QStringLiteral("order-failed")).size(), 0);
    }

    // Issue test 6 (tst_orderflow checks the order's workflow and the mail's
    // text): a rejected order leaves nothing behind on the farm or in the books.
    void aRejectionProvisionsNothing()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(kDemoPassword));
        const auto farm = farmFor(h);
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kApprovedVm);
        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Reject,
                                                  QStringLiteral("no budget left this quarter")));
        QTRY_COMPARE(stateOf(*h.ordo, order), OrderState::Rejected);
        QList<engine::WorkflowSummary> flows;
        for (const auto &w : allWorkflows(*h.ordo))
            if (w.orderId && *w.orderId == order.id)
                flows.append(w);
        QCOMPARE(flows.size(), 1);
        QTRY_COMPARE(h.state(flows.first().id), engine::WorkflowState::Succeeded);
        QVERIFY(h.engineCaughtUp());

        const QList<OutboxEntry> told = mails(*h.ordo, QStringLiteral("order-rejected"), QStringLiteral("alice@acme.example"));
        QCOMPARE(told.size(), 1);
        QVERIFY2(told.first().message.body.contains(QStringLiteral("no budget left this quarter")), qPrintable(told.first().message.body));
        QCOMPARE(vmWorkflowsOf(*h.ordo, order.id).size(), 0);
        QCOMPARE(vmsOnFarm(*farm), QStringList());
        QCOMPARE(cmdbOf(*h.ordo, QStringLiteral("pat")).size(), 0);
        QCOMPARE(usageOf(*h.ordo).size(), 0);
        QCOMPARE(mails(*h.ordo, QStringLiteral("vm-ready")).size(), 0);
    }

    // Issue test 8 (tst_isolation and tst_permissions check the services one
    // by one on hand-made workflows): on acme's real order, globex's approvers
    // and support see and do nothing of it, and acme's support can.
    void anotherTenantNeitherSeesNorActs()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(kDemoPassword));
        ORDO_VERIFY_OK(h.ordo->accounts().createUser(QStringLiteral("gina"), QStringLiteral("Gina Support"), QStringLiteral("gina@globex.example"),
                                                     kDemoPassword));
        ORDO_VERIFY_OK(h.ordo->accounts().grant(QStringLiteral("gina"), QStringLiteral("globex"), Role::Support));
        writeFarmWithout(QFileInfo(h.databasePath()).absolutePath(), QStringLiteral("ubuntu-24.04"));
        const auto farm = farmFor(h);
        h.deliverTickets = true;
        h.startEngine();

        QVariantMap ubuntu = kApprovedVm;
        ubuntu.insert(QStringLiteral("template"), QStringLiteral("ubuntu-24.04"));
        const Order acme = checkOut(*h.ordo, QStringLiteral("alice"), ubuntu);
        const Order globex = checkOut(*h.ordo, QStringLiteral("dave"), kApprovedVm);

        // globex's approver gets no mail of acme's (tst_isolation checks erin's queue and decisions).
        const QString acmeSubject = QStringLiteral("Order %1 of").arg(acme.id);
        QStringList askedAboutAcme;
        for (const OutboxEntry &e : mails(*h.ordo, QStringLiteral("approval-request")))
            if (e.message.subject.startsWith(acmeSubject))
                askedAboutAcme += e.message.to;
        QCOMPARE(askedAboutAcme, QStringList{QStringLiteral("bob@acme.example")});
        QCOMPARE(mails(*h.ordo, QStringLiteral("approval-request"), QStringLiteral("erin@globex.example")).size(), 1);

        approve(*h.ordo, QStringLiteral("bob"), acme.id);
        QTRY_COMPARE_WITH_TIMEOUT(vmWorkflowsOf(*h.ordo, acme.id).size(), 1, 30000);
        const qint64 vm = vmWorkflowsOf(*h.ordo, acme.id).first().id;
        QTRY_COMPARE_WITH_TIMEOUT(h.state(vm), engine::WorkflowState::Paused, 30000);
        QTRY_COMPARE(ticketsOf(*h.ordo, QStringLiteral("carol")).size(), 1);
        const qint64 ticket = ticketsOf(*h.ordo, QStringLiteral("carol")).first().id;
        const int attempts = h.step(vm, QStringLiteral("clone")).attempt;

        // globex's support: acme's workflows, their logs, mails and tickets look missing ...
        const Session gina = sessionFor(*h.ordo, QStringLiteral("gina"));
        auto ginasFlows = h.ordo->workflows().list(gina);
        ORDO_VERIFY_OK(ginasFlows);
        for (const auto &w : std::as_const(*ginasFlows))
            QVERIFY2(w.tenantId != acme.tenantId, qPrintable(QStringLiteral("gina sees workflow %1").arg(w.id)));
        ORDO_VERIFY_ERROR(h.ordo->workflows().workflow(gina, vm), ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(h.ordo->workflows().steps(gina, vm), ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(h.ordo->workflows().log(gina, vm), ErrorCode::NotFound);
        auto ginasMail = h.ordo->mail().outbox(gina);
        ORDO_VERIFY_OK(ginasMail);
        QVERIFY(!ginasMail->isEmpty()); // erin's approval request
        for (const OutboxEntry &e : std::as_const(*ginasMail))
            QVERIFY2(e.tenantId != acme.tenantId, qPrintable(e.message.subject));
        QCOMPARE(ticketsOf(*h.ordo, QStringLiteral("gina")).size(), 0);

        // ... and every support action on them is refused as on a workflow that does not exist.
        const QString why = QStringLiteral("not mine to mend");
        ORDO_VERIFY_ERROR(h.ordo->workflows().resume(gina, vm, why), ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(h.ordo->workflows().retryStep(gina, vm, QStringLiteral("clone"), {{QStringLiteral("template"), QStringLiteral("debian-12")}}, why),
                          ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(h.ordo->workflows().skipStep(gina, vm, QStringLiteral("clone"), {}, why), ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(h.ordo->workflows().rollback(gina, vm, why), ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(h.ordo->workflows().cancel(gina, vm, why), ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(h.ordo->workflows().pause(gina, vm, why), ErrorCode::NotFound);
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(h.state(vm), engine::WorkflowState::Paused);
        QCOMPARE(h.step(vm, QStringLiteral("clone")).attempt, attempts);
        QCOMPARE(commentsOn(*h.ordo, ticket), QStringList());

        // acme's support reads the log and rolls the order back; alice is told.
        const Session carol = sessionFor(*h.ordo, QStringLiteral("carol"));
        auto log = h.ordo->workflows().log(carol, vm);
        ORDO_VERIFY_OK(log);
        QVERIFY(!log->isEmpty());
        ORDO_VERIFY_OK(h.ordo->workflows().rollback(carol, vm, QStringLiteral("ubuntu is gone from the farm for good")));
        QTRY_COMPARE_WITH_TIMEOUT(h.state(vm), engine::WorkflowState::RolledBack, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, acme), OrderState::Failed, 30000);
        QTRY_COMPARE(commentsOn(*h.ordo, ticket), QStringList{QStringLiteral("rollback by carol: ubuntu is gone from the farm for good")});
        const QList<OutboxEntry> told = mails(*h.ordo, QStringLiteral("order-failed"), QStringLiteral("alice@acme.example"));
        QCOMPARE(told.size(), 1);
        QVERIFY2(told.first().message.body.contains(QString::number(acme.id)), qPrintable(told.first().message.body));
        QCOMPARE(vmsOnFarm(*farm), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestWalkthroughFarm)
#include "tst_walkthroughfarm.moc"

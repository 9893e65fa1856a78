// The walkthrough's thread on the test farm: checkout starts the order's
// workflow, the approver's decision starts (or stops) provisioning, and the
// order follows its provisioning workflows to their end.
#include "EngineHarness.h"
#include "OrdoInternals.h"
#include "TestSupport.h"

#include <QJsonDocument>

using namespace ordo;
using namespace ordo::test;

namespace {





// The product's mail.send held until the test lets it go: a VM workflow that
// has made its VM, CMDB record and usage record, and has not finished.
class HeldMail final : public engine::Action
{
public:
    explicit HeldMail(std::shared_ptr<HoldAction::Gate> gate) : m_hold(std::move(gate)) {}
    QString name() const override { return QStringLiteral("mail.send"); }
    QHash<QString, engine::InputSpec> inputs() const override { return {}; }
    bool acceptsAnyInput() const override { return true; }
    engine::ActionOutcome run(engine::ActionContext &ctx) override { return m_hold.run(ctx); }

private:
    HoldAction m_hold;
};

} // namespace

class TestOrderFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void checkoutStartsTheOrdersWorkflowAndApprovalProvisions()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        const QString aliceKey = QStringLiteral("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDKqwi0FRT2Ke6xhK+HjT5sDFVnq6PjD65FOIMomptYM alice@laptop");
        ORDO_VERIFY_OK(h.ordo->accounts().setSshPublicKey(sessionFor(*h.ordo, QStringLiteral("alice")), aliceKey));
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        QCOMPARE(order.state, OrderState::PendingApproval);

        // Checkout's own transaction started the order's workflow: it waits for the approvers.
        QList<engine::WorkflowSummary> flows = workflowsOf(*h.ordo, order.id);
        QCOMPARE(flows.size(), 1);
        QCOMPARE(flows.first().name, QStringLiteral("order"));
        QCOMPARE(flows.first().startedBy, QStringLiteral("alice"));
        QTRY_COMPARE(h.stepState(flows.first().id, QStringLiteral("approval-1")), engine::StepState::Waiting);
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(stateOf(*h.ordo, order.id), OrderState::PendingApproval);
        QCOMPARE(workflowsOf(*h.ordo, order.id).size(), 1);

        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Approve,
                                                  QStringLiteral("fine")));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), OrderState::Completed, 30000);

        flows = workflowsOf(*h.ordo, order.id);
        QCOMPARE(flows.size(), 2);
        QCOMPARE(flows.at(0).state, engine::WorkflowState::Succeeded);
        const engine::WorkflowSummary vm = flows.at(1);
        QCOMPARE(vm.name, QStringLiteral("linux-vm"));
        QCOMPARE(vm.state, engine::WorkflowState::Succeeded);
        QCOMPARE(vm.tenantId, order.tenantId);
        QCOMPARE(vm.inputs.value(QStringLiteral("cpus")).toInt(), 4);
        QCOMPARE(vm.inputs.value(QStringLiteral("memoryGiB")).toInt(), 16);
        QCOMPARE(vm.inputs.value(QStringLiteral("sshKey")).toString(), aliceKey);

        const QJsonObject configured = h.step(vm.id, QStringLiteral("configure")).outputs;
        QCOMPARE(configured.value(QStringLiteral("cpus")).toInt(), 4);
        QCOMPARE(configured.value(QStringLiteral("memoryGiB")).toDouble(), 16.0);
        const QString vmName = h.step(vm.id, QStringLiteral("clone")).outputs.value(QStringLiteral("vm")).toString();
        QCOMPARE(vmName, QStringLiteral("acme-%1-1").arg(order.id));
        const QString address = h.step(vm.id, QStringLiteral("address")).outputs.value(QStringLiteral("address")).toString();
        QVERIFY(!address.isEmpty());

        // No guest runs on the test farm: the SSH steps say they were skipped, never that they ran.
        QCOMPARE(h.stepState(vm.id, QStringLiteral("verify")), engine::StepState::Skipped);
        QCOMPARE(h.stepState(vm.id, QStringLiteral("updates")), engine::StepState::Skipped);
        QCOMPARE(h.stepState(vm.id, QStringLiteral("installKey")), engine::StepState::Skipped);
        QVERIFY2(h.step(vm.id, QStringLiteral("verify")).error.contains(QStringLiteral("the test farm runs no guest")),
                 qPrintable(h.step(vm.id, QStringLiteral("verify")).error));

        auto cmdb = h.ordo->serviceDesk().cmdbItems(sessionFor(*h.ordo, QStringLiteral("carol")));
        ORDO_VERIFY_OK(cmdb);
        QCOMPARE(cmdb->size(), 1);
        QCOMPARE(cmdb->first().name, vmName);
        QCOMPARE(cmdb->first().ip, address);
        QCOMPARE(cmdb->first().attributes.value(QStringLiteral("cpus")).toInt(), 4);
        QCOMPARE(cmdb->first().attributes.value(QStringLiteral("order")).toInteger(), order.id);
        QCOMPARE(cmdb->first().attributes.value(QStringLiteral("owner")).toString(), QStringLiteral("alice"));

        const QList<MailMessage> handover = mailsTo(*h.ordo, QStringLiteral("alice@acme.example"), QStringLiteral("vm-ready"));
        QCOMPARE(handover.size(), 1);
        QVERIFY2(handover.first().body.contains(vmName) && handover.first().body.contains(address), qPrintable(handover.first().body));
    }

    void aRejectionTellsTheCustomerAndProvisionsNothing()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Reject,
                                                  QStringLiteral("no budget left this quarter")));
        const qint64 flow = workflowsOf(*h.ordo, order.id).first().id;
        QTRY_COMPARE(h.state(flow), engine::WorkflowState::Succeeded);
        QCOMPARE(h.step(flow, QStringLiteral("approval-1")).outputs.value(QStringLiteral("decision")).toString(), QStringLiteral("rejected"));
        QCOMPARE(h.stepState(flow, QStringLiteral("provision")), engine::StepState::Skipped);
        QCOMPARE(workflowsOf(*h.ordo, order.id).size(), 1);
        QCOMPARE(stateOf(*h.ordo, order.id), OrderState::Rejected);

        const QList<MailMessage> told = mailsTo(*h.ordo, QStringLiteral("alice@acme.example"), QStringLiteral("order-rejected"));
        QCOMPARE(told.size(), 1);
        QVERIFY2(told.first().body.contains(QStringLiteral("no budget left this quarter")) && told.first().body.contains(QStringLiteral("bob")),
                 qPrintable(told.first().body));
        QCOMPARE(h.ordo->serviceDesk().cmdbItems(sessionFor(*h.ordo, QStringLiteral("carol")))->size(), 0);
    }

    void anAutoApprovedOrderProvisionsAtOnce()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        auto acme = OrdoInternals::store(*h.ordo).tenantBySlug(QStringLiteral("acme"));
        ORDO_VERIFY_OK(acme);
        ORDO_VERIFY_OK(OrdoInternals::database(*h.ordo).write([&] {
            return OrdoInternals::store(*h.ordo).setTenantPolicy(acme->id, QJsonDocument::fromJson(R"({
                "levels": [{"name": "Manager", "group": "acme-approvers", "mode": "any"}],
                "autoApprove": {"maxMonthlyCents": 5000, "maxVcpus": 2, "maxMemoryGiB": 4}})").object());
        }));
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), {{QStringLiteral("cpus"), 1}, {QStringLiteral("memoryGiB"), 1}});
        QCOMPARE(order.state, OrderState::Approved);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), OrderState::Completed, 30000);
        QCOMPARE(workflowsOf(*h.ordo, order.id).size(), 2);
    }

    void aQuantityGivesOneWorkflowPerVm()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const Session alice = sessionFor(*h.ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(h.ordo->cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 1}, {QStringLiteral("memoryGiB"), 1}}, 3));
        auto order = h.ordo->orders().checkout(alice);
        ORDO_VERIFY_OK(order);
        if (order->state == OrderState::PendingApproval)
            ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order->id, Decision::Approve, {}));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order->id), OrderState::Completed, 30000);
        const auto flows = workflowsOf(*h.ordo, order->id);
        QCOMPARE(flows.size(), 4);
        QStringList names;
        for (int k = 1; k < flows.size(); ++k)
            names.append(flows.at(k).inputs.value(QStringLiteral("name")).toString());
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("acme-%1-1").arg(order->id), QStringLiteral("acme-%1-2").arg(order->id),
                                     QStringLiteral("acme-%1-3").arg(order->id)}));
        QCOMPARE(h.ordo->serviceDesk().cmdbItems(sessionFor(*h.ordo, QStringLiteral("carol")))->size(), 3);
    }

    // An engine that would not look by itself for ten minutes: only the
    // decision's commit can wake it.
    void aDecisionWakesTheEngine_data()
    {
        QTest::addColumn<bool>("fromAnotherProcess");
        QTest::newRow("in this process") << false;
        QTest::newRow("ordoctl") << true;
    }

    void aDecisionWakesTheEngine()
    {
        QFETCH(bool, fromAnotherProcess);
        engine::EngineOptions sleepy;
        sleepy.pollMs = 600000;
        EngineHarness h(sleepy);
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        const qint64 flow = workflowsOf(*h.ordo, order.id).first().id;
        QTRY_COMPARE(h.stepState(flow, QStringLiteral("approval-1")), engine::StepState::Waiting);
        if (fromAnotherProcess) {
            const CommandResult approved = ordoctl(h.databasePath(), QStringLiteral("bob"),
                                                   {QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(order.id)});
            QVERIFY2(approved.exitCode == 0, qPrintable(approved.err));
        } else {
            ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Approve, {}));
        }
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), OrderState::Completed, 30000);
    }

    void supportCannotDropProvisioning()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Approve, {}));
        const qint64 flow = workflowsOf(*h.ordo, order.id).first().id;
        // Skipping it would leave the order provisioning for ever, whatever its VMs do.
        ORDO_VERIFY_ERROR(h.ordo->workflows().skipStep(sessionFor(*h.ordo, QStringLiteral("carol")), flow, QStringLiteral("provision"), {},
                                                       QStringLiteral("hurry")),
                          ErrorCode::NotPermitted);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), OrderState::Completed, 30000);
        QCOMPARE(h.stepState(flow, QStringLiteral("provision")), engine::StepState::Succeeded);
    }

    void supportCannotSkipAnApproval()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        const qint64 flow = workflowsOf(*h.ordo, order.id).first().id;
        QTRY_COMPARE(h.stepState(flow, QStringLiteral("approval-1")), engine::StepState::Waiting);
        for (const QString &who : {QStringLiteral("carol"), QStringLiteral("pat")}) {
            const Session support = sessionFor(*h.ordo, who);
            ORDO_VERIFY_ERROR(h.ordo->workflows().skipStep(support, flow, QStringLiteral("approval-1"),
                                                           {{QStringLiteral("decision"), QStringLiteral("approved")}}, QStringLiteral("urgent")),
                              ErrorCode::NotPermitted);
            ORDO_VERIFY_ERROR(h.ordo->workflows().completeHumanTask(support, flow, QStringLiteral("approval-1"),
                                                                    {{QStringLiteral("decision"), QStringLiteral("approved")}}),
                              ErrorCode::BadInput);
        }
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(stateOf(*h.ordo, order.id), OrderState::PendingApproval);
        QCOMPARE(workflowsOf(*h.ordo, order.id).size(), 1);
        QCOMPARE(h.stepState(flow, QStringLiteral("approval-1")), engine::StepState::Waiting);
    }

    void aWaitingOrderIsCancelledAtOnce()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        const qint64 flow = workflowsOf(*h.ordo, order.id).first().id;
        QTRY_COMPARE(h.stepState(flow, QStringLiteral("approval-1")), engine::StepState::Waiting);
        const QStringList cancel{QStringLiteral("orders"), QStringLiteral("cancel"), QString::number(order.id)};
        const CommandResult noReason = ordoctl(h.databasePath(), QStringLiteral("alice"), cancel);
        QVERIFY2(noReason.exitCode != 0 && noReason.err.contains(QStringLiteral("--reason")), qPrintable(noReason.err));
        QCOMPARE(stateOf(*h.ordo, order.id), OrderState::PendingApproval);

        const CommandResult cancelled = ordoctl(h.databasePath(), QStringLiteral("alice"),
                                                cancel + QStringList{QStringLiteral("--reason"), QStringLiteral("ordered the wrong size")});
        QVERIFY2(cancelled.exitCode == 0, qPrintable(cancelled.err));
        QCOMPARE(stateOf(*h.ordo, order.id), OrderState::Cancelled);
        QTRY_COMPARE(h.state(flow), engine::WorkflowState::Succeeded);
        QCOMPARE(h.step(flow, QStringLiteral("approval-1")).outputs.value(QStringLiteral("decision")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(h.stepState(flow, QStringLiteral("provision")), engine::StepState::Skipped);
        QCOMPARE(workflowsOf(*h.ordo, order.id).size(), 1);
        // Nobody decides on it any more, and it is not cancelled twice.
        QCOMPARE(h.ordo->approvals().pending(sessionFor(*h.ordo, QStringLiteral("bob")))->size(), 0);
        ORDO_VERIFY_ERROR(h.ordo->orders().cancel(sessionFor(*h.ordo, QStringLiteral("alice")), order.id, QStringLiteral("again")),
                          ErrorCode::Conflict);
    }

    void cancellingDuringProvisioningRollsItBack()
    {
        EngineHarness h;
        auto gate = std::make_shared<HoldAction::Gate>();
        h.actions->add(std::make_shared<HeldMail>(gate));
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Approve, {}));
        QTRY_COMPARE_WITH_TIMEOUT(gate->running.load(), 1, 30000);
        const Session carol = sessionFor(*h.ordo, QStringLiteral("carol"));
        QCOMPARE(h.ordo->serviceDesk().cmdbItems(carol)->size(), 1);
        QCOMPARE(stateOf(*h.ordo, order.id), OrderState::Provisioning);

        // Support does not cancel a customer's order; the customer does.
        ORDO_VERIFY_ERROR(h.ordo->orders().cancel(carol, order.id, QStringLiteral("tidy up")), ErrorCode::NotPermitted);
        // A reason may have 2000 characters, not one more, also while provisioning is rolled back.
        const Session alice = sessionFor(*h.ordo, QStringLiteral("alice"));
        const QString longest = QStringLiteral("not needed after all").leftJustified(2000, QLatin1Char('.'));
        ORDO_VERIFY_ERROR(h.ordo->orders().cancel(alice, order.id, longest + QLatin1Char('.')), ErrorCode::BadInput);
        auto cancelled = h.ordo->orders().cancel(alice, order.id, longest);
        ORDO_VERIFY_OK(cancelled);
        QCOMPARE(cancelled->state, OrderState::Cancelled);

        const QList<engine::WorkflowSummary> flows = workflowsOf(*h.ordo, order.id);
        QCOMPARE(flows.size(), 2);
        const qint64 vm = flows.at(1).id;
        QTRY_COMPARE_WITH_TIMEOUT(h.state(vm), engine::WorkflowState::RolledBack, 30000);
        QTRY_COMPARE(h.state(flows.at(0).id), engine::WorkflowState::Succeeded);
        QCOMPARE(h.step(flows.at(0).id, QStringLiteral("provision")).outputs.value(QStringLiteral("cancelled")).toBool(), true);
        // The compensations ran: no CMDB record, metering stopped, and the order stays cancelled.
        auto cmdb = h.ordo->serviceDesk().cmdbItems(carol);
        ORDO_VERIFY_OK(cmdb);
        QCOMPARE(cmdb->size(), 1);
        QVERIFY(!cmdb->first().removedAt.isEmpty());
        auto usage = h.ordo->usage().records(sessionFor(*h.ordo, QStringLiteral("alice")), order.id);
        ORDO_VERIFY_OK(usage);
        QCOMPARE(usage->size(), 1);
        QVERIFY(usage->first().stoppedAtMs > 0);
        QCOMPARE(stateOf(*h.ordo, order.id), OrderState::Cancelled);
        // The customer cancelled it: no mail about a failure.
        QCOMPARE(mailsTo(*h.ordo, QStringLiteral("alice@acme.example"), QStringLiteral("order-failed")).size(), 0);
    }

    void aWorkflowWithoutAnOrderProvisionsNothing()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        // An admin's hand-started workflow names the order steps: it belongs to no order, so they fail.
        const Session admin = sessionFor(*h.ordo, QStringLiteral("admin"));
        auto id = h.ordo->workflows().start(admin, R"({"name": "sneaky", "version": 1, "steps": [
            {"id": "provision", "action": "order.provision", "onError": "fail"}]})", {});
        ORDO_VERIFY_OK(id);
        QTRY_COMPARE(h.state(*id), engine::WorkflowState::Failed);
        QVERIFY2(h.step(*id, QStringLiteral("provision")).error.contains(QStringLiteral("belongs to none")),
                 qPrintable(h.step(*id, QStringLiteral("provision")).error));
        // And the order steps take no inputs that could name an order.
        auto named = h.ordo->workflows().validate(R"({"name": "sneakier", "version": 1, "steps": [
            {"id": "provision", "action": "order.provision", "with": {"order": 1}}]})");
        ORDO_VERIFY_OK(named);
        QVERIFY(!named->definition);
    }
};

QTEST_GUILESS_MAIN(TestOrderFlow)
#include "tst_orderflow.moc"

// The order workflow under a tenant's approval policy: one step per level,
// decided in turn; one mail per approver of a level; a reminder before the
// order expires, and the policy's default decision when it does. The time is
// the manual clock's.
#include "EngineHarness.h"
#include "OrdoInternals.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace ordo;
using namespace ordo::test;

namespace {

void addApprover(Ordo &ordo, const QString &name, const QString &group)
{
    if (!OrdoInternals::store(ordo).userByName(name))
        ORDO_CHECK_FATAL(ordo.accounts().createUser(name, {}, QStringLiteral("%1@acme.example").arg(name), QStringLiteral("demo")));
    ORDO_CHECK_FATAL(ordo.accounts().grant(name, QStringLiteral("acme"), Role::Approver));
    ORDO_CHECK_FATAL(ordo.accounts().addToGroup(name, QStringLiteral("acme"), group));
}

void setPolicy(Ordo &ordo, const QByteArray &json)
{
    auto tenant = OrdoInternals::store(ordo).tenantBySlug(QStringLiteral("acme"));
    ORDO_CHECK_FATAL(tenant);
    ORDO_CHECK_FATAL(OrdoInternals::database(ordo).write(
        [&] { return OrdoInternals::store(ordo).setTenantPolicy(tenant->id, QJsonDocument::fromJson(json).object()); }));
}

qint64 orderWorkflow(Ordo &ordo, Id orderId)
{
    auto all = ordo.workflows().list(sessionFor(ordo, QStringLiteral("pat")));
    ORDO_CHECK_FATAL(all);
    for (const auto &w : *all)
        if (w.orderId && *w.orderId == orderId && w.name == QLatin1String("order"))
            return w.id;
    qFatal("order %lld has no workflow", static_cast<long long>(orderId));
}



const QByteArray kTwoLevels = R"({"levels": [{"name": "Managers", "group": "acme-approvers", "mode": "any"},
                                             {"name": "Finance", "group": "finance", "mode": "any"}],
                                  "quotas": {"tenant": {"vcpus": 64, "memoryGiB": 256}}})";

} // namespace

class TestApprovalLevels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void eachLevelIsAStepDecidedInTurn()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        addApprover(*h.ordo, QStringLiteral("grace"), QStringLiteral("finance"));
        setPolicy(*h.ordo, kTwoLevels);
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        const qint64 flow = orderWorkflow(*h.ordo, order.id);

        auto steps = h.runtime->steps(flow);
        ORDO_VERIFY_OK(steps);
        QStringList keys;
        for (const auto &s : *steps)
            keys.append(s.key);
        QCOMPARE(keys, (QStringList{QStringLiteral("approval-1"), QStringLiteral("approval-2"), QStringLiteral("provision")}));

        QTRY_COMPARE(h.stepState(flow, QStringLiteral("approval-1")), engine::StepState::Waiting);
        QCOMPARE(h.step(flow, QStringLiteral("approval-1")).inputs.value(QStringLiteral("name")).toString(), QStringLiteral("Managers"));
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(h.stepState(flow, QStringLiteral("approval-2")), engine::StepState::Pending);
        QCOMPARE(mailsTo(*h.ordo, QStringLiteral("bob@acme.example"), QStringLiteral("approval-request")).size(), 1);
        QCOMPARE(mailsTo(*h.ordo, QStringLiteral("grace@acme.example"), QStringLiteral("approval-request")).size(), 0);

        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Approve, {}));
        QTRY_COMPARE(h.stepState(flow, QStringLiteral("approval-2")), engine::StepState::Waiting);
        QCOMPARE(h.step(flow, QStringLiteral("approval-2")).inputs.value(QStringLiteral("name")).toString(), QStringLiteral("Finance"));
        const QJsonObject first = h.step(flow, QStringLiteral("approval-1")).outputs;
        QCOMPARE(first.value(QStringLiteral("decision")).toString(), QStringLiteral("approved"));
        QCOMPARE(first.value(QStringLiteral("level")).toString(), QStringLiteral("Managers"));
        QCOMPARE(first.value(QStringLiteral("decidedBy")).toArray(), (QJsonArray{QStringLiteral("bob")}));
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(stateOf(*h.ordo, order.id), OrderState::PendingApproval);
        QCOMPARE(h.stepState(flow, QStringLiteral("provision")), engine::StepState::Pending);
        const QList<MailMessage> finance = mailsTo(*h.ordo, QStringLiteral("grace@acme.example"), QStringLiteral("approval-request"));
        QCOMPARE(finance.size(), 1);
        QVERIFY2(finance.first().body.contains(QStringLiteral("approval level Finance")), qPrintable(finance.first().body));

        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("grace")), order.id, Decision::Approve, {}));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), OrderState::Completed, 30000);
        QCOMPARE(h.step(flow, QStringLiteral("approval-2")).outputs.value(QStringLiteral("decidedBy")).toArray(),
                 (QJsonArray{QStringLiteral("grace")}));
        QCOMPARE(h.state(flow), engine::WorkflowState::Succeeded);
    }

    // The policy gains a level while an order waits at its only one: the order's
    // last approval step waits for the whole decision, so provisioning starts
    // once the new level has approved too, not before, and not never.
    void aLevelGainedWhileTheOrderWaitsIsDecidedBeforeProvisioning()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        addApprover(*h.ordo, QStringLiteral("grace"), QStringLiteral("finance"));
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        const qint64 flow = orderWorkflow(*h.ordo, order.id);
        QTRY_COMPARE(h.stepState(flow, QStringLiteral("approval-1")), engine::StepState::Waiting);
        setPolicy(*h.ordo, kTwoLevels);

        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Approve, {}));
        QVERIFY(h.engineCaughtUp());
        QCOMPARE(stateOf(*h.ordo, order.id), OrderState::PendingApproval);
        QCOMPARE(h.stepState(flow, QStringLiteral("approval-1")), engine::StepState::Waiting);
        QCOMPARE(h.stepState(flow, QStringLiteral("provision")), engine::StepState::Pending);

        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("grace")), order.id, Decision::Approve, {}));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), OrderState::Completed, 30000);
        QCOMPARE(h.state(flow), engine::WorkflowState::Succeeded);
    }

    void aRejectionAtTheSecondLevelProvisionsNothing()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        addApprover(*h.ordo, QStringLiteral("grace"), QStringLiteral("finance"));
        setPolicy(*h.ordo, kTwoLevels);
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        const qint64 flow = orderWorkflow(*h.ordo, order.id);
        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Approve, {}));
        QTRY_COMPARE(h.stepState(flow, QStringLiteral("approval-2")), engine::StepState::Waiting);
        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("grace")), order.id, Decision::Reject,
                                                  QStringLiteral("over budget")));
        QTRY_COMPARE(h.state(flow), engine::WorkflowState::Succeeded);
        QCOMPARE(h.step(flow, QStringLiteral("approval-2")).outputs.value(QStringLiteral("decision")).toString(), QStringLiteral("rejected"));
        QCOMPARE(h.stepState(flow, QStringLiteral("provision")), engine::StepState::Skipped);
        QCOMPARE(stateOf(*h.ordo, order.id), OrderState::Rejected);
    }

    // bob is in both levels' groups: his one approval does not count twice. The
    // second level is grace's, in his queue it does not show, and no second mail asks him.
    void onePersonInTwoLevelsApprovesOnce()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        addApprover(*h.ordo, QStringLiteral("grace"), QStringLiteral("finance"));
        ORDO_VERIFY_OK(h.ordo->accounts().addToGroup(QStringLiteral("bob"), QStringLiteral("acme"), QStringLiteral("finance")));
        setPolicy(*h.ordo, kTwoLevels);
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        const qint64 flow = orderWorkflow(*h.ordo, order.id);
        const Session bob = sessionFor(*h.ordo, QStringLiteral("bob"));
        ORDO_VERIFY_OK(h.ordo->approvals().decide(bob, order.id, Decision::Approve, {}));
        QTRY_COMPARE(h.stepState(flow, QStringLiteral("approval-2")), engine::StepState::Waiting);

        auto again = h.ordo->approvals().decide(bob, order.id, Decision::Approve, {});
        ORDO_VERIFY_ERROR(again, ErrorCode::NotPermitted);
        QCOMPARE(stateOf(*h.ordo, order.id), OrderState::PendingApproval);
        auto queue = h.ordo->approvals().pending(bob);
        ORDO_VERIFY_OK(queue);
        QVERIFY(queue->isEmpty());
        QCOMPARE(mailsTo(*h.ordo, QStringLiteral("bob@acme.example"), QStringLiteral("approval-request")).size(), 1);
        QCOMPARE(mailsTo(*h.ordo, QStringLiteral("grace@acme.example"), QStringLiteral("approval-request")).size(), 1);

        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("grace")), order.id, Decision::Approve, {}));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), OrderState::Completed, 30000);
    }

    // An all-of level counts nobody who approved an earlier level: grace alone completes it.
    void anAllOfLevelWaitsNotForWhoApprovedEarlier()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        addApprover(*h.ordo, QStringLiteral("grace"), QStringLiteral("finance"));
        ORDO_VERIFY_OK(h.ordo->accounts().addToGroup(QStringLiteral("bob"), QStringLiteral("acme"), QStringLiteral("finance")));
        setPolicy(*h.ordo, R"({"levels": [{"name": "Managers", "group": "acme-approvers", "mode": "any"},
                                          {"name": "Finance", "group": "finance", "mode": "all"}]})");
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Approve, {}));
        auto last = h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("grace")), order.id, Decision::Approve, {});
        ORDO_VERIFY_OK(last);
        QVERIFY(last->finalDecision);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), OrderState::Completed, 30000);
    }

    // One mail per designated approver of the level, with what they decide on.
    void theApprovalMailNamesWhatIsDecided()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        addApprover(*h.ordo, QStringLiteral("frank"), QStringLiteral("acme-approvers"));
        addApprover(*h.ordo, QStringLiteral("grace"), QStringLiteral("finance"));
        setPolicy(*h.ordo, kTwoLevels);
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        for (const QString &approver : {QStringLiteral("bob"), QStringLiteral("frank")}) {
            const QList<MailMessage> mails = mailsTo(*h.ordo, approver + QStringLiteral("@acme.example"), QStringLiteral("approval-request"));
            QCOMPARE(mails.size(), 1);
            const QString body = mails.first().body;
            QVERIFY2(mails.first().subject.contains(QString::number(order.id)), qPrintable(mails.first().subject));
            QVERIFY2(body.contains(QStringLiteral("(order %1)").arg(order.id)), qPrintable(body));
            QVERIFY2(body.contains(QStringLiteral("Alice")), qPrintable(body));
            QVERIFY2(body.contains(QStringLiteral("1 x Linux virtual machine")), qPrintable(body));
            QVERIFY2(body.contains(formatMoney(order.monthlyCents, order.currency)), qPrintable(body));
            QVERIFY2(body.contains(QStringLiteral("the order adds 4 vCPUs, 16 GiB of memory and 1 VMs; acme then uses 4 of 64 vCPUs, "
                                                  "16 of 256 GiB and 1 (no limit) VMs")),
                     qPrintable(body));
            QVERIFY2(body.contains(QStringLiteral("approval level Managers")), qPrintable(body));
            QVERIFY2(body.contains(QStringLiteral("ordo://approvals?order=%1").arg(order.id)), qPrintable(body));
        }
        // Nobody outside the level, and not the requester, hears of it yet.
        QCOMPARE(mailsTo(*h.ordo, QStringLiteral("grace@acme.example"), QStringLiteral("approval-request")).size(), 0);
        QCOMPARE(mailsTo(*h.ordo, QStringLiteral("alice@acme.example"), QStringLiteral("approval-request")).size(), 0);
        // The mail is a request: the order waits until an approver decides.
        QCOMPARE(stateOf(*h.ordo, order.id), OrderState::PendingApproval);
    }

    // An all-of level over four hours: at three hours the approver who has not
    // decided is reminded, once; at four the policy's default decision applies.
    void undecidedApproversAreRemindedThenThePolicyDecides_data()
    {
        QTest::addColumn<QString>("defaultDecision");
        QTest::addColumn<OrderState>("expired");
        QTest::newRow("reject") << QStringLiteral("reject") << OrderState::Rejected;
        QTest::newRow("approve") << QStringLiteral("approve") << OrderState::Completed;
    }

    void undecidedApproversAreRemindedThenThePolicyDecides()
    {
        QFETCH(QString, defaultDecision);
        QFETCH(OrderState, expired);
        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        EngineHarness h({}, &clock);
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        addApprover(*h.ordo, QStringLiteral("frank"), QStringLiteral("acme-approvers"));
        setPolicy(*h.ordo, QStringLiteral(R"({"levels": [{"name": "Managers", "group": "acme-approvers", "mode": "all"}],
                                              "expiry": {"hours": 4, "defaultDecision": "%1"}})").arg(defaultDecision).toUtf8());
        h.startEngine();
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"), kBigVm);
        const qint64 flow = orderWorkflow(*h.ordo, order.id);
        QTRY_COMPARE(h.stepState(flow, QStringLiteral("approval-1")), engine::StepState::Waiting);
        ORDO_VERIFY_OK(h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order.id, Decision::Approve, {}));

        const auto reminders = [&](const QString &who) {
            return mailsTo(*h.ordo, who + QStringLiteral("@acme.example"), QStringLiteral("approval-reminder"));
        };
        const auto advance = [&](qint64 ms) {
            clock.advance(ms);
            h.engine->wake();
            return h.engineCaughtUp();
        };
        QVERIFY(advance(3 * 3600 * 1000 - 1));
        QCOMPARE(reminders(QStringLiteral("frank")).size(), 0);

        QVERIFY(advance(1));
        QTRY_COMPARE(reminders(QStringLiteral("frank")).size(), 1);
        const MailMessage reminder = reminders(QStringLiteral("frank")).first();
        QVERIFY2(reminder.subject.contains(QStringLiteral("until 2026-03-02T13:00:00Z")), qPrintable(reminder.subject));
        QVERIFY2(reminder.body.contains(QStringLiteral("ordo://approvals?order=%1").arg(order.id)), qPrintable(reminder.body));
        // bob has decided: nothing to remind him of.
        QCOMPARE(reminders(QStringLiteral("bob")).size(), 0);

        QVERIFY(advance(3600 * 1000 - 1));
        QCOMPARE(reminders(QStringLiteral("frank")).size(), 1);
        QCOMPARE(stateOf(*h.ordo, order.id), OrderState::PendingApproval);
        QCOMPARE(h.stepState(flow, QStringLiteral("approval-1")), engine::StepState::Waiting);

        QVERIFY(advance(1));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), expired, 30000);
        QCOMPARE(reminders(QStringLiteral("frank")).size(), 1);
        const QString decision = h.step(flow, QStringLiteral("approval-1")).outputs.value(QStringLiteral("decision")).toString();
        QCOMPARE(decision, expired == OrderState::Rejected ? QStringLiteral("rejected") : QStringLiteral("approved"));
    }
};

QTEST_GUILESS_MAIN(TestApprovalLevels)
#include "tst_approvallevels.moc"

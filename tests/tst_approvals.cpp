#include "TestSupport.h"
#include "OrdoInternals.h"

#include <QJsonDocument>

using namespace ordo;
using namespace ordo::test;

namespace {

void addApprover(Ordo &ordo, const QString &name, const QString &group)
{
    if (!OrdoInternals::store(ordo).userByName(name))
        ORDO_CHECK_FATAL(ordo.accounts().createUser(name, {}, {}, QStringLiteral("demo")));
    ORDO_CHECK_FATAL(ordo.accounts().grant(name, QStringLiteral("acme"), Role::Approver));
    ORDO_CHECK_FATAL(ordo.accounts().addToGroup(name, QStringLiteral("acme"), group));
}

void setPolicy(Ordo &ordo, const char *json)
{
    auto tenant = OrdoInternals::store(ordo).tenantBySlug(QStringLiteral("acme"));
    auto set = OrdoInternals::database(ordo).write([&] { return OrdoInternals::store(ordo).setTenantPolicy(tenant->id, QJsonDocument::fromJson(json).object()); });
    if (!set)
        qFatal("%s", qPrintable(set.error().message));
}

} // namespace

class TestApprovals : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void anApproverApproves()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        auto queue = ordo->approvals().pending(bob);
        ORDO_VERIFY_OK(queue);
        QCOMPARE(queue->size(), 1);
        QCOMPARE(queue->first().id, order.id);
        auto outcome = ordo->approvals().decide(bob, order.id, Decision::Approve, QStringLiteral("fine"));
        ORDO_VERIFY_OK(outcome);
        QVERIFY(outcome->finalDecision);
        QCOMPARE(outcome->order.state, OrderState::Approved);
        QCOMPARE(outcome->order.version, order.version + 1);
        QCOMPARE(ordo->approvals().pending(bob)->size(), 0);
        auto decisions = ordo->approvals().decisions(bob, order.id);
        QCOMPARE(decisions->size(), 1);
        QCOMPARE(decisions->first().approverName, QStringLiteral("bob"));
        QCOMPARE(decisions->first().comment, QStringLiteral("fine"));
    }

    // The approver sees the route, the quota impact and what the requester changed from the catalog's defaults.
    void detailsShowWhatTheApproverWeighs()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        addApprover(*ordo, QStringLiteral("frank"), QStringLiteral("acme-approvers"));
        const Order earlier = checkOut(*ordo, QStringLiteral("alice"));
        const Order order = checkOut(*ordo, QStringLiteral("alice"),
                                     {{QStringLiteral("cpus"), 4}, {QStringLiteral("memoryGiB"), 16}, {QStringLiteral("template"), QStringLiteral("debian-12")}});
        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        auto d = ordo->approvals().details(bob, order.id);
        ORDO_VERIFY_OK(d);
        QCOMPARE(d->order.id, order.id);
        QCOMPARE(d->requesterDisplayName, QStringLiteral("Alice Customer"));
        QCOMPARE(d->levels.size(), 1);
        QCOMPARE(d->levels.first().level, QStringLiteral("Manager"));
        QCOMPARE(d->levels.first().approvers, (QStringList{QStringLiteral("bob"), QStringLiteral("frank")}));
        QVERIFY(d->decisions.isEmpty());
        // Only the parameters that differ from the defaults: debian-12 and the updates are the defaults.
        QCOMPARE(d->lines.size(), 1);
        const auto &changed = d->lines.first().changedParameters;
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).name, QStringLiteral("cpus"));
        QCOMPARE(changed.at(0).catalogDefault.toLongLong(), 2);
        QCOMPARE(changed.at(0).ordered.toLongLong(), 4);
        QCOMPARE(changed.at(1).name, QStringLiteral("memoryGiB"));
        QCOMPARE(changed.at(1).ordered.toLongLong(), 16);
        // Both pending orders count; without this one, only the earlier one runs.
        QCOMPARE(d->quotas.size(), 2);
        QCOMPARE(d->quotas.at(0).scope, QStringLiteral("tenant"));
        QCOMPARE(d->quotas.at(0).inUse.vcpus, earlier.footprint.vcpus);
        QCOMPARE(d->quotas.at(0).afterOrder.vcpus, earlier.footprint.vcpus + 4);
        QCOMPARE(d->quotas.at(0).limit.vcpus, std::optional<qint64>(64));
        QCOMPARE(d->quotas.at(1).afterOrder.memoryGiB, 32);
        QVERIFY(!d->quotaExceeded);
        QVERIFY(d->quotaOverruns.isEmpty());

        // Once decided, the details say who decided and when.
        const Session frank = sessionFor(*ordo, QStringLiteral("frank"));
        ORDO_VERIFY_OK(ordo->approvals().decide(frank, order.id, Decision::Reject, QStringLiteral("too big")));
        d = ordo->approvals().details(bob, order.id);
        ORDO_VERIFY_OK(d);
        QCOMPARE(d->order.state, OrderState::Rejected);
        QCOMPARE(d->decisions.size(), 1);
        QCOMPARE(d->decisions.first().approverName, QStringLiteral("frank"));
        QCOMPARE(d->lastActor, QStringLiteral("frank"));
        QVERIFY(d->lastChangeAt.isValid());
        // A rejected order no longer counts: its quota impact is what it would add.
        QCOMPARE(d->quotas.at(0).afterOrder.vcpus, d->quotas.at(0).inUse.vcpus + 4);

        // Customers and other tenants' approvers see no approval details.
        ORDO_VERIFY_ERROR(ordo->approvals().details(sessionFor(*ordo, QStringLiteral("alice")), order.id), ErrorCode::NotPermitted);
        ORDO_VERIFY_ERROR(ordo->approvals().details(sessionFor(*ordo, QStringLiteral("erin")), order.id), ErrorCode::NotFound);
    }

    // The quotas were lowered after checkout: the details give the verdict, and by how much.
    void detailsSayWhetherTheOrderExceedsAQuota()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        checkOut(*ordo, QStringLiteral("alice"));
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        setPolicy(*ordo, R"({"levels": [{"name": "Manager", "group": "acme-approvers", "mode": "any"}],
                             "quotas": {"tenant": {"vcpus": 64, "memoryGiB": 30}, "perUser": {"vcpus": 6}}})");
        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        auto d = ordo->approvals().details(bob, order.id);
        ORDO_VERIFY_OK(d);
        QVERIFY(d->quotaExceeded);
        // Two pending orders of 4 vCPUs and 16 GiB each.
        QCOMPARE(d->quotas.at(0).overBy(), (Footprint{0, 2, 0}));
        QCOMPARE(d->quotas.at(1).overBy(), (Footprint{2, 0, 0}));
        QCOMPARE(d->quotaOverruns,
                 (QStringList{QStringLiteral("tenant quota: 2 GiB of memory over the limit (32 with the order, limit 30)"),
                              QStringLiteral("requester's quota: 2 vCPUs over the limit (8 with the order, limit 6)")}));

        // Rejected, it no longer counts; the verdict is on what it would add again.
        ORDO_VERIFY_OK(ordo->approvals().decide(bob, order.id, Decision::Reject, QStringLiteral("too big")));
        d = ordo->approvals().details(bob, order.id);
        ORDO_VERIFY_OK(d);
        QVERIFY(d->quotaExceeded);
        QCOMPARE(d->quotas.at(1).overBy(), (Footprint{2, 0, 0}));
        // Within the quotas again once they are raised.
        setPolicy(*ordo, R"({"levels": [{"name": "Manager", "group": "acme-approvers", "mode": "any"}]})");
        d = ordo->approvals().details(bob, order.id);
        ORDO_VERIFY_OK(d);
        QVERIFY(!d->quotaExceeded);
        QVERIFY(d->quotaOverruns.isEmpty());
    }

    void theLoserOfTwoDecisionsIsToldWhoAndWhen()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        addApprover(*ordo, QStringLiteral("frank"), QStringLiteral("acme-approvers"));
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("bob")), order.id, Decision::Approve, {}));
        // Frank looked at version 2 and acts on it; so does a plain second click.
        auto late = ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("frank")), order.id, Decision::Reject,
                                             QStringLiteral("too big"), order.version);
        ORDO_VERIFY_ERROR(late, ErrorCode::Conflict);
        QVERIFY2(late.error().message.contains(QStringLiteral("already approved"))
                     && late.error().message.contains(QStringLiteral("decided by bob at 2")),
                 qPrintable(late.error().message));
        auto stored = OrdoInternals::store(*ordo).order(order.id);
        QCOMPARE((*stored)->state, OrderState::Approved);
        QCOMPARE(OrdoInternals::store(*ordo).decisions(order.id)->size(), 1);
    }

    void aStaleVersionIsAConflict()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        auto stale = ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("bob")), order.id, Decision::Approve, {},
                                              order.version - 1);
        ORDO_VERIFY_ERROR(stale, ErrorCode::Conflict);
        QVERIFY(stale.error().message.contains(QStringLiteral("changed since you looked")));
        QCOMPARE((*OrdoInternals::store(*ordo).order(order.id))->state, OrderState::PendingApproval);
    }

    void nobodyApprovesTheirOwnOrder()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        // Alice is made an approver too: still not for her own order.
        addApprover(*ordo, QStringLiteral("alice"), QStringLiteral("acme-approvers"));
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        auto own = ordo->approvals().decide(alice, order.id, Decision::Approve, {});
        ORDO_VERIFY_ERROR(own, ErrorCode::NotPermitted);
        QVERIFY(own.error().message.contains(QStringLiteral("yourself")));
        QCOMPARE(ordo->approvals().pending(alice)->size(), 0);
        QCOMPARE((*OrdoInternals::store(*ordo).order(order.id))->state, OrderState::PendingApproval);
    }

    void onlyApproversOfTheTenantInTheGroupDecide()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        // A customer, an approver of another tenant, an approver outside the level's group.
        ORDO_VERIFY_ERROR(ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("carol")), order.id, Decision::Approve, {}),
                          ErrorCode::NotPermitted);
        ORDO_VERIFY_ERROR(ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("erin")), order.id, Decision::Approve, {}),
                          ErrorCode::NotFound);
        addApprover(*ordo, QStringLiteral("grace"), QStringLiteral("finance"));
        auto outsider = ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("grace")), order.id, Decision::Approve, {});
        ORDO_VERIFY_ERROR(outsider, ErrorCode::NotPermitted);
        QVERIFY(outsider.error().message.contains(QStringLiteral("acme-approvers")));
        ORDO_VERIFY_ERROR(ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("bob")), 9999, Decision::Approve, {}),
                          ErrorCode::NotFound);
        QCOMPARE((*OrdoInternals::store(*ordo).order(order.id))->version, order.version);
    }

    void aRejectionNeedsAReason()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        auto bare = ordo->approvals().decide(bob, order.id, Decision::Reject, QStringLiteral("   "));
        ORDO_VERIFY_ERROR(bare, ErrorCode::BadInput);
        QVERIFY(bare.error().message.contains(QStringLiteral("needs a reason")));
        QCOMPARE((*OrdoInternals::store(*ordo).order(order.id))->state, OrderState::PendingApproval);
        auto rejected = ordo->approvals().decide(bob, order.id, Decision::Reject, QStringLiteral("use a smaller VM"));
        ORDO_VERIFY_OK(rejected);
        QCOMPARE(rejected->order.state, OrderState::Rejected);
        auto trail = ordo->audit().entries(order.tenantId, QStringLiteral("order"), QString::number(order.id));
        QCOMPARE(trail->last().reason, QStringLiteral("use a smaller VM"));
        QCOMPARE(trail->last().actor, QStringLiteral("bob"));
    }

    void multiLevelAnyThenAll()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        addApprover(*ordo, QStringLiteral("frank"), QStringLiteral("acme-approvers"));
        addApprover(*ordo, QStringLiteral("grace"), QStringLiteral("finance"));
        addApprover(*ordo, QStringLiteral("heidi"), QStringLiteral("finance"));
        setPolicy(*ordo, R"({"levels": [{"name": "Manager", "group": "acme-approvers", "mode": "any"},
                                       {"name": "Finance", "group": "finance", "mode": "all"}]})");
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        QCOMPARE(order.state, OrderState::PendingApproval);
        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        const Session frank = sessionFor(*ordo, QStringLiteral("frank"));
        const Session grace = sessionFor(*ordo, QStringLiteral("grace"));
        const Session heidi = sessionFor(*ordo, QStringLiteral("heidi"));
        QCOMPARE(ordo->approvals().pending(grace)->size(), 0); // not their level yet

        auto first = ordo->approvals().decide(bob, order.id, Decision::Approve, {});
        ORDO_VERIFY_OK(first);
        QVERIFY(!first->finalDecision);
        QCOMPARE(first->order.approvalLevel, 1);
        QCOMPARE(ordo->approvals().pending(frank)->size(), 0); // any-of: level 1 is done
        ORDO_VERIFY_ERROR(ordo->approvals().decide(frank, order.id, Decision::Approve, {}), ErrorCode::NotPermitted);

        QCOMPARE(ordo->approvals().pending(grace)->size(), 1);
        auto second = ordo->approvals().decide(grace, order.id, Decision::Approve, {});
        ORDO_VERIFY_OK(second);
        QVERIFY(!second->finalDecision); // all-of: heidi still has to approve
        QCOMPARE(second->order.state, OrderState::PendingApproval);
        QCOMPARE(ordo->approvals().pending(grace)->size(), 0);
        ORDO_VERIFY_ERROR(ordo->approvals().decide(grace, order.id, Decision::Approve, {}), ErrorCode::Conflict);

        auto third = ordo->approvals().decide(heidi, order.id, Decision::Approve, {});
        ORDO_VERIFY_OK(third);
        QVERIFY(third->finalDecision);
        QCOMPARE(third->order.state, OrderState::Approved);
        QCOMPARE(OrdoInternals::store(*ordo).decisions(order.id)->size(), 3);
    }

    void oneRejectionAtAnAllOfLevelRejects()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        addApprover(*ordo, QStringLiteral("frank"), QStringLiteral("acme-approvers"));
        setPolicy(*ordo, R"({"levels": [{"group": "acme-approvers", "mode": "all"}]})");
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("bob")), order.id, Decision::Approve, {}));
        auto rejected = ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("frank")), order.id, Decision::Reject,
                                                 QStringLiteral("no budget"));
        ORDO_VERIFY_OK(rejected);
        QCOMPARE(rejected->order.state, OrderState::Rejected);
    }

    void undecidedOrdersExpireWithTheDefaultDecision_data()
    {
        QTest::addColumn<QByteArray>("policy");
        QTest::addColumn<int>("expected");
        QTest::newRow("reject") << QByteArray(R"({"levels": [{"group": "acme-approvers"}], "expiry": {"hours": 1}})")
                                << int(OrderState::Rejected);
        QTest::newRow("approve") << QByteArray(R"({"levels": [{"group": "acme-approvers"}],
                                                   "expiry": {"hours": 1, "defaultDecision": "approve"}})")
                                 << int(OrderState::Approved);
    }

    void undecidedOrdersExpireWithTheDefaultDecision()
    {
        QFETCH(QByteArray, policy);
        QFETCH(int, expected);
        TestEnvironment env;
        ManualClock clock(QDateTime(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC));
        auto ordo = openDemo(env.databasePath(), &clock);
        setPolicy(*ordo, policy.constData());
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        QCOMPARE(order.approvalExpiresAt, clock.now().addSecs(3600));
        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        clock.advance(59 * 60 * 1000);
        QCOMPARE(ordo->approvals().pending(bob)->size(), 1);
        QCOMPARE(*ordo->approvals().expireDue(), 0);
        clock.advance(2 * 60 * 1000);
        QCOMPARE(ordo->approvals().pending(bob)->size(), 0);
        auto stored = OrdoInternals::store(*ordo).order(order.id);
        QCOMPARE(int((*stored)->state), expected);
        auto trail = ordo->audit().entries(order.tenantId, QStringLiteral("order"), QString::number(order.id));
        QCOMPARE(trail->last().actor, QStringLiteral("system"));
        QVERIFY(trail->last().reason.contains(QStringLiteral("no decision before")));
        // Too late to decide now.
        ORDO_VERIFY_ERROR(ordo->approvals().decide(bob, order.id, Decision::Approve, {}), ErrorCode::Conflict);
    }

    void usersAndOrderChangesCarryTheClocksTime()
    {
        TestEnvironment env;
        ManualClock clock(QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5, 678), Qt::UTC));
        const QString created = QStringLiteral("2030-01-02T03:04:05.678Z");
        auto ordo = openDemo(env.databasePath(), &clock);
        auto user = OrdoInternals::database(*ordo).exec(QStringLiteral("SELECT created_at FROM users WHERE name = 'alice'"));
        ORDO_VERIFY_OK(user);
        QVERIFY(user->next());
        QCOMPARE(fromDbTime(user->value(0)).toString(Qt::ISODateWithMs), created);
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        clock.advance(1001);
        ORDO_VERIFY_OK(ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("bob")), order.id, Decision::Approve, {}));
        const CommandResult shown = ordoctl(env.databasePath(), QStringLiteral("alice"),
                                            {QStringLiteral("--json"), QStringLiteral("orders"), QStringLiteral("show"), QString::number(order.id)});
        QCOMPARE(shown.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(shown.out.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QCOMPARE(json.value(QStringLiteral("createdAt")).toString(), created);
        QCOMPARE(json.value(QStringLiteral("updatedAt")).toString(), QStringLiteral("2030-01-02T03:04:06.679Z"));
    }

    void badPoliciesAreNamed()
    {
        const auto error = [](const char *json) {
            auto p = ApprovalPolicy::fromJson(QJsonDocument::fromJson(json).object());
            return p ? QString() : p.error().message;
        };
        QVERIFY(error(R"({"levels": [{"group": "g", "mode": "most"}]})").contains(QStringLiteral("policy/levels/0/mode")));
        QVERIFY(error(R"({"levels": [{"name": "x"}]})").contains(QStringLiteral("needs an approver group")));
        QVERIFY(error(R"({"quotas": {"tenant": {"vcpus": -1}}})").contains(QStringLiteral("policy/quotas/tenant/vcpus")));
        QVERIFY(error(R"({"expiry": {"defaultDecision": "maybe"}})").contains(QStringLiteral("defaultDecision")));
        QVERIFY(error(R"({"approvers": []})").contains(QStringLiteral("unknown field 'approvers'")));
    }
};

QTEST_GUILESS_MAIN(TestApprovals)
#include "tst_approvals.moc"

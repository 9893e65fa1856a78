#include "TestSupport.h"
#include "OrdoInternals.h"

#include <QJsonDocument>

using namespace ordo;
using namespace ordo::test;

namespace {

int orderCount(Ordo &ordo)
{
    auto q = OrdoInternals::database(ordo).exec(QStringLiteral("SELECT COUNT(*) FROM orders"));
    return q && q->next() ? q->value(0).toInt() : -1;
}

} // namespace

class TestCheckout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void previewShowsPriceQuotaAndRoute()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), kBigVm));
        auto p = ordo->orders().preview(alice);
        ORDO_VERIFY_OK(p);
        QCOMPARE(p->monthlyCents, 10900); // 5.00 + 4 x 12.00 + 16 x 3.50
        QCOMPARE(p->currency, QStringLiteral("EUR"));
        QCOMPARE(p->footprint, (Footprint{4, 16, 1}));
        QVERIFY(!p->autoApproved);
        QCOMPARE(p->route.size(), 1);
        QCOMPARE(p->route.first().approvers, QStringList{QStringLiteral("bob")});
        QVERIFY2(p->violations.isEmpty(), qPrintable(p->violations.join(QLatin1Char(';'))));
        QCOMPARE(p->quotas.size(), 2);
        QCOMPARE(p->quotas.first().afterOrder, (Footprint{4, 16, 1}));
        QCOMPARE(p->quotas.first().limit.vcpus, std::optional<qint64>(64));
        QCOMPARE(orderCount(*ordo), 0); // a preview orders nothing
    }

    // The item page's preview: one item on its own, before it is in the cart,
    // counted against the quotas with what the cart holds left out.
    void previewsOneItemBeforeItIsInTheCart()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("postgresql"), {}));
        auto p = ordo->orders().previewItem(alice, QStringLiteral("linux-vm"), kBigVm, 2);
        ORDO_VERIFY_OK(p);
        QCOMPARE(p->monthlyCents, 2 * 10900);
        QCOMPARE(p->footprint, (Footprint{8, 32, 2}));
        QCOMPARE(p->quotas.first().afterOrder, (Footprint{8, 32, 2}));
        QCOMPARE(p->route.size(), 1);
        QCOMPARE(p->route.first().approvers, QStringList{QStringLiteral("bob")});
        QCOMPARE(ordo->cart().lines(alice)->size(), 1); // a preview adds nothing

        ORDO_VERIFY_ERROR(ordo->orders().previewItem(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 0}}),
                          ErrorCode::BadInput);
        ORDO_VERIFY_ERROR(ordo->orders().previewItem(alice, QStringLiteral("linux-vm"), {}, 0), ErrorCode::BadInput);
        ORDO_VERIFY_ERROR(ordo->orders().previewItem(alice, QStringLiteral("no-such-item"), {}), ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(ordo->orders().previewItem(sessionFor(*ordo, QStringLiteral("bob")), QStringLiteral("linux-vm"), {}),
                          ErrorCode::NotPermitted);
    }

    // The requester sees whom the order waits on and since when, then how far
    // its provisioning has come; others' orders look like none.
    void progressSaysWhomTheOrderWaitsOn()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        auto waiting = ordo->orders().progress(alice, order.id);
        ORDO_VERIFY_OK(waiting);
        QCOMPARE(waiting->orderId, order.id);
        QCOMPARE(waiting->waitingLevel, QStringLiteral("Manager"));
        QCOMPARE(waiting->waitingGroup, QStringLiteral("acme-approvers"));
        QCOMPARE(waiting->waitingOn, QStringList{QStringLiteral("Bob Approver")}); // never bob's login
        QCOMPARE(waiting->waitingSince, ordo->orders().order(alice, order.id)->createdAt);
        QVERIFY(waiting->stepsTotal > 0); // the order's workflow starts with the order
        QCOMPARE(waiting->stepsDone, 0);

        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        ORDO_VERIFY_OK(ordo->approvals().decide(bob, order.id, Decision::Approve, QStringLiteral("ok")));
        auto approved = ordo->orders().progress(alice, order.id);
        ORDO_VERIFY_OK(approved);
        QVERIFY(approved->waitingLevel.isEmpty());
        QVERIFY(approved->waitingOn.isEmpty());
        QCOMPARE(approved->stepsTotal, waiting->stepsTotal);

        ORDO_VERIFY_ERROR(ordo->orders().progress(sessionFor(*ordo, QStringLiteral("dave")), order.id), ErrorCode::NotFound);
    }

    void checkoutTurnsTheCartIntoOneOrder()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), kBigVm));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("postgresql"), {}, 2));
        auto order = ordo->orders().checkout(alice, QStringLiteral("req-1"));
        ORDO_VERIFY_OK(order);
        QCOMPARE(order->state, OrderState::PendingApproval);
        QCOMPARE(order->lines.size(), 2);
        QCOMPARE(order->monthlyCents, 10900 + 2 * 5300);
        QCOMPARE(order->requesterName, QStringLiteral("alice"));
        QVERIFY(order->approvalExpiresAt.isValid());
        QCOMPARE(order->approvalExpiresAt, order->createdAt.addSecs(72 * 3600));
        QCOMPARE(ordo->cart().lines(alice)->size(), 0);
        // The price is a snapshot: a later price change does not touch the order.
        auto item = OrdoInternals::store(*ordo).catalogItem(QStringLiteral("linux-vm"));
        item->price.perVcpuMonthCents = 99999;
        ORDO_VERIFY_OK(OrdoInternals::database(*ordo).write([&] { return OrdoInternals::store(*ordo).upsertCatalogItem(*item, 0); }));
        auto reread = ordo->orders().order(alice, order->id);
        ORDO_VERIFY_OK(reread);
        QCOMPARE(reread->monthlyCents, 10900 + 2 * 5300);
        QCOMPARE(reread->lines.first().priceSnapshot.value(QStringLiteral("cards")).toArray().first().toObject()
                     .value(QStringLiteral("price")).toObject().value(QStringLiteral("perVcpuMonthCents")).toInt(),
                 1200);
    }

    // A cart changed in another console (or by ordoctl) after the preview is not
    // ordered as it is now: the checkout that names the previewed version is refused.
    void checkoutOrdersOnlyTheCartPreviewed()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        auto line = ordo->cart().add(alice, QStringLiteral("linux-vm"), kBigVm);
        ORDO_VERIFY_OK(line);
        auto previewed = ordo->orders().preview(alice);
        ORDO_VERIFY_OK(previewed);
        QVERIFY(!previewed->cartVersion.isEmpty());
        QCOMPARE(ordo->orders().preview(alice)->cartVersion, previewed->cartVersion); // a reread cart is the same cart

        // Each kind of change moves the version: quantity, parameters, another line.
        ORDO_VERIFY_OK(ordo->cart().setQuantity(alice, line->id, 3));
        const QString tripled = ordo->orders().preview(alice)->cartVersion;
        QVERIFY(tripled != previewed->cartVersion);
        ORDO_VERIFY_ERROR(ordo->orders().checkout(alice, QStringLiteral("req-moved"), previewed->cartVersion), ErrorCode::Conflict);
        QCOMPARE(orderCount(*ordo), 0);
        QCOMPARE(ordo->cart().lines(alice)->first().quantity, 3); // refused: the cart stays as it is
        ORDO_VERIFY_OK(ordo->cart().setParameters(alice, line->id, {{QStringLiteral("cpus"), 2}, {QStringLiteral("memoryGiB"), 16}}));
        QVERIFY(ordo->orders().preview(alice)->cartVersion != tripled);
        const QString edited = ordo->orders().preview(alice)->cartVersion;
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("postgresql"), {}));
        QVERIFY(ordo->orders().preview(alice)->cartVersion != edited);

        // The version previewed last is ordered, once.
        const QString current = ordo->orders().preview(alice)->cartVersion;
        auto order = ordo->orders().checkout(alice, QStringLiteral("req-current"), current);
        ORDO_VERIFY_OK(order);
        QCOMPARE(order->lines.size(), 2);
        QCOMPARE(orderCount(*ordo), 1);
        // Without a version, the cart as it is: what ordoctl does without --cart-version.
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("postgresql"), {}));
        ORDO_VERIFY_OK(ordo->orders().checkout(alice, QStringLiteral("req-any")));
        // Another customer's version says nothing about alice's cart.
        const Session dave = sessionFor(*ordo, QStringLiteral("dave"));
        ORDO_VERIFY_OK(ordo->cart().add(dave, QStringLiteral("linux-vm"), kBigVm));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), kBigVm));
        ORDO_VERIFY_ERROR(ordo->orders().checkout(alice, QStringLiteral("req-dave"), ordo->orders().preview(dave)->cartVersion),
                          ErrorCode::Conflict);
    }

    // My orders: the session's own, even when its roles show the whole tenant's.
    void mineIsTheSessionsOwnOrders()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        ORDO_VERIFY_OK(ordo->accounts().grant(QStringLiteral("bob"), QStringLiteral("acme"), Role::Customer));
        const Order alices = checkOut(*ordo, QStringLiteral("alice"));
        const Order bobs = checkOut(*ordo, QStringLiteral("bob"), kSmallVm); // approved by policy: bob approves no order of his
        const Order daves = checkOut(*ordo, QStringLiteral("dave"));
        const auto ids = [](const Result<QList<Order>> &orders) {
            QList<Id> out;
            for (const Order &o : *orders)
                out.append(o.id);
            std::sort(out.begin(), out.end());
            return out;
        };
        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        QCOMPARE(ids(ordo->orders().orders(bob)), (QList<Id>{alices.id, bobs.id})); // an approver sees the tenant's
        QCOMPARE(ids(ordo->orders().mine(bob)), QList<Id>{bobs.id});
        QCOMPARE(ids(ordo->orders().mine(sessionFor(*ordo, QStringLiteral("alice")))), QList<Id>{alices.id});
        QCOMPARE(ids(ordo->orders().mine(sessionFor(*ordo, QStringLiteral("dave")))), QList<Id>{daves.id});
        // Staff who never ordered have none of their own; the provider's staff neither.
        QCOMPARE(ids(ordo->orders().mine(sessionFor(*ordo, QStringLiteral("carol")))), QList<Id>{});
        QCOMPARE(ids(ordo->orders().mine(sessionFor(*ordo, QStringLiteral("pat"), QStringLiteral("acme")))), QList<Id>{});
        QCOMPARE(ids(ordo->orders().mine(bob, OrderState::PendingApproval)), QList<Id>{});
        QCOMPARE(ids(ordo->orders().mine(bob, ordo->orders().order(bob, bobs.id)->state)), QList<Id>{bobs.id});
    }

    void sameRequestIdGivesOneOrder()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), kBigVm));
        auto first = ordo->orders().checkout(alice, QStringLiteral("retry-me"));
        ORDO_VERIFY_OK(first);
        // The client did not see the answer and sends the same request again, cart now refilled.
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("postgresql"), {}));
        auto second = ordo->orders().checkout(alice, QStringLiteral("retry-me"));
        ORDO_VERIFY_OK(second);
        QCOMPARE(second->id, first->id);
        QCOMPARE(orderCount(*ordo), 1);
        QCOMPARE(ordo->cart().lines(alice)->size(), 1); // the new cart waits for its own checkout
        auto third = ordo->orders().checkout(alice, QStringLiteral("another"));
        ORDO_VERIFY_OK(third);
        QVERIFY(third->id != first->id);
        QCOMPARE(orderCount(*ordo), 2);
    }

    void smallOrdersAreApprovedByPolicy()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), kSmallVm));
        auto p = ordo->orders().preview(alice);
        QVERIFY(p->autoApproved);
        QVERIFY(p->route.isEmpty());
        auto order = ordo->orders().checkout(alice);
        ORDO_VERIFY_OK(order);
        QCOMPARE(order->state, OrderState::Approved);
        auto trail = ordo->audit().entries(alice.tenant.id, QStringLiteral("order"), QString::number(order->id));
        QCOMPARE(trail->size(), 2);
        QCOMPARE(trail->at(1).actor, QStringLiteral("policy"));
        QCOMPARE(trail->at(1).toState, QStringLiteral("approved"));
    }

    void bundlesAddUpTheirParts()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("web-stack"), {}));
        auto p = ordo->orders().preview(alice);
        ORDO_VERIFY_OK(p);
        // 2 x (5 + 2x12 + 4x3.50) + (15 + 2x12 + 8x3.50) = 86 + 67
        QCOMPARE(p->monthlyCents, 15300);
        QCOMPARE(p->footprint, (Footprint{6, 16, 3}));
    }

    void quotasAreEnforcedAndRefusalChangesNothing()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        // 3 x 16 vCPUs is over alice's 32.
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 16}}, 3));
        auto p = ordo->orders().preview(alice);
        ORDO_VERIFY_OK(p);
        QCOMPARE(p->violations.size(), 1);
        QVERIFY2(p->violations.first().contains(QStringLiteral("48 vCPUs would be in use, the limit is 32")),
                 qPrintable(p->violations.first()));
        auto order = ordo->orders().checkout(alice, QStringLiteral("q"));
        ORDO_VERIFY_ERROR(order, ErrorCode::NotPermitted);
        QVERIFY(order.error().message.contains(QStringLiteral("the limit is 32")));
        QCOMPARE(orderCount(*ordo), 0);
        QCOMPARE(ordo->cart().lines(alice)->size(), 1);
        // Running orders count: two 16-vCPU VMs fit, a third no longer does.
        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        auto lines = ordo->cart().lines(alice);
        ORDO_VERIFY_OK(ordo->cart().setQuantity(alice, lines->first().id, 2));
        auto two = ordo->orders().checkout(alice);
        ORDO_VERIFY_OK(two);
        ORDO_VERIFY_OK(ordo->approvals().decide(bob, two->id, Decision::Approve, {}));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 1}}));
        ORDO_VERIFY_ERROR(ordo->orders().checkout(alice), ErrorCode::NotPermitted);
    }

    void emptyCartAndOtherRoles()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        auto empty = ordo->orders().checkout(alice);
        ORDO_VERIFY_ERROR(empty, ErrorCode::BadInput);
        QVERIFY(empty.error().message.contains(QStringLiteral("cart is empty")));
        ORDO_VERIFY_ERROR(ordo->orders().checkout(sessionFor(*ordo, QStringLiteral("carol"))), ErrorCode::NotPermitted);
    }

    void aCatalogChangeAfterAddingIsCaughtAtCheckout()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        auto line = ordo->cart().add(alice, QStringLiteral("linux-vm"), kBigVm);
        ORDO_VERIFY_OK(line);
        // The provider lowers the maximum below what is in the cart.
        lowerVmCpuMaximum(*ordo, 2);
        auto order = ordo->orders().checkout(alice);
        ORDO_VERIFY_ERROR(order, ErrorCode::BadInput);
        QVERIFY2(order.error().message.contains(QStringLiteral("cart line %1").arg(line->id))
                     && order.error().message.contains(QStringLiteral("above the maximum 2")),
                 qPrintable(order.error().message));
        QCOMPARE(orderCount(*ordo), 0);
    }

    void importRefusesABadCatalogWhole()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const QByteArray bad = R"({"items": [
            {"id": "ok-item", "name": "OK", "parameters": []},
            {"id": "bundle", "name": "B", "components": [{"item": "ok-item", "parameters": {"nope": 1}}]}
        ]})";
        auto imported = ordo->catalog().import(bad, QStringLiteral("mine.json"));
        ORDO_VERIFY_ERROR(imported, ErrorCode::BadInput);
        QVERIFY2(imported.error().message.contains(QStringLiteral("mine.json/bundle: component 'ok-item'")),
                 qPrintable(imported.error().message));
        ORDO_VERIFY_ERROR(OrdoInternals::store(*ordo).catalogItem(QStringLiteral("ok-item")), ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(ordo->catalog().import("{nope", QStringLiteral("x.json")), ErrorCode::BadInput);
    }
};

QTEST_GUILESS_MAIN(TestCheckout)
#include "tst_checkout.moc"

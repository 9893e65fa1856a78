// Every item of the shipped catalog provisions on the test farm: nothing a
// customer can order stops at "approved". A bundle's VMs are each metered at
// their component's price, and the records add up to what the order costs.
#include "EngineHarness.h"
#include "OrdoInternals.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace ordo;
using namespace ordo::test;

namespace {

Order approvedOrder(EngineHarness &h, const QString &item, const QVariantMap &parameters, int quantity = 1)
{
    const Session alice = sessionFor(*h.ordo, QStringLiteral("alice"));
    auto line = h.ordo->cart().add(alice, item, parameters, quantity);
    if (!line)
        qFatal("%s", qPrintable(line.error().message));
    auto order = h.ordo->orders().checkout(alice);
    if (!order)
        qFatal("%s", qPrintable(order.error().message));
    if (order->state == OrderState::PendingApproval) {
        auto decided = h.ordo->approvals().decide(sessionFor(*h.ordo, QStringLiteral("bob")), order->id, Decision::Approve, {});
        if (!decided)
            qFatal("%s", qPrintable(decided.error().message));
    }
    return *order;
}



} // namespace

class TestCatalogFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyShippedItemProvisions_data()
    {
        QTest::addColumn<QString>("item");
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto items = OrdoInternals::store(*ordo).catalogItems();
        ORDO_VERIFY_OK(items);
        QVERIFY(!items->isEmpty());
        for (const CatalogItem &item : std::as_const(*items))
            QTest::newRow(qPrintable(item.id)) << item.id;
    }

    void everyShippedItemProvisions()
    {
        QFETCH(QString, item);
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const Order order = approvedOrder(h, item, {});
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), OrderState::Completed, 60000);

        const QList<engine::WorkflowSummary> vms = vmWorkflowsOf(*h.ordo, order.id);
        QCOMPARE(vms.size(), int(order.footprint.vms));
        auto cmdb = h.ordo->serviceDesk().cmdbItems(sessionFor(*h.ordo, QStringLiteral("carol")));
        ORDO_VERIFY_OK(cmdb);
        QCOMPARE(cmdb->size(), vms.size());
        auto usage = h.ordo->usage().records(sessionFor(*h.ordo, QStringLiteral("alice")), order.id);
        ORDO_VERIFY_OK(usage);
        QCOMPARE(usage->size(), vms.size());
        // Each VM runs at its own price, and together they cost what the order does.
        qint64 monthly = 0;
        for (const UsageRecord &r : std::as_const(*usage)) {
            QCOMPARE(r.stoppedAtMs, 0);
            monthly += r.unitMonthlyCents;
        }
        QCOMPARE(monthly, order.monthlyCents);
    }

    void aBundlesVmsAreMeteredAtTheirComponentsPrices()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const Order order = approvedOrder(h, QStringLiteral("web-stack"), {});
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), OrderState::Completed, 60000);
        auto usage = h.ordo->usage().records(sessionFor(*h.ordo, QStringLiteral("alice")), order.id);
        ORDO_VERIFY_OK(usage);
        QMap<QString, QList<qint64>> prices;
        for (const UsageRecord &r : std::as_const(*usage)) {
            QCOMPARE(r.lineNo, order.lines.first().lineNo);
            prices[r.itemId].append(r.unitMonthlyCents);
        }
        // 2 web servers at 5 + 2 x 12 + 4 x 3.50, and the database at 15 + 2 x 12 + 8 x 3.50.
        QCOMPARE(prices.value(QStringLiteral("linux-vm")), (QList<qint64>{4300, 4300}));
        QCOMPARE(prices.value(QStringLiteral("postgresql")), (QList<qint64>{6700}));
    }

    void aDatabaseServerIsRegisteredAsOneAndItsInstallSaysWhyItWasSkipped()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        h.startEngine();
        const Order order = approvedOrder(h, QStringLiteral("postgresql"), {});
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), OrderState::Completed, 60000);
        const QList<engine::WorkflowSummary> vms = vmWorkflowsOf(*h.ordo, order.id);
        QCOMPARE(vms.size(), 1);
        QCOMPARE(vms.first().name, QStringLiteral("postgresql"));
        // No guest runs on the test farm: the installation is skipped, and says so.
        QCOMPARE(h.stepState(vms.first().id, QStringLiteral("install")), engine::StepState::Skipped);
        QVERIFY2(h.step(vms.first().id, QStringLiteral("install")).error.contains(QStringLiteral("no guest")),
                 qPrintable(h.step(vms.first().id, QStringLiteral("install")).error));
        auto cmdb = h.ordo->serviceDesk().cmdbItems(sessionFor(*h.ordo, QStringLiteral("carol")));
        ORDO_VERIFY_OK(cmdb);
        QCOMPARE(cmdb->size(), 1);
        QCOMPARE(cmdb->first().attributes.value(QStringLiteral("service")).toString(), QStringLiteral("postgresql"));
        QCOMPARE(cmdb->first().attributes.value(QStringLiteral("memoryGiB")).toInt(), 4);
    }

    // An item whose workflow is unknown (a catalog of the provider's own) does
    // not leave its order "approved" for ever: the order fails with the reason,
    // its customer is told, and nothing is provisioned.
    void anItemWithoutAKnownWorkflowFailsItsOrder()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        ORDO_VERIFY_OK(h.ordo->catalog().import(R"({"items": [
            {"id": "linux-vm", "name": "VM", "workflow": "linux-vm", "parameters": []},
            {"id": "mainframe", "name": "Mainframe", "workflow": "provision-mainframe", "parameters": []},
            {"id": "pair", "name": "Pair", "components": [{"item": "linux-vm"}, {"item": "mainframe"}]}
        ]})", QStringLiteral("mine.json")));
        h.startEngine();
        const Order order = approvedOrder(h, QStringLiteral("pair"), {});
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*h.ordo, order.id), OrderState::Failed, 30000);
        QCOMPARE(vmWorkflowsOf(*h.ordo, order.id).size(), 0);
        auto mails = h.ordo->mail().outbox(sessionFor(*h.ordo, QStringLiteral("pat")));
        ORDO_VERIFY_OK(mails);
        const auto failed = std::find_if(mails->begin(), mails->end(), [](const OutboxEntry &e) {
            return e.message.templateName == QLatin1String("order-failed") && e.message.to.contains(QStringLiteral("alice@acme.example"));
        });
        QVERIFY(failed != mails->end());
        QVERIFY2(failed->message.body.contains(QStringLiteral("provision-mainframe")), qPrintable(failed->message.body));
    }

    void aBundleWithAPriceOfItsOwnIsRefused()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const QByteArray priced = R"({"items": [
            {"id": "vm", "name": "VM", "workflow": "linux-vm", "parameters": []},
            {"id": "pair", "name": "Pair", "price": {"currency": "EUR", "flatMonthlyCents": 100},
             "components": [{"item": "vm", "quantity": 2}]}
        ]})";
        auto imported = ordo->catalog().import(priced, QStringLiteral("mine.json"));
        ORDO_VERIFY_ERROR(imported, ErrorCode::BadInput);
        QVERIFY2(imported.error().message.contains(QStringLiteral("/pair/price: a bundle costs what its components cost")), qPrintable(imported.error().message));
    }
};

QTEST_GUILESS_MAIN(TestCatalogFlow)
#include "tst_catalogflow.moc"

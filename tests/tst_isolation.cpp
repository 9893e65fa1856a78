#include "TestSupport.h"

#include <QJsonDocument>

using namespace ordo;
using namespace ordo::test;

class TestIsolation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_ordo = openDemo(m_env.databasePath());
        const Session alice = sessionFor(*m_ordo, QStringLiteral("alice"));
        ORDO_CHECK_FATAL(m_ordo->cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 4}}));
        auto order = m_ordo->orders().checkout(alice);
        ORDO_CHECK_FATAL(order);
        m_acmeOrder = order->id;
        const Session dave = sessionFor(*m_ordo, QStringLiteral("dave"));
        ORDO_CHECK_FATAL(m_ordo->cart().add(dave, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 4}}));
        auto daves = m_ordo->orders().checkout(dave);
        ORDO_CHECK_FATAL(daves);
        m_globexOrder = daves->id;
    }

    void daveNeverSeesAcmesOrders()
    {
        const Session dave = sessionFor(*m_ordo, QStringLiteral("dave"));
        auto list = m_ordo->orders().orders(dave);
        ORDO_VERIFY_OK(list);
        QCOMPARE(list->size(), 1);
        QCOMPARE(list->first().id, m_globexOrder);
        auto byId = m_ordo->orders().order(dave, m_acmeOrder);
        ORDO_VERIFY_ERROR(byId, ErrorCode::NotFound);
        // Exactly what an order that does not exist gives: nothing leaks.
        auto missing = m_ordo->orders().order(dave, 424242);
        QCOMPARE(byId.error().message, QStringLiteral("no order %1").arg(m_acmeOrder));
        QCOMPARE(missing.error().code, byId.error().code);
        ORDO_VERIFY_ERROR(m_ordo->approvals().decisions(dave, m_acmeOrder), ErrorCode::NotFound);
    }

    void erinDecidesOnlyForGlobex()
    {
        const Session erin = sessionFor(*m_ordo, QStringLiteral("erin"));
        auto queue = m_ordo->approvals().pending(erin);
        ORDO_VERIFY_OK(queue);
        QCOMPARE(queue->size(), 1);
        QCOMPARE(queue->first().id, m_globexOrder);
        ORDO_VERIFY_ERROR(m_ordo->approvals().decide(erin, m_acmeOrder, Decision::Approve, {}), ErrorCode::NotFound);
        QCOMPARE((*m_ordo->store().order(m_acmeOrder))->state, OrderState::PendingApproval);
        const Session bob = sessionFor(*m_ordo, QStringLiteral("bob"));
        QCOMPARE(m_ordo->approvals().pending(bob)->size(), 1);
        QCOMPARE(m_ordo->approvals().pending(bob)->first().id, m_acmeOrder);
    }

    void customersSeeOnlyTheirOwnOrders()
    {
        ORDO_CHECK_FATAL(m_ordo->accounts().createUser(QStringLiteral("mallory"), {}, {}, QStringLiteral("demo")));
        ORDO_CHECK_FATAL(m_ordo->accounts().grant(QStringLiteral("mallory"), QStringLiteral("acme"), Role::Customer));
        const Session mallory = sessionFor(*m_ordo, QStringLiteral("mallory"));
        QCOMPARE(m_ordo->orders().orders(mallory)->size(), 0);
        ORDO_VERIFY_ERROR(m_ordo->orders().order(mallory, m_acmeOrder), ErrorCode::NotFound);
        // Support staff of acme see the tenant's orders, and only those.
        const Session carol = sessionFor(*m_ordo, QStringLiteral("carol"));
        auto all = m_ordo->orders().orders(carol);
        QCOMPARE(all->size(), 1);
        QCOMPARE(all->first().id, m_acmeOrder);
    }

    void catalogEntitlementIsPerTenant()
    {
        const QByteArray catalog = R"({"items": [
            {"id": "acme-erp", "name": "ACME ERP instance", "tenants": ["acme"], "parameters": []},
            {"id": "shared", "name": "Shared service", "parameters": []}]})";
        ORDO_VERIFY_OK(m_ordo->catalog().import(catalog, QStringLiteral("extra.json")));
        const Session dave = sessionFor(*m_ordo, QStringLiteral("dave"));
        const Session alice = sessionFor(*m_ordo, QStringLiteral("alice"));
        const auto ids = [&](const Session &s) {
            QStringList list;
            for (const CatalogItem &i : *m_ordo->catalog().items(s))
                list.append(i.id);
            return list;
        };
        QVERIFY(ids(alice).contains(QStringLiteral("acme-erp")));
        QVERIFY(!ids(dave).contains(QStringLiteral("acme-erp")));
        QVERIFY(ids(dave).contains(QStringLiteral("shared")));
        ORDO_VERIFY_ERROR(m_ordo->catalog().item(dave, QStringLiteral("acme-erp")), ErrorCode::NotFound);
        ORDO_VERIFY_ERROR(m_ordo->cart().add(dave, QStringLiteral("acme-erp"), {}), ErrorCode::NotFound);
    }

private:
    TestEnvironment m_env;
    std::unique_ptr<Ordo> m_ordo;
    Id m_acmeOrder = 0;
    Id m_globexOrder = 0;
};

QTEST_GUILESS_MAIN(TestIsolation)
#include "tst_isolation.moc"

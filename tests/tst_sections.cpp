#include "OrdoInternals.h"
#include "TestSupport.h"

#include "services/Sections.h"

using namespace ordo;
using namespace ordo::test;

// Which parts of the console each kind of demo user gets: the rule the
// window presents.
class TestSections : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followTheRoles_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QList<Section>>("expected");
        const QList<Section> shop{Section::Catalog, Section::Cart, Section::MyOrders};
        const QList<Section> staff{Section::Workflows, Section::Tickets, Section::Cmdb, Section::Mailbox};
        QTest::newRow("customer") << QStringLiteral("alice") << shop;
        QTest::newRow("other tenant's customer") << QStringLiteral("dave") << shop;
        QTest::newRow("approver") << QStringLiteral("bob") << (shop + QList<Section>{Section::Approvals});
        QTest::newRow("other tenant's approver") << QStringLiteral("erin") << (shop + QList<Section>{Section::Approvals});
        QTest::newRow("support") << QStringLiteral("carol") << (shop + staff);
        QTest::newRow("admin") << QStringLiteral("admin") << (shop + staff);
        QTest::newRow("provider's support") << QStringLiteral("pat") << (shop + staff);
    }
    void followTheRoles()
    {
        QFETCH(QString, user);
        QFETCH(QList<Section>, expected);
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        QCOMPARE(sectionsFor(sessionFor(*ordo, user)), expected);
    }
};

QTEST_GUILESS_MAIN(TestSections)
#include "tst_sections.moc"

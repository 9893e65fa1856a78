#include "domain/OrderState.h"

#include <QTest>

using namespace ordo;

class TestOrderState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transitions_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("allowed");
        const auto row = [](const char *from, const char *to, bool allowed) {
            QTest::addRow("%s -> %s", from, to) << QString::fromLatin1(from) << QString::fromLatin1(to) << allowed;
        };
        row("submitted", "pending-approval", true);
        row("submitted", "approved", true);
        row("submitted", "provisioning", false);
        row("pending-approval", "approved", true);
        row("pending-approval", "rejected", true);
        row("pending-approval", "cancelled", true);
        row("pending-approval", "provisioning", false);
        row("approved", "provisioning", true);
        row("approved", "rejected", false);
        row("provisioning", "completed", true);
        row("provisioning", "failed", true);
        row("failed", "provisioning", true);
        row("rejected", "approved", false);
        row("completed", "cancelled", false);
        row("cancelled", "submitted", false);
    }

    void transitions()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(bool, allowed);
        const auto f = orderStateFromName(from);
        const auto t = orderStateFromName(to);
        QVERIFY(f && t);
        QCOMPARE(canTransition(*f, *t), allowed);
        const Status checked = checkTransition(*f, *t);
        QCOMPARE(checked.ok(), allowed);
        if (!allowed) {
            QCOMPARE(checked.error().code, ErrorCode::Conflict);
            QVERIFY(checked.error().message.contains(from));
        }
    }

    void finalStatesHaveNoWayOut()
    {
        for (const OrderState s : {OrderState::Rejected, OrderState::Completed, OrderState::Cancelled}) {
            QVERIFY(isFinal(s));
            for (int t = 0; t <= int(OrderState::Cancelled); ++t)
                QVERIFY(!canTransition(s, OrderState(t)));
        }
    }

    void namesRoundTrip()
    {
        for (int s = 0; s <= int(OrderState::Cancelled); ++s)
            QCOMPARE(orderStateFromName(orderStateName(OrderState(s))), std::optional<OrderState>(OrderState(s)));
        QVERIFY(!orderStateFromName(QStringLiteral("done")));
    }
};

QTEST_GUILESS_MAIN(TestOrderState)
#include "tst_orderstate.moc"

// The approval workbench as bob uses it: the queue fills as alice orders,
// he approves with a comment from the keyboard, a second console sees the
// order leave live, and a bulk decision names who was first on the order
// that another approver decided meanwhile.

#include "OrdoInternals.h"
#include "TestSupport.h"

#include "approvals/ApprovalQueueModel.h"
#include "approvals/ApprovalsPage.h"
#include "approvals/DecisionResultModel.h"
#include "client/OrdoClient.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTextBrowser>

using namespace ordo;
using namespace ordo::test;
using namespace ordo::ui;

namespace {

void addUser(Ordo &ordo, const QString &name, Role role)
{
    ORDO_CHECK_FATAL(ordo.accounts().createUser(name, {}, QStringLiteral("%1@acme.example").arg(name), QStringLiteral("demo")));
    ORDO_CHECK_FATAL(ordo.accounts().grant(name, QStringLiteral("acme"), role));
    if (role == Role::Approver)
        ORDO_CHECK_FATAL(ordo.accounts().addToGroup(name, QStringLiteral("acme"), QStringLiteral("acme-approvers")));
}

// Every model of the page, checked by Qt's tester for as long as the page lives.
struct ModelTesters
{
    explicit ModelTesters(ApprovalsPage &page)
        : queue(page.queueModel(), QAbstractItemModelTester::FailureReportingMode::QtTest),
          filter(page.queueFilter(), QAbstractItemModelTester::FailureReportingMode::QtTest),
          results(page.resultModel(), QAbstractItemModelTester::FailureReportingMode::QtTest)
    {
    }
    QAbstractItemModelTester queue;
    QAbstractItemModelTester filter;
    QAbstractItemModelTester results;
};

template<typename W>
W *child(QWidget &page, const char *name)
{
    W *w = page.findChild<W *>(QString::fromLatin1(name));
    if (!w)
        qFatal("no widget %s", name);
    return w;
}

QList<Id> queueIds(const ApprovalsPage &page)
{
    QList<Id> ids;
    for (const Order &o : page.queueModel()->orders())
        ids.append(o.id);
    return ids;
}

} // namespace

class TestApprovalWorkbench : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void approveFromTheKeyboardAndASecondConsoleSeesIt()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        OrdoClient client(env.databasePath());
        OrdoClient otherClient(env.databasePath());
        ApprovalsPage page(client, bob);
        ApprovalsPage other(otherClient, bob);
        ModelTesters testers(page);
        ModelTesters otherTesters(other);
        QSignalSpy waiting(&page, &ApprovalsPage::newOrderWaiting);
        QSignalSpy loaded(&page, &ApprovalsPage::queueLoaded);
        QSignalSpy otherLoaded(&other, &ApprovalsPage::queueLoaded);
        other.show();
        page.show();
        page.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        QTRY_VERIFY(!loaded.isEmpty() && !otherLoaded.isEmpty());

        QCOMPARE(page.queueModel()->rowCount(), 0);

        // A small order approves itself and never reaches the queue; a big one waits for bob.
        checkOut(*ordo, QStringLiteral("alice"), kSmallVm);
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        QCOMPARE(order.state, OrderState::PendingApproval);
        QTRY_COMPARE(queueIds(page), QList<Id>{order.id});
        QTRY_COMPARE(queueIds(other), QList<Id>{order.id});
        QCOMPARE(waiting.count(), 1);
        QCOMPARE(waiting.first().first().value<Id>(), order.id);

        auto *queue = child<QTableView>(page, "approvalQueue");
        auto *details = child<QTextBrowser>(page, "approvalDetails");
        auto *comment = child<QPlainTextEdit>(page, "approvalComment");
        queue->setFocus();
        QTest::keyClick(queue, Qt::Key_J);
        QCOMPARE(queue->currentIndex().data(ApprovalQueueModel::OrderIdRole).value<Id>(), order.id);
        // What bob weighs: who, what it costs, the level, the quota and what differs from the catalog.
        QTRY_VERIFY(details->toPlainText().contains(QStringLiteral("Alice Customer")));
        const QString shown = details->toPlainText();
        QVERIFY2(shown.contains(QStringLiteral("Manager: any one of bob")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("waiting here")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("vCPUs: 4 (catalog default 2)")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("Memory (GiB): 16 (catalog default 4)")), qPrintable(shown));
        QVERIFY2(!shown.contains(QStringLiteral("Operating system")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("1 → 5 / 64")), qPrintable(shown)); // tenant vCPUs: the small VM, then this order
        QVERIFY2(shown.contains(QStringLiteral("The order stays within every quota.")), qPrintable(shown)); // the core's verdict
        QVERIFY2(shown.contains(QStringLiteral("No decisions yet")), qPrintable(shown));

        // A chooses approval and goes to the comment, where letters type; Ctrl+Enter confirms.
        QTest::keyClick(queue, Qt::Key_A);
        QVERIFY(child<QPushButton>(page, "approveButton")->isChecked());
        QCOMPARE(QApplication::focusWidget(), comment);
        QTest::keyClicks(comment, QStringLiteral("a fair request"));
        QCOMPARE(comment->toPlainText(), QStringLiteral("a fair request"));
        QVERIFY(child<QPushButton>(page, "approveButton")->isChecked());
        QSignalSpy finished(&page, &ApprovalsPage::decisionsFinished);
        QTest::keyClick(comment, Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(page.resultModel()->results().size(), 1);
        QCOMPARE(page.resultModel()->results().first().kind, DecisionResult::Kind::Approved);
        QVERIFY(comment->toPlainText().isEmpty());

        auto decisions = ordo->approvals().decisions(bob, order.id);
        ORDO_VERIFY_OK(decisions);
        QCOMPARE(decisions->size(), 1);
        QCOMPARE(decisions->first().approverName, QStringLiteral("bob"));
        QCOMPARE(decisions->first().comment, QStringLiteral("a fair request"));
        QCOMPARE(ordo->orders().order(bob, order.id)->state, OrderState::Approved);

        // Both consoles see the order leave; the other one says who decided and when.
        QTRY_VERIFY(queueIds(page).isEmpty());
        QTRY_VERIFY(queueIds(other).isEmpty());
        QTRY_VERIFY(child<QLabel>(other, "decisionMessage")->text().contains(QStringLiteral("approved, decided by bob")));
        QVERIFY(!child<QLabel>(page, "decisionMessage")->text().contains(QStringLiteral("left your queue")));
    }

    // Approval chosen for an order that is then decided elsewhere: the choice
    // does not pass to the order that moves up in its place.
    void aChoiceDoesNotPassToTheNextOrder()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        const Order first = checkOut(*ordo, QStringLiteral("alice"));
        const Order second = checkOut(*ordo, QStringLiteral("alice"));
        OrdoClient client(env.databasePath());
        ApprovalsPage page(client, bob);
        ModelTesters testers(page);
        page.show();
        page.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        QTRY_COMPARE(queueIds(page).size(), 2);

        auto *queue = child<QTableView>(page, "approvalQueue");
        auto *comment = child<QPlainTextEdit>(page, "approvalComment");
        queue->setFocus();
        QTest::keyClick(queue, Qt::Key_J);
        const Id chosen = queue->currentIndex().data(ApprovalQueueModel::OrderIdRole).value<Id>();
        const Id next = chosen == first.id ? second.id : first.id;
        QTest::keyClick(queue, Qt::Key_A);
        QVERIFY(child<QPushButton>(page, "approveButton")->isChecked());

        ORDO_VERIFY_OK(ordo->approvals().decide(bob, chosen, Decision::Reject, QStringLiteral("not this quarter")));
        QTRY_COMPARE(queueIds(page), QList<Id>{next});
        QTRY_COMPARE(queue->currentIndex().data(ApprovalQueueModel::OrderIdRole).value<Id>(), next);
        QVERIFY(!child<QPushButton>(page, "approveButton")->isChecked());
        QTest::keyClick(comment, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(ordo->orders().order(bob, next)->state, OrderState::PendingApproval);
    }

    void aBulkDecisionNamesWhoWasFirst()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        addUser(*ordo, QStringLiteral("frank"), Role::Approver);
        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        const Session frank = sessionFor(*ordo, QStringLiteral("frank"));
        const QList<Id> orders{checkOut(*ordo, QStringLiteral("alice")).id, checkOut(*ordo, QStringLiteral("alice")).id,
                               checkOut(*ordo, QStringLiteral("alice")).id};
        OrdoClient client(env.databasePath());
        ApprovalsPage page(client, bob);
        ModelTesters testers(page);
        page.show();
        page.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        QTRY_COMPARE(queueIds(page), orders);

        auto *queue = child<QTableView>(page, "approvalQueue");
        auto *comment = child<QPlainTextEdit>(page, "approvalComment");
        queue->setFocus();
        QTest::keyClick(queue, Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(queue->selectionModel()->selectedRows().size(), 3);
        QTest::keyClick(queue, Qt::Key_A);
        QTest::keyClicks(comment, QStringLiteral("quarterly refresh"));
        QCOMPARE(child<QPushButton>(page, "confirmButton")->text(), QStringLiteral("Approve 3 order(s)"));

        // frank decides the middle one while bob still sees it waiting.
        ORDO_VERIFY_OK(ordo->approvals().decide(frank, orders.at(1), Decision::Reject, QStringLiteral("not now")));
        QSignalSpy finished(&page, &ApprovalsPage::decisionsFinished);
        QTest::keyClick(comment, Qt::Key_Enter, Qt::ControlModifier | Qt::KeypadModifier);
        QTRY_COMPARE(finished.count(), 1);

        const QList<DecisionResult> results = page.resultModel()->results();
        QCOMPARE(results.size(), 3);
        QCOMPARE(results.at(0).orderId, orders.at(0));
        QCOMPARE(results.at(0).kind, DecisionResult::Kind::Approved);
        QCOMPARE(results.at(1).orderId, orders.at(1));
        QCOMPARE(results.at(1).kind, DecisionResult::Kind::AlreadyDecided);
        QCOMPARE(results.at(2).kind, DecisionResult::Kind::Approved);
        // The table bob reads names frank and the time of his decision.
        auto frankDecided = ordo->approvals().decisions(bob, orders.at(1));
        ORDO_VERIFY_OK(frankDecided);
        const QString row = page.resultModel()->index(1, DecisionResultModel::Message).data().toString();
        QVERIFY2(row.contains(QStringLiteral("rejected: decided by frank at %1").arg(frankDecided->first().decidedAt.toString(Qt::ISODate))),
                 qPrintable(row));
        QCOMPARE(page.resultModel()->index(1, DecisionResultModel::Outcome).data().toString(), QStringLiteral("already decided"));
        QVERIFY(child<QLabel>(page, "decisionMessage")->text().startsWith(QStringLiteral("2 of 3")));

        QCOMPARE(ordo->orders().order(bob, orders.at(0))->state, OrderState::Approved);
        QCOMPARE(ordo->orders().order(bob, orders.at(1))->state, OrderState::Rejected);
        QCOMPARE(ordo->orders().order(bob, orders.at(2))->state, OrderState::Approved);
        QTRY_VERIFY(queueIds(page).isEmpty());
    }

    void filtersNarrowTheQueue()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        addUser(*ordo, QStringLiteral("gina"), Role::Customer);
        const Order small = checkOut(*ordo, QStringLiteral("alice")); // 109 EUR a month
        const Order big = checkOut(*ordo, QStringLiteral("alice"), {{QStringLiteral("cpus"), 8}, {QStringLiteral("memoryGiB"), 32}});
        const Order gina = checkOut(*ordo, QStringLiteral("gina"));
        OrdoClient client(env.databasePath());
        ApprovalsPage page(client, sessionFor(*ordo, QStringLiteral("bob")));
        ModelTesters testers(page);
        page.show();
        QTRY_COMPARE(page.queueModel()->rowCount(), 3);
        QAbstractItemModel *shown = child<QTableView>(page, "approvalQueue")->model();
        const auto shownIds = [shown] {
            QList<Id> ids;
            for (int row = 0; row < shown->rowCount(); ++row)
                ids.append(shown->index(row, 0).data(ApprovalQueueModel::OrderIdRole).value<Id>());
            return ids;
        };

        auto *requester = child<QComboBox>(page, "approvalRequesterFilter");
        QCOMPARE(requester->count(), 3); // everyone, alice, gina
        requester->setCurrentIndex(requester->findText(QStringLiteral("gina")));
        QCOMPARE(shownIds(), QList<Id>{gina.id});
        requester->setCurrentIndex(0);
        QCOMPARE(shownIds().size(), 3);

        child<QDoubleSpinBox>(page, "approvalMinimumCost")->setValue(110.00);
        QCOMPARE(shownIds(), QList<Id>{big.id});
        child<QDoubleSpinBox>(page, "approvalMinimumCost")->setValue(109.00);
        QCOMPARE(shownIds(), (QList<Id>{small.id, big.id, gina.id}));
        child<QDoubleSpinBox>(page, "approvalMinimumCost")->setValue(0);

        QTest::keyClicks(child<QLineEdit>(page, "approvalTextFilter"), QStringLiteral("gin"));
        QCOMPARE(shownIds(), QList<Id>{gina.id});
        child<QLineEdit>(page, "approvalTextFilter")->clear();
        QTest::keyClicks(child<QLineEdit>(page, "approvalTextFilter"), QStringLiteral("Linux"));
        QCOMPARE(shownIds().size(), 3);
    }
};

QTEST_MAIN(TestApprovalWorkbench)
#include "tst_approvalworkbench.moc"

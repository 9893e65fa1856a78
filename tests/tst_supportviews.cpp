// Support's Tickets, CMDB and Mailbox pages over the built-in stores, as
// carol (acme's support) and pat (the provider's) see them in the console:
// a failed clone's ticket with its comments, a provisioned VM's CMDB record,
// the mails; filters, details, live updates, and nothing of globex for carol.
#include "EngineHarness.h"
#include "OrdoInternals.h"
#include "TestFarm.h"
#include "TestSupport.h"

#include "client/OrdoClient.h"
#include "common/SearchFilterModel.h"
#include "mail/MailboxModel.h"
#include "mail/MailboxPage.h"
#include "main/MainWindow.h"
#include "servicedesk/CmdbModel.h"
#include "servicedesk/CmdbPage.h"
#include "servicedesk/TicketModel.h"
#include "servicedesk/TicketsPage.h"
#include "workflows/WorkflowListModel.h"
#include "workflows/WorkflowsPage.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTextBrowser>

#include <algorithm>

using namespace ordo;
using namespace ordo::test;

namespace {

const QVariantMap kUbuntuVm{{QStringLiteral("cpus"), 1}, {QStringLiteral("memoryGiB"), 2}, {QStringLiteral("template"), QStringLiteral("ubuntu-24.04")}};

// The VM workflow of an order, once started.
qint64 vmWorkflow(Ordo &ordo, Id orderId)
{
    const auto vms = vmWorkflowsOf(ordo, orderId);
    return vms.isEmpty() ? 0 : vms.first().id;
}

QStringList column(QAbstractItemModel *model, int col, int role = Qt::DisplayRole)
{
    QStringList values;
    for (int row = 0; row < model->rowCount(); ++row)
        values.append(model->index(row, col).data(role).toString());
    return values;
}

int ticketCount(Ordo &ordo, const QString &who)
{
    auto tickets = ordo.serviceDesk().tickets(sessionFor(ordo, who));
    return tickets ? int(tickets->size()) : -1;
}

int cmdbCount(Ordo &ordo, const QString &who)
{
    auto items = ordo.serviceDesk().cmdbItems(sessionFor(ordo, who));
    return items ? int(items->size()) : -1;
}

connectors::Ticket ticket(qint64 id, const QString &title, int comments = 0)
{
    connectors::Ticket t;
    t.id = id;
    t.title = title;
    t.comments = comments;
    return t;
}

} // namespace

class TestSupportViews : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A refresh patches rows: the selected ticket stays selected while others
    // come and go and it gains a comment.
    void aRefreshKeepsTheSelection()
    {
        ui::TicketModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ui::SearchFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTableView view;
        view.setModel(&filter);
        model.setTickets({ticket(1, QStringLiteral("one")), ticket(3, QStringLiteral("three")), ticket(5, QStringLiteral("five"))});
        view.setCurrentIndex(filter.index(1, 0));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        model.setTickets({ticket(2, QStringLiteral("two")), ticket(3, QStringLiteral("three"), 1), ticket(4, QStringLiteral("four")),
                          ticket(5, QStringLiteral("five")), ticket(6, QStringLiteral("six"))});
        QCOMPARE(column(&model, ui::TicketModel::Title), (QStringList{QStringLiteral("two"), QStringLiteral("three"), QStringLiteral("four"),
                                                                       QStringLiteral("five"), QStringLiteral("six")}));
        QCOMPARE(view.currentIndex().data(ui::TicketModel::TicketIdRole).toLongLong(), 3);
        QCOMPARE(view.currentIndex().siblingAtColumn(ui::TicketModel::Comments).data().toInt(), 1);
        QCOMPARE(reset.count(), 0);

        filter.setText(QStringLiteral("F"));
        QCOMPARE(column(&filter, ui::TicketModel::Title), (QStringList{QStringLiteral("four"), QStringLiteral("five")}));
        filter.setText({});
        model.setTickets({});
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!view.currentIndex().isValid());
    }

    void carolSeesAcmesTicketsRecordsAndMailLive()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        writeFarmWithout(QFileInfo(h.databasePath()).absolutePath(), QStringLiteral("ubuntu-24.04"));
        h.deliverTickets = true;
        h.startEngine();

        // acme: one VM provisioned, one clone that fails; globex the same.
        const Order acmeVm = checkOut(*h.ordo, QStringLiteral("alice"), kSmallVm);
        const Order acmeBroken = checkOut(*h.ordo, QStringLiteral("alice"), kUbuntuVm);
        const Order globexVm = checkOut(*h.ordo, QStringLiteral("dave"), kSmallVm);
        const Order globexBroken = checkOut(*h.ordo, QStringLiteral("dave"), kUbuntuVm);
        for (const Order &order : {acmeVm, acmeBroken, globexVm, globexBroken})
            QTRY_VERIFY_WITH_TIMEOUT(vmWorkflow(*h.ordo, order.id) != 0, 30000);
        const qint64 brokenFlow = vmWorkflow(*h.ordo, acmeBroken.id);
        QTRY_COMPARE_WITH_TIMEOUT(h.state(brokenFlow), engine::WorkflowState::Paused, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(ticketCount(*h.ordo, QStringLiteral("pat")), 2, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(cmdbCount(*h.ordo, QStringLiteral("pat")), 2, 30000);
        QCOMPARE(ticketCount(*h.ordo, QStringLiteral("carol")), 1);

        OrdoClient client(h.databasePath());
        ui::MainWindow window(client, QStringLiteral("carol"), QStringLiteral("demo"));
        window.resize(1280, 800);
        window.show();
        QSignalSpy signedIn(&window, &ui::MainWindow::signedIn);
        window.reload();
        QTRY_COMPARE(signedIn.count(), 1);
        auto *tickets = window.findChild<ui::TicketsPage *>(QStringLiteral("ticketsPage"));
        auto *cmdb = window.findChild<ui::CmdbPage *>(QStringLiteral("cmdbPage"));
        auto *mailbox = window.findChild<ui::MailboxPage *>(QStringLiteral("mailboxPage"));
        QVERIFY(tickets && cmdb && mailbox);
        QAbstractItemModelTester ticketTester(tickets->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester cmdbTester(cmdb->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester mailTester(mailbox->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        // Tickets: acme's one, about the paused clone of alice's order.
        QVERIFY(window.showSection(Section::Tickets));
        auto *ticketList = tickets->findChild<QTableView *>(QStringLiteral("ticketList"));
        QAbstractItemModelTester ticketFilterTester(ticketList->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(ticketList->model()->rowCount(), 1);
        QAbstractItemModel *shown = ticketList->model();
        QCOMPARE(shown->index(0, ui::TicketModel::Workflow).data().toString(), QStringLiteral("#%1").arg(brokenFlow));
        QCOMPARE(shown->index(0, ui::TicketModel::Order).data().toString(), QString::number(acmeBroken.id));
        QCOMPARE(shown->index(0, ui::TicketModel::State).data().toString(), QStringLiteral("paused, waiting for support"));
        QVERIFY(shown->index(0, ui::TicketModel::Title).data().toString().contains(QStringLiteral("'clone' failed")));

        // The filters: by the workflow's state and by text.
        auto *state = tickets->findChild<QComboBox *>(QStringLiteral("ticketStateFilter"));
        auto *text = tickets->findChild<QLineEdit *>(QStringLiteral("ticketFilterText"));
        state->setCurrentIndex(state->findData(QStringLiteral("succeeded")));
        QCOMPARE(shown->rowCount(), 0);
        state->setCurrentIndex(state->findData(QStringLiteral("paused")));
        QCOMPARE(shown->rowCount(), 1);
        QTest::keyClicks(text, QStringLiteral("ubuntu nothing-like-this"));
        QCOMPARE(shown->rowCount(), 0);
        text->clear();
        QTest::keyClicks(text, QStringLiteral("UBUNTU clone"));
        QCOMPARE(shown->rowCount(), 1);
        text->clear();
        state->setCurrentIndex(0);

        // The details: the description, then a retry's comments as they come.
        auto *details = tickets->findChild<QTextBrowser *>(QStringLiteral("ticketDetails"));
        QSignalSpy commentsShown(tickets, &ui::TicketsPage::commentsShown);
        ticketList->setFocus();
        ticketList->setCurrentIndex(shown->index(0, 0));
        QTRY_COMPARE(commentsShown.count(), 1);
        QCOMPARE(commentsShown.first().at(1).toInt(), 0);
        QVERIFY2(details->toPlainText().contains(QStringLiteral("Step: clone")), qPrintable(details->toPlainText()));
        QVERIFY(details->toPlainText().contains(QStringLiteral("no host has the template 'ubuntu-24.04'")));
        const Session carol = sessionFor(*h.ordo, QStringLiteral("carol"));
        ORDO_VERIFY_OK(h.ordo->workflows().retryStep(carol, brokenFlow, QStringLiteral("clone"), {}, QStringLiteral("the farm may have it by now")));
        QTRY_VERIFY_WITH_TIMEOUT(details->toPlainText().contains(QStringLiteral("failed again")), 30000);
        QVERIFY2(details->toPlainText().contains(QStringLiteral("retry of step 'clone' by carol: the farm may have it by now")),
                 qPrintable(details->toPlainText()));

        // A new failure's ticket shows without a reload; globex's never do.
        const Order second = checkOut(*h.ordo, QStringLiteral("alice"), kUbuntuVm);
        QTRY_COMPARE_WITH_TIMEOUT(shown->rowCount(), 2, 30000);
        QCOMPARE(ticketList->currentIndex().data(ui::TicketModel::TicketIdRole).toLongLong(),
                 tickets->model()->index(0, 0).data(ui::TicketModel::TicketIdRole).toLongLong()); // still the first ticket
        QTRY_COMPARE_WITH_TIMEOUT(ticketCount(*h.ordo, QStringLiteral("pat")), 3, 30000);
        QCOMPARE(column(tickets->model(), ui::TicketModel::Order),
                 (QStringList{QString::number(acmeBroken.id), QString::number(second.id)}));

        // "Open workflow" shows the ticket's workflow in the monitor.
        auto *open = tickets->findChild<QPushButton *>(QStringLiteral("openWorkflowButton"));
        QVERIFY(open->isEnabled());
        QTest::mouseClick(open, Qt::LeftButton);
        auto *pages = window.findChild<QStackedWidget *>(QStringLiteral("pages"));
        QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("workflowsPage"));
        auto *workflowList = pages->currentWidget()->findChild<QTableView *>(QStringLiteral("workflowList"));
        QTRY_COMPARE(workflowList->currentIndex().data(ui::WorkflowListModel::IdRole).toLongLong(), brokenFlow);

        // CMDB: acme's VM, with its configuration readable.
        QVERIFY(window.showSection(Section::Cmdb));
        auto *cmdbList = cmdb->findChild<QTableView *>(QStringLiteral("cmdbList"));
        QAbstractItemModelTester cmdbFilterTester(cmdbList->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(cmdbList->model()->rowCount(), 1);
        auto patItems = h.ordo->serviceDesk().cmdbItems(sessionFor(*h.ordo, QStringLiteral("pat")));
        ORDO_VERIFY_OK(patItems);
        const auto acmeItem = std::find_if(patItems->cbegin(), patItems->cend(), [&](const auto &i) { return i.tenantId == carol.tenant.id; });
        QVERIFY(acmeItem != patItems->cend());
        QCOMPARE(cmdbList->model()->index(0, ui::CmdbModel::Name).data().toString(), acmeItem->name);
        QCOMPARE(cmdbList->model()->index(0, ui::CmdbModel::Ip).data().toString(), acmeItem->ip);
        QCOMPARE(cmdbList->model()->index(0, ui::CmdbModel::State).data().toString(), QStringLiteral("in service"));
        auto *cmdbText = cmdb->findChild<QLineEdit *>(QStringLiteral("cmdbFilterText"));
        QTest::keyClicks(cmdbText, acmeItem->ip);
        QCOMPARE(cmdbList->model()->rowCount(), 1);
        cmdbText->clear();
        QTest::keyClicks(cmdbText, QStringLiteral("globex"));
        QCOMPARE(cmdbList->model()->rowCount(), 0);
        cmdbText->clear();
        auto *cmdbState = cmdb->findChild<QComboBox *>(QStringLiteral("cmdbStateFilter"));
        cmdbState->setCurrentIndex(cmdbState->findData(ui::CmdbModel::kRemoved));
        QCOMPARE(cmdbList->model()->rowCount(), 0);
        cmdbState->setCurrentIndex(0);
        cmdbList->setCurrentIndex(cmdbList->model()->index(0, 0));
        const QString configuration = cmdb->findChild<QPlainTextEdit *>(QStringLiteral("cmdbConfiguration"))->toPlainText();
        QVERIFY2(configuration.contains(QLatin1String("\n    \"")), qPrintable(configuration)); // indented, a key a line
        QCOMPARE(QJsonDocument::fromJson(configuration.toUtf8()).object(), acmeItem->attributes);

        // Mailbox: support's failure mails among acme's, found by recipient; none of globex's.
        QVERIFY(window.showSection(Section::Mailbox));
        auto *mails = mailbox->findChild<QTableView *>(QStringLiteral("mailboxTableView"));
        QAbstractItemModelTester mailFilterTester(mails->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(mails->model()->rowCount() > 0);
        const auto outboxOf = [&](const QString &who) {
            auto entries = h.ordo->mail().outbox(sessionFor(*h.ordo, who));
            return entries ? *entries : QList<OutboxEntry>();
        };
        QTRY_COMPARE(mails->model()->rowCount(), int(outboxOf(QStringLiteral("carol")).size()));
        const auto toGlobex = [](const OutboxEntry &e) { return e.message.to.join(u' ').contains(QStringLiteral("globex")); };
        const QList<OutboxEntry> everyTenant = outboxOf(QStringLiteral("pat"));
        QVERIFY(std::any_of(everyTenant.cbegin(), everyTenant.cend(), toGlobex));
        QVERIFY(!column(mails->model(), ui::MailboxModel::To).join(u' ').contains(QStringLiteral("globex")));
        auto *mailText = mailbox->findChild<QLineEdit *>(QStringLiteral("mailboxFilterText"));
        QTest::keyClicks(mailText, QStringLiteral("carol@acme"));
        QTRY_COMPARE(mails->model()->rowCount(), int(mailsTo(*h.ordo, QStringLiteral("carol@acme.example"), QStringLiteral("support-failure")).size()));
        QVERIFY(mails->model()->rowCount() >= 2);
        mails->setCurrentIndex(mails->model()->index(0, 0));
        const QString body = mailbox->findChild<QPlainTextEdit *>(QStringLiteral("mailBodyView"))->toPlainText();
        QVERIFY2(body.contains(QStringLiteral("#%1").arg(vmWorkflow(*h.ordo, second.id))), qPrintable(body)); // newest first
        QVERIFY(mailbox->findChild<QLabel *>(QStringLiteral("mailHeader"))->text().contains(QStringLiteral("To: carol@acme.example")));
    }

    // The provider's support sees every tenant's tickets and records.
    void patSeesEveryTenant()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        writeFarmWithout(QFileInfo(h.databasePath()).absolutePath(), QStringLiteral("ubuntu-24.04"));
        h.deliverTickets = true;
        h.startEngine();
        checkOut(*h.ordo, QStringLiteral("alice"), kUbuntuVm);
        checkOut(*h.ordo, QStringLiteral("dave"), kUbuntuVm);

        OrdoClient client(h.databasePath());
        const Session pat = sessionFor(*h.ordo, QStringLiteral("pat"));
        ui::TicketsPage page(client, pat);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Both appear as they are opened, with no reload asked for.
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 2, 30000);
        QCOMPARE(ticketCount(*h.ordo, QStringLiteral("carol")), 1);
        QCOMPARE(ticketCount(*h.ordo, QStringLiteral("erin")), -1); // an approver is no support
    }
};

QTEST_MAIN(TestSupportViews)
#include "tst_supportviews.moc"

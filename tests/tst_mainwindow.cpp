#include "EngineHarness.h"
#include "OrdoInternals.h"
#include "TestSupport.h"

#include "approvals/ApprovalQueueModel.h"
#include "catalog/CatalogModel.h"
#include "client/OrdoClient.h"
#include "engine/Engine.h"
#include "main/MainWindow.h"
#include "services/Sections.h"
#include "util/DeepLink.h"

#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QStackedWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

#include <thread>

using namespace ordo;
using namespace ordo::test;

namespace {

// The first run hangs until the test lets it go and never notices that it is
// asked to stop (a connector stuck in a call); later runs return at once.
class DeafAction final : public engine::Action
{
public:
    struct State
    {
        QSemaphore release;
        std::atomic_int started{0};
        std::atomic_int returned{0};
    };

    explicit DeafAction(std::shared_ptr<State> state)
        : m_state(std::move(state))
    {
    }
    QString name() const override { return QStringLiteral("test.deaf"); }
    QHash<QString, engine::InputSpec> inputs() const override { return {}; }
    engine::ActionOutcome run(engine::ActionContext &) override
    {
        if (++m_state->started == 1)
            m_state->release.acquire();
        ++m_state->returned;
        return QJsonObject{};
    }

private:
    std::shared_ptr<State> m_state;
};

const QByteArray kOneStep = QByteArrayLiteral(R"({"name": "long", "version": 1, "steps": [{"id": "s", "action": "%1", "with": %2}]})");

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void closingDoesNotWaitForARunningAction()
    {
        auto deaf = std::make_shared<DeafAction::State>();
        EngineHarness h;
        h.actions->add(std::make_shared<DeafAction>(deaf));
        engine::Engine console(h.databasePath(), h.actions);
        OrdoClient client(h.databasePath());
        ui::MainWindow window(client, QStringLiteral("admin"), QStringLiteral("demo"));
        window.hostEngine(&console);
        QSignalSpy closed(&window, &ui::MainWindow::closed);
        window.show();
        console.start();
        const qint64 id = h.start(QString::fromLatin1(kOneStep).arg(QStringLiteral("test.deaf"), QStringLiteral("{}")).toUtf8());
        QTRY_COMPARE(deaf->started.load(), 1);

        // Lets the action go should the close wait for it, so that a close
        // that waits fails below instead of hanging the test.
        std::atomic_bool closeReturned = false;
        std::thread watchdog([&] {
            for (int i = 0; i < 2000 && !closeReturned; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            if (!closeReturned)
                deaf->release.release();
        });
        QVERIFY(window.close());
        QTRY_COMPARE(closed.count(), 1);
        closeReturned = true;
        watchdog.join();
        QVERIFY(!window.isVisible());
        // The console let go of the step while its action still runs.
        QCOMPARE(deaf->returned.load(), 0);
        const engine::StepInfo handedBack = h.step(id, QStringLiteral("s"));
        QCOMPARE(handedBack.state, engine::StepState::Ready);

        // Another engine runs it again at once, not after the lease.
        h.startEngine();
        QTRY_COMPARE(h.state(id), engine::WorkflowState::Succeeded);
        QCOMPARE(h.step(id, QStringLiteral("s")).attempt, 2);
        QVERIFY(h.engine->owner() != console.owner());
        deaf->release.release();
        QTRY_COMPARE(deaf->returned.load(), 2);
    }

    void closingHandsBackALongSleep()
    {
        EngineHarness h;
        engine::Engine console(h.databasePath(), h.actions);
        OrdoClient client(h.databasePath());
        ui::MainWindow window(client, QStringLiteral("admin"), QStringLiteral("demo"));
        window.hostEngine(&console);
        QSignalSpy closed(&window, &ui::MainWindow::closed);
        window.show();
        console.start();
        const qint64 id = h.start(QString::fromLatin1(kOneStep).arg(QStringLiteral("test.sleep"), QStringLiteral(R"({"ms": 30000})")).toUtf8());
        QTRY_COMPARE(h.stepState(id, QStringLiteral("s")), engine::StepState::Running);
        window.close();
        QTRY_COMPARE(closed.count(), 1);
        QCOMPARE(h.stepState(id, QStringLiteral("s")), engine::StepState::Ready);
        h.startEngine();
        QTRY_VERIFY(h.step(id, QStringLiteral("s")).state == engine::StepState::Running && h.step(id, QStringLiteral("s")).attempt == 2);
    }

    void loadsTheCatalogWithoutBlocking()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        // Made while the database is locked (below): the client keeps its
        // connections open, and an exclusive lock waits for open connections.
        std::optional<OrdoClient> client;
        std::optional<ui::MainWindow> window;
        std::optional<QSignalSpy> loaded;
        QLabel *status = nullptr;

        // A slow read: another connection holds the database locked, so the
        // load waits until the test lets go. A load on the GUI thread would
        // wait right here, with the event loop stopped.
        {
            QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
            locker.setDatabaseName(env.databasePath());
            QVERIFY(locker.open());
            QSqlQuery lock(locker);
            QVERIFY(lock.exec(QStringLiteral("PRAGMA locking_mode=EXCLUSIVE")));
            QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            QVERIFY2(lock.exec(QStringLiteral("UPDATE tenants SET name = name")), qPrintable(lock.lastError().text()));

            client.emplace(env.databasePath());
            window.emplace(*client, QStringLiteral("admin"), QStringLiteral("demo"));
            window->show();
            status = window->findChild<QLabel *>(QStringLiteral("statusLabel"));
            QVERIFY(status);
            loaded.emplace(&*window, &ui::MainWindow::catalogLoaded);

            int ticks = 0;
            QTimer ticker;
            connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
            ticker.start(10);
            window->reload();
            // The event loop keeps turning while the load waits for the lock.
            QTRY_VERIFY(ticks >= 10);
            QCOMPARE(loaded->count(), 0);
            QVERIFY(!window->catalogModel() || window->catalogModel()->rowCount() == 0);
            QVERIFY(lock.exec(QStringLiteral("COMMIT")));
            lock.finish();
            locker.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("locker"));

        QTRY_COMPARE(loaded->count(), 1);
        auto *view = window->findChild<QAbstractItemView *>(QStringLiteral("catalogView"));
        QVERIFY(view);
        QCOMPARE(view->model()->rowCount(), 3);
        QCOMPARE(loaded->first().first().toInt(), 3);
        QVERIFY2(status->text().contains(QStringLiteral("3 service")), qPrintable(status->text()));
    }

    void theMailboxShowsTheMailsOrdoWrote()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 4}, {QStringLiteral("memoryGiB"), 16}}));
        auto order = ordo->orders().checkout(alice);
        ORDO_VERIFY_OK(order);
        OrdoClient client(env.databasePath());
        ui::MainWindow window(client, QStringLiteral("admin"), QStringLiteral("demo"));
        window.show();
        QSignalSpy signedIn(&window, &ui::MainWindow::signedIn);
        window.reload();
        QTRY_COMPARE(signedIn.count(), 1);
        auto *mails = window.findChild<QTableView *>(QStringLiteral("mailboxTableView"));
        auto *body = window.findChild<QPlainTextEdit *>(QStringLiteral("mailBodyView"));
        QVERIFY(mails && body);
        QTRY_COMPARE(mails->model()->rowCount(), 1);
        QVERIFY(window.showSection(Section::Mailbox));
        QVERIFY(mails->isVisible());
        QVERIFY(mails->model()->index(0, 2).data().toString().contains(QStringLiteral("waits for your approval")));
        mails->selectRow(0);
        QTRY_VERIFY(body->toPlainText().contains(QStringLiteral("ordo://approvals?order=%1").arg(order->id)));
    }

    void saysWhyWhenTheDatabaseCannotBeOpened()
    {
        TestEnvironment env;
        // A file where the database folder should be.
        QFile blocker(env.path(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        OrdoClient client(env.path(QStringLiteral("blocker/ordo.db")));
        ui::MainWindow window(client, QStringLiteral("admin"), QStringLiteral("demo"));
        auto *status = window.findChild<QLabel *>(QStringLiteral("statusLabel"));
        QSignalSpy failed(&window, &ui::MainWindow::loadFailed);
        window.reload();
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY2(status->text().startsWith(QStringLiteral("Cannot open the database")), qPrintable(status->text()));
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("statusFreshness"))->text(), QStringLiteral("Not live"));
    }

    void saysWhyWhenTheSignInFails()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        ui::MainWindow window(client, QStringLiteral("admin"), QStringLiteral("wrong"));
        auto *status = window.findChild<QLabel *>(QStringLiteral("statusLabel"));
        QSignalSpy failed(&window, &ui::MainWindow::loadFailed);
        window.reload();
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY2(status->text().startsWith(QStringLiteral("Cannot sign in as admin")), qPrintable(status->text()));
        QCOMPARE(window.catalogModel(), nullptr);
    }

    // The catalog goes through the session's entitlement: an item only for
    // globex shows in globex's window and not in acme's.
    void theCatalogShowsOnlyWhatTheTenantIsEntitledTo()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto items = OrdoInternals::store(*ordo).catalogItems();
        ORDO_VERIFY_OK(items);
        CatalogItem globexOnly = items->first();
        globexOnly.id = QStringLiteral("globex-vm");
        globexOnly.name = QStringLiteral("Globex virtual machine");
        globexOnly.entitledTenants = {QStringLiteral("globex")};
        ORDO_VERIFY_OK(OrdoInternals::store(*ordo).upsertCatalogItem(globexOnly, 99));

        const auto shown = [](ui::MainWindow &window) {
            QStringList ids;
            for (int row = 0; row < window.catalogModel()->rowCount(); ++row)
                ids << window.catalogModel()->index(row, 0).data(ui::CatalogModel::ItemIdRole).toString();
            return ids;
        };
        OrdoClient client(env.databasePath());
        ui::MainWindow acme(client, QStringLiteral("alice"), QStringLiteral("demo"));
        ui::MainWindow globex(client, QStringLiteral("dave"), QStringLiteral("demo"));
        QSignalSpy acmeLoaded(&acme, &ui::MainWindow::catalogLoaded);
        QSignalSpy globexLoaded(&globex, &ui::MainWindow::catalogLoaded);
        acme.reload();
        globex.reload();
        QTRY_COMPARE(acmeLoaded.count(), 1);
        QTRY_COMPARE(globexLoaded.count(), 1);
        QVERIFY2(!shown(acme).contains(QStringLiteral("globex-vm")), qPrintable(shown(acme).join(u',')));
        QCOMPARE(shown(acme).size(), 3);
        QVERIFY2(shown(globex).contains(QStringLiteral("globex-vm")), qPrintable(shown(globex).join(u',')));
        QCOMPARE(shown(globex).size(), 4);
    }

    // An order placed with ordoctl queues an approval mail; the window of
    // acme's admin shows it with no reload, told by the change feed.
    void theMailboxFollowsChangesOfOtherProcesses()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        ui::MainWindow window(client, QStringLiteral("admin"), QStringLiteral("demo"));
        QSignalSpy loaded(&window, &ui::MainWindow::mailboxLoaded);
        window.reload();
        QTRY_COMPARE(loaded.count(), 1);
        auto *mails = window.findChild<QTableView *>(QStringLiteral("mailboxTableView"));
        QCOMPARE(mails->model()->rowCount(), 0);

        const QString db = env.databasePath();
        QCOMPARE(ordoctl(db, QStringLiteral("alice"), {QStringLiteral("cart"), QStringLiteral("add"), QStringLiteral("linux-vm"),
                                                       QStringLiteral("--set"), QStringLiteral("cpus=4"), QStringLiteral("--set"),
                                                       QStringLiteral("memoryGiB=16")}).exitCode, 0);
        QCOMPARE(ordoctl(db, QStringLiteral("alice"), {QStringLiteral("checkout")}).exitCode, 0);
        QTRY_COMPARE(mails->model()->rowCount(), 1);
        QVERIFY(mails->model()->index(0, 2).data().toString().contains(QStringLiteral("waits for your approval")));
    }

    // The list of sections is the core's rule for the session, in its order,
    // with a page for each.
    void theSectionsFollowTheRoles_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QStringList>("titles");
        QTest::addColumn<QStringList>("pages");
        QTest::newRow("customer") << QStringLiteral("alice") << QStringList{QStringLiteral("Catalog"), QStringLiteral("Cart"), QStringLiteral("My orders")}
                                  << QStringList{QStringLiteral("catalogPage"), QStringLiteral("cartPage"), QStringLiteral("myOrdersPage")};
        QTest::newRow("approver") << QStringLiteral("bob")
                                  << QStringList{QStringLiteral("Catalog"), QStringLiteral("Cart"), QStringLiteral("My orders"), QStringLiteral("Approvals")}
                                  << QStringList{QStringLiteral("catalogPage"), QStringLiteral("cartPage"), QStringLiteral("myOrdersPage"),
                                                 QStringLiteral("approvalsPage")};
        QTest::newRow("support") << QStringLiteral("carol")
                                 << QStringList{QStringLiteral("Catalog"), QStringLiteral("Cart"), QStringLiteral("My orders"), QStringLiteral("Workflows"),
                                                QStringLiteral("Tickets"), QStringLiteral("CMDB"), QStringLiteral("Mailbox")}
                                 << QStringList{QStringLiteral("catalogPage"), QStringLiteral("cartPage"), QStringLiteral("myOrdersPage"),
                                                QStringLiteral("workflowsPage"), QStringLiteral("ticketsPage"), QStringLiteral("cmdbPage"),
                                                QStringLiteral("mailboxPage")};
    }
    void theSectionsFollowTheRoles()
    {
        QFETCH(QString, user);
        QFETCH(QStringList, titles);
        QFETCH(QStringList, pages);
        TestEnvironment env;
        openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        ui::MainWindow window(client, user, QStringLiteral("demo"));
        auto *list = window.findChild<QListWidget *>(QStringLiteral("sections"));
        auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pages"));
        QVERIFY(list && stack);
        QSignalSpy signedIn(&window, &ui::MainWindow::signedIn);
        window.reload();
        QTRY_COMPARE(signedIn.count(), 1);
        QStringList shownTitles, shownPages;
        for (int row = 0; row < list->count(); ++row) {
            shownTitles << list->item(row)->text();
            list->setCurrentRow(row);
            shownPages << stack->currentWidget()->objectName();
        }
        QCOMPARE(shownTitles, titles);
        QCOMPARE(shownPages, pages);
    }

    // Ctrl+1..9 pick the n-th section from the keyboard; a number past the
    // last section does nothing.
    void controlAndANumberSwitchSections()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        ui::MainWindow window(client, QStringLiteral("carol"), QStringLiteral("demo"));
        QSignalSpy signedIn(&window, &ui::MainWindow::signedIn);
        QSignalSpy catalogLoaded(&window, &ui::MainWindow::catalogLoaded);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.reload();
        QTRY_COMPARE(signedIn.count(), 1);
        auto *list = window.findChild<QListWidget *>(QStringLiteral("sections"));
        auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pages"));
        auto *status = window.findChild<QLabel *>(QStringLiteral("statusLabel"));
        QCOMPARE(list->currentRow(), 0);
        QTRY_COMPARE(catalogLoaded.count(), 1);
        const QString catalogSummary = status->text();
        QVERIFY2(catalogSummary.contains(QStringLiteral("in the catalog of ACME Corporation")), qPrintable(catalogSummary));
        QTest::keyClick(&window, Qt::Key_7, Qt::ControlModifier);
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("mailboxPage"));
        // The catalog's count is not the mailbox's.
        QCOMPARE(status->text(), QString());
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(status->text(), catalogSummary);
        QTest::keyClick(&window, Qt::Key_7, Qt::ControlModifier);
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("myOrdersPage"));
        QTest::keyClick(&window, Qt::Key_8, Qt::ControlModifier);
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("myOrdersPage"));
        QCOMPARE(list->currentRow(), 2);
    }

    // The status bar names the user, the tenant and the database, and says
    // the data is live; a change made elsewhere is seen, with its time.
    void theStatusBarSaysWhoWhereAndHowFresh()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        ui::MainWindow window(client, QStringLiteral("bob"), QStringLiteral("demo"));
        const auto label = [&](const char *name) {
            auto *found = window.findChild<QLabel *>(QLatin1String(name));
            return found ? found->text() : QStringLiteral("<no %1>").arg(QLatin1String(name));
        };
        QSignalSpy signedIn(&window, &ui::MainWindow::signedIn);
        window.reload();
        QTRY_COMPARE(signedIn.count(), 1);
        QCOMPARE(label("statusUser"), QStringLiteral("Bob Approver"));
        QCOMPARE(label("statusTenant"), QStringLiteral("ACME Corporation"));
        QTRY_COMPARE(label("statusDatabase"), QFileInfo(env.databasePath()).absoluteFilePath());
        QTRY_COMPARE(label("statusFreshness"), QStringLiteral("Live"));
        auto *freshness = window.findChild<QLabel *>(QStringLiteral("statusFreshness"));
        QVERIFY(!freshness->toolTip().contains(QStringLiteral("the last at")));
        QCOMPARE(ordoctl(env.databasePath(), QStringLiteral("alice"), {QStringLiteral("cart"), QStringLiteral("add"), QStringLiteral("linux-vm"),
                                                                        QStringLiteral("--set"), QStringLiteral("cpus=4"), QStringLiteral("--set"),
                                                                        QStringLiteral("memoryGiB=16")}).exitCode, 0);
        QCOMPARE(ordoctl(env.databasePath(), QStringLiteral("alice"), {QStringLiteral("checkout")}).exitCode, 0);
        QTRY_VERIFY2(freshness->toolTip().contains(QStringLiteral("the last at")), qPrintable(freshness->toolTip()));
    }

    // A change feed that stops turns "Live" into the time of what is shown and
    // a warning with why; "Live" comes back when the feed reads again.
    void theStatusBarWarnsWhenChangesStopArriving()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        ui::MainWindow window(client, QStringLiteral("bob"), QStringLiteral("demo"));
        QSignalSpy signedIn(&window, &ui::MainWindow::signedIn);
        window.reload();
        QTRY_COMPARE(signedIn.count(), 1);
        auto *freshness = window.findChild<QLabel *>(QStringLiteral("statusFreshness"));
        QVERIFY(freshness);
        QTRY_COMPARE(freshness->text(), QStringLiteral("Live"));

        const auto exec = [&](const QString &sql) {
            QString error;
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("breaker"));
                db.setDatabaseName(env.databasePath());
                if (!db.open())
                    error = db.lastError().text();
                else if (QSqlQuery q(db); !q.exec(sql))
                    error = q.lastError().text();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("breaker"));
            return error;
        };
        QCOMPARE(exec(QStringLiteral("ALTER TABLE changes RENAME TO changes_away")), QString());
        QTRY_VERIFY2(freshness->text().contains(QStringLiteral("Not live: as of")), qPrintable(freshness->text()));
        QVERIFY2(freshness->toolTip().contains(QStringLiteral("cannot read the change log")), qPrintable(freshness->toolTip()));

        QCOMPARE(exec(QStringLiteral("ALTER TABLE changes_away RENAME TO changes")), QString());
        QTRY_COMPARE(freshness->text(), QStringLiteral("Live"));
    }

    // A link from a mail shows its order once signed in, in the section the
    // user has for it, and changes nothing.
    void aLinkShowsItsOrderAfterSignInAndChangesNothing_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("link");
        QTest::addColumn<Section>("section");
        QTest::addColumn<QString>("page");
        QTest::newRow("approver, approval mail") << QStringLiteral("bob") << QStringLiteral("ordo://approvals?order=%1") << Section::Approvals
                                                 << QStringLiteral("approvalsPage");
        QTest::newRow("requester, order mail") << QStringLiteral("alice") << QStringLiteral("ordo://orders?order=%1") << Section::MyOrders
                                               << QStringLiteral("myOrdersPage");
        QTest::newRow("requester, approval mail") << QStringLiteral("alice") << QStringLiteral("ordo://approvals?order=%1") << Section::MyOrders
                                                  << QStringLiteral("myOrdersPage");
    }
    void aLinkShowsItsOrderAfterSignInAndChangesNothing()
    {
        QFETCH(QString, user);
        QFETCH(QString, link);
        QFETCH(Section, section);
        QFETCH(QString, page);
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        QCOMPARE(order.state, OrderState::PendingApproval);
        const auto parsed = parseDeepLink(link.arg(order.id));
        QVERIFY(parsed.ok());

        OrdoClient client(env.databasePath());
        ui::MainWindow window(client, user, QStringLiteral("demo"));
        QSignalSpy requested(&window, &ui::MainWindow::orderRequested);
        QSignalSpy signedIn(&window, &ui::MainWindow::signedIn);
        window.openLink(*parsed);
        QVERIFY(window.isVisible());
        QCOMPARE(requested.count(), 0); // not before the user signed in
        window.reload();
        QTRY_COMPARE(requested.count(), 1);
        QCOMPARE(requested.first().at(0).value<Section>(), section);
        QCOMPARE(requested.first().at(1).toLongLong(), order.id);
        QCOMPARE(window.findChild<QStackedWidget *>(QStringLiteral("pages"))->currentWidget()->objectName(), page);

        // Opened once more while signed in: at once.
        window.openLink(*parsed);
        QCOMPARE(requested.count(), 2);
        auto after = ordo->orders().order(sessionFor(*ordo, QStringLiteral("alice")), order.id);
        ORDO_VERIFY_OK(after);
        QCOMPARE(after->state, OrderState::PendingApproval);
        QCOMPARE(after->version, order.version);
    }

    // The approval mail's link selects its order in the approver's queue; an
    // order that does not wait for this approver is named, with why.
    void anApprovalLinkSelectsItsOrderOrSaysWhyNot()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Order first = checkOut(*ordo, QStringLiteral("alice"));
        const Order second = checkOut(*ordo, QStringLiteral("alice"));
        const Order decided = checkOut(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("bob")), decided.id, Decision::Reject, QStringLiteral("too big")));
        const Order globex = checkOut(*ordo, QStringLiteral("dave"));
        const auto link = [](Id order) { return *parseDeepLink(QStringLiteral("ordo://approvals?order=%1").arg(order)); };

        OrdoClient client(env.databasePath());
        ui::MainWindow window(client, QStringLiteral("bob"), QStringLiteral("demo"));
        QSignalSpy signedIn(&window, &ui::MainWindow::signedIn);
        window.openLink(link(second.id));
        window.reload();
        QTRY_COMPARE(signedIn.count(), 1);
        auto *queue = window.findChild<QTableView *>(QStringLiteral("approvalQueue"));
        auto *message = window.findChild<QLabel *>(QStringLiteral("decisionMessage"));
        QVERIFY(queue && message);
        const auto currentOrder = [&] { return queue->currentIndex().data(ui::ApprovalQueueModel::OrderIdRole).toLongLong(); };
        QTRY_COMPARE(queue->model()->rowCount(), 2);
        QTRY_COMPARE(currentOrder(), second.id);
        QVERIFY(queue->selectionModel()->isRowSelected(queue->currentIndex().row(), {}));
        // A, R, C and Ctrl+Enter work at once: the keyboard is on the queue, not on the section list.
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTRY_COMPARE(QApplication::focusWidget(), queue);

        window.openLink(link(first.id));
        QTRY_COMPARE(currentOrder(), first.id);

        // Decided already: by whom, and the selection stays where it was.
        window.openLink(link(decided.id));
        QTRY_VERIFY2(message->text().contains(QStringLiteral("Order %1 does not wait for your approval").arg(decided.id)), qPrintable(message->text()));
        QVERIFY2(message->text().contains(QStringLiteral("rejected")) && message->text().contains(QStringLiteral("decided by bob")), qPrintable(message->text()));
        QCOMPARE(currentOrder(), first.id);

        // Another tenant's: not theirs, and nothing more about it.
        window.openLink(link(globex.id));
        QTRY_VERIFY2(message->text().contains(QStringLiteral("Order %1 does not wait for your approval: it is not an order you approve").arg(globex.id)),
                     qPrintable(message->text()));
        QCOMPARE(currentOrder(), first.id);
    }

    // Size and position come back at the next start.
    void theWindowGeometryIsRemembered()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        {
            ui::MainWindow first(client, QStringLiteral("alice"), QStringLiteral("demo"));
            first.show();
            first.resize(640, 410);
            QTRY_COMPARE(first.size(), QSize(640, 410));
            first.close();
        }
        ui::MainWindow second(client, QStringLiteral("alice"), QStringLiteral("demo"));
        QCOMPARE(second.size(), QSize(640, 410));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

#include "EngineHarness.h"
#include "OrdoInternals.h"
#include "TestSupport.h"

#include "catalog/CatalogModel.h"
#include "client/OrdoClient.h"
#include "engine/Engine.h"
#include "main/MainWindow.h"

#include <QLabel>
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
        QTableView *view = nullptr;
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
            view = window->findChild<QTableView *>(QStringLiteral("catalogTableView"));
            status = window->findChild<QLabel *>(QStringLiteral("statusLabel"));
            QVERIFY(view && status);
            loaded.emplace(&*window, &ui::MainWindow::catalogLoaded);

            int ticks = 0;
            QTimer ticker;
            connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
            ticker.start(10);
            window->reload();
            // The event loop keeps turning while the load waits for the lock.
            QTRY_VERIFY(ticks >= 10);
            QCOMPARE(loaded->count(), 0);
            QCOMPARE(view->model()->rowCount(), 0);
            QVERIFY(lock.exec(QStringLiteral("COMMIT")));
            lock.finish();
            locker.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("locker"));

        QTRY_COMPARE(view->model()->rowCount(), 3);
        QCOMPARE(loaded->count(), 1);
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
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
        auto *mails = window.findChild<QTableView *>(QStringLiteral("mailboxTableView"));
        auto *body = window.findChild<QPlainTextEdit *>(QStringLiteral("mailBodyView"));
        QVERIFY(tabs && mails && body);
        window.reload();
        QTRY_COMPARE(mails->model()->rowCount(), 1);
        tabs->setCurrentIndex(1);
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
        QCOMPARE(window.catalogModel()->rowCount(), 0);
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
        auto *mails = window.findChild<QTableView *>(QStringLiteral("mailboxTableView"));
        QSignalSpy loaded(&window, &ui::MainWindow::mailboxLoaded);
        window.reload();
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(mails->model()->rowCount(), 0);

        const QString db = env.databasePath();
        QCOMPARE(ordoctl(db, QStringLiteral("alice"), {QStringLiteral("cart"), QStringLiteral("add"), QStringLiteral("linux-vm"),
                                                       QStringLiteral("--set"), QStringLiteral("cpus=4"), QStringLiteral("--set"),
                                                       QStringLiteral("memoryGiB=16")}).exitCode, 0);
        QCOMPARE(ordoctl(db, QStringLiteral("alice"), {QStringLiteral("checkout")}).exitCode, 0);
        QTRY_COMPARE(mails->model()->rowCount(), 1);
        QVERIFY(mails->model()->index(0, 2).data().toString().contains(QStringLiteral("waits for your approval")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

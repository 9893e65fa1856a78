#include "TestSupport.h"

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

using namespace ordo;
using namespace ordo::test;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsTheCatalogWithoutBlocking()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        ui::MainWindow window(env.databasePath());
        window.show();
        auto *view = window.findChild<QTableView *>(QStringLiteral("catalogTableView"));
        auto *status = window.findChild<QLabel *>(QStringLiteral("statusLabel"));
        QVERIFY(view && status);
        QSignalSpy loaded(&window, &ui::MainWindow::catalogLoaded);

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

            int ticks = 0;
            QTimer ticker;
            connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
            ticker.start(10);
            window.reload();
            // The event loop keeps turning while the load waits for the lock.
            QTRY_VERIFY(ticks >= 10);
            QCOMPARE(loaded.count(), 0);
            QCOMPARE(view->model()->rowCount(), 0);
            QVERIFY(lock.exec(QStringLiteral("COMMIT")));
            lock.finish();
            locker.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("locker"));

        QTRY_COMPARE(view->model()->rowCount(), 5);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(loaded.first().first().toInt(), 5);
        QVERIFY2(status->text().contains(QStringLiteral("5 service")), qPrintable(status->text()));
    }

    void theMailboxShowsTheMailsOrdoWrote()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 4}, {QStringLiteral("memoryGiB"), 16}}));
        auto order = ordo->orders().checkout(alice);
        ORDO_VERIFY_OK(order);
        ui::MainWindow window(env.databasePath());
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
        ui::MainWindow window(env.path(QStringLiteral("blocker/ordo.db")));
        auto *status = window.findChild<QLabel *>(QStringLiteral("statusLabel"));
        QSignalSpy failed(&window, &ui::MainWindow::loadFailed);
        window.reload();
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY2(status->text().startsWith(QStringLiteral("Cannot open the database")), qPrintable(status->text()));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

#include "TestSupport.h"

#include "main/MainWindow.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTableView>

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
        window.reload();
        QTRY_COMPARE(view->model()->rowCount(), 5);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(loaded.first().first().toInt(), 5);
        QVERIFY2(status->text().contains(QStringLiteral("5 service")), qPrintable(status->text()));
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

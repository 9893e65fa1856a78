// The console's settings and options as a user sets them: the language
// setting, and --no-engine (no workflow engine hosted by the console).

#include "TestSupport.h"

#include "client/OrdoClient.h"
#include "main/MainWindow.h"
#include "shell/SingleInstance.h"
#include "util/Translations.h"

#include <QListWidget>
#include <QLocalSocket>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>

using namespace ordo;
using namespace ordo::test;

namespace {

// The real console, signed in as bob without the dialog, on the database.
struct Console
{
    Console(const QString &databasePath, const QStringList &options)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("ORDO_PASSWORD"), QStringLiteral("demo"));
        process.setProcessEnvironment(environment);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(QStringLiteral(ORDO_PATH), QStringList{QStringLiteral("--db"), databasePath, QStringLiteral("--user"), QStringLiteral("bob")} + options);
    }
    ~Console()
    {
        process.terminate();
        if (!process.waitForFinished(10000))
            process.kill();
    }
    QProcess process;
};

// Whether a console listens on the database's single-instance socket (it is up).
bool listening(const QString &databasePath)
{
    QLocalSocket probe;
    probe.connectToServer(ui::SingleInstance::serverName(databasePath));
    const bool up = probe.waitForConnected(200);
    probe.abort();
    return up;
}

} // namespace

class TestConsoleSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // language=de: the window's section titles are German, whatever the system's language.
    void theLanguageSettingChoosesTheWindowsLanguage()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        QSettings settings;
        settings.setValue(QStringLiteral("language"), QStringLiteral("de"));
        applyLanguageSetting(settings);
        QCOMPARE(QLocale().language(), QLocale::German);
        QVERIFY(installTranslations({QStringLiteral("ordo_core"), QStringLiteral("ordo_ui")}).contains(QStringLiteral("ordo_ui")));

        OrdoClient client(env.databasePath());
        ui::MainWindow window(client, QStringLiteral("bob"), QStringLiteral("demo"));
        QSignalSpy signedIn(&window, &ui::MainWindow::signedIn);
        window.reload();
        QTRY_COMPARE(signedIn.count(), 1);
        auto *sections = window.findChild<QListWidget *>(QStringLiteral("sections"));
        QVERIFY(sections && sections->count() > 0);
        QStringList titles;
        for (int i = 0; i < sections->count(); ++i)
            titles.append(sections->item(i)->text());
        QVERIFY2(titles.contains(QStringLiteral("Katalog")), qPrintable(titles.join(QStringLiteral(", "))));
        QVERIFY2(!titles.contains(QStringLiteral("Catalog")), qPrintable(titles.join(QStringLiteral(", "))));
    }

    // A console hosts an engine unless told not to: with --no-engine an
    // approved order is not provisioned by it; without, it is.
    void noEngineHostsNoEngine()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("bob")), order.id, Decision::Approve, QStringLiteral("ok")));
        QCOMPARE(stateOf(*ordo, order.id), OrderState::Approved);
        {
            Console console(env.databasePath(), {QStringLiteral("--no-engine")});
            QTRY_VERIFY_WITH_TIMEOUT(listening(env.databasePath()), 20000);
            // Up and signed in, with time for an engine to claim the order's
            // workflow (it does within a second, below); none does.
            QTest::qWait(3000);
            QCOMPARE(console.process.state(), QProcess::Running);
            QCOMPARE(stateOf(*ordo, order.id), OrderState::Approved);
        }
        // The same console with its engine provisions the order.
        Console console(env.databasePath(), {});
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(*ordo, order.id) != OrderState::Approved, 20000);
    }
};

QTEST_MAIN(TestConsoleSettings)
#include "tst_consolesettings.moc"

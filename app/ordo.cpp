// ordo: the console.

#include "Ordo.h"
#include "client/OrdoClient.h"
#include "host/EngineHost.h"
#include "main/MainWindow.h"
#include "util/Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>

using namespace ordo;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ordo"));
    QApplication::setOrganizationName(QStringLiteral("ordo"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    installTranslations({QStringLiteral("ordo_core"), QStringLiteral("ordo_ui")});

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Ordo cloud-management console"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QApplication::translate("main", "Database file."),
                                      QStringLiteral("path"), Ordo::defaultDatabasePath());
    const QCommandLineOption selfTestOption(QStringLiteral("self-test"),
                                            QApplication::translate("main", "Start, open the database, show the catalog and exit."));
    // Until the console has a sign-in dialog it signs in as the demo's admin, or as ORDO_USER with ORDO_PASSWORD.
    const QString defaultUser = qEnvironmentVariable("ORDO_USER", QStringLiteral("admin"));
    const QCommandLineOption userOption(QStringLiteral("user"), QApplication::translate("main", "Sign in as this user (password: ORDO_PASSWORD)."),
                                        QStringLiteral("name"), defaultUser);
    parser.addOption(dbOption);
    parser.addOption(userOption);
    parser.addOption(selfTestOption);
    parser.process(app);
    const QString path = parser.value(dbOption);

    {
        // First start: make the embedded demo so there is something to look at.
        auto opened = Ordo::open(path);
        if (!opened) {
            std::fprintf(stderr, "ordo: %s\n", qPrintable(opened.error().message));
            return static_cast<int>(opened.error().code);
        }
        if ((*opened)->isEmpty()) {
            if (auto demo = (*opened)->createDemo(QStringLiteral("demo")); !demo) {
                std::fprintf(stderr, "ordo: %s\n", qPrintable(demo.error().message));
                return 1;
            }
        }
    }

    // The console hosts a workflow engine in worker threads; several consoles
    // and engines on one database share the work through leases.
    auto host = EngineHost::create(path);
    if (!host) {
        std::fprintf(stderr, "ordo: %s\n", qPrintable(host.error().message));
        return static_cast<int>(host.error().code);
    }
    QObject::connect(host->get(), &EngineHost::engineFailed, &app, [](const QString &message) {
        std::fprintf(stderr, "ordo: the workflow engine stopped: %s\n", qPrintable(message));
    });
    QObject::connect(host->get(), &EngineHost::mailFailed, &app, [](const QString &message) {
        std::fprintf(stderr, "ordo: mail delivery stopped: %s\n", qPrintable(message));
    });
    (*host)->start();

    OrdoClient client(path);
    ui::MainWindow window(client, parser.value(userOption), qEnvironmentVariable("ORDO_PASSWORD", QStringLiteral("demo")));
    if (parser.isSet(selfTestOption)) {
        QObject::connect(&window, &ui::MainWindow::catalogLoaded, &app, [](int items) {
            std::printf("ordo self-test: catalog with %d items loaded\n", items);
            QCoreApplication::exit(items > 0 ? 0 : 1);
        });
        QObject::connect(&window, &ui::MainWindow::loadFailed, &app, [](const QString &message) {
            std::fprintf(stderr, "ordo self-test failed: %s\n", qPrintable(message));
            QCoreApplication::exit(1);
        });
        QTimer::singleShot(60000, &app, [] {
            std::fprintf(stderr, "ordo self-test: no catalog after 60 s\n");
            QCoreApplication::exit(1);
        });
    }
    window.hostEngine(&(*host)->engine());
    // Quits once the engine has handed back its steps, not when its actions end.
    QApplication::setQuitOnLastWindowClosed(false);
    QObject::connect(&window, &ui::MainWindow::closed, &app, &QCoreApplication::quit);
    window.show();
    window.reload();
    return app.exec();
}

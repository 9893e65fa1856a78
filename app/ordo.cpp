// ordo: the console.

#include "Ordo.h"
#include "client/OrdoClient.h"
#include "engine/Engine.h"
#include "host/EngineHost.h"
#include "main/MainWindow.h"
#include "security/SecretStore.h"
#include "shell/LoginDialog.h"
#include "shell/SingleInstance.h"
#include "util/DeepLink.h"
#include "util/Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <optional>

using namespace ordo;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ordo"));
    QApplication::setOrganizationName(QStringLiteral("ordo"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    QSettings settings;
    // The system's language, unless the setting "language" (e.g. "de") names another.
    applyLanguageSetting(settings);
    installTranslations({QStringLiteral("ordo_core"), QStringLiteral("ordo_ui")});

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Ordo cloud-management console"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QApplication::translate("main", "Database file."),
                                      QStringLiteral("path"), Ordo::defaultDatabasePath());
    const QCommandLineOption selfTestOption(QStringLiteral("self-test"),
                                            QApplication::translate("main", "Start, open the database, show the catalog and exit."));
    // For scripts: signs in without the dialog, as --user (or ORDO_USER) with ORDO_PASSWORD.
    const QCommandLineOption userOption(QStringLiteral("user"),
                                        QApplication::translate("main", "Sign in as this user without the dialog (password: ORDO_PASSWORD)."),
                                        QStringLiteral("name"), qEnvironmentVariable("ORDO_USER"));
    const QCommandLineOption noEngineOption(QStringLiteral("no-engine"),
                                            QApplication::translate("main", "Host no workflow engine: engines run elsewhere."));
    parser.addOption(dbOption);
    parser.addOption(userOption);
    parser.addOption(selfTestOption);
    parser.addOption(noEngineOption);
    parser.addPositionalArgument(QStringLiteral("link"), QApplication::translate("main", "An ordo:// link to open, as in Ordo's mails."),
                                 QStringLiteral("[link]"));
    parser.process(app);
    const QString path = parser.value(dbOption);
    const bool selfTest = parser.isSet(selfTestOption);

    std::optional<DeepLink> link;
    if (const QStringList args = parser.positionalArguments(); !args.isEmpty()) {
        auto parsed = args.size() == 1 ? parseDeepLink(args.first())
                                       : Result<DeepLink>(Error::badInput(QApplication::translate("main", "one link at most")));
        if (!parsed) {
            std::fprintf(stderr, "ordo: %s\n", qPrintable(parsed.error().message));
            return static_cast<int>(parsed.error().code);
        }
        link = *parsed;
    }

    // One console per user and database: a running one takes the link and
    // comes to the front. Everything from here runs in the event loop.
    ui::SingleInstance instance(ui::SingleInstance::serverName(path));
    std::unique_ptr<EngineHost> host;
    std::unique_ptr<OrdoClient> client;
    std::unique_ptr<ui::MainWindow> window;
    // Quits once the engine has handed back its steps, not when its actions end.
    QApplication::setQuitOnLastWindowClosed(false);
    const auto showWindow = [&](std::unique_ptr<ui::MainWindow> made) {
        window = std::move(made);
        if (host)
            window->hostEngine(&host->engine());
        QObject::connect(window.get(), &ui::MainWindow::closed, &app, &QCoreApplication::quit);
        if (link)
            window->openLink(*link);
        window->show();
        window->reload();
    };

    // A later start's link: shown once signed in; the sender gave no password.
    QObject::connect(&instance, &ui::SingleInstance::messageReceived, &app, [&](const QString &message) {
        std::optional<DeepLink> received;
        if (!message.isEmpty()) {
            if (auto parsed = parseDeepLink(message))
                received = *parsed;
            else
                std::fprintf(stderr, "ordo: ignored a link from another start: %s\n", qPrintable(parsed.error().message));
        }
        if (!window) {
            link = received ? received : link;
            return;
        }
        if (received)
            window->openLink(*received);
        else
            window->raiseWindow();
    });

    // The running console: opens the database, the engine and the window. Returns an exit code when it cannot.
    const auto startConsole = [&]() -> int {
        // On a shared database where people sign in as themselves, the console
        // opens it as they sign in, and engines run elsewhere as the engines' role.
        const bool ownLogin = Ordo::signsInWithOwnRole(path);
        if (!ownLogin) {
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

        // By default the console hosts a workflow engine in worker threads; several
        // consoles and engines on one database share the work through leases. The
        // setting "engine/hosted" (or --no-engine) turns it off where engines run elsewhere.
        if (!ownLogin && !parser.isSet(noEngineOption) && settings.value(QStringLiteral("engine/hosted"), true).toBool()) {
            auto created = EngineHost::create(path);
            if (!created) {
                std::fprintf(stderr, "ordo: %s\n", qPrintable(created.error().message));
                return static_cast<int>(created.error().code);
            }
            host = std::move(*created);
            QObject::connect(host.get(), &EngineHost::engineFailed, &app, [](const QString &message) {
                std::fprintf(stderr, "ordo: the workflow engine stopped: %s\n", qPrintable(message));
            });
            QObject::connect(host.get(), &EngineHost::mailFailed, &app, [](const QString &message) {
                std::fprintf(stderr, "ordo: mail delivery stopped: %s\n", qPrintable(message));
            });
            host->start();
        }

        client = std::make_unique<OrdoClient>(path);

        const QString user = parser.value(userOption);
        if (selfTest || !user.isEmpty()) {
            showWindow(std::make_unique<ui::MainWindow>(*client, user.isEmpty() ? QStringLiteral("admin") : user,
                                                        qEnvironmentVariable("ORDO_PASSWORD", QStringLiteral("demo"))));
            if (selfTest) {
                QObject::connect(window.get(), &ui::MainWindow::catalogLoaded, &app, [](int items) {
                    std::printf("ordo self-test: catalog with %d items loaded\n", items);
                    QCoreApplication::exit(items > 0 ? 0 : 1);
                });
                QObject::connect(window.get(), &ui::MainWindow::loadFailed, &app, [](const QString &message) {
                    std::fprintf(stderr, "ordo self-test failed: %s\n", qPrintable(message));
                    QCoreApplication::exit(1);
                });
                QTimer::singleShot(60000, &app, [] {
                    std::fprintf(stderr, "ordo self-test: no catalog after 60 s\n");
                    QCoreApplication::exit(1);
                });
            }
        } else {
            auto *login = new ui::LoginDialog(*client);
            login->setAttribute(Qt::WA_DeleteOnClose);
            QObject::connect(login, &ui::LoginDialog::signedIn, &app, [&](const Session &session) {
                showWindow(std::make_unique<ui::MainWindow>(*client, session));
            });
            QObject::connect(login, &QDialog::rejected, &app, [&] {
                if (host) {
                    QObject::connect(&host->engine(), &engine::Engine::stopped, &app, &QCoreApplication::quit);
                    host->engine().requestStop();
                } else {
                    QCoreApplication::quit();
                }
            });
            login->open();
        }
        return 0;
    };
    const auto startOrExit = [&] {
        if (const int code = startConsole(); code != 0)
            QCoreApplication::exit(code);
    };
    if (selfTest) {
        QTimer::singleShot(0, &app, startOrExit);
    } else {
        const auto handOver = [&] { instance.send(link ? deepLinkText(*link) : QString()); };
        QObject::connect(&instance, &ui::SingleInstance::listening, &app, startOrExit);
        QObject::connect(&instance, &ui::SingleInstance::anotherRunning, &app, handOver);
        QObject::connect(&instance, &ui::SingleInstance::listenFailed, &app, handOver);
        QObject::connect(&instance, &ui::SingleInstance::sent, &app, [] { QCoreApplication::exit(0); });
        QObject::connect(&instance, &ui::SingleInstance::sendFailed, &app, [&](const QString &why) {
            std::fprintf(stderr, "ordo: another console runs on %s but does not answer: %s\n", qPrintable(path), qPrintable(why));
            QCoreApplication::exit(1);
        });
        // Queued: the outcome may be known at once, and exit() works only in a running loop.
        QTimer::singleShot(0, &instance, &ui::SingleInstance::listen);
    }
    const int code = app.exec();
    SecretStore::stopKeychainThread();
    return code;
}

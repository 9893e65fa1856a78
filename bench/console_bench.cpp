// The console's start to a usable catalog on the demo database: the client
// opening the database, the window made, shown and signed in, to the catalog
// model loaded, as app/ordo.cpp starts it for `--user` (password sign-in, no
// dialog). Also from a session already open (after the login dialog) to the
// catalog loaded. Prints figures; it is not a test and asserts nothing.
//
//   console_bench [--rounds N]

#include "Ordo.h"
#include "catalog/CatalogModel.h"
#include "client/OrdoClient.h"
#include "main/MainWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace ordo;

namespace {

int option(const QStringList &args, const QString &name, int fallback)
{
    const qsizetype i = args.indexOf(name);
    return i > 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
}

// Runs events until the window reports its catalog; false if it reported a failure.
bool waitForCatalog(QApplication &app, ui::MainWindow &window)
{
    bool done = false;
    bool failed = false;
    QObject::connect(&window, &ui::MainWindow::catalogLoaded, &app, [&] { done = true; });
    QObject::connect(&window, &ui::MainWindow::loadFailed, &app, [&](const QString &message) {
        std::fprintf(stderr, "console_bench: %s\n", qPrintable(message));
        done = failed = true;
    });
    while (!done)
        app.processEvents(QEventLoop::WaitForMoreEvents, 5);
    app.processEvents(); // painted with its items
    return !failed;
}

void print(const char *what, QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    std::printf("%-58s median %6.1f ms  min %6.1f  max %6.1f  (goal <= 500 ms)\n", what, ms.at(ms.size() / 2), ms.first(), ms.last());
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int rounds = option(app.arguments(), QStringLiteral("--rounds"), 10);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ordo.db"));
    {
        auto ordo = Ordo::open(path);
        if (!ordo || !(*ordo)->createDemo(QStringLiteral("demo"))) {
            std::fprintf(stderr, "console_bench: cannot create the demo database\n");
            return 1;
        }
    }
    std::printf("Ordo console benchmark: demo database, window 1280x800 offscreen, %d rounds"
                " (the machine is shared with other builds)\n", rounds);

    QList<double> cold;
    QList<double> withSession;
    int items = 0;
    for (int r = 0; r < rounds; ++r) {
        // As `ordo --user alice` starts: a client of its own, the password checked by the core.
        {
            QElapsedTimer t;
            t.start();
            OrdoClient client(path);
            ui::MainWindow window(client, QStringLiteral("alice"), QStringLiteral("demo"));
            window.resize(1280, 800);
            window.show();
            window.reload();
            if (!waitForCatalog(app, window))
                return 1;
            cold.append(double(t.nsecsElapsed()) / 1e6);
            items = window.catalogModel()->rowCount();
        }
        // After the login dialog: the session is open, the client running.
        {
            OrdoClient client(path);
            auto login = client.login(QStringLiteral("alice"), QStringLiteral("demo"));
            while (!login.isFinished())
                app.processEvents(QEventLoop::WaitForMoreEvents, 5);
            const Result<Session> session = login.result();
            if (!session) {
                std::fprintf(stderr, "console_bench: %s\n", qPrintable(session.error().message));
                return 1;
            }
            QElapsedTimer t;
            t.start();
            ui::MainWindow window(client, *session);
            window.resize(1280, 800);
            window.show();
            window.reload();
            if (!waitForCatalog(app, window))
                return 1;
            withSession.append(double(t.nsecsElapsed()) / 1e6);
        }
    }
    std::printf("catalog: %d items\n", items);
    print("client + window + password sign-in to catalog loaded", cold);
    print("window for an open session to catalog loaded", withSession);
    return 0;
}

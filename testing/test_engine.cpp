// An engine process like `ordoctl engine run`, wired by the same EngineHost,
// whose registry also holds the testing actions (test.effect, test.flag): the
// crash experiment starts and kills it. Prints one line per engine event.
//
//   ordo_test_engine --db PATH [--workers N] [--lease-ms MS] [--max-lost-attempts N] [--until-idle]

#include "TestActions.h"
#include "host/EngineHost.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace ordo;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Database file."), QStringLiteral("path"));
    const QCommandLineOption workers(QStringLiteral("workers"), QStringLiteral("Worker threads."), QStringLiteral("n"));
    const QCommandLineOption lease(QStringLiteral("lease-ms"), QStringLiteral("Lease length."), QStringLiteral("ms"));
    const QCommandLineOption lost(QStringLiteral("max-lost-attempts"), QStringLiteral("Poison-pill limit."), QStringLiteral("n"));
    const QCommandLineOption untilIdle(QStringLiteral("until-idle"), QStringLiteral("Exit when there is nothing to do."));
    parser.addOptions({db, workers, lease, lost, untilIdle});
    parser.process(app);

    EngineHostOptions options;
    if (parser.isSet(workers))
        options.engine.workers = parser.value(workers).toInt();
    if (parser.isSet(lease))
        options.engine.leaseMs = parser.value(lease).toLongLong();
    if (parser.isSet(lost))
        options.engine.maxLostAttempts = parser.value(lost).toInt();
    options.extraActions = test::addTestingActions;
    options.engineProcess = true; // as `ordoctl engine run`
    auto host = EngineHost::create(parser.value(db), options);
    if (!host) {
        std::fprintf(stderr, "ordo_test_engine: %s\n", qPrintable(host.error().message));
        return 1;
    }
    QTextStream out(stdout);
    QObject::connect(&(*host)->engine(), &engine::Engine::events, &app, [&out](const QList<engine::EngineEvent> &batch) {
        for (const engine::EngineEvent &e : batch)
            out << e.workflowId << QStringLiteral("  ") << e.stepKey << QStringLiteral("  ") << e.message << '\n';
        out.flush(); // once a batch: a write a line would cost a system call a step
    });
    QObject::connect(host->get(), &EngineHost::engineFailed, &app, [](const QString &message) {
        std::fprintf(stderr, "ordo_test_engine: the engine stopped: %s\n", qPrintable(message));
        QCoreApplication::exit(1);
    });
    if (parser.isSet(untilIdle))
        QObject::connect(&(*host)->engine(), &engine::Engine::idle, &app, [] { QCoreApplication::exit(0); });
    (*host)->start();
    const int code = QCoreApplication::exec();
    (*host)->stop();
    return code;
}

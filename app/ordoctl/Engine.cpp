#include "Commands.h"
#include "Output.h"
#include "engine/Engine.h"
#include "host/EngineHost.h"

#include <QLoggingCategory>
#include <QTimer>

#include <csignal>

namespace ordo::cli {

Noun engineNoun()
{
    return {QStringLiteral("engine"), Text::tr("an engine in this process"),
            {{QStringLiteral("run"), Text::tr("[--workers N] [--lease-ms MS] [--max-lost-attempts N] [--until-idle] [--verbose]"),
              Text::tr("runs workflows and delivers mail, printing each workflow's start, steps and result (--verbose: every "
                       "transition); --until-idle ends when nothing is runnable"),
              {QStringLiteral("workers"), QStringLiteral("until-idle"), QStringLiteral("lease-ms"), QStringLiteral("max-lost-attempts"),
               QStringLiteral("verbose")},
              0, &Ordoctl::engineRun}},
            Text::tr("engine takes 'run'")};
}

namespace {
std::atomic_bool g_stopRequested = false;

// Progress, not transitions: a workflow's start, each step as it starts or
// waits, and how the workflow ends or why it stops; empty for the rest.
QString progressLine(const engine::EngineEvent &e, const QString &step)
{
    using engine::EngineEvent;
    using engine::StepState;
    if (e.kind == EngineEvent::Kind::Notify)
        return Text::tr("told %1 that %2 failed").arg(e.recipient, step);
    if (e.kind == EngineEvent::Kind::Step) {
        if (e.stepState == StepState::Running)
            return Text::tr("at %1").arg(step);
        if (e.stepState == StepState::Waiting)
            return Text::tr("%1 waits").arg(step);
        if (e.stepState == StepState::Paused || e.stepState == StepState::Failed || e.stepState == StepState::Skipped)
            return Text::tr("%1: %2").arg(step, e.message);
        return {};
    }
    // The workflow's own changes are few: its start, a pause or resumption, its end.
    return e.message.isEmpty() ? engine::workflowStateName(e.workflowState) : e.message;
}
} // namespace

Status Ordoctl::engineRun()
{
    engine::EngineOptions options;
    if (m_cl.has(QStringLiteral("workers"))) {
        ORDO_TRY(workers, number(m_cl.option(QStringLiteral("workers")), Text::tr("--workers")));
        if (workers > 64)
            return Error::badInput(Text::tr("--workers %1 is more than 64").arg(workers));
        options.workers = static_cast<int>(workers);
    }
    if (m_cl.has(QStringLiteral("lease-ms"))) {
        ORDO_TRY(lease, number(m_cl.option(QStringLiteral("lease-ms")), Text::tr("--lease-ms")));
        // The engine would raise a shorter lease itself; a user who asked for one learns why not.
        if (lease < engine::kMinLeaseMs || lease > engine::kMaxLeaseMs)
            return Error::badInput(Text::tr("--lease-ms %1 is not from %2 to %3").arg(lease).arg(engine::kMinLeaseMs).arg(engine::kMaxLeaseMs));
        options.leaseMs = lease;
    }
    if (m_cl.has(QStringLiteral("max-lost-attempts"))) {
        ORDO_TRY(lost, number(m_cl.option(QStringLiteral("max-lost-attempts")), Text::tr("--max-lost-attempts")));
        if (lost > 1000)
            return Error::badInput(Text::tr("--max-lost-attempts %1 is more than 1000").arg(lost));
        options.maxLostAttempts = static_cast<int>(lost);
    }
    const bool untilIdle = m_cl.has(QStringLiteral("until-idle"));
    // A worker runs as a service: what goes wrong while it runs (a step's
    // transaction that failed, a lost connection) belongs in its journal.
    QLoggingCategory::setFilterRules(QStringLiteral("ordo.*.info=false"));
    EngineHostOptions hostOptions;
    hostOptions.engine = options;
    hostOptions.engineProcess = true;
    ORDO_TRY(host, EngineHost::create(m_ordo->databasePath(), hostOptions));
    engine::Engine &engine = host->engine();
    QString failure;
    const bool verbose = m_cl.has(QStringLiteral("verbose"));
    QObject::connect(&engine, &engine::Engine::events, &engine, [this, verbose](const QList<engine::EngineEvent> &batch) {
        if (m_json)
            return;
        for (const engine::EngineEvent &e : batch) {
            QString step = e.stepKey.isEmpty() ? QStringLiteral("-") : e.stepKey;
            if (e.stepKind == engine::StepKind::Compensation)
                step += QStringLiteral(" (compensation)");
            if (verbose) {
                out() << QStringLiteral("%1  workflow %2  %3  %4").arg(timeText(e.at)).arg(e.workflowId).arg(step, e.message) << '\n';
                continue;
            }
            if (const QString line = progressLine(e, step); !line.isEmpty())
                out() << QStringLiteral("%1  workflow %2  %3").arg(timeText(e.at)).arg(e.workflowId).arg(line) << '\n';
        }
        out().flush(); // once a batch: a write a line would cost a system call a step
    });
    QObject::connect(host.get(), &EngineHost::engineFailed, &engine, [&failure](const QString &message) {
        failure = message;
        QCoreApplication::exit(1);
    });
    if (untilIdle)
        QObject::connect(&engine, &engine::Engine::idle, &engine, [] { QCoreApplication::exit(0); });
    std::signal(SIGINT, [](int) { g_stopRequested = true; });
    std::signal(SIGTERM, [](int) { g_stopRequested = true; });
    QTimer stopCheck;
    QObject::connect(&stopCheck, &QTimer::timeout, &engine, [] {
        if (g_stopRequested)
            QCoreApplication::exit(0);
    });
    stopCheck.start(100);
    // The engine's host also delivers the outbox.
    host->start();
    const int code = QCoreApplication::exec();
    host->stop();
    if (code != 0)
        return Error::internal(Text::tr("the engine stopped: %1").arg(failure));
    if (untilIdle)
        return host->deliverDueTickets();
    return ok();
}

} // namespace ordo::cli

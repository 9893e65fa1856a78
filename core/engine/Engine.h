#pragma once

#include "engine/Requests.h"
#include "engine/Runtime.h"

#include <QObject>
#include <QSemaphore>
#include <QThread>

#include <memory>

namespace ordo::engine {

// Leases shorter than this would lapse while the engine still runs the attempt
// (it renews them every third of a lease), and another engine would start it again.
constexpr qint64 kMinLeaseMs = 200;
constexpr qint64 kMaxLeaseMs = 24LL * 60 * 60 * 1000;

struct EngineOptions
{
    int workers = 16;
    // Kept within kMinLeaseMs and kMaxLeaseMs by the engine.
    qint64 leaseMs = 30000;
    // How often the database is looked at for work from other processes.
    qint64 pollMs = 200;
    // Leases held by one engine; its name appears in the step log.
    QString owner;
    // Raised only by benchmarks of very long flows.
    int maxSteps = kMaxSteps;
    // Attempts of a step lost with their engine in a row before it is failed.
    int maxLostAttempts = kMaxLostAttempts;
    // What starts the workflow of an order that this engine places for a
    // person's checkout (a shared database's requests); none: it refuses them.
    OrderWorkflowStarter startOrder = {};
};

class EngineWorker;

// A durable workflow engine in worker threads: a thread of its own holds the
// database connection and the bookkeeping, a bounded pool runs the actions.
// State changes arrive in batches by queued signal, one batch per turn of
// the engine thread.
class Engine final : public QObject
{
    Q_OBJECT

public:
    // clock: nullptr for the system clock; otherwise it must outlive the engine.
    Engine(QString databasePath, std::shared_ptr<const ActionRegistry> actions, EngineOptions options = {},
           const Clock *clock = nullptr, QObject *parent = nullptr);
    ~Engine() override;

    void start();
    // Hands the running steps back, for this or another engine to run again,
    // without waiting for their actions; stopped() follows. Actions are asked to
    // stop and return in the background, their results dropped. The console's
    // close uses it. The destructor does the same, waiting only for the hand-back.
    void requestStop();
    // Waits until the running actions noticed the cancellation, records those
    // that finished anyway and hands the others back. For a process about to
    // exit that must leave no action half-run behind (ordoctl engine run).
    void stop();
    // Look for work now: after an in-process change, or after a test moved its clock.
    void wake();

    QString owner() const { return m_options.owner; }
    // Probes started and not yet recorded: tests wait for none before checking what a probe did.
    int probesRunning() const;

Q_SIGNALS:
    void events(const QList<ordo::engine::EngineEvent> &batch);
    // After requestStop() or stop(): the running steps are back in the queue.
    void stopped();
    // Nothing is runnable, running or waiting on a timer.
    void idle();
    void failed(const QString &message);

private:
    QString m_databasePath;
    std::shared_ptr<const ActionRegistry> m_actions;
    EngineOptions m_options;
    const Clock *m_clock;
    QThread *m_thread = nullptr;
    std::shared_ptr<QSemaphore> m_handedBack;
    bool m_stopRequested = false;
    EngineWorker *m_worker = nullptr;
};

} // namespace ordo::engine

Q_DECLARE_METATYPE(ordo::engine::EngineEvent)

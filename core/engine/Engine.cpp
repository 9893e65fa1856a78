#include "engine/Engine.h"

#include "domain/Store.h"
#include "engine/Requests.h"
#include "store/ChangeLog.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHostInfo>
#include <QMutex>
#include <QSemaphore>
#include <QThreadPool>
#include <QTimer>
#include <QUuid>

#include <deque>

namespace ordo::engine {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::engine::Engine)
};

// Probes running at once, on pool threads beside the workers.
constexpr int kMaxProbesAtOnce = 4;
// People's requests (support operations, cancellations) settled per pump, each in a
// transaction of its own: the pump's claims wait for them.
constexpr int kRequestsPerPump = 8;

} // namespace

// Lives in the engine's thread: owns the connection, the runtime and the pool.
class EngineWorker final : public QObject
{
    Q_OBJECT

public:
    EngineWorker(QString path, std::shared_ptr<const ActionRegistry> actions, EngineOptions options, const Clock *clock,
                 std::shared_ptr<QSemaphore> handedBack)
        : m_handedBackSemaphore(std::move(handedBack))
        , m_path(std::move(path))
        , m_actions(std::move(actions))
        , m_options(std::move(options))
        , m_clock(clock)
        , m_pumpTimer(this)
        , m_leaseTimer(this)
        , m_watchTimer(this)
    {
    }

    ~EngineWorker() override
    {
        stopWatchingCommits();
        m_pool.waitForDone();
    }

public Q_SLOTS:
    void begin()
    {
        auto db = Database::open(m_path);
        if (!db) {
            Q_EMIT failed(db.error().message);
            return;
        }
        m_db = std::move(*db);
        if (const Status kept = m_db->keepPlans(); !kept) {
            Q_EMIT failed(kept.error().message);
            return;
        }
        m_store = std::make_unique<Store>(*m_db);
        m_audit = std::make_unique<AuditLog>(*m_store, m_clock ? *m_clock : m_systemClock);
        m_runtime = std::make_unique<Runtime>(*m_db, *m_audit, *m_actions, m_clock ? *m_clock : m_systemClock);
        m_runtime->setMaxSteps(m_options.maxSteps);
        m_runtime->setMaxLostAttempts(m_options.maxLostAttempts);
        m_requests = std::make_unique<PeoplesRequests>(*m_db, *m_audit, *m_runtime, m_clock ? *m_clock : m_systemClock, m_options.startOrder);
        // The workers, the lane for fresh work and the probes.
        m_pool.setMaxThreadCount(m_options.workers + 1 + kMaxProbesAtOnce);
        m_pumpTimer.setSingleShot(true);
        connect(&m_pumpTimer, &QTimer::timeout, this, &EngineWorker::pump);
        // Renewed three times per lease, so that one slow pump never lets a lease lapse.
        m_leaseTimer.setInterval(static_cast<int>(std::max<qint64>(20, m_options.leaseMs / 3)));
        connect(&m_leaseTimer, &QTimer::timeout, this, &EngineWorker::renew);
        m_leaseTimer.start();
        // A commit beside it in this process wakes it at once; one of another
        // process moves data_version (SQLite, looked at every kWatchMs) or is notified (PostgreSQL).
        const Database *own = m_db.get();
        const QString path = m_db->path();
        m_commitWatch = Database::callOnCommit([this, own, path](const QString &committedPath, const Database *connection) {
            if (connection != own && committedPath == path)
                QMetaObject::invokeMethod(this, &EngineWorker::poke, Qt::QueuedConnection);
        });
        if (m_db->dialect() == Database::Dialect::Sqlite) {
            if (auto version = m_db->dataVersion())
                m_dataVersion = *version;
            if (auto seq = lastChangeSeq(*m_db))
                m_changeSeq = *seq;
            m_watchTimer.setInterval(kWatchMs);
        } else {
            listenForWork();
            m_requestsDue = true;
            m_watchTimer.setInterval(kNotifiedWatchMs);
        }
        connect(&m_watchTimer, &QTimer::timeout, this, &EngineWorker::watch);
        m_watchTimer.start();
        qCInfo(lcEngine) << "engine" << m_options.owner << "started with" << m_options.workers << "workers on" << m_db->path();
        pump();
    }

    // Hands the running steps back. waitForActions: first wait until the running
    // actions noticed the cancellation, and record those that finished anyway;
    // otherwise they are left to return in the background, their results dropped.
    void finish(bool waitForActions)
    {
        if (m_stopping)
            return;
        m_stopping = true;
        m_pumpTimer.stop();
        m_leaseTimer.stop();
        m_watchTimer.stop();
        stopWatchingCommits();
        for (const auto &attempt : std::as_const(m_inflight))
            attempt.cancelled->store(true);
        for (const auto &cancelled : std::as_const(m_probesInflight))
            cancelled->store(true);
        {
            // Attempts no runner took yet never start: their steps are handed back below.
            QMutexLocker lock(&m_attemptsMutex);
            m_waitingAttempts.clear();
        }
        if (waitForActions)
            m_pool.waitForDone();
        if (m_runtime) {
            // Attempts that finished still count; those this stop interrupted go
            // back to the queue, for this or another engine to run again.
            collect();
            QList<Completion> finished = takeFinished();
            finished.removeIf([](const Completion &c) {
                const auto *error = std::get_if<ActionError>(&c.outcome);
                return error && error->kind == ErrorKind::Cancelled;
            });
            auto done = m_runtime->complete(finished, m_options.owner);
            if (!done)
                qCWarning(lcEngine) << "recording the last results failed:" << done.error().message;
            auto released = m_runtime->releaseLeases(m_options.owner);
            if (!released)
                qCWarning(lcEngine) << "handing back leases failed:" << released.error().message;
            emitEvents();
        }
        m_requests.reset();
        m_runtime.reset();
        m_audit.reset();
        m_store.reset();
        m_listener.reset();
        m_db.reset();
        Q_EMIT handedBack();
        m_handedBackSemaphore->release();
        // Nobody waits for this thread any more: it waits here for the actions still
        // running, which use this object (deliver) and the registry it holds, and
        // ends after them. Deleting its QThread waits for that end.
        m_pool.waitForDone();
        thread()->quit();
    }

    void poke()
    {
        if (!m_stopping && m_runtime)
            schedule(0);
    }

    // Wakes for orders and approvals changed by another process: decisions,
    // which no engine hears of otherwise. Steps and workflows of other engines
    // wake nobody: a pump is a write transaction, and engines would take turns
    // waking each other. On PostgreSQL such work is notified, and this is the
    // fallback, once a second.
    void watch()
    {
        if (m_stopping || !m_db)
            return;
        if (m_db->dialect() == Database::Dialect::Postgres) {
            // Notified work comes at once; this is for a notification that was lost
            // (the listener's connection dropped: its next statement reconnects it).
            if (!m_listener)
                listenForWork();
            else if (auto alive = m_listener->exec(QStringLiteral("SELECT 1")); !alive)
                qCWarning(lcEngine) << "the engine's listener lost its database:" << alive.error().message;
            m_requestsDue = true;
            m_freshWorkDue = true;
            poke();
            return;
        }
        // SQLite: data_version says cheaply whether anybody committed at all.
        auto version = m_db->dataVersion();
        if (!version || *version == m_dataVersion)
            return;
        m_dataVersion = *version;
        auto newest = lastChangeSeq(*m_db);
        if (!newest || *newest == m_changeSeq)
            return;
        auto decided = m_db->execCached(QStringLiteral("SELECT EXISTS (SELECT 1 FROM changes WHERE seq > ? AND seq <= ? AND kind IN (?, ?))"),
                                        {m_changeSeq, *newest, static_cast<int>(ChangeKind::Order), static_cast<int>(ChangeKind::Approval)});
        m_changeSeq = *newest;
        if (decided && decided->next() && decided->integer(0))
            poke();
    }

private:
    // Another process's decision, new workflow or support action is notified
    // (Database::Channel::Work) on a connection that only listens. Without one
    // (the server refused another connection) the engine looks once a second.
    void listenForWork()
    {
        auto listener = Database::open(m_path, -1, Database::OpenMode::MustExist);
        const Status listening = listener ? (*listener)->listen(Database::Channel::Work, [this] {
            m_requestsDue = true;
            m_freshWorkDue = true;
            poke();
        }) : Status(listener.error());
        if (listening) {
            m_listener = std::move(*listener);
            return;
        }
        qCWarning(lcEngine) << "the engine hears of no work by notification, it looks once a second:" << listening.error().message;
    }

Q_SIGNALS:
    // One signal per pump: a queued signal per state change would cost more than the change.
    void events(const QList<ordo::engine::EngineEvent> &events);
    void idle();
    void failed(const QString &message);
    // The running steps are back in the queue; no more events follow.
    void handedBack();

public:
    std::atomic_int probesRunning{0};

private:
    struct Inflight
    {
        qint64 rowId = 0;
        int attempt = 0;
        qint64 deadline = 0; // 0: none
        std::shared_ptr<std::atomic_bool> cancelled;
        bool finalized = false;
    };

    const Clock &clock() const { return m_clock ? *m_clock : m_systemClock; }
    qint64 now() const { return clock().now().toMSecsSinceEpoch(); }

    void schedule(qint64 ms)
    {
        const int delay = static_cast<int>(std::clamp<qint64>(ms, 0, m_options.pollMs));
        if (!m_pumpTimer.isActive() || m_pumpTimer.remainingTime() > delay)
            m_pumpTimer.start(delay);
    }

    QList<Completion> takeFinished()
    {
        QList<Completion> list = std::move(m_finished);
        m_finished.clear();
        return list;
    }

    void emitEvents()
    {
        if (QList<EngineEvent> list = m_runtime->takeEvents(); !list.isEmpty())
            Q_EMIT events(list);
    }

    void pump()
    {
        if (m_stopping || !m_runtime)
            return;
        const qint64 t = now();
        // Attempts past their timeout are given up on now; they are asked to stop.
        for (auto it = m_inflight.begin(); it != m_inflight.end(); ++it) {
            if (!it->finalized && it->deadline && t >= it->deadline) {
                it->finalized = true;
                it->cancelled->store(true);
                m_finished.append({it->rowId, it->attempt,
                                   ActionError{ErrorKind::Timeout, Text::tr("the attempt timed out")}, {}});
            }
        }
        if (!m_inflight.isEmpty() && (!m_sinceCancelCheck.isValid() || m_sinceCancelCheck.hasExpired(100))) {
            m_sinceCancelCheck.start();
            if (auto ids = m_runtime->cancelRequested(m_options.owner)) {
                for (qint64 id : *ids)
                    if (m_inflight.contains(id))
                        m_inflight[id].cancelled->store(true);
            }
        }
        const int busy = m_busy;
        const int free = std::max(0, m_options.workers - busy);
        QList<Completion> batch = takeFinished();
        // Notified work may be a new workflow: one slot beyond the workers is its lane.
        int fresh = m_freshWorkDue && busy <= m_options.workers ? 1 : 0;
        m_freshWorkDue = false;
        if (fresh && !batch.isEmpty()) {
            // Notified work is claimed before the completions, in a transaction of its own:
            // under load a batch of completions would otherwise delay it by a whole pump.
            // Found nothing, the lane looks again after the completions, which may free
            // what held it back (a concurrency limit, a suspect that waits for an engine
            // holding nothing else).
            if (auto taken = m_runtime->claimNotified(m_options.owner, m_options.leaseMs, fresh)) {
                for (const Claim &c : std::as_const(*taken))
                    dispatch(c);
                if (!taken->isEmpty())
                    fresh = 0;
            } else {
                qCWarning(lcEngine) << "engine step failed:" << taken.error().message;
            }
        }
        auto claims = m_runtime->advance(batch, m_options.owner, free, m_options.leaseMs, fresh);
        if (!claims) {
            // Nothing of the transaction happened: the results are kept for the next try.
            qCWarning(lcEngine) << "engine step failed:" << claims.error().message;
            m_finished = batch + m_finished;
            emitEvents();
            schedule(m_options.pollMs);
            return;
        }
        for (const Claim &c : std::as_const(*claims))
            dispatch(c);
        recordProbes();
        runProbes();
        // After the claims, which a woken engine makes first. (A cancellation asked for
        // holds up the provisioning it would stop: beginOrderStep waits for it.)
        if (m_requestsDue)
            settleRequests();
        emitEvents();
        const bool unclaimedWork = m_runtime->takeUnclaimedWork();
        if (unclaimedWork || m_requestsDue) {
            schedule(0);
        } else if (!m_finished.isEmpty() || !claims->isEmpty()) {
            schedule(claims->size() >= free && free > 0 ? 0 : m_options.pollMs);
        } else {
            qint64 wait = m_options.pollMs;
            // Something overdue that this pump could not take (a full engine, a
            // paused workflow) is looked at again after a poll interval, not at once.
            if (auto due = m_runtime->nextDue(); due && *due && **due > t)
                wait = std::min(wait, **due - t);
            for (const auto &attempt : std::as_const(m_inflight))
                if (attempt.deadline && !attempt.finalized)
                    wait = std::min(wait, std::max<qint64>(0, attempt.deadline - t));
            schedule(wait);
        }
        if (m_busy == 0 && m_finished.isEmpty() && m_probesInflight.isEmpty() && !m_requestsDue && !unclaimedWork) {
            if (auto pending = m_runtime->hasPendingWork(); pending && !*pending)
                Q_EMIT idle();
        }
    }

    // What people on a shared database decided and asked engines to do (notified
    // as work, and looked for once a second besides). A failure leaves them for the next look.
    void settleRequests()
    {
        m_requestsDue = false;
        if (auto finished = m_requests->finishDecisions(); !finished)
            qCWarning(lcEngine) << "finishing people's decisions failed:" << finished.error().message;
        auto settled = m_requests->settle(kRequestsPerPump);
        if (!settled)
            qCWarning(lcEngine) << "applying people's requests failed:" << settled.error().message;
        else if (*settled == kRequestsPerPump)
            m_requestsDue = true; // more may wait
    }

    // Probes run on the pool like actions, beside the workers, so that a slow
    // probe never holds up the engine thread.
    void runProbes()
    {
        const int room = kMaxProbesAtOnce - static_cast<int>(m_probesInflight.size());
        if (room <= 0)
            return;
        auto probes = m_runtime->claimProbes(room, m_options.leaseMs);
        if (!probes)
            return;
        for (const ProbeClaim &p : std::as_const(*probes)) {
            // Still probing from before (it outlasted its lease): the claim waits for the next turn.
            if (m_probesInflight.contains(p.rowId))
                continue;
            const auto action = m_actions->find(p.action);
            auto cancelled = std::make_shared<std::atomic_bool>(false);
            m_probesInflight.insert(p.rowId, cancelled);
            ++probesRunning;
            m_pool.start([this, p, action, cancelled] {
                ActionContext ctx{p.inputs, p.idempotencyKey, p.workflowId, p.stepKey, 1, cancelled, [](const QString &) {}, &clock()};
                const ActionOutcome outcome = action ? action->run(ctx) : ActionOutcome(ActionError{ErrorKind::Permanent, QString()});
                const auto *error = std::get_if<ActionError>(&outcome);
                deliver(ProbeResult{p.rowId, error == nullptr, error ? error->message : QString()});
            });
        }
    }

    void recordProbes()
    {
        if (m_probeResults.isEmpty())
            return;
        const QList<ProbeResult> results = std::exchange(m_probeResults, {});
        if (auto done = m_runtime->probesFinished(results); !done)
            qCWarning(lcEngine) << "recording probe results failed:" << done.error().message;
        probesRunning -= static_cast<int>(results.size());
    }

    void dispatch(const Claim &c)
    {
        const auto action = m_actions->find(c.action);
        auto cancelled = std::make_shared<std::atomic_bool>(false);
        // Its own lease lapsed (a pump stalled, the machine slept) and it took the
        // step over: the attempt still running is stale, and stopped while it can be.
        if (const auto stale = m_inflight.constFind(c.rowId); stale != m_inflight.cend())
            stale->cancelled->store(true);
        m_inflight.insert(c.rowId, {c.rowId, c.attempt, c.timeoutMs ? now() + c.timeoutMs : 0, cancelled, false});
        ++m_busy;
        bool startRunner = false;
        {
            QMutexLocker lock(&m_attemptsMutex);
            m_waitingAttempts.push_back({c, action, cancelled});
            startRunner = !std::exchange(m_runnerStarting, true);
        }
        if (startRunner)
            m_pool.start([this] { runAttempts(); });
    }

    struct WaitingAttempt
    {
        Claim claim;
        std::shared_ptr<Action> action;
        std::shared_ptr<std::atomic_bool> cancelled;
    };

    // Called in a pool thread: runs the waiting attempts until none is left. A pool thread
    // woken per attempt costs more than a no-op action (a wake-up and two context switches),
    // so a runner that ends an attempt takes the next one. So that an action that blocks
    // holds up no other, the runner that takes an attempt while more wait starts another
    // runner first; one runner at a time is on its way, and it starts the next in turn.
    void runAttempts()
    {
        bool begun = false;
        for (;;) {
            WaitingAttempt next;
            bool startRunner = false;
            {
                QMutexLocker lock(&m_attemptsMutex);
                if (!std::exchange(begun, true))
                    m_runnerStarting = false;
                if (m_waitingAttempts.empty())
                    return;
                next = std::move(m_waitingAttempts.front());
                m_waitingAttempts.pop_front();
                startRunner = !m_waitingAttempts.empty() && !std::exchange(m_runnerStarting, true);
            }
            if (startRunner)
                m_pool.start([this] { runAttempts(); });
            const Claim &c = next.claim;
            QStringList lines;
            ActionContext ctx{c.inputs, c.idempotencyKey, c.workflowId, c.stepKey, c.attempt, next.cancelled,
                              [&lines](const QString &line) { lines.append(line); }, &clock()};
            // Cancelled while it waited (asked to stop, timed out, taken over): never begun.
            ActionOutcome outcome = next.cancelled->load()
                                        ? ActionOutcome(ActionError{ErrorKind::Cancelled, Text::tr("cancelled before it started")})
                                    : next.action
                                        ? next.action->run(ctx)
                                        : ActionOutcome(ActionError{ErrorKind::Permanent, Text::tr("no action %1 in this engine").arg(c.action)});
            deliver(Completion{c.rowId, c.attempt, std::move(outcome), lines, c.workflowId});
        }
    }

    // Called in a pool thread. Results wait in the inbox; the engine thread is
    // woken once for all that arrive before it looks.
    void deliver(std::variant<Completion, ProbeResult> result)
    {
        bool wake = false;
        {
            QMutexLocker lock(&m_inboxMutex);
            wake = m_inbox.isEmpty();
            m_inbox.append(std::move(result));
        }
        if (wake)
            QMetaObject::invokeMethod(this, &EngineWorker::collect, Qt::QueuedConnection);
    }

    void collect()
    {
        QList<std::variant<Completion, ProbeResult>> arrived;
        {
            QMutexLocker lock(&m_inboxMutex);
            arrived.swap(m_inbox);
        }
        for (const auto &result : std::as_const(arrived)) {
            if (const auto *completion = std::get_if<Completion>(&result)) {
                finished(*completion);
            } else {
                const auto &probe = std::get<ProbeResult>(result);
                m_probesInflight.remove(probe.rowId);
                m_probeResults.append(probe);
                if (!m_stopping)
                    schedule(0);
            }
        }
    }

    void finished(const Completion &c)
    {
        --m_busy;
        const auto it = m_inflight.find(c.rowId);
        const bool given_up = it != m_inflight.end() && it->finalized;
        if (it != m_inflight.end() && it->attempt == c.attempt)
            m_inflight.erase(it);
        if (!given_up)
            m_finished.append(c);
        if (!m_stopping)
            schedule(0);
    }

    void renew()
    {
        if (m_runtime && !m_inflight.isEmpty()) {
            if (auto renewed = m_runtime->renewLeases(m_options.owner, m_inflight.keys(), m_options.leaseMs); !renewed)
                qCWarning(lcEngine) << "renewing leases failed:" << renewed.error().message;
        }
    }

    // Released once the steps are handed back: from then on nothing here uses the clock.
    std::shared_ptr<QSemaphore> m_handedBackSemaphore;
    QString m_path;
    std::shared_ptr<const ActionRegistry> m_actions;
    EngineOptions m_options;
    const Clock *m_clock;
    Clock m_systemClock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Database> m_listener; // PostgreSQL: hears of work for engines
    std::unique_ptr<Store> m_store;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<Runtime> m_runtime;
    void stopWatchingCommits()
    {
        if (m_commitWatch)
            Database::stopCallingOnCommit(std::exchange(m_commitWatch, 0));
    }

    // How often it looks for commits of other processes: well within the
    // 100 ms in which a decision made elsewhere must start provisioning.
    static constexpr int kWatchMs = 25;
    static constexpr int kNotifiedWatchMs = 1000;

    QTimer m_pumpTimer;
    QTimer m_leaseTimer;
    QTimer m_watchTimer;
    quint64 m_commitWatch = 0;
    qint64 m_dataVersion = 0;
    qint64 m_changeSeq = 0;
    // A shared database may hold people's requests (ordo.request_support, ordo.cancel_order).
    bool m_requestsDue = false;
    std::unique_ptr<PeoplesRequests> m_requests;
    QHash<qint64, Inflight> m_inflight;
    QList<Completion> m_finished;
    // Claimed attempts waiting for a runner (runAttempts), and whether one is on its way.
    QMutex m_attemptsMutex;
    std::deque<WaitingAttempt> m_waitingAttempts;
    bool m_runnerStarting = false;
    QMutex m_inboxMutex;
    QList<std::variant<Completion, ProbeResult>> m_inbox;
    QHash<qint64, std::shared_ptr<std::atomic_bool>> m_probesInflight;
    QList<ProbeResult> m_probeResults;
    int m_busy = 0;
    // Work was notified since the last claim: the lane for fresh work looks (Runtime::claim).
    bool m_freshWorkDue = false;
    // Real time, not the clock's: how often the database is asked, not when something is due.
    QElapsedTimer m_sinceCancelCheck;
    bool m_stopping = false;
    // Last, so destroyed first: it waits for the runners, which use the members above.
    QThreadPool m_pool;
};

Engine::Engine(QString databasePath, std::shared_ptr<const ActionRegistry> actions, EngineOptions options,
               const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_databasePath(std::move(databasePath))
    , m_actions(std::move(actions))
    , m_options(std::move(options))
    , m_clock(clock)
{
    qRegisterMetaType<ordo::engine::EngineEvent>();
    qRegisterMetaType<QList<ordo::engine::EngineEvent>>();
    if (m_options.owner.isEmpty())
        m_options.owner = QStringLiteral("%1:%2:%3")
                              .arg(QHostInfo::localHostName())
                              .arg(QCoreApplication::applicationPid())
                              .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
    m_options.workers = std::max(1, m_options.workers);
    m_options.leaseMs = std::clamp(m_options.leaseMs, kMinLeaseMs, kMaxLeaseMs);
}

Engine::~Engine()
{
    // Hands the running steps back, but leaves their actions to return in the
    // background: the worker and its thread outlive this object until then.
    if (!m_worker)
        return;
    if (!m_stopRequested)
        QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->finish(false); }, Qt::QueuedConnection);
    m_handedBack->acquire();
}

void Engine::start()
{
    if (m_worker)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("ordo-engine"));
    m_stopRequested = false;
    m_handedBack = std::make_shared<QSemaphore>();
    m_worker = new EngineWorker(m_databasePath, m_actions, m_options, m_clock, m_handedBack);
    m_worker->moveToThread(m_thread);
    // The thread may end after this engine is gone: it cleans up after itself.
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    connect(m_worker, &EngineWorker::events, this, &Engine::events);
    connect(m_worker, &EngineWorker::idle, this, &Engine::idle);
    connect(m_worker, &EngineWorker::failed, this, &Engine::failed);
    connect(m_worker, &EngineWorker::handedBack, this, [this, worker = m_worker] {
        if (m_worker == worker) {
            m_worker = nullptr;
            m_thread = nullptr;
        }
        Q_EMIT stopped();
    });
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &EngineWorker::begin, Qt::QueuedConnection);
}

void Engine::requestStop()
{
    if (!m_worker) {
        QMetaObject::invokeMethod(this, &Engine::stopped, Qt::QueuedConnection);
        return;
    }
    if (std::exchange(m_stopRequested, true))
        return;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->finish(false); }, Qt::QueuedConnection);
}

void Engine::stop()
{
    if (!m_worker)
        return;
    if (!std::exchange(m_stopRequested, true))
        QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->finish(true); }, Qt::QueuedConnection);
    m_handedBack->acquire();
    // The thread ends when the actions have returned.
    std::exchange(m_thread, nullptr)->wait();
    m_worker = nullptr;
}

int Engine::probesRunning() const
{
    return m_worker && !m_stopRequested ? m_worker->probesRunning.load() : 0;
}

void Engine::wake()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &EngineWorker::poke, Qt::QueuedConnection);
}

} // namespace ordo::engine

#include "Engine.moc"

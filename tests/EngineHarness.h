#pragma once

#include "TestSupport.h"
#include "OrdoInternals.h"

#include "TestActions.h"
#include "host/EngineHost.h"

#include <QJsonDocument>
#include <QSemaphore>
#include <QSignalSpy>

#include <source_location>

namespace ordo::test {

// Runs one action directly, as an engine worker would, and says in the test
// log why it failed.
inline engine::ActionOutcome runAction(const engine::ActionRegistry &registry, const QString &action, const QJsonObject &inputs,
                                       const QString &idempotencyKey = QStringLiteral("wf/step"),
                                       std::shared_ptr<std::atomic_bool> cancel = {},
                                       std::function<void(const QString &)> log = [](const QString &) {},
                                       const Clock &clock = systemClock())
{
    const auto found = registry.find(action);
    if (!found)
        qFatal("no action %s", qPrintable(action));
    engine::ActionContext ctx{inputs, idempotencyKey, 1, QStringLiteral("step"), 1,
                              cancel ? std::move(cancel) : std::make_shared<std::atomic_bool>(false), std::move(log), &clock};
    engine::ActionOutcome outcome = found->run(ctx);
    if (const auto *e = std::get_if<engine::ActionError>(&outcome))
        qInfo("%s: %s: %s", qPrintable(action), qPrintable(engine::errorKindName(e->kind)), qPrintable(e->message));
    return outcome;
}

// The outcome is an error of kind `errorKind` whose message says `part`.
#define ORDO_VERIFY_ACTION_ERROR(outcome, errorKind, part)                                                                     \
    do {                                                                                                                     \
        QVERIFY(std::holds_alternative<ordo::engine::ActionError>(outcome));                                                 \
        QCOMPARE(std::get<ordo::engine::ActionError>(outcome).kind, errorKind);                                              \
        QVERIFY2(std::get<ordo::engine::ActionError>(outcome).message.contains(part),                                        \
                 qPrintable(std::get<ordo::engine::ActionError>(outcome).message));                                          \
    } while (false)

// An attempt that lasts until the test lets it end (or the engine asks it to
// stop), counting how many of its attempts run at once over every engine.
class HoldAction final : public engine::Action
{
public:
    struct Gate
    {
        QSemaphore released;
        std::atomic_int runs{0};
        std::atomic_int running{0};
        std::atomic_int mostAtOnce{0};
    };

    explicit HoldAction(std::shared_ptr<Gate> gate, QString engineName = {})
        : m_gate(std::move(gate)), m_engineName(std::move(engineName))
    {
    }

    QString name() const override { return QStringLiteral("test.hold"); }
    QHash<QString, engine::InputSpec> inputs() const override { return {}; }
    engine::ActionOutcome run(engine::ActionContext &ctx) override
    {
        ++m_gate->runs;
        const int atOnce = ++m_gate->running;
        int most = m_gate->mostAtOnce;
        while (atOnce > most && !m_gate->mostAtOnce.compare_exchange_weak(most, atOnce)) {
        }
        engine::ActionOutcome outcome = QJsonObject{{QStringLiteral("engine"), m_engineName}};
        while (!m_gate->released.tryAcquire(1, 5)) {
            if (ctx.isCancelled()) {
                outcome = engine::ActionError{engine::ErrorKind::Cancelled, QStringLiteral("cancelled while held")};
                break;
            }
        }
        --m_gate->running;
        return outcome;
    }

private:
    std::shared_ptr<Gate> m_gate;
    QString m_engineName;
};

// A database, a runtime on the test's thread (to start workflows, act as
// support and look) and an engine in its worker threads, hosted as the
// product hosts it. `actions` holds what the test runs: the built-ins, the
// testing actions and what the test adds before it starts the engine; they
// take the place of the product's actions of the same name.
class EngineHarness
{
public:
    explicit EngineHarness(engine::EngineOptions options = {}, const Clock *clock = nullptr)
        : m_clock(clock)
    {
        auto opened = Ordo::open(m_env.databasePath(), clock);
        if (!opened)
            qFatal("%s", qPrintable(opened.error().message));
        ordo = std::move(*opened);
        actions = std::make_shared<engine::ActionRegistry>();
        actions->addBuiltinActions();
        addTestingActions(*actions);
        runtime = std::make_unique<engine::Runtime>(OrdoInternals::database(*ordo), ordo->audit(), *actions, clock ? *clock : m_systemClock);
        if (options.pollMs == engine::EngineOptions{}.pollMs)
            options.pollMs = 20;
        m_options = options;
    }

    ~EngineHarness()
    {
        stopEngine();
        checkQueue();
    }

    // Every step that engines look for by state has its row in step_queue, with
    // the step's values, and no other step has one: the queue is kept beside each
    // step change, and a test that ends with it wrong fails.
    void checkQueue()
    {
        if (!ordo || !QTest::currentTestFunction())
            return;
        const QString queued = QStringLiteral("SELECT step_id, workflow_id, kind, state, attempt, ready_at, due_at, probe_due, lease_owner,"
                                              " lease_expires, resource_key, resource FROM step_queue");
        const QString steps = QStringLiteral("SELECT id, workflow_id, kind, state, attempt, ready_at, due_at, probe_due, lease_owner,"
                                             " lease_expires, resource_key, resource FROM steps"
                                             " WHERE state IN ('ready', 'running', 'retry-wait', 'waiting', 'paused')");
        Database &db = OrdoInternals::database(*ordo);
        for (const QString &difference : QStringList{queued + QStringLiteral(" EXCEPT ") + steps, steps + QStringLiteral(" EXCEPT ") + queued}) {
            auto q = db.exec(QStringLiteral("SELECT COUNT(*) FROM (") + difference + QStringLiteral(") AS d"));
            if (!q) {
                QTest::qFail(qPrintable(q.error().message), __FILE__, __LINE__);
                return;
            }
            if (q->next() && q->value(0).toLongLong() != 0) {
                QTest::qFail(qPrintable(QStringLiteral("step_queue and steps differ: %1 rows of %2").arg(q->value(0).toLongLong()).arg(difference)),
                             __FILE__, __LINE__);
                return;
            }
        }
    }

    void startEngine()
    {
        EngineHostOptions options;
        options.engine = m_options;
        options.clock = m_clock;
        options.extraActions = [this](engine::ActionRegistry &registry) {
            for (const QString &name : actions->names())
                registry.add(actions->find(name));
        };
        // The tests of the outbox deliver it themselves, when they choose.
        options.deliverMail = false;
        options.deliverTickets = deliverTickets;
        options.ticketIntervalMs = 20;
        auto created = EngineHost::create(m_env.databasePath(), options);
        if (!created)
            qFatal("cannot host an engine: %s", qPrintable(created.error().message));
        host = std::move(*created);
        engine = &host->engine();
        events.clear();
        eventBatches = 0;
        QObject::connect(engine, &engine::Engine::events, engine, [this](const QList<engine::EngineEvent> &batch) {
            events.append(batch);
            ++eventBatches;
        });
        host->start();
    }

    void stopEngine()
    {
        if (host)
            host->stop();
    }

    qint64 start(const QByteArray &definition, const QJsonObject &inputs = {})
    {
        auto id = runtime->start(definition, inputs, QStringLiteral("tester"));
        if (!id)
            qFatal("cannot start: %s", qPrintable(id.error().message));
        if (engine)
            engine->wake();
        return *id;
    }

    // A lookup that finds nothing fails the test where it was made: a missing
    // row must never pass a check by way of a default value.
    engine::WorkflowState state(qint64 id, std::source_location where = std::source_location::current())
    {
        auto w = runtime->workflow(id);
        if (!w) {
            lookupFailed(w.error().message, where);
            return {};
        }
        return w->state;
    }

    engine::StepInfo step(qint64 id, const QString &key, engine::StepKind kind = engine::StepKind::Normal,
                          std::source_location where = std::source_location::current())
    {
        auto steps = runtime->steps(id);
        if (!steps) {
            lookupFailed(steps.error().message, where);
            return {};
        }
        for (const engine::StepInfo &s : *steps)
            if (s.key == key && s.kind == kind)
                return s;
        lookupFailed(QStringLiteral("workflow %1 has no %2 '%3'").arg(id).arg(engine::stepKindName(kind), key), where);
        return {};
    }

    engine::StepState stepState(qint64 id, const QString &key, std::source_location where = std::source_location::current())
    {
        return step(id, key, engine::StepKind::Normal, where).state;
    }

    // Runs a workflow of one no-op step to its end. The engine has then claimed
    // work started after this call, in a pump that first fired the timers due by
    // the clock and looked at every older ready step, and then ran the probes
    // due. What it has not done by then, it did not do at this call's time and
    // state: the point of waiting before a check that something did not happen.
    [[nodiscard]] bool engineCaughtUp()
    {
        auto id = runtime->start(QByteArrayLiteral(R"({"name": "caught-up", "version": 1, "steps": [{"id": "mark", "action": "test.noop"}]})"),
                                 {}, QStringLiteral("tester"));
        if (!id)
            return false;
        if (engine)
            engine->wake();
        // Probes run on the pool: those started by then have been recorded too.
        return QTest::qWaitFor([&] { return state(*id) == engine::WorkflowState::Succeeded && (!engine || engine->probesRunning() == 0); },
                               10000);
    }

    QString path(const QString &name) const { return m_env.path(name); }
    QString databasePath() const { return m_env.databasePath(); }

    TestEnvironment m_env;
    std::unique_ptr<Ordo> ordo;
    std::shared_ptr<engine::ActionRegistry> actions;
    std::unique_ptr<engine::Runtime> runtime;
    std::unique_ptr<EngineHost> host;
    engine::Engine *engine = nullptr;
    // Every event of the engine, in the order of its batches.
    QList<engine::EngineEvent> events;
    int eventBatches = 0;
    // Set before startEngine(): the host delivers ticket requests, polling often.
    bool deliverTickets = false;

private:
    static void lookupFailed(const QString &why, const std::source_location &where)
    {
        QTest::qFail(qPrintable(QStringLiteral("lookup failed: ") + why), where.file_name(), static_cast<int>(where.line()));
    }

    const Clock *m_clock;
    Clock m_systemClock;
    engine::EngineOptions m_options;
};

} // namespace ordo::test

namespace QTest {
template<>
inline char *toString(const ordo::engine::WorkflowState &s)
{
    return qstrdup(qPrintable(ordo::engine::workflowStateName(s)));
}
template<>
inline char *toString(const ordo::engine::StepState &s)
{
    return qstrdup(qPrintable(ordo::engine::stepStateName(s)));
}
template<>
inline char *toString(const ordo::engine::ErrorKind &k)
{
    return qstrdup(qPrintable(ordo::engine::errorKindName(k)));
}
} // namespace QTest

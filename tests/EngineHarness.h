#pragma once

#include "TestSupport.h"

#include "engine/Engine.h"

#include <QJsonDocument>
#include <QSignalSpy>

namespace ordo::test {

// Runs one action directly, as an engine worker would, and says in the test
// log why it failed.
inline engine::ActionOutcome runAction(const engine::ActionRegistry &registry, const QString &action, const QJsonObject &inputs,
                                       const QString &idempotencyKey = QStringLiteral("wf/step"),
                                       std::shared_ptr<std::atomic_bool> cancel = {},
                                       std::function<void(const QString &)> log = [](const QString &) {})
{
    const auto found = registry.find(action);
    if (!found)
        qFatal("no action %s", qPrintable(action));
    engine::ActionContext ctx{inputs, idempotencyKey, 1, QStringLiteral("step"), 1,
                              cancel ? std::move(cancel) : std::make_shared<std::atomic_bool>(false), std::move(log)};
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

// A database, a runtime on the test's thread (to start workflows, act as
// support and look) and an engine in its worker threads.
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
        actions->addTestActions();
        runtime = std::make_unique<engine::Runtime>(ordo->database(), ordo->audit(), *actions, clock ? *clock : m_systemClock);
        if (options.pollMs == engine::EngineOptions{}.pollMs)
            options.pollMs = 20;
        m_options = options;
    }

    ~EngineHarness() { stopEngine(); }

    void startEngine()
    {
        engine = std::make_unique<engine::Engine>(m_env.databasePath(), actions, m_options, m_clock);
        events = std::make_unique<QSignalSpy>(engine.get(), &engine::Engine::event);
        engine->start();
    }

    void stopEngine()
    {
        if (engine)
            engine->stop();
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

    engine::WorkflowState state(qint64 id)
    {
        auto w = runtime->workflow(id);
        return w ? w->state : engine::WorkflowState::Cancelled;
    }

    engine::StepInfo step(qint64 id, const QString &key, const QString &kind = QStringLiteral("step"))
    {
        auto steps = runtime->steps(id);
        if (steps)
            for (const engine::StepInfo &s : *steps)
                if (s.key == key && s.kind == kind)
                    return s;
        return {};
    }

    engine::StepState stepState(qint64 id, const QString &key) { return step(id, key).state; }

    QString path(const QString &name) const { return m_env.path(name); }
    QString databasePath() const { return m_env.databasePath(); }

    TestEnvironment m_env;
    std::unique_ptr<Ordo> ordo;
    std::shared_ptr<engine::ActionRegistry> actions;
    std::unique_ptr<engine::Runtime> runtime;
    std::unique_ptr<engine::Engine> engine;
    std::unique_ptr<QSignalSpy> events;

private:
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

#pragma once

#include "util/Clock.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <variant>

namespace ordo::engine {

// How an action failed; the retry policy reads it.
enum class ErrorKind { Transient, Permanent, Authentication, BadInput, Timeout, Cancelled };

QString errorKindName(ErrorKind kind);
std::optional<ErrorKind> errorKindFromName(const QString &name);

struct ActionError
{
    ErrorKind kind = ErrorKind::Transient;
    QString message;
};

using ActionOutcome = std::variant<QJsonObject, ActionError>;

struct ActionContext
{
    QJsonObject inputs;
    // The same for every attempt of one step instance, different between
    // workflow instances: a connector makes its effect happen once with it.
    QString idempotencyKey;
    qint64 workflowId = 0;
    QString stepId;
    int attempt = 1;
    std::shared_ptr<std::atomic_bool> cancelled;
    // Appends a line to the step's log; callable from the worker thread.
    std::function<void(const QString &)> log;
    // The engine's clock: what a connector stamps its records with.
    const Clock *clock = &systemClock();

    QDateTime now() const { return clock->now(); }
    bool isCancelled() const { return cancelled && cancelled->load(); }

    // What a connector files its record under in the outside system: the
    // step's "correlationId" input when given, else the idempotency key.
    QString correlationId() const
    {
        const QString given = inputs.value(QLatin1String("correlationId")).toString();
        return given.isEmpty() ? idempotencyKey : given;
    }
};

enum class InputType { Any, String, Integer, Number, Boolean, Object, Array };

struct InputSpec
{
    InputType type = InputType::Any;
    bool required = false;
    // Decides what runs, where, or with which credentials: no definition may
    // let support change it on a retry.
    bool neverEditable = false;
};

// One kind of step. run() is called on a worker thread and must be
// reentrant; long work checks ctx.isCancelled() now and then.
class Action
{
public:
    virtual ~Action() = default;
    virtual QString name() const = 0;
    virtual QHash<QString, InputSpec> inputs() const = 0;
    // Unknown inputs are an error unless the action takes any.
    virtual bool acceptsAnyInput() const { return false; }
    virtual ActionOutcome run(ActionContext &ctx) = 0;
    // The resource an attempt occupies (e.g. "hypervisor:host1"), limited by
    // a concurrency_limits row of the same key; empty: none besides the action.
    virtual QString resourceKey(const QJsonObject &inputs) const
    {
        Q_UNUSED(inputs);
        return {};
    }
};

// Every action the engine can run, registered once by name.
class ActionRegistry
{
public:
    void add(std::shared_ptr<Action> action);
    std::shared_ptr<Action> find(const QString &name) const;
    QStringList names() const;

    // The harmless built-ins that examples and benchmarks use: test.noop,
    // test.sleep, test.fail, test.echo. Actions that touch files for tests
    // live in the testing library (testing/TestActions.h), never here.
    void addBuiltinActions();

private:
    QHash<QString, std::shared_ptr<Action>> m_actions;
};

// Steps that the engine handles itself instead of running an action.
inline const QString kHumanTaskAction = QStringLiteral("human.task");
inline const QString kTimerAction = QStringLiteral("timer.wait");
// An order's workflow: waits until the order's approvers (or its expiry) have
// decided; outputs `decision` ("approved", "rejected" or "cancelled").
inline const QString kOrderApprovalAction = QStringLiteral("order.approval");
// An order's workflow: starts one provisioning workflow per VM the order
// holds, moves the order to provisioning, and waits until they have all ended.
inline const QString kOrderProvisionAction = QStringLiteral("order.provision");

// The steps above: no action runs them, and support neither skips, retries nor completes the order ones.
inline bool isEngineStep(const QString &action)
{
    return action == kHumanTaskAction || action == kTimerAction || action == kOrderApprovalAction
           || action == kOrderProvisionAction;
}
inline bool isOrderStep(const QString &action)
{
    return action == kOrderApprovalAction || action == kOrderProvisionAction;
}

} // namespace ordo::engine

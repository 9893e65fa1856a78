#include "engine/RuntimeImpl.h"

namespace ordo::engine {

using namespace detail;

Status Runtime::Impl::auditSupport(const WorkflowRow &w, const QString &action, const QString &actor, const QString &reason,
                                   const QString &from, const QString &to, const QJsonObject &details)
{
    // Every support action passes here inside its transaction: a refused reason undoes the action.
    if (reason.size() > kMaxReasonChars)
        return Error::badInput(Text::tr("the reason is longer than %1 characters").arg(kMaxReasonChars));
    ORDO_CHECK(logLine(w.id, details.value(QLatin1String("step")).toString(), LogKind::Support,
                       Text::tr("%1 by %2: %3").arg(action, actor, reason)));
    ORDO_CHECK(audit.record({actor, w.tenantId, QStringLiteral("workflow"), QString::number(w.id), action, from, to, reason, details}));
    // Whoever follows the workflow's tickets learns who did what and why.
    const QString step = details.value(QLatin1String("step")).toString();
    QString what = step.isEmpty() ? action : Text::tr("%1 of step '%2'").arg(action, step);
    const QJsonObject inputs = details.value(QLatin1String("inputs")).toObject();
    if (!inputs.isEmpty())
        what = Text::tr("%1 with %2").arg(what, toText(inputs));
    return commentTickets(w, QString(), reason.isEmpty() ? Text::tr("%1 by %2").arg(what, actor) : Text::tr("%1 by %2: %3").arg(what, actor, reason));
}

Status Runtime::pause(qint64 workflowId, const QString &actor, const QString &reason)
{
    return d->transact([&]() -> Status {
        ORDO_TRY(w, d->workflowRow(workflowId));
        const QString from = workflowStateName(w.state);
        ORDO_CHECK(d->setWorkflowState(w, WorkflowState::Paused));
        return d->auditSupport(w, QStringLiteral("pause"), actor, reason, from, workflowStateName(w.state));
    });
}

Status Runtime::resume(qint64 workflowId, const QString &actor, const QString &reason)
{
    return d->transact([&]() -> Status {
        ORDO_TRY(w, d->workflowRow(workflowId));
        if (w.state != WorkflowState::Paused)
            return Error::conflict(Text::tr("workflow %1 is %2, not paused").arg(workflowId).arg(workflowStateName(w.state)));
        const QString from = workflowStateName(w.state);
        // Steps paused by a failure run again, with a fresh retry budget.
        ORDO_TRY(q, d->db.exec(QStringLiteral("SELECT ") + kStepColumns + QStringLiteral(" FROM steps WHERE workflow_id = ? AND state = 'paused'"), {w.id}));
        QList<StepRow> paused;
        while (q.next())
            paused.append(readStep(q));
        for (const StepRow &row : std::as_const(paused)) {
            StepRow after = row;
            after.state = StepState::Ready;
            after.readyAt = d->now();
            after.budgetStart = row.attempt;
            after.firstStartedAt = 0; // a fresh overall timeout too
            after.probeDue = 0;
            ORDO_CHECK(d->save(row, after));
        }
        ORDO_CHECK(d->setWorkflowState(w, WorkflowState::Running, QStringLiteral("")));
        ORDO_CHECK(d->auditSupport(w, QStringLiteral("continue"), actor, reason, from, workflowStateName(w.state)));
        return d->checkFinished(w.id);
    });
}

Status Runtime::cancel(qint64 workflowId, const QString &actor, const QString &reason)
{
    return d->transact([&]() -> Status {
        ORDO_TRY(w, d->workflowRow(workflowId));
        const QString from = workflowStateName(w.state);
        ORDO_CHECK(d->setWorkflowState(w, WorkflowState::Cancelled));
        ORDO_CHECK(d->stopOutstanding(w));
        ORDO_CHECK(d->stopOutstanding(w, StepKind::Compensation));
        return d->auditSupport(w, QStringLiteral("cancel"), actor, reason, from, workflowStateName(w.state));
    });
}

Status Runtime::rollback(qint64 workflowId, const QString &actor, const QString &reason)
{
    return d->transact([&]() -> Status {
        ORDO_TRY(w, d->workflowRow(workflowId));
        ORDO_TRY(l, d->definition(w.name, w.version));
        const QString from = workflowStateName(w.state);
        ORDO_CHECK(d->checkOperation(w, *l, SupportOperation::Rollback, nullptr));
        ORDO_CHECK(d->auditSupport(w, QStringLiteral("rollback"), actor, reason, from, workflowStateName(WorkflowState::RollingBack)));
        return d->startRollback(w, *l);
    });
}

namespace {

// The type a retry's value for an input must have: the timer's delay is whole
// milliseconds; any other input is typed by its action (Any when none is known).
InputType retryInputType(const StepDefinition &s, const Action *action, const QString &input)
{
    if (s.action == kTimerAction)
        return InputType::Integer;
    return action ? action->inputs().value(input).type : InputType::Any;
}

Parameter::Type parameterType(InputType type)
{
    switch (type) {
    case InputType::String: return Parameter::Type::String;
    case InputType::Integer: return Parameter::Type::Integer;
    case InputType::Boolean: return Parameter::Type::Boolean;
    case InputType::Any:
    case InputType::Number:
    case InputType::Object:
    case InputType::Array: return Parameter::Type::Json;
    }
    return Parameter::Type::Json;
}

} // namespace

Result<ParameterSchema> Runtime::retrySchema(qint64 workflowId, const QString &stepKey, std::optional<qint64> tenantId)
{
    ORDO_CHECK(d->workflowIn(workflowId, tenantId));
    ORDO_TRY(w, d->workflowRow(workflowId));
    ORDO_TRY(row, d->step(workflowId, stepKey));
    ORDO_TRY(l, d->definition(w.name, w.version));
    const StepDefinition &s = l->def.step(stepKey);
    const auto action = d->actions.find(s.action);
    // What the last attempt ran with, or, before any, what the definition gives literally.
    QJsonObject current = toObject(row.inputs);
    const QJsonObject overrides = toObject(row.overrides);
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        current.insert(it.key(), it.value());
    QList<Parameter> parameters;
    for (const QString &input : s.editable) {
        const InputType type = retryInputType(s, action.get(), input);
        Parameter p;
        p.name = input;
        p.label = input;
        p.type = parameterType(type);
        const QJsonValue value = current.contains(input) ? current.value(input) : s.with.value(input);
        if (hasType(value, type))
            p.defaultValue = p.type == Parameter::Type::Integer ? QVariant(value.toInteger()) : value.toVariant();
        parameters.append(p);
    }
    return ParameterSchema::of(parameters);
}

Status Runtime::retryStep(qint64 workflowId, const QString &stepKey, const QJsonObject &overrides, const QString &actor,
                          const QString &reason)
{
    return d->transact([&]() -> Status {
        ORDO_TRY(w, d->workflowRow(workflowId));
        ORDO_TRY(row, d->step(workflowId, stepKey));
        ORDO_TRY(l, d->definition(w.name, w.version));
        const StepDefinition &s = l->def.step(stepKey);
        const auto action = d->actions.find(s.action);
        for (auto it = overrides.begin(); it != overrides.end(); ++it) {
            if (!s.with.contains(it.key()) && !(action && (action->inputs().contains(it.key()) || action->acceptsAnyInput())))
                return Error::badInput(Text::tr("step '%1' (%2) takes no input '%3'").arg(stepKey, s.action, it.key()));
            // Only what the definition hands to support: an edited program or host would run anything.
            if (!s.editable.contains(it.key()))
                return Error::notPermitted(Text::tr("input '%1' of step '%2' is not editable: the definition does not list it in 'editable'")
                                               .arg(it.key(), stepKey));
            const InputType type = retryInputType(s, action.get(), it.key());
            if (!hasType(it.value(), type))
                return Error::badInput(Text::tr("input '%1' of step '%2' must be of type %3").arg(it.key(), stepKey, inputTypeName(type)));
        }
        ORDO_CHECK(d->checkOperation(w, *l, SupportOperation::Retry, &row));
        StepRow after = row;
        after.state = StepState::Ready;
        after.readyAt = d->now();
        after.budgetStart = row.attempt;
        after.firstStartedAt = 0; // a fresh overall timeout too
        after.probeDue = 0;
        after.cancelRequested = false;
        after.overrides = overrides.isEmpty() ? row.overrides : toText(overrides);
        const QString from = stepStateName(row.state);
        ORDO_CHECK(d->save(row, after));
        ORDO_TRY(blocking, d->blockingSteps(w, *l));
        if ((w.state == WorkflowState::Paused || w.state == WorkflowState::Failed) && blocking == 0)
            ORDO_CHECK(d->setWorkflowState(w, WorkflowState::Running, QStringLiteral("")));
        return d->auditSupport(w, QStringLiteral("retry"), actor, reason, from, stepStateName(after.state),
                               {{QStringLiteral("step"), stepKey}, {QStringLiteral("inputs"), overrides}});
    });
}

Status Runtime::skipStep(qint64 workflowId, const QString &stepKey, const QJsonObject &outputs, const QString &actor,
                         const QString &reason)
{
    return d->transact([&]() -> Status {
        ORDO_TRY(w, d->workflowRow(workflowId));
        ORDO_TRY(row, d->step(workflowId, stepKey));
        ORDO_TRY(l, d->definition(w.name, w.version));
        ORDO_CHECK(d->checkOperation(w, *l, SupportOperation::Skip, &row));
        StepRow after = row;
        after.state = StepState::Skipped;
        after.manual = true;
        after.outputs = toText(outputs);
        after.probeDue = 0;
        after.error = Text::tr("skipped by %1: %2").arg(actor, reason);
        const QString from = stepStateName(row.state);
        ORDO_CHECK(d->save(row, after));
        ORDO_CHECK(d->auditSupport(w, QStringLiteral("skip"), actor, reason, from, stepStateName(after.state),
                                   {{QStringLiteral("step"), stepKey}, {QStringLiteral("outputs"), outputs}}));
        if (w.state == WorkflowState::Paused || w.state == WorkflowState::Failed) {
            ORDO_TRY(blocking, d->blockingSteps(w, *l));
            if (blocking == 0)
                ORDO_CHECK(d->setWorkflowState(w, WorkflowState::Running, QStringLiteral("")));
        }
        // Done by hand, with the outputs given: what comes after it may run.
        ORDO_CHECK(d->dependencyDone(w, *l, after));
        return d->checkFinished(w.id);
    });
}

Status Runtime::completeHumanTask(qint64 workflowId, const QString &stepKey, const QJsonObject &outputs, const QString &actor)
{
    return d->transact([&]() -> Status {
        ORDO_TRY(w, d->workflowRow(workflowId));
        ORDO_TRY(row, d->step(workflowId, stepKey));
        ORDO_TRY(l, d->definition(w.name, w.version));
        if (l->def.step(stepKey).action != kHumanTaskAction)
            return Error::badInput(Text::tr("step '%1' is not a human task").arg(stepKey));
        if (row.state != StepState::Waiting)
            return Error::conflict(Text::tr("step '%1' is %2, not waiting for a decision").arg(stepKey, stepStateName(row.state)));
        QJsonObject out = outputs;
        out.insert(QStringLiteral("decidedBy"), actor);
        ORDO_CHECK(d->stepSucceeded(w, *l, row, out));
        ORDO_CHECK(d->auditSupport(w, QStringLiteral("complete-task"), actor, QString(), stepStateName(row.state),
                                   stepStateName(StepState::Succeeded), {{QStringLiteral("step"), stepKey}, {QStringLiteral("outputs"), outputs}}));
        return d->checkFinished(w.id);
    });
}

} // namespace ordo::engine

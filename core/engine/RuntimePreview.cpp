#include "engine/RuntimeImpl.h"

#include <QSet>

namespace ordo::engine {

using namespace detail;

namespace {

struct OperationName
{
    SupportOperation operation;
    const char *name;
};

constexpr OperationName kOperationNames[] = {
    {SupportOperation::Pause, "pause"},   {SupportOperation::Continue, "continue"}, {SupportOperation::Retry, "retry"},
    {SupportOperation::Skip, "skip"},     {SupportOperation::Rollback, "rollback"}, {SupportOperation::Cancel, "cancel"},
};

bool needsStep(SupportOperation o)
{
    return o == SupportOperation::Retry || o == SupportOperation::Skip;
}

// The steps of the definition that come after `index`, in definition order.
QList<int> descendants(const WorkflowDefinition &def, int index)
{
    QList<int> after;
    for (int j = 0; j < def.steps.size(); ++j)
        if (j != index && comesAfter(def, j, index))
            after.append(j);
    return after;
}

} // namespace

QString supportOperationName(SupportOperation o)
{
    for (const OperationName &n : kOperationNames)
        if (n.operation == o)
            return QString::fromLatin1(n.name);
    return {};
}

std::optional<SupportOperation> supportOperationFromName(const QString &name)
{
    for (const OperationName &n : kOperationNames)
        if (name == QLatin1String(n.name))
            return n.operation;
    return std::nullopt;
}

// A rollback that ended incomplete may have undone some steps: retried or skipped, a step
// would take the workflow forward again, to end succeeded with those steps undone.
Status Runtime::Impl::notUndoneInPart(const WorkflowRow &w)
{
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT step_key, state FROM steps WHERE workflow_id = ? AND kind = 'step'"
                                             " AND state IN ('compensating', 'compensated') ORDER BY id LIMIT 1"),
                              {w.id}));
    if (q.next())
        return Error::conflict(Text::tr("workflow %1 is rolled back in part (step '%2' is %3): only a rollback goes on from here")
                                   .arg(w.id)
                                   .arg(q.value(0).toString(), q.value(1).toString()));
    return ok();
}

Status Runtime::Impl::checkOperation(const WorkflowRow &w, const Loaded &l, SupportOperation operation, const StepRow *row)
{
    const QString what = Text::tr("workflow %1").arg(w.id);
    switch (operation) {
    case SupportOperation::Pause:
        if (w.state == WorkflowState::Paused)
            return Error::conflict(Text::tr("workflow %1 is paused already").arg(w.id));
        return checkTransition(w.state, WorkflowState::Paused, what);
    case SupportOperation::Continue:
        if (w.state != WorkflowState::Paused)
            return Error::conflict(Text::tr("workflow %1 is %2, not paused").arg(w.id).arg(workflowStateName(w.state)));
        return ok();
    case SupportOperation::Cancel:
        return checkTransition(w.state, WorkflowState::Cancelled, what);
    case SupportOperation::Rollback: {
        // A rollback that ended incomplete asked its running compensations to stop: one that has
        // not ended may yet undo its step, which a new rollback would not wait for.
        ORDO_TRY(q, db.execCached(QStringLiteral("SELECT step_key FROM steps WHERE workflow_id = ? AND kind = 'compensation' AND state = 'running'"),
                                  {w.id}));
        if (q.next())
            return Error::conflict(Text::tr("the compensation of step '%1' is still running: roll back once it has ended").arg(q.value(0).toString()));
        return checkTransition(w.state, WorkflowState::RollingBack, what);
    }
    case SupportOperation::Retry:
        if (w.state == WorkflowState::Cancelled || w.state == WorkflowState::RolledBack || w.state == WorkflowState::RollingBack)
            return Error::conflict(Text::tr("workflow %1 is %2: its steps are not retried").arg(w.id).arg(workflowStateName(w.state)));
        if (row->state != StepState::Failed && row->state != StepState::Paused && row->state != StepState::Cancelled
            && row->state != StepState::RetryWait)
            return Error::conflict(Text::tr("step '%1' is %2: only a failed, paused, cancelled or waiting step is retried")
                                       .arg(row->key, stepStateName(row->state)));
        // A step that failed under `continue` in a workflow that succeeded: retried, it would
        // wait for good, since nothing runs a step there.
        if (w.state == WorkflowState::Succeeded)
            return Error::conflict(Text::tr("workflow %1 is %2: its steps are not retried").arg(w.id).arg(workflowStateName(w.state)));
        return notUndoneInPart(w);
    case SupportOperation::Skip: {
        // Skipping an approval would provision what nobody approved; skipping provisioning would lose track of it.
        const QString action = l.def.step(row->key).action;
        if (isOrderStep(action))
            return Error::notPermitted(Text::tr("step '%1' (%2) follows its order and is not skipped: decide the order, or "
                                                "mend its provisioning workflows")
                                           .arg(row->key, action));
        if (isTerminal(w.state) && w.state != WorkflowState::Failed)
            return Error::conflict(Text::tr("workflow %1 is %2: its steps are not skipped").arg(w.id).arg(workflowStateName(w.state)));
        if (row->state == StepState::Running)
            return Error::conflict(Text::tr("step '%1' is running: cancel or wait for the attempt first").arg(row->key));
        ORDO_CHECK(checkTransition(row->state, StepState::Skipped, Text::tr("step '%1'").arg(row->key)));
        return notUndoneInPart(w);
    }
    }
    return ok();
}

Result<QList<SupportOperation>> Runtime::allowedOperations(qint64 workflowId, const QString &stepKey, std::optional<qint64> tenantId)
{
    ORDO_CHECK(d->workflowIn(workflowId, tenantId));
    ORDO_TRY(w, d->workflowRow(workflowId));
    ORDO_TRY(l, d->definition(w.name, w.version));
    std::optional<StepRow> row;
    if (!stepKey.isEmpty()) {
        ORDO_TRY(found, d->step(workflowId, stepKey));
        row = found;
    }
    QList<SupportOperation> allowed;
    for (const OperationName &n : kOperationNames) {
        if (needsStep(n.operation) && !row)
            continue;
        if (d->checkOperation(w, *l, n.operation, row ? &*row : nullptr))
            allowed.append(n.operation);
    }
    return allowed;
}

// Follows what the operations do (RuntimeSupport.cpp, RuntimeRollback.cpp); tst_engine holds the two to each other.
Result<QList<PreviewedStep>> Runtime::preview(qint64 workflowId, SupportOperation operation, const QString &stepKey,
                                              std::optional<qint64> tenantId)
{
    using Effect = PreviewedStep::Effect;
    ORDO_CHECK(d->workflowIn(workflowId, tenantId));
    ORDO_TRY(w, d->workflowRow(workflowId));
    ORDO_TRY(l, d->definition(w.name, w.version));
    const WorkflowDefinition &def = l->def;
    if (needsStep(operation) && stepKey.isEmpty())
        return Error::badInput(Text::tr("%1 needs a step").arg(supportOperationName(operation)));
    QHash<QString, StepRow> rows; // the definition's steps, not their compensations
    QHash<QString, StepRow> compensations;
    ORDO_TRY(q, d->db.exec(QStringLiteral("SELECT ") + kStepColumns + QStringLiteral(" FROM steps WHERE workflow_id = ?"), {workflowId}));
    while (q.next()) {
        const StepRow r = readStep(q);
        (r.kind == StepKind::Compensation ? compensations : rows).insert(r.key, r);
    }
    std::optional<StepRow> row;
    if (needsStep(operation)) {
        if (!rows.contains(stepKey))
            return Error::notFound(Text::tr("workflow %1 has no step '%2'").arg(workflowId).arg(stepKey));
        row = rows.value(stepKey);
    }
    ORDO_CHECK(d->checkOperation(w, *l, operation, row ? &*row : nullptr));

    QList<PreviewedStep> effects;
    const auto stateOf = [&](int index) { return rows.value(def.steps.at(index).id).state; };
    // Nothing more starts: running attempts are asked to stop, the queued are cancelled (Impl::stopOutstanding).
    const auto stopOrCancel = [&](const QString &key, StepState s) {
        if (s == StepState::Running)
            effects.append({key, Effect::Stop});
        else if (s == StepState::Pending || s == StepState::Ready || s == StepState::RetryWait || s == StepState::Waiting
                 || s == StepState::Paused)
            effects.append({key, Effect::Cancel});
    };
    const auto stopOutstanding = [&] {
        for (int i = 0; i < def.steps.size(); ++i)
            stopOrCancel(def.steps.at(i).id, stateOf(i));
    };
    // What waits on the step runs once it is done (dependencyDone).
    const auto waitersRun = [&](int index) {
        for (int j : descendants(def, index))
            if (stateOf(j) == StepState::Pending)
                effects.append({def.steps.at(j).id, Effect::Run});
    };
    switch (operation) {
    case SupportOperation::Pause:
        for (int i = 0; i < def.steps.size(); ++i)
            if (stateOf(i) == StepState::Ready || stateOf(i) == StepState::RetryWait)
                effects.append({def.steps.at(i).id, Effect::Hold});
        break;
    case SupportOperation::Continue:
        for (int i = 0; i < def.steps.size(); ++i)
            if (stateOf(i) == StepState::Paused || stateOf(i) == StepState::Ready || stateOf(i) == StepState::RetryWait)
                effects.append({def.steps.at(i).id, Effect::Run});
        break;
    case SupportOperation::Retry:
        effects.append({stepKey, Effect::Run});
        waitersRun(def.indexOf.value(stepKey));
        break;
    case SupportOperation::Skip:
        effects.append({stepKey, Effect::Skip});
        waitersRun(def.indexOf.value(stepKey));
        break;
    case SupportOperation::Cancel:
        stopOutstanding();
        for (auto it = compensations.cbegin(); it != compensations.cend(); ++it)
            stopOrCancel(it.key(), it->state);
        break;
    case SupportOperation::Rollback: {
        stopOutstanding();
        // Succeeded steps with a compensation and those still running (startRollback), each
        // undone once every compensated step after it is: later definition steps first among equals.
        QList<int> pending;
        for (int i = 0; i < def.steps.size(); ++i)
            if (def.steps.at(i).compensate && (stateOf(i) == StepState::Succeeded || stateOf(i) == StepState::Running))
                pending.append(i);
        while (!pending.isEmpty()) {
            for (qsizetype k = pending.size() - 1; k >= 0; --k) {
                const int i = pending.at(k);
                const bool waits = std::any_of(pending.cbegin(), pending.cend(), [&](int j) { return j != i && comesAfter(def, j, i); });
                if (!waits) {
                    effects.append({def.steps.at(i).id, Effect::Compensate});
                    pending.removeAt(k);
                    break;
                }
            }
        }
        break;
    }
    }
    return effects;
}

} // namespace ordo::engine

#include "engine/RuntimeImpl.h"

namespace ordo::engine {

using namespace detail;

// One thing a pending compensation waited for is done; at none left it runs.
Status Runtime::Impl::countDown(const StepRow &comp)
{
    if (comp.state != StepState::Pending)
        return ok();
    StepRow next = comp;
    next.waitingOn = std::max(0, comp.waitingOn - 1);
    if (next.waitingOn == 0) {
        next.state = StepState::Ready;
        next.readyAt = now();
    }
    return save(comp, next);
}

// Compensations run in reverse: a step's turn comes when all of its
// compensated descendants are done.
Status Runtime::Impl::compensationDone(const WorkflowRow &w, const Loaded &l, const QString &key)
{
    const int index = l.def.indexOf.value(key);
    for (int a = 0; a < l.def.steps.size(); ++a) {
        if (!l.def.steps.at(a).compensate || !comesAfter(l.def, index, a))
            continue;
        ORDO_TRY(comp, findStep(w.id, l.def.steps.at(a).id, StepKind::Compensation));
        if (comp)
            ORDO_CHECK(countDown(*comp));
    }
    return ok();
}

// A step that was running when the rollback began ended without an
// effect to undo: its compensation is dropped, and those before it go on.
// A compensation that ended without undoing its step: the step stands.
Status Runtime::Impl::compensationNotNeeded(const WorkflowRow &w, const Loaded &l, const StepRow &step)
{
    if (step.kind == StepKind::Compensation)
        return stepStands(w, step.key);
    if (w.state != WorkflowState::RollingBack)
        return ok();
    ORDO_TRY(comp, findStep(w.id, step.key, StepKind::Compensation));
    if (!comp || comp->state != StepState::Pending)
        return ok();
    StepRow dropped = *comp;
    dropped.state = StepState::Cancelled;
    dropped.error = Text::tr("nothing to undo: the step did not finish");
    ORDO_CHECK(save(*comp, dropped));
    return compensationDone(w, l, step.key);
}

// The step a compensation was undoing is as it was: a later rollback may undo it.
Status Runtime::Impl::stepStands(const WorkflowRow &w, const QString &key)
{
    ORDO_TRY(original, step(w.id, key));
    if (original.state != StepState::Compensating)
        return ok();
    StepRow standing = original;
    standing.state = StepState::Succeeded;
    return save(original, standing);
}

// Schedules (or schedules again, after a failed rollback) a step's compensation.
Status Runtime::Impl::addCompensation(const WorkflowRow &w, const StepRow &original, int waitingOn)
{
    ORDO_TRY(existing, findStep(w.id, original.key, StepKind::Compensation));
    if (existing) {
        if (existing->state == StepState::Pending) {
            StepRow recounted = *existing;
            recounted.waitingOn = waitingOn;
            if (waitingOn == 0) {
                recounted.state = StepState::Ready;
                recounted.readyAt = now();
            }
            return save(*existing, recounted);
        }
        if (existing->state != StepState::Failed && existing->state != StepState::Cancelled)
            return ok();
        stepWritten(w.id);
        ORDO_CHECK(db.execCached(QStringLiteral("DELETE FROM steps WHERE id = ?"), {existing->id}));
    }
    const qint64 t = now();
    ORDO_TRY(inserted, db.insert(QStringLiteral("INSERT INTO steps(workflow_id, step_key, kind, state, waiting_on, ready_at, tenant_id)"
                                                    " VALUES (?, ?, 'compensation', ?, ?, ?, ?)"),
                                     {w.id, original.key, stepStateName(waitingOn == 0 ? StepState::Ready : StepState::Pending), waitingOn,
                                      waitingOn == 0 ? QVariant(t) : QVariant(QMetaType(QMetaType::LongLong)), tenantColumnValue(w.tenantId)}));
    stepWritten(w.id);
    changed(ChangeKind::Step, inserted, w.id);
    if (waitingOn == 0) {
        StepRow ready;
        ready.id = inserted;
        ready.workflowId = w.id;
        ready.kind = StepKind::Compensation;
        ready.state = StepState::Ready;
        ready.readyAt = t;
        ORDO_CHECK(syncQueue({{StepRow{}, ready}}));
    }
    stepEvent(w.id, original.key, StepKind::Compensation, waitingOn == 0 ? StepState::Ready : StepState::Pending, Text::tr("compensation scheduled"));
    return ok();
}

Status Runtime::Impl::startRollback(WorkflowRow &w, const Loaded &l)
{
    ORDO_CHECK(setWorkflowState(w, WorkflowState::RollingBack));
    ORDO_CHECK(stopOutstanding(w));
    // Succeeded steps with a compensation, and those still running (their
    // effect may yet happen), each waiting for its compensated descendants.
    QSet<int> compensable;
    QSet<int> running;
    for (int i = 0; i < l.def.steps.size(); ++i) {
        if (!l.def.steps.at(i).compensate)
            continue;
        ORDO_TRY(row, step(w.id, l.def.steps.at(i).id));
        if (row.state == StepState::Succeeded)
            compensable.insert(i);
        else if (row.state == StepState::Running)
            running.insert(i);
    }
    const QSet<int> all = compensable + running;
    for (int i : all) {
        int waiting = running.contains(i) ? 1 : 0; // a running step counts for itself until it ends
        for (int j : all)
            if (comesAfter(l.def, j, i))
                ++waiting;
        ORDO_TRY(row, step(w.id, l.def.steps.at(i).id));
        ORDO_CHECK(addCompensation(w, row, waiting));
    }
    return checkFinished(w.id);
}

// Nothing more starts: queued steps (or compensations) are cancelled, running attempts are asked to stop.
Status Runtime::Impl::stopOutstanding(const WorkflowRow &w, StepKind kind)
{
    ORDO_TRY(q, db.exec(QStringLiteral("SELECT ") + kStepColumns
                            + QStringLiteral(" FROM steps WHERE workflow_id = ? AND kind = ? AND state IN"
                                             " ('pending', 'ready', 'retry-wait', 'waiting', 'paused', 'running')"),
                        {w.id, stepKindName(kind)}));
    QList<StepRow> rows;
    while (q.next())
        rows.append(readStep(q));
    for (const StepRow &row : std::as_const(rows)) {
        StepRow after = row;
        if (row.state == StepState::Running) {
            after.cancelRequested = true;
        } else {
            after.state = StepState::Cancelled;
            after.probeDue = 0;
        }
        ORDO_CHECK(save(row, after));
        // One waiting to retry had begun to undo its step.
        if (kind == StepKind::Compensation && after.state == StepState::Cancelled)
            ORDO_CHECK(stepStands(w, row.key));
    }
    return ok();
}

} // namespace ordo::engine

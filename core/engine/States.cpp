#include "engine/States.h"

#include "util/NameTable.h"

#include <QCoreApplication>

namespace ordo::engine {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::engine::States)
};

constexpr std::pair<StepState, const char *> kStepNames[] = {
    {StepState::Pending, "pending"},     {StepState::Ready, "ready"},           {StepState::Running, "running"},
    {StepState::RetryWait, "retry-wait"}, {StepState::Waiting, "waiting"},       {StepState::Succeeded, "succeeded"},
    {StepState::Failed, "failed"},       {StepState::Skipped, "skipped"},       {StepState::Paused, "paused"},
    {StepState::Compensating, "compensating"}, {StepState::Compensated, "compensated"}, {StepState::Cancelled, "cancelled"}};

constexpr std::pair<WorkflowState, const char *> kWorkflowNames[] = {
    {WorkflowState::Running, "running"},         {WorkflowState::Paused, "paused"},
    {WorkflowState::Succeeded, "succeeded"},     {WorkflowState::Failed, "failed"},
    {WorkflowState::RollingBack, "rolling-back"}, {WorkflowState::RolledBack, "rolled-back"},
    {WorkflowState::Cancelled, "cancelled"}};

constexpr std::pair<StepKind, const char *> kStepKindNames[] = {{StepKind::Normal, "step"}, {StepKind::Compensation, "compensation"}};

constexpr std::pair<LogKind, const char *> kLogKindNames[] = {
    {LogKind::State, "state"}, {LogKind::Log, "log"}, {LogKind::Notify, "notify"}, {LogKind::Support, "support"}};

} // namespace

QString stepStateName(StepState s) { return nameOf(kStepNames, s); }
std::optional<StepState> stepStateFromName(const QString &name) { return valueOf(kStepNames, name); }
QString workflowStateName(WorkflowState s) { return nameOf(kWorkflowNames, s); }
std::optional<WorkflowState> workflowStateFromName(const QString &name) { return valueOf(kWorkflowNames, name); }
QString stepKindName(StepKind k) { return nameOf(kStepKindNames, k); }
std::optional<StepKind> stepKindFromName(const QString &name) { return valueOf(kStepKindNames, name); }
QString logKindName(LogKind k) { return nameOf(kLogKindNames, k); }
std::optional<LogKind> logKindFromName(const QString &name) { return valueOf(kLogKindNames, name); }

bool isTerminal(StepState s)
{
    return s == StepState::Succeeded || s == StepState::Failed || s == StepState::Skipped || s == StepState::Cancelled
           || s == StepState::Compensated;
}

QStringList terminalStepStateNames()
{
    QStringList names;
    for (const auto &[state, name] : kStepNames) {
        if (isTerminal(state))
            names.append(QString::fromLatin1(name));
    }
    return names;
}

bool isTerminal(WorkflowState s)
{
    return s == WorkflowState::Succeeded || s == WorkflowState::Failed || s == WorkflowState::RolledBack
           || s == WorkflowState::Cancelled;
}

bool canTransition(StepState from, StepState to)
{
    using S = StepState;
    switch (from) {
    case S::Pending:
        return to == S::Ready || to == S::Skipped || to == S::Cancelled;
    case S::Ready:
        return to == S::Running || to == S::Waiting || to == S::Skipped || to == S::Cancelled || to == S::Paused;
    case S::Running:
        // Running -> Running: a lease taken over after its engine died;
        // Running -> Ready: released by an engine that stops.
        return to == S::Running || to == S::Ready || to == S::Succeeded || to == S::Failed || to == S::RetryWait || to == S::Paused
               || to == S::Cancelled;
    case S::RetryWait:
        return to == S::Ready || to == S::Cancelled || to == S::Skipped || to == S::Paused;
    case S::Waiting:
        return to == S::Succeeded || to == S::Failed || to == S::Cancelled || to == S::Skipped || to == S::Paused
               || to == S::RetryWait;
    case S::Paused:
        return to == S::Ready || to == S::Skipped || to == S::Cancelled || to == S::Failed;
    case S::Failed:
        // Support retries or skips a failed step; a rollback still compensates nothing for it.
        return to == S::Ready || to == S::Skipped || to == S::Cancelled;
    case S::Succeeded:
        return to == S::Compensating;
    case S::Compensating:
        return to == S::Compensated || to == S::Succeeded;
    case S::Cancelled:
        return to == S::Ready;
    case S::Skipped:
    case S::Compensated:
        return false;
    }
    return false;
}

bool canTransition(WorkflowState from, WorkflowState to)
{
    using W = WorkflowState;
    switch (from) {
    case W::Running:
        return to == W::Paused || to == W::Succeeded || to == W::Failed || to == W::RollingBack || to == W::Cancelled;
    case W::Paused:
        return to == W::Running || to == W::RollingBack || to == W::Cancelled || to == W::Failed;
    case W::Failed:
        // Support may still mend a failed workflow step by step, or undo it.
        return to == W::Running || to == W::RollingBack || to == W::Cancelled;
    case W::RollingBack:
        // Not paused: continuing would run it forward again.
        return to == W::RolledBack || to == W::Failed || to == W::Cancelled;
    case W::Succeeded:
        return to == W::RollingBack;
    case W::RolledBack:
    case W::Cancelled:
        return false;
    }
    return false;
}

Status checkTransition(StepState from, StepState to, const QString &what)
{
    if (canTransition(from, to))
        return ok();
    return Error::conflict(Text::tr("%1 is %2 and cannot become %3").arg(what, stepStateName(from), stepStateName(to)));
}

Status checkTransition(WorkflowState from, WorkflowState to, const QString &what)
{
    if (canTransition(from, to))
        return ok();
    return Error::conflict(Text::tr("%1 is %2 and cannot become %3").arg(what, workflowStateName(from), workflowStateName(to)));
}

} // namespace ordo::engine

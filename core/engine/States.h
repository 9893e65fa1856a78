#pragma once

#include "util/Result.h"

#include <QString>
#include <QStringList>

namespace ordo::engine {

enum class StepState {
    Pending,
    Ready,
    Running,
    RetryWait,
    Waiting, // a human task or a timer
    Succeeded,
    Failed,
    Skipped,
    Paused,
    Compensating,
    Compensated,
    Cancelled,
};

enum class WorkflowState { Running, Paused, Succeeded, Failed, RollingBack, RolledBack, Cancelled };

// A step of the definition, or the compensation that undoes it in a rollback.
enum class StepKind { Normal, Compensation };

// What a line of a workflow's log tells: a state change, a line its action
// logged, a failure notification, or a support operation.
enum class LogKind { State, Log, Notify, Support };

QString stepStateName(StepState s);
std::optional<StepState> stepStateFromName(const QString &name);
QString workflowStateName(WorkflowState s);
std::optional<WorkflowState> workflowStateFromName(const QString &name);
// As stored: "step" or "compensation".
QString stepKindName(StepKind k);
std::optional<StepKind> stepKindFromName(const QString &name);
// As stored: "state", "log", "notify" or "support".
QString logKindName(LogKind k);
std::optional<LogKind> logKindFromName(const QString &name);

bool isTerminal(StepState s);
// The names of the states isTerminal names, as the database holds them.
QStringList terminalStepStateNames();
bool isTerminal(WorkflowState s);

// The one place that says which state may follow which.
bool canTransition(StepState from, StepState to);
bool canTransition(WorkflowState from, WorkflowState to);
Status checkTransition(StepState from, StepState to, const QString &what);
Status checkTransition(WorkflowState from, WorkflowState to, const QString &what);

} // namespace ordo::engine

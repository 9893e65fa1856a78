#pragma once

#include "engine/Action.h"
#include "engine/Expression.h"
#include "engine/JsonReader.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

namespace ordo::engine {

struct RetryPolicy
{
    int maxAttempts = 1;
    qint64 initialIntervalMs = 1000;
    double backoff = 2.0;
    qint64 maxIntervalMs = 60000;
    QList<ErrorKind> nonRetryable = {ErrorKind::Permanent, ErrorKind::BadInput, ErrorKind::Authentication,
                                     ErrorKind::Cancelled};

    // Wait before attempt `next` (2 = the first retry).
    qint64 delayBefore(int next) const;
    bool retries(ErrorKind kind) const { return !nonRetryable.contains(kind); }
};

enum class OnError { Pause, Fail, Continue, Rollback };
QString onErrorName(OnError policy);

struct ErrorPolicy
{
    OnError policy = OnError::Fail;
    QStringList notify; // who hears of the failure, e.g. "support"
};

struct Compensation
{
    QString action;
    QJsonObject with;
};

struct Probe
{
    QString action;
    QJsonObject with;
    qint64 intervalMs = 5000;
    qint64 maxWaitMs = 600000;
};

struct StepDefinition
{
    QString id;
    QString action;
    QJsonObject with;
    QStringList after;
    QString when;
    QString skipReason; // what the log and support read when `when` skips the step
    RetryPolicy retry;
    qint64 timeoutMs = 0;        // per attempt; 0: none
    qint64 overallTimeoutMs = 0; // from the first attempt on; 0: none
    std::optional<ErrorPolicy> onError;
    std::optional<Compensation> compensate;
    std::optional<Probe> probe;
    QStringList editable; // the inputs support may change on a retry
};

struct InputDefinition
{
    QString name;
    InputType type = InputType::Any;
    bool required = false;
    QJsonValue defaultValue;
};

struct WorkflowDefinition
{
    QString name;
    int version = 1;
    QList<InputDefinition> inputs;
    QList<StepDefinition> steps;
    ErrorPolicy onError;
    QJsonObject source; // the definition as given, stored with every run

    // Derived once after validation.
    QHash<QString, int> indexOf;
    QList<QList<int>> dependents; // step index -> indices of steps that come after it

    const StepDefinition &step(const QString &id) const { return steps.at(indexOf.value(id)); }
    ErrorPolicy errorPolicyOf(const StepDefinition &s) const { return s.onError.value_or(onError); }
};

struct DefinitionError
{
    QString code;
    QString pointer;
    int line = 0;
    int column = 0;
    QString message;

    QString toString() const;
};

struct ParsedWorkflow
{
    std::optional<WorkflowDefinition> definition;
    QList<DefinitionError> errors;
};

constexpr qsizetype kMaxDefinitionBytes = 1024 * 1024;
constexpr int kMaxSteps = 500;
// The longest a timer.wait step waits: a year and a day.
constexpr qint64 kMaxTimerMs = 366LL * 24 * 60 * 60 * 1000;

// Parses and validates a workflow definition before anything runs: syntax,
// duplicate keys, unknown fields, step references, cycles, actions and their
// inputs, templates, conditions and limits. Every error has a code, a JSON
// pointer, a line and a column.
// maxSteps is raised only by benchmarks; users get kMaxSteps.
ParsedWorkflow parseWorkflow(const QByteArray &json, const ActionRegistry &actions, int maxSteps = kMaxSteps);

// Whether `ancestor` must finish before `step` starts (through 'after', transitively).
bool comesAfter(const WorkflowDefinition &definition, int step, int ancestor);

// Whether a value is of an input type.
bool hasType(const QJsonValue &value, InputType type);
QString inputTypeName(InputType type);

// Whether a timer.wait 'ms' is a whole number from 0 to kMaxTimerMs, and the message when it is not.
bool timerDelayInRange(const QJsonValue &ms);
QString timerDelayOutOfRange();

// Fills in defaults and checks the given inputs against the definition.
std::optional<QString> bindInputs(const WorkflowDefinition &definition, const QJsonObject &given, QJsonObject &bound);

} // namespace ordo::engine

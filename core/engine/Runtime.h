#pragma once

#include "domain/AuditLog.h"
#include "domain/Catalog.h"
#include "engine/Action.h"
#include "engine/States.h"
#include "engine/WorkflowDefinition.h"
#include "store/Database.h"
#include "util/Clock.h"

#include <QLoggingCategory>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcEngine)

namespace ordo::engine {

// A step whose engine died while running it this many attempts in a row is
// failed instead of being handed out again: it may be what kills engines.
// Engines killed far more often than any real one dies (the crash experiment)
// lose innocent steps that often too, and raise it.
constexpr int kMaxLostAttempts = 3;

struct WorkflowSummary
{
    qint64 id = 0;
    QString uuid;
    QString name;
    int version = 0;
    WorkflowState state = WorkflowState::Running;
    QJsonObject inputs;
    QString startedBy;
    std::optional<qint64> orderId;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 finishedAt = 0;
    QString error;
    qint64 tenantId = 0; // 0: the provider's own, of no tenant
};

// A workflow as the monitor lists it: with its progress and the step it is at.
struct WorkflowOverview
{
    WorkflowSummary summary;
    int steps = 0;     // of the definition's, those started so far or waiting to
    int stepsDone = 0; // ended, one way or another
    QString currentStep; // running, waiting, or holding the workflow up; empty when none
    QString tenantName;
};

// What the monitor's list shows: every condition set must hold; unset ones match anything.
struct WorkflowFilter
{
    std::optional<WorkflowState> state;
    QString owner;                 // who started it, any case
    std::optional<qint64> orderId;
    QString text;                  // in the name, owner, error or tenant name, any case; or the id
};

// Newest first. A page: `rows` are the next ones matching, `more` says whether
// others match after them. A refresh of given workflows: `rows` are those that
// match, `unmatched` those that exist for the caller but no longer match.
struct OverviewPage
{
    QList<WorkflowOverview> rows;
    bool more = false;
    QList<qint64> unmatched;
};

struct StepInfo
{
    qint64 rowId = 0;
    QString key;
    StepKind kind = StepKind::Normal;
    StepState state = StepState::Pending;
    int attempt = 0;
    QJsonObject inputs;
    QJsonObject outputs;
    QString error;
    QString errorKind;
    qint64 readyAt = 0;
    qint64 startedAt = 0;
    qint64 finishedAt = 0;
    qint64 dueAt = 0;
    bool manual = false;
};

// One attempt of a step, kept when it ends: a retry does not overwrite it.
struct StepAttempt
{
    enum class Outcome { Succeeded, Failed, Lost, Cancelled, Skipped };

    QString stepKey;
    StepKind kind = StepKind::Normal;
    int attempt = 0;
    Outcome outcome = Outcome::Failed;
    QJsonObject inputs;
    QJsonObject outputs;
    QString error;
    QString errorKind;
    qint64 startedAt = 0;
    qint64 finishedAt = 0;
};

// As stored: "succeeded", "failed", "lost", "cancelled" or "skipped".
QString attemptOutcomeName(StepAttempt::Outcome o);

// What support may do to a workflow or one of its steps.
enum class SupportOperation { Pause, Continue, Retry, Skip, Rollback, Cancel };

// As ordoctl names them: "pause", "continue", "retry", "skip", "rollback", "cancel".
QString supportOperationName(SupportOperation o);
std::optional<SupportOperation> supportOperationFromName(const QString &name);

// What a support operation would do to one step, told before it is applied.
struct PreviewedStep
{
    enum class Effect {
        Run,        // runs (again)
        Skip,       // skipped, with the outputs given
        Compensate, // undone by its compensation, in the order listed
        Stop,       // its running attempt is asked to stop
        Cancel,     // never starts
        Hold,       // does not start until the workflow continues
    };
    QString stepKey;
    Effect effect = Effect::Run;
};

struct LogLine
{
    qint64 seq = 0;
    QString stepKey;
    qint64 at = 0;
    LogKind kind = LogKind::State;
    QString message;
};

// A log line as `ordoctl workflows log` prints it and the console exports it:
// "TIME  STEP  KIND  MESSAGE", the time in UTC, "-" for the workflow's own lines.
QString formatLogLine(const LogLine &line);

// A step instance this engine now holds the lease of.
struct Claim
{
    qint64 rowId = 0;
    qint64 workflowId = 0;
    QString stepKey;
    StepKind kind = StepKind::Normal;
    QString action;
    QJsonObject inputs;
    QString idempotencyKey;
    int attempt = 0;
    qint64 timeoutMs = 0;
    qint64 readyAt = 0;
    qint64 startedAt = 0;
};

struct Completion
{
    qint64 rowId = 0;
    int attempt = 0;
    ActionOutcome outcome;
    QStringList log;
    // The step's workflow, as claimed (0: unknown). A batch whose completions all
    // name theirs locks them without first looking them up by step.
    qint64 workflowId = 0;
};

struct ProbeClaim
{
    qint64 rowId = 0;
    qint64 workflowId = 0;
    QString stepKey;
    QString action;
    QJsonObject inputs;
    QString idempotencyKey;
};

struct ProbeResult
{
    qint64 rowId = 0;
    bool passed = false;
    QString message;
};

// A state change or notice, for whoever watches (the console's monitor).
struct EngineEvent
{
    enum class Kind {
        Workflow, // the workflow changed to workflowState
        Step,     // a step (or its compensation, by stepKind) changed to stepState
        Notify,   // recipient was told that the step failed
    };

    Kind kind = Kind::Workflow;
    qint64 workflowId = 0;
    QString stepKey; // empty for the workflow itself
    StepKind stepKind = StepKind::Normal;
    WorkflowState workflowState = WorkflowState::Running;
    StepState stepState = StepState::Pending;
    QString recipient;
    // The line the log got for it, e.g. "running -> succeeded".
    QString message;
    qint64 at = 0;
};

// The durable workflow runtime: every operation is one transaction on the
// database, which is both the single source of truth and the work queue.
// The longest reason a support operation takes, like an approval's comment.
constexpr qsizetype kMaxReasonChars = 2000;

// Engines (this process's or others') claim steps with leases, so a crash
// loses nothing: an expired lease is taken over. Not thread-safe: one per
// thread, each with its own Database.
class Runtime final
{
public:
    Runtime(Database &db, AuditLog &audit, const ActionRegistry &actions, const Clock &clock);
    ~Runtime();
    Q_DISABLE_COPY_MOVE(Runtime)

    // For benchmarks of very long flows; definitions users write stay within kMaxSteps.
    void setMaxSteps(int maxSteps);
    void setMaxLostAttempts(int maxLostAttempts);

    // Starts a run of the definition; returns the workflow id. It belongs to
    // the order's tenant, else to the given one, else to none (the provider's).
    Result<qint64> start(const QByteArray &definitionJson, const QJsonObject &inputs, const QString &startedBy,
                         std::optional<qint64> orderId = std::nullopt, std::optional<qint64> tenantId = std::nullopt);

    // Stores a definition for later runs (an order's provisioning starts the
    // newest version of a workflow by name); one stored the same is no change.
    Status install(const QByteArray &definitionJson);

    // Engine side
    // Claims up to max steps, expired leases first, then ready ones oldest
    // first. Before those, up to freshMax steps of the lane for fresh work: ready
    // first steps of workflows none of whose steps has started yet, newest
    // first, beyond max, so that a new workflow (a customer's order) starts
    // without waiting behind the ready steps of busy ones. Limits hold for both.
    Result<QList<Claim>> claim(const QString &owner, int max, qint64 leaseMs, int freshMax = 0);
    // Before an engine answers the completions it holds, for work it was
    // notified of: makes decided orders' steps ready and claims up to freshMax
    // steps of the lane for fresh work (timers wait for the completions'
    // transaction). Nothing while a suspect's lease has lapsed: a suspect goes
    // to an engine that holds nothing else, which the completions may make of
    // this one.
    Result<QList<Claim>> claimNotified(const QString &owner, qint64 leaseMs, int freshMax);
    // One transaction: record completions, fire due timers, claim what is ready.
    Result<QList<Claim>> advance(const QList<Completion> &completions, const QString &owner, int maxClaims, qint64 leaseMs,
                                 int freshClaims = 0);
    // A stopping engine hands its running steps back so that others need not wait for the lease.
    Status releaseLeases(const QString &owner);
    Status complete(const QList<Completion> &completions, const QString &owner);
    // Renews the leases of the attempts the engine is still running.
    Status renewLeases(const QString &owner, const QList<qint64> &rowIds, qint64 leaseMs);
    Result<QList<qint64>> cancelRequested(const QString &owner);
    Status fireTimers();
    Result<QList<ProbeClaim>> claimProbes(int max, qint64 leaseMs);
    Status probesFinished(const QList<ProbeResult> &results);
    // When the next timer, retry, probe or lease expiry is due (ms since epoch).
    Result<std::optional<qint64>> nextDue();
    // Something is runnable or waits on a timer; paused and human waits do not count.
    Result<bool> hasPendingWork();

    // Support operations, each audited with who and why (at most kMaxReasonChars of why).
    Status pause(qint64 workflowId, const QString &actor, const QString &reason);
    Status resume(qint64 workflowId, const QString &actor, const QString &reason);
    Status cancel(qint64 workflowId, const QString &actor, const QString &reason);
    Status rollback(qint64 workflowId, const QString &actor, const QString &reason);
    Status retryStep(qint64 workflowId, const QString &stepKey, const QJsonObject &overrides, const QString &actor,
                     const QString &reason);
    // What a retry of the step may change: the inputs its definition lists in
    // 'editable', typed as the action takes them, defaulting to what the last
    // attempt ran with. retryStep() refuses any other override.
    Result<ParameterSchema> retrySchema(qint64 workflowId, const QString &stepKey, std::optional<qint64> tenantId = std::nullopt);
    Status skipStep(qint64 workflowId, const QString &stepKey, const QJsonObject &outputs, const QString &actor,
                    const QString &reason);
    Status completeHumanTask(qint64 workflowId, const QString &stepKey, const QJsonObject &outputs, const QString &actor);

    // Queries
    // tenantId: only that tenant's (0: the provider's own); none: every tenant's.
    Result<QList<WorkflowSummary>> workflows(std::optional<WorkflowState> state = std::nullopt,
                                             std::optional<qint64> tenantId = std::nullopt);
    Result<WorkflowSummary> workflow(qint64 id);
    // Up to `limit` workflows matching the filter with an id below beforeId (0: from the newest), in the database.
    Result<OverviewPage> overviewPage(const WorkflowFilter &filter, qint64 beforeId, int limit,
                                      std::optional<qint64> tenantId = std::nullopt);
    // The given workflows and the workflows of the given step rows, split by the filter.
    Result<OverviewPage> overviews(const QList<qint64> &workflowIds, const QList<qint64> &stepRowIds,
                                   const WorkflowFilter &filter = {}, std::optional<qint64> tenantId = std::nullopt);
    // tenantId as above: another tenant's workflow is one that does not exist.
    Result<QList<StepInfo>> steps(qint64 workflowId, std::optional<qint64> tenantId = std::nullopt);
    // The definition the workflow runs, with the steps not started yet; needs the actions it names.
    Result<WorkflowDefinition> definition(qint64 workflowId, std::optional<qint64> tenantId = std::nullopt);
    // Every ended attempt of the step and of its compensation, oldest first.
    Result<QList<StepAttempt>> attempts(qint64 workflowId, const QString &stepKey, std::optional<qint64> tenantId = std::nullopt);
    // At most `limit` lines (0: all of them), so a huge log is read a page at a time.
    Result<QList<LogLine>> log(qint64 workflowId, const QString &stepKey = {}, qint64 afterSeq = 0,
                               std::optional<qint64> tenantId = std::nullopt, int limit = 0);

    // What the operation would do now, by the rules the operation itself follows;
    // stepKey for retry and skip. Refused as the operation would be when not allowed.
    Result<QList<PreviewedStep>> preview(qint64 workflowId, SupportOperation operation, const QString &stepKey = {},
                                         std::optional<qint64> tenantId = std::nullopt);
    // The operations the workflow's state (and the step's, given one) allows now.
    Result<QList<SupportOperation>> allowedOperations(qint64 workflowId, const QString &stepKey = {},
                                                      std::optional<qint64> tenantId = std::nullopt);

    // Whether the operations since the last call made steps ready that they
    // did not claim (an order's provisioning workflows, started while claiming).
    bool takeUnclaimedWork();

    // Events of the operations committed since the last call.
    QList<EngineEvent> takeEvents();

    static QString idempotencyKey(const QString &workflowUuid, const QString &stepKey, StepKind kind);

private:
    // claim(), passing by the look for lapsed leases or the limits when the caller knows there are none.
    Result<QList<Claim>> claimSteps(const QString &owner, int max, qint64 leaseMs, int freshMax, bool lapsedLeases, bool limited);

    class Impl;
    std::unique_ptr<Impl> d;
};

// The tenant a workflow belongs to, 0 for none: what connectors file their records under.
Result<qint64> workflowTenant(Database &db, qint64 workflowId);

} // namespace ordo::engine

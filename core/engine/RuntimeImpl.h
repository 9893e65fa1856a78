#pragma once

// The runtime's private implementation, shared by the Runtime*.cpp files
// and by nothing else: the row structs, the helpers and Runtime::Impl.

#include "engine/Runtime.h"

#include "store/ChangeLog.h"
#include "store/TenantColumn.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QThread>

namespace ordo::engine {

namespace detail {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::engine::Runtime)
};

// Sets a flag for as long as it lasts, and puts back what it was: Impl::engineSide
// around the engine's own calls, Impl::readsSeeHeldWrites around such reads.
class ScopedFlag
{
public:
    explicit ScopedFlag(bool &flag) : m_flag(flag), m_was(std::exchange(flag, true)) {}
    ~ScopedFlag() { m_flag = m_was; }
    Q_DISABLE_COPY_MOVE(ScopedFlag)

private:
    bool &m_flag;
    bool m_was;
};


inline QString toText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

inline QJsonObject toObject(const QString &text)
{
    return text.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(text.toUtf8()).object();
}

inline QVariant nullable(qint64 v)
{
    return v ? QVariant(v) : QVariant(QMetaType(QMetaType::LongLong));
}

inline QVariant nullableText(const QString &s)
{
    return s.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

// A definition parsed once, with what the runtime derives from it.
struct Loaded
{
    WorkflowDefinition def;
    QList<QStringList> stepRefs; // steps whose outputs a step's inputs or condition read
    QList<QStringList> compensationRefs;
    QList<QStringList> probeRefs;
    QList<bool> withTemplates; // whether a step's inputs hold any ${...} at all
    QList<bool> compensationTemplates;
};

struct StepRow
{
    qint64 id = 0;
    qint64 workflowId = 0;
    QString key;
    StepKind kind = StepKind::Normal;
    StepState state = StepState::Pending;
    int waitingOn = 0;
    int attempt = 0;
    int budgetStart = 0;
    qint64 dueAt = 0;
    qint64 readyAt = 0;
    QString leaseOwner;
    qint64 leaseExpires = 0;
    bool cancelRequested = false;
    QString resourceKey;
    QString resource;
    QString inputs;
    QString outputs;
    QString error;
    QString errorKind;
    bool manual = false;
    QString overrides;
    qint64 firstStartedAt = 0;
    qint64 startedAt = 0;
    qint64 finishedAt = 0;
    qint64 probeDue = 0;
    qint64 probeSince = 0;
    int probeAttempt = 0;
    int lostAttempts = 0; // attempts in a row whose engine died while running them
    bool attemptLost = false; // not stored: the attempt this change ends was lost with its engine
    // Not read: this change's success line is implied by the row (save()), its seq
    // drawn from the log's sequence into steps.log_seq when the row is written.
    bool lineImplied = false;
};

// An order's waiting step (step_queue q, steps s) of a running workflow whose wait is over:
// its order was decided (or, for a level's step, that level was), or every
// provisioning workflow it started has ended. The step's level and finality
// are read from its JSON inputs, which each dialect reads in its own words.
inline QString resolvableOrderStepIn(Database::Dialect dialect)
{
    const bool sqlite = dialect == Database::Dialect::Sqlite;
    const QString level = sqlite ? QStringLiteral("json_extract(s.inputs, '$.level')") : QStringLiteral("(s.inputs::jsonb->>'level')::bigint");
    const QString notFinal = sqlite ? QStringLiteral("json_extract(s.inputs, '$.final') IS NOT 1")
                                    : QStringLiteral("(s.inputs::jsonb->'final') IS DISTINCT FROM 'true'::jsonb");
    return QStringLiteral(
               "q.state = 'waiting' AND q.resource_key IN ('order.approval', 'order.provision')"
               " AND (SELECT state FROM workflows WHERE id = q.workflow_id) = 'running' AND ("
               " (q.resource_key = 'order.approval' AND EXISTS (SELECT 1 FROM workflows w JOIN orders o"
               "   ON o.id = w.order_id WHERE w.id = q.workflow_id AND (o.state NOT IN ('submitted', 'pending-approval')"
               "   OR (o.state = 'pending-approval' AND o.approval_level >= %1 AND %2))))"
               " OR (q.resource_key = 'order.provision' AND NOT EXISTS (SELECT 1 FROM workflows c"
               "   WHERE c.parent_id = q.workflow_id AND c.state NOT IN ('succeeded', 'failed', 'rolled-back', 'cancelled'))))")
        .arg(level, notFinal);
}

// Built once per dialect: every pump asks.
inline const QString &resolvableOrderStep(Database::Dialect dialect)
{
    static const QString sqlite = resolvableOrderStepIn(Database::Dialect::Sqlite);
    static const QString postgres = resolvableOrderStepIn(Database::Dialect::Postgres);
    return dialect == Database::Dialect::Sqlite ? sqlite : postgres;
}

// A select-list expression, true once a crash of the server emptied a shared database's
// unlogged queue and its one-row marker with it (refilled by refillQueue). SQLite's
// queue is written with its steps and is never lost.
inline QString queueLostSql(Database::Dialect dialect)
{
    return dialect == Database::Dialect::Sqlite ? QStringLiteral("0") : QStringLiteral("NOT EXISTS (SELECT 1 FROM step_queue_intact)");
}

// The ids of the order steps to resolve now, their queue rows in step with their steps.
inline const QString &resolvableOrderStepIds(Database::Dialect dialect)
{
    static const auto ids = [](Database::Dialect d) -> QString {
        return QStringLiteral("SELECT q.step_id FROM step_queue q JOIN steps s ON s.id = q.step_id AND s.state = q.state WHERE ")
               + resolvableOrderStep(d);
    };
    static const QString sqlite = ids(Database::Dialect::Sqlite);
    static const QString postgres = ids(Database::Dialect::Postgres);
    return dialect == Database::Dialect::Sqlite ? sqlite : postgres;
}

const QString kStepColumns = QStringLiteral(
    "id, workflow_id, step_key, kind, state, waiting_on, attempt, budget_start, due_at, ready_at, lease_owner,"
    " lease_expires, cancel_requested, resource_key, inputs, outputs, error, error_kind, manual, overrides,"
    " first_started_at, started_at, finished_at, probe_due, probe_since, probe_attempt, resource, lost_attempts");


// A step row's label in the log (save()): a compensation's says so.
inline const QString kLogLabel = QStringLiteral("step_key || CASE kind WHEN 'compensation' THEN ' (compensation)' ELSE '' END");

// "id IN (subquery)" for steps whose ids a look into step_queue finds. On
// PostgreSQL the ids come as one array: an engine keeps its plans
// (Database::keepPlans), and a plan made without the bound values (a LIMIT,
// a time) takes a subquery's rows for many and joins all of steps, while the
// array is looked up in steps' key whatever its length.
inline QString idAmong(Database::Dialect dialect, const QString &subquery)
{
    if (dialect == Database::Dialect::Sqlite)
        return QStringLiteral("id IN (") + subquery + QLatin1Char(')');
    return QStringLiteral("id = ANY(ARRAY(") + subquery + QStringLiteral("))");
}

// Rows read through the statement cache skip QVariant; the others go through it.
inline qint64 integerAt(const CachedQuery &q, int i)
{
    return q.integer(i);
}
inline qint64 integerAt(const QSqlQuery &q, int i)
{
    return q.value(i).toLongLong();
}
inline QString textAt(const CachedQuery &q, int i)
{
    return q.text(i);
}
inline QString textAt(const QSqlQuery &q, int i)
{
    return q.value(i).toString();
}

template<typename Query>
StepRow readStep(const Query &q)
{
    StepRow r;
    r.id = integerAt(q, 0);
    r.workflowId = integerAt(q, 1);
    r.key = textAt(q, 2);
    // The schema's CHECK lets no other name in.
    r.kind = stepKindFromName(textAt(q, 3)).value_or(StepKind::Normal);
    r.state = stepStateFromName(textAt(q, 4)).value_or(StepState::Failed);
    r.waitingOn = static_cast<int>(integerAt(q, 5));
    r.attempt = static_cast<int>(integerAt(q, 6));
    r.budgetStart = static_cast<int>(integerAt(q, 7));
    r.dueAt = integerAt(q, 8);
    r.readyAt = integerAt(q, 9);
    r.leaseOwner = textAt(q, 10);
    r.leaseExpires = integerAt(q, 11);
    r.cancelRequested = integerAt(q, 12) != 0;
    r.resourceKey = textAt(q, 13);
    r.inputs = textAt(q, 14);
    r.outputs = textAt(q, 15);
    r.error = textAt(q, 16);
    r.errorKind = textAt(q, 17);
    r.manual = integerAt(q, 18) != 0;
    r.overrides = textAt(q, 19);
    r.firstStartedAt = integerAt(q, 20);
    r.startedAt = integerAt(q, 21);
    r.finishedAt = integerAt(q, 22);
    r.probeDue = integerAt(q, 23);
    r.probeSince = integerAt(q, 24);
    r.probeAttempt = static_cast<int>(integerAt(q, 25));
    r.resource = textAt(q, 26);
    r.lostAttempts = static_cast<int>(integerAt(q, 27));
    return r;
}

struct WorkflowRow
{
    qint64 id = 0;
    QString uuid;
    QString name;
    int version = 0;
    WorkflowState state = WorkflowState::Running;
    QString inputs;
    qint64 orderId = 0;
    QString startedBy;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 finishedAt = 0;
    QString error;
    qint64 tenantId = 0;
};

const QString kWorkflowColumns = QStringLiteral(
    "id, uuid, name, def_version, state, inputs, order_id, started_by, created_at, updated_at, finished_at, error, tenant_id");

template<typename Query>
WorkflowRow readWorkflow(const Query &q)
{
    WorkflowRow w;
    w.id = integerAt(q, 0);
    w.uuid = textAt(q, 1);
    w.name = textAt(q, 2);
    w.version = static_cast<int>(integerAt(q, 3));
    w.state = workflowStateFromName(textAt(q, 4)).value_or(WorkflowState::Failed);
    w.inputs = textAt(q, 5);
    w.orderId = integerAt(q, 6);
    w.startedBy = textAt(q, 7);
    w.createdAt = integerAt(q, 8);
    w.updatedAt = integerAt(q, 9);
    w.finishedAt = integerAt(q, 10);
    w.error = textAt(q, 11);
    w.tenantId = integerAt(q, 12);
    return w;
}

} // namespace detail

class Runtime::Impl
{
public:
    using Loaded = detail::Loaded;
    using StepRow = detail::StepRow;
    using WorkflowRow = detail::WorkflowRow;

    Impl(Database &database, AuditLog &auditLog, const ActionRegistry &registry, const Clock &time)
        : db(database), audit(auditLog), actions(registry), clock(time)
    {
    }

    Database &db;
    AuditLog &audit;
    const ActionRegistry &actions;
    const Clock &clock;
    QHash<QString, std::shared_ptr<const Loaded>> definitions;
    int maxSteps = kMaxSteps;
    int maxLostAttempts = kMaxLostAttempts;
    QList<EngineEvent> pendingEvents;
    int transactDepth = 0;
    static constexpr int kTransactAttempts = 3;
    QList<EngineEvent> events;
    QHash<QString, qint64> heldSuspects; // per lease owner: the suspect step it runs alone
    // A shared database: each running step as this runtime's claim left it, kept from
    // the claim's commit to the attempt's end. A success is recorded from it without
    // reading the row again; the write's check (state, attempt, lease owner) refuses
    // it if another engine took the step over meanwhile, and the transaction runs
    // again on the row as it is (Runtime::complete).
    QHash<qint64, StepRow> claimedRows;
    QHash<qint64, StepRow> claimedInTransaction; // kept once the transaction commits
    bool unclaimedWork = false;
    // Set while the engine itself calls (claims, completions, timers, probes): its
    // transactions wake no other engine (a shared database's work channel), or
    // engines would take turns waking each other on every pump.
    bool engineSide = false;
    // A shared database's unlogged queue was found emptied by a crash of the server:
    // the next pump, or a stopping engine's hand-back, refills it (refillLostQueue)
    // before anything else.
    bool queueLost = false;
    // Nothing is claimed from a queue that misses steps (the running ones, which limits
    // and suspects count), not even the steps a pump's completions made ready: they
    // stay ready, and the next pump, asked for at once, refills the queue first.
    QList<Claim> passLostQueue()
    {
        queueLost = true;
        unclaimedWork = true;
        handoff = {};
        return {};
    }

    qint64 now() const { return clock.now().toMSecsSinceEpoch(); }

    // Whether reads in this transaction lock what they read. A shared database
    // lets engines write at once (READ COMMITTED): a workflow's row is locked
    // before its steps change on what was read (workflowRow). SQLite has one
    // writer at a time, and no row locks.
    bool locksRows() const { return transactDepth > 0 && db.dialect() == Database::Dialect::Postgres; }

    // Runs fn in a write transaction; events become visible only when it
    // commits. Log lines and change notes are written once, at the end of
    // the outermost call. Inside a caller's transaction (starting an order's
    // workflow with the decision that approves it) they are written into that
    // transaction and stand or fall with it; its events are released at once.
    template<typename F>
    auto transact(F &&fn) -> decltype(fn())
    {
        if (transactDepth > 0)
            return fn();
        // A shared database may give up on a transaction that met another one
        // (a deadlock, a lock that timed out) or lose its connection: the whole
        // outermost transaction runs again, on what is there now. Only outermost:
        // a caller's transaction is the caller's to run again.
        const bool outermost = !db.inTransaction();
        for (int attempt = 1;; ++attempt) {
            ++transactDepth;
            Database::BeforeStatement outer;
            if (db.dialect() == Database::Dialect::Postgres) {
                // Another runtime's transaction on this connection may hold writes too: its go first.
                outer = db.setBeforeStatement({});
                db.setBeforeStatement([this, outer]() -> Status {
                    if (outer)
                        ORDO_CHECK(outer());
                    if (stepWritesRefused)
                        return *stepWritesRefused;
                    return readsSeeHeldWrites ? ok() : beforeOtherStatement();
                });
            }
            auto result = db.write([&]() -> decltype(fn()) {
                auto inner = fn();
                if (!inner)
                    return inner;
                if (!engineSide || unclaimedWork)
                    db.notifyOnCommit(Database::Channel::Work);
                ORDO_CHECK(flushStepWrites());
                ORDO_CHECK(flushLog());
                ORDO_CHECK(flushChanges());
                return inner;
            });
            --transactDepth;
            if (db.dialect() == Database::Dialect::Postgres)
                db.setBeforeStatement(std::move(outer));
            heldStepWrites.clear();
            successors.clear();
            stepWritesRefused.reset();
            if (result.ok()) {
                events.append(pendingEvents);
                claimedRows.insert(claimedInTransaction);
            }
            claimedInTransaction.clear();
            pendingEvents.clear();
            pendingLog.clear();
            pendingAttempts.clear();
            stepsLeftOpen.clear();
            handoff = {};
            pendingChanges.clear();
            workflowTenants.clear();
            lastStepWrite.clear();
            if (result.ok() || !result.error().transient || !outermost || attempt == kTransactAttempts)
                return result;
            qCInfo(lcEngine) << "transaction ran into another one, trying again:" << result.error().message;
            // Apart, so that the two that met do not meet again at once.
            QThread::msleep(static_cast<unsigned long>(QRandomGenerator::global()->bounded(2, 10) * attempt));
        }
    }

    struct PendingLogLine
    {
        qint64 workflowId;
        QString stepKey;
        qint64 at;
        LogKind kind;
        QString message;
    };
    QList<PendingLogLine> pendingLog;
    QList<QVariantList> pendingAttempts; // step_attempts rows
    // Step -> workflow, for each step this transaction left in a state that is not an end:
    // that workflow is plainly not finished, and its steps need no look.
    QHash<qint64, qint64> stepsLeftOpen;
    // What a batch of completions hands to the claims after it in the same transaction
    // (Runtime::advance): the steps it made ready (step -> workflow, in order) and their
    // workflows as it left them, locked on a shared database. Such a step starts at once
    // on this engine while it has room: no look at the queue and no lock of its own, and
    // on a shared database its row and queue row are written once, not twice.
    struct Handoff
    {
        QList<std::pair<qint64, qint64>> steps;
        QHash<qint64, WorkflowRow> workflows;
    };
    Handoff handoff;

    struct PendingChange
    {
        ChangeKind kind;
        qint64 id;
        qint64 workflowId;
    };
    QList<PendingChange> pendingChanges;
    // The tenants of the workflows this transaction read: most change notes need no look of their own.
    QHash<qint64, qint64> workflowTenants;

    // Notes for the change feeds that a workflow or step changed; written once, at the end of the transaction.
    void changed(ChangeKind kind, qint64 id, qint64 workflowId) { pendingChanges.append({kind, id, workflowId}); }

    // Row I/O, events and the step log (RuntimeRows.cpp)
    // `then` follows the VALUES of each statement (say, an ON CONFLICT clause).
    Status insertMany(const QString &into, qsizetype columns, const QList<QVariantList> &rows, const QString &then = {});
    // Writes the log lines and attempts noted in this transaction.
    Status flushLog();
    Status flushChanges();
    EngineEvent &newEvent(EngineEvent::Kind kind, qint64 workflowId, const QString &message);
    void workflowEvent(qint64 workflowId, WorkflowState state, const QString &message);
    void stepEvent(qint64 workflowId, const QString &stepKey, StepKind kind, StepState state, const QString &message);
    void notifyEvent(qint64 workflowId, const QString &stepKey, const QString &recipient, const QString &message);
    // at: when it happened (a step change's own moment), now if 0.
    Status logLine(qint64 workflowId, const QString &stepKey, LogKind kind, const QString &message, qint64 at = 0);
    Result<std::shared_ptr<const Loaded>> definition(const QString &name, int version);
    std::shared_ptr<const Loaded> remember(const QString &key, const WorkflowDefinition &def);
    // Locks the row on a shared database (locksRows): a writer reads the workflow before changing its steps.
    Result<WorkflowRow> workflowRow(qint64 id);
    // A workflow's row as read, its tenant noted for the change notes (flushChanges).
    WorkflowRow readWorkflowNoted(const CachedQuery &q);
    // Like workflowRow, but none when another transaction holds the lock: a claimer
    // passes such a workflow by rather than wait (its steps come next pump).
    Result<std::optional<WorkflowRow>> freeWorkflowRow(qint64 id);
    // Once its workflow is locked, the step as it is now; none when another engine
    // changed it since it was found (state, attempt, lease owner or due times).
    Result<std::optional<StepRow>> unchangedSince(const StepRow &found);
    // Not found unless the workflow exists and, given a tenant, is that tenant's.
    Status workflowIn(qint64 id, std::optional<qint64> tenantId);
    Result<StepRow> stepRow(qint64 rowId);

    // A shared database answers a batch of completions or claims in a few
    // statements instead of a few per step: the workflows locked at once, their
    // steps read at once. A step read so serves while no step of its workflow
    // was written since (save() marks the workflow).
    struct StepBatch
    {
        QHash<qint64, StepRow> rows;
        quint64 readAt = 0; // stepWrites when read
    };
    // The workflows of these steps, read unlocked (a step never changes workflow).
    Result<QList<qint64>> workflowsOf(const QList<qint64> &stepIds);
    // Locks the workflows in id order, waiting (completions) or passing by those
    // another transaction holds (claims); returns those locked.
    Result<QList<WorkflowRow>> lockWorkflows(const QList<qint64> &ids, bool skipLocked);
    Result<StepBatch> stepRows(const QList<qint64> &stepIds);
    // The step from the batch while still current, else read again.
    Result<StepRow> stepRow(const StepBatch &batch, qint64 rowId);
    void stepWritten(qint64 workflowId) { lastStepWrite.insert(workflowId, ++stepWrites); }
    bool stepsWrittenIn(qint64 workflowId) const { return lastStepWrite.contains(workflowId); }
    quint64 stepWrites = 0;
    QHash<qint64, quint64> lastStepWrite; // per workflow, in this transaction
    Result<std::optional<StepRow>> findStep(qint64 workflowId, const QString &key, StepKind kind);
    Result<StepRow> step(qint64 workflowId, const QString &key);
    Status save(const StepRow &before, StepRow after);

    // A shared database: the step changes of a transaction are held and sent
    // together, one statement per set of columns changed instead of one per
    // change (flushStepWrites). Reads of steps by id or key see them; any
    // other statement sends them first (Database::setBeforeStatement).
    struct HeldStepWrite
    {
        StepRow stored; // as the database has it
        StepRow now;
    };
    QHash<qint64, HeldStepWrite> heldStepWrites;
    bool readsSeeHeldWrites = false; // set around the reads that look into heldStepWrites themselves
    const StepRow *heldStep(qint64 rowId) const;
    // Fails for good once it failed: the error may surface from a statement whose
    // caller takes it for something else and goes on, so every later statement of
    // the transaction, and its commit, are refused with it.
    Status flushStepWrites();
    std::optional<Error> stepWritesRefused;
    // The steps after a batch of completions, read in one statement before the
    // completions are recorded: findStep's answer until any statement but the
    // reads that see held writes runs (a step saved meanwhile is held).
    Status readSuccessors(const QList<std::pair<qint64, QString>> &steps);
    QHash<std::pair<qint64, QString>, StepRow> successors;
    Status beforeOtherStatement()
    {
        successors.clear();
        return flushStepWrites();
    }
    // Ready, running and waiting steps have a row in step_queue besides, which
    // claims, timers, probes and lease checks read: steps carries no index on its
    // state, so that a step's updates stay HOT on a shared database. Each change
    // writes the queue as its step row now is (stored: as it was). A shared
    // database's held writes send the queue's changes with them (flushStepWrites).
    // Readers take a queue row only while its step is in that state: a row out
    // of step (a writer that bypassed Runtime) is passed by, never acted on.
    Status syncQueue(const QList<HeldStepWrite> &changes);
    Status writeQueueRows(const QList<QVariantList> &rows);
    Status refillQueue();
    Status refillLostQueue(); // refillQueue, in a transaction of its own, once queueLost is set
    Status recordAttempt(const StepRow &before, const StepRow &after, qint64 at);
    // Refused as the support operation itself refuses it (RuntimePreview.cpp); row only for retry and skip.
    Status checkOperation(const WorkflowRow &w, const Loaded &l, SupportOperation operation, const StepRow *row);
    // Refuses to take forward a workflow that an incomplete rollback undid in part.
    Status notUndoneInPart(const WorkflowRow &w);
    Status setWorkflowState(WorkflowRow &w, WorkflowState to, const QString &error = {});

    // Flow (RuntimeFlow.cpp)
    Result<TemplateScope> scope(const WorkflowRow &w, const QStringList &steps);
    Status becomeReady(const WorkflowRow &w, const Loaded &l, const StepRow &row, StepRow next, bool lastWasSkipped);
    Status dependencyDone(const WorkflowRow &w, const Loaded &l, const StepRow &done);
    Result<int> blockingSteps(const WorkflowRow &w, const Loaded &l);
    // Ends the workflow once none of its steps is open (each in a state that is an end).
    Status checkFinished(qint64 workflowId);
    // Ends a workflow none of whose steps is open: succeeded, or rolled back.
    Status closeWorkflow(WorkflowRow w);
    // Of these workflows, those none of whose steps is left open, as far as their rows
    // and this transaction's writes show. On a shared database, with the workflows
    // locked, the answer Runtime::complete ends them by (closeWorkflow); SQLite's
    // are looked at again by checkFinished.
    Result<QList<qint64>> withoutOpenSteps(const QList<qint64> &workflowIds);
    Status stepSucceeded(WorkflowRow &w, const Loaded &l, const StepRow &row, const QJsonObject &outputs);
    Status stepFailed(WorkflowRow &w, const Loaded &l, const StepRow &row, const ActionError &error);
    Status mailFailure(const WorkflowRow &w, const StepRow &failed, const QString &who);
    Status requestTicket(const WorkflowRow &w, const StepRow &failed);
    Status commentTickets(const WorkflowRow &w, const QString &stepKey, const QString &comment);

    Status storeDefinition(const WorkflowDefinition &def);
    Result<qint64> startRun(const QByteArray &definitionJson, const QJsonObject &inputs, const QString &startedBy,
                            std::optional<qint64> orderId, std::optional<qint64> tenantId, qint64 parentId);

    // An order's workflow (RuntimeOrders.cpp)
    Status beginOrderStep(WorkflowRow &w, const Loaded &l, const StepRow &row, const QString &action);
    Status resolveOrderSteps();
    // What a pump may have to do besides claiming ready steps (advance()).
    struct PumpLook
    {
        bool timersDue = false; // a waiting or retry-waiting step is due
        bool leasesLapsed = false;
        bool orderStepsResolvable = false;
        bool limited = false; // any concurrency limit is set
        bool queueLost = false; // a crash of the server emptied the unlogged queue (PostgreSQL)
    };
    Result<PumpLook> lookAround();
    // An approval step's reminder or expiry is due.
    Status approvalStepDue(const WorkflowRow &w, const StepRow &row);

    // Rollback (RuntimeRollback.cpp)
    Status countDown(const StepRow &comp);
    Status compensationDone(const WorkflowRow &w, const Loaded &l, const QString &key);
    Status compensationNotNeeded(const WorkflowRow &w, const Loaded &l, const StepRow &step);
    Status addCompensation(const WorkflowRow &w, const StepRow &original, int waitingOn);
    Status startRollback(WorkflowRow &w, const Loaded &l);
    Status stepStands(const WorkflowRow &w, const QString &key);
    Status stopOutstanding(const WorkflowRow &w, StepKind kind = StepKind::Normal);

    // Scheduling (RuntimeScheduling.cpp)
    Result<bool> holdsNothing(const QString &owner, qint64 at);

    // Support operations (RuntimeSupport.cpp)
    Status auditSupport(const WorkflowRow &w, const QString &action, const QString &actor, const QString &reason,
                        const QString &from, const QString &to, const QJsonObject &details = {});
};

} // namespace ordo::engine

#include "engine/Runtime.h"

#include "domain/Mail.h"
#include "domain/Types.h"
#include "store/ChangeLog.h"
#include "domain/Store.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUuid>

Q_LOGGING_CATEGORY(lcEngine, "ordo.engine", QtInfoMsg)

namespace ordo::engine {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::engine::Runtime)
};

const QString kStep = QStringLiteral("step");
const QString kCompensation = QStringLiteral("compensation");

QString toText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject toObject(const QString &text)
{
    return text.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(text.toUtf8()).object();
}

QVariant nullable(qint64 v)
{
    return v ? QVariant(v) : QVariant(QMetaType(QMetaType::LongLong));
}

QVariant nullableText(const QString &s)
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

bool holdsTemplates(const QJsonValue &v)
{
    if (v.isString())
        return v.toString().contains(QLatin1String("${"));
    if (v.isObject())
        return std::any_of(v.toObject().begin(), v.toObject().end(), [](const QJsonValueConstRef &c) { return holdsTemplates(c); });
    if (v.isArray())
        return std::any_of(v.toArray().begin(), v.toArray().end(), [](const QJsonValueConstRef &c) { return holdsTemplates(c); });
    return false;
}

QStringList referencedSteps(const QJsonValue &with, const QString &when)
{
    QList<Reference> refs;
    std::function<void(const QJsonValue &)> walk = [&](const QJsonValue &v) {
        if (v.isObject())
            for (const QJsonValue &c : v.toObject())
                walk(c);
        else if (v.isArray())
            for (const QJsonValue &c : v.toArray())
                walk(c);
        else if (v.isString())
            templateReferences(v.toString(), refs);
    };
    walk(with);
    if (!when.isEmpty())
        Condition::check(when, refs);
    QStringList steps;
    for (const Reference &r : std::as_const(refs))
        if (r.root == QLatin1String("steps") && !steps.contains(r.path.first()))
            steps.append(r.path.first());
    return steps;
}

struct StepRow
{
    qint64 id = 0;
    qint64 workflowId = 0;
    QString key;
    QString kind;
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
};

const QString kStepColumns = QStringLiteral(
    "id, workflow_id, step_key, kind, state, waiting_on, attempt, budget_start, due_at, ready_at, lease_owner,"
    " lease_expires, cancel_requested, resource_key, inputs, outputs, error, error_kind, manual, overrides,"
    " first_started_at, started_at, finished_at, probe_due, probe_since, probe_attempt, resource, lost_attempts");

// Rows read through the statement cache skip QVariant; the others go through it.
qint64 integerAt(const CachedQuery &q, int i)
{
    return q.integer(i);
}
qint64 integerAt(const QSqlQuery &q, int i)
{
    return q.value(i).toLongLong();
}
QString textAt(const CachedQuery &q, int i)
{
    return q.text(i);
}
QString textAt(const QSqlQuery &q, int i)
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
    r.kind = textAt(q, 3);
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
    int openSteps = 0;
    qint64 tenantId = 0;
};

const QString kWorkflowColumns = QStringLiteral(
    "id, uuid, name, def_version, state, inputs, order_id, started_by, created_at, updated_at, finished_at, error, open_steps, tenant_id");

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
    w.openSteps = static_cast<int>(integerAt(q, 12));
    w.tenantId = integerAt(q, 13);
    return w;
}

WorkflowSummary summaryOf(const WorkflowRow &w)
{
    WorkflowSummary s;
    s.id = w.id;
    s.uuid = w.uuid;
    s.name = w.name;
    s.version = w.version;
    s.state = w.state;
    s.inputs = toObject(w.inputs);
    s.startedBy = w.startedBy;
    if (w.orderId)
        s.orderId = w.orderId;
    s.createdAt = w.createdAt;
    s.updatedAt = w.updatedAt;
    s.finishedAt = w.finishedAt;
    s.error = w.error;
    s.openSteps = w.openSteps;
    s.tenantId = w.tenantId;
    return s;
}

} // namespace

class Runtime::Impl
{
public:
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
    QList<EngineEvent> events;
    QHash<QString, qint64> heldSuspects; // per lease owner: the suspect step it runs alone

    // Whether an engine holds no running step under a live lease (one that lapsed is anybody's to take).
    Result<bool> holdsNothing(const QString &owner, qint64 at)
    {
        ORDO_TRY(q, db.execCached(QStringLiteral("SELECT 1 FROM steps WHERE lease_owner = ? AND state = 'running' AND lease_expires >= ? LIMIT 1"),
                                  {owner, at}));
        return !q.next();
    }

    qint64 now() const { return clock.now().toMSecsSinceEpoch(); }

    // Runs fn in a write transaction; events become visible only when it
    // commits. Log lines and counter changes are written once, at the end of
    // the outermost call. Inside a caller's transaction (starting an order's
    // workflow with the decision that approves it) they are written into that
    // transaction and stand or fall with it; its events are released at once.
    template<typename F>
    auto transact(F &&fn) -> decltype(fn())
    {
        if (transactDepth > 0)
            return fn();
        ++transactDepth;
        auto result = db.write([&]() -> decltype(fn()) {
            auto inner = fn();
            if (!inner)
                return inner;
            ORDO_CHECK(flushOpenSteps());
            ORDO_CHECK(flushLog());
            ORDO_CHECK(flushChanges());
            return inner;
        });
        --transactDepth;
        if (result.ok())
            events.append(pendingEvents);
        pendingEvents.clear();
        pendingLog.clear();
        openStepDeltas.clear();
        pendingChanges.clear();
        return result;
    }

    struct PendingLogLine
    {
        qint64 workflowId;
        QString stepKey;
        qint64 at;
        QString kind;
        QString message;
    };
    QList<PendingLogLine> pendingLog;
    QHash<qint64, int> openStepDeltas;
    quint64 openStepFlushes = 0; // how often counters were written: rows read before are out of date

    Status flushLog()
    {
        // Many rows per statement: one statement per log line is what costs, not the rows.
        constexpr qsizetype kRowsPerInsert = 100;
        for (qsizetype from = 0; from < pendingLog.size(); from += kRowsPerInsert) {
            const qsizetype n = std::min(kRowsPerInsert, pendingLog.size() - from);
            QString sql = QStringLiteral("INSERT INTO step_log(workflow_id, step_key, at, kind, message) VALUES ");
            QVariantList binds;
            binds.reserve(n * 5);
            for (qsizetype i = 0; i < n; ++i) {
                const PendingLogLine &l = pendingLog.at(from + i);
                sql += i ? QStringLiteral(", (?, ?, ?, ?, ?)") : QStringLiteral("(?, ?, ?, ?, ?)");
                binds << l.workflowId << l.stepKey << l.at << l.kind << l.message;
            }
            ORDO_CHECK(db.execCached(sql, binds));
        }
        pendingLog.clear();
        return ok();
    }

    struct PendingChange
    {
        ChangeKind kind;
        qint64 id;
        qint64 workflowId;
    };
    QList<PendingChange> pendingChanges;
    QHash<qint64, qint64> workflowTenants; // a workflow's tenant never changes

    // Notes for the change feeds that a workflow or step changed; written once, at the end of the transaction.
    void changed(ChangeKind kind, qint64 id, qint64 workflowId) { pendingChanges.append({kind, id, workflowId}); }

    Status flushChanges()
    {
        QList<Change> changes;
        QSet<Change> seen;
        for (const PendingChange &p : std::as_const(pendingChanges)) {
            auto tenant = workflowTenants.constFind(p.workflowId);
            if (tenant == workflowTenants.constEnd()) {
                ORDO_TRY(q, db.execCached(QStringLiteral("SELECT tenant_id FROM workflows WHERE id = ?"), {p.workflowId}));
                tenant = workflowTenants.insert(p.workflowId, q.next() ? q.integer(0) : 0);
            }
            const Change c{p.kind, p.id, *tenant};
            if (!seen.contains(c)) {
                seen.insert(c);
                changes.append(c);
            }
        }
        pendingChanges.clear();
        return recordChanges(db, changes);
    }

    Status flushOpenSteps()
    {
        for (auto it = openStepDeltas.cbegin(); it != openStepDeltas.cend(); ++it) {
            if (it.value() != 0)
                ORDO_CHECK(db.execCached(QStringLiteral("UPDATE workflows SET open_steps = open_steps + ? WHERE id = ?"),
                                         {it.value(), it.key()}));
        }
        if (!openStepDeltas.isEmpty())
            ++openStepFlushes;
        openStepDeltas.clear();
        return ok();
    }

    EngineEvent &newEvent(EngineEvent::Kind kind, qint64 workflowId, const QString &message)
    {
        EngineEvent &e = pendingEvents.emplace_back();
        e.kind = kind;
        e.workflowId = workflowId;
        e.message = message;
        e.at = now();
        return e;
    }

    void workflowEvent(qint64 workflowId, WorkflowState state, const QString &message)
    {
        newEvent(EngineEvent::Kind::Workflow, workflowId, message).workflowState = state;
    }

    void stepEvent(qint64 workflowId, const QString &stepKey, const QString &kind, StepState state, const QString &message)
    {
        EngineEvent &e = newEvent(EngineEvent::Kind::Step, workflowId, message);
        e.stepKey = stepKey;
        e.stepKind = kind == kCompensation ? StepKind::Compensation : StepKind::Normal;
        e.stepState = state;
    }

    void notifyEvent(qint64 workflowId, const QString &stepKey, const QString &recipient, const QString &message)
    {
        EngineEvent &e = newEvent(EngineEvent::Kind::Notify, workflowId, message);
        e.stepKey = stepKey;
        e.recipient = recipient;
    }

    Status logLine(qint64 workflowId, const QString &stepKey, const QString &kind, const QString &message)
    {
        if (!db.inTransaction())
            return Error::internal(QStringLiteral("step log written outside a transaction"));
        pendingLog.append({workflowId, stepKey.isNull() ? QStringLiteral("") : stepKey, now(), kind, message});
        return ok();
    }

    // ------------------------------------------------------------ definitions

    Result<std::shared_ptr<const Loaded>> definition(const QString &name, int version)
    {
        const QString key = name + QLatin1Char('@') + QString::number(version);
        if (auto it = definitions.constFind(key); it != definitions.constEnd())
            return *it;
        ORDO_TRY(q, db.exec(QStringLiteral("SELECT definition FROM workflow_definitions WHERE name = ? AND version = ?"), {name, version}));
        if (!q.next())
            return Error::notFound(Text::tr("no workflow definition %1 version %2").arg(name).arg(version));
        auto parsed = parseWorkflow(q.value(0).toString().toUtf8(), actions, maxSteps);
        if (!parsed.definition)
            return Error::internal(Text::tr("the stored definition %1 version %2 no longer validates: %3")
                                       .arg(name)
                                       .arg(version)
                                       .arg(parsed.errors.first().toString()));
        return remember(key, *parsed.definition);
    }

    std::shared_ptr<const Loaded> remember(const QString &key, const WorkflowDefinition &def)
    {
        auto loaded = std::make_shared<Loaded>();
        loaded->def = def;
        for (const StepDefinition &s : def.steps) {
            loaded->stepRefs.append(referencedSteps(s.with, s.when));
            loaded->compensationRefs.append(s.compensate ? referencedSteps(s.compensate->with, {}) : QStringList());
            loaded->probeRefs.append(s.probe ? referencedSteps(s.probe->with, {}) : QStringList());
            loaded->withTemplates.append(holdsTemplates(s.with));
            loaded->compensationTemplates.append(s.compensate && holdsTemplates(s.compensate->with));
        }
        definitions.insert(key, loaded);
        return loaded;
    }

    // ------------------------------------------------------------ rows

    Result<WorkflowRow> workflowRow(qint64 id)
    {
        ORDO_TRY(q, db.execCached(QStringLiteral("SELECT ") + kWorkflowColumns + QStringLiteral(" FROM workflows WHERE id = ?"), {id}));
        if (!q.next())
            return Error::notFound(Text::tr("no workflow %1").arg(id));
        return readWorkflow(q);
    }

    Result<StepRow> stepRow(qint64 rowId)
    {
        ORDO_TRY(q, db.execCached(QStringLiteral("SELECT ") + kStepColumns + QStringLiteral(" FROM steps WHERE id = ?"), {rowId}));
        if (!q.next())
            return Error::notFound(Text::tr("no step instance %1").arg(rowId));
        return readStep(q);
    }

    Result<std::optional<StepRow>> findStep(qint64 workflowId, const QString &key, const QString &kind)
    {
        ORDO_TRY(q, db.execCached(QStringLiteral("SELECT ") + kStepColumns
                                      + QStringLiteral(" FROM steps WHERE workflow_id = ? AND step_key = ? AND kind = ?"),
                                  {workflowId, key, kind}));
        if (!q.next())
            return std::optional<StepRow>();
        return std::optional<StepRow>(readStep(q));
    }

    Result<StepRow> step(qint64 workflowId, const QString &key)
    {
        ORDO_TRY(found, findStep(workflowId, key, kStep));
        if (!found)
            return Error::notFound(Text::tr("workflow %1 has no step '%2'").arg(workflowId).arg(key));
        return *found;
    }

    // Writes a step's new state and fields; the one place step states change.
    Status save(const StepRow &before, StepRow after)
    {
        if (before.state != after.state) {
            if (!canTransition(before.state, after.state)) // the message only when needed: this runs for every change
                return checkTransition(before.state, after.state, Text::tr("step '%1'").arg(before.key));
            if (isTerminal(after.state) && !isTerminal(before.state))
                after.finishedAt = now();
        }
        // Only the columns that changed: fewer values to bind on the hottest statement.
        QString sql = QStringLiteral("UPDATE steps SET state = ?");
        QVariantList binds{stepStateName(after.state)};
        const auto column = [&](const char *name, bool changed, const QVariant &value) {
            if (!changed)
                return;
            sql += QStringLiteral(", ") + QLatin1String(name) + QStringLiteral(" = ?");
            binds.append(value);
        };
        const auto text = [](const QString &v) { return v.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(v); };
        column("waiting_on", before.waitingOn != after.waitingOn, after.waitingOn);
        column("attempt", before.attempt != after.attempt, after.attempt);
        column("budget_start", before.budgetStart != after.budgetStart, after.budgetStart);
        column("due_at", before.dueAt != after.dueAt, nullable(after.dueAt));
        column("ready_at", before.readyAt != after.readyAt, nullable(after.readyAt));
        column("lease_owner", before.leaseOwner != after.leaseOwner, text(after.leaseOwner));
        column("lease_expires", before.leaseExpires != after.leaseExpires, nullable(after.leaseExpires));
        column("cancel_requested", before.cancelRequested != after.cancelRequested, after.cancelRequested ? 1 : 0);
        column("resource_key", before.resourceKey != after.resourceKey, text(after.resourceKey));
        column("resource", before.resource != after.resource, text(after.resource));
        column("inputs", before.inputs != after.inputs, nullableText(after.inputs));
        column("outputs", before.outputs != after.outputs, nullableText(after.outputs));
        column("error", before.error != after.error, nullableText(after.error));
        column("error_kind", before.errorKind != after.errorKind, nullableText(after.errorKind));
        column("manual", before.manual != after.manual, after.manual ? 1 : 0);
        column("overrides", before.overrides != after.overrides, nullableText(after.overrides));
        column("first_started_at", before.firstStartedAt != after.firstStartedAt, nullable(after.firstStartedAt));
        column("started_at", before.startedAt != after.startedAt, nullable(after.startedAt));
        column("finished_at", before.finishedAt != after.finishedAt, nullable(after.finishedAt));
        column("probe_due", before.probeDue != after.probeDue, nullable(after.probeDue));
        column("probe_since", before.probeSince != after.probeSince, nullable(after.probeSince));
        column("probe_attempt", before.probeAttempt != after.probeAttempt, after.probeAttempt);
        column("lost_attempts", before.lostAttempts != after.lostAttempts, after.lostAttempts);
        sql += QStringLiteral(" WHERE id = ? AND state = ?");
        binds << after.id << stepStateName(before.state);
        ORDO_TRY(q, db.execCached(sql, binds));
        if (q.numRowsAffected() != 1)
            return Error::conflict(Text::tr("step '%1' was changed by somebody else meanwhile").arg(before.key));
        if (before.state != after.state) {
            const int delta = (isTerminal(after.state) ? 0 : 1) - (isTerminal(before.state) ? 0 : 1);
            if (delta != 0)
                openStepDeltas[after.workflowId] += delta;
            const QString label = after.kind == kCompensation ? after.key + QStringLiteral(" (compensation)") : after.key;
            QString message = stepStateName(before.state) + QStringLiteral(" -> ") + stepStateName(after.state);
            if (!after.error.isEmpty() && (after.state == StepState::Failed || after.state == StepState::RetryWait || after.state == StepState::Paused))
                message += QStringLiteral(": ") + after.error;
            ORDO_CHECK(logLine(after.workflowId, label, QStringLiteral("state"), message));
            stepEvent(after.workflowId, after.key, after.kind, after.state, message);
        }
        changed(ChangeKind::Step, after.id, after.workflowId);
        return ok();
    }

    // The support-failure mail to whom a failure policy notifies: a role
    // (support, admin, ...) of the workflow's tenant, or the provider's staff
    // of that role for a workflow of no tenant, or a mail address. Queued in
    // the outbox with the failure, once per attempt.
    Status mailFailure(const WorkflowRow &w, const StepRow &failed, const QString &who)
    {
        QStringList recipients;
        if (who.contains(QLatin1Char('@'))) {
            recipients.append(who);
        } else if (const auto role = roleFromName(who)) {
            ORDO_TRY(addresses, Store(db).roleAddresses(w.tenantId ? std::optional<Id>(w.tenantId) : std::nullopt, *role));
            recipients = addresses;
        }
        if (recipients.isEmpty())
            return ok();
        auto mail = renderMail(QStringLiteral("support-failure"), recipients,
                               {{QStringLiteral("workflow"), QStringLiteral("%1 #%2").arg(w.name).arg(w.id)},
                                {QStringLiteral("step"), failed.key},
                                {QStringLiteral("error"), failed.error}});
        // A notification that cannot be written must not keep the failure from being recorded.
        if (!mail)
            return logLine(w.id, failed.key, QStringLiteral("notify"), Text::tr("no mail to %1: %2").arg(who, mail.error().message));
        Outbox outbox(db, clock);
        ORDO_CHECK(outbox.enqueue(*mail, QStringLiteral("workflow/%1/%2/%3/notify/%4").arg(w.uuid, failed.key).arg(failed.attempt).arg(who),
                                  w.tenantId));
        return ok();
    }

    Status setWorkflowState(WorkflowRow &w, WorkflowState to, const QString &error = {})
    {
        if (w.state == to)
            return ok();
        ORDO_CHECK(checkTransition(w.state, to, Text::tr("workflow %1").arg(w.id)));
        const qint64 t = now();
        ORDO_TRY(q, db.execCached(QStringLiteral("UPDATE workflows SET state = ?, updated_at = ?, finished_at = ?, error = ? WHERE id = ? AND state = ?"),
                                  {workflowStateName(to), t, isTerminal(to) ? QVariant(t) : QVariant(QMetaType(QMetaType::LongLong)),
                                   error.isNull() ? w.error : error, w.id, workflowStateName(w.state)}));
        if (q.numRowsAffected() != 1)
            return Error::conflict(Text::tr("workflow %1 was changed by somebody else meanwhile").arg(w.id));
        const QString message = workflowStateName(w.state) + QStringLiteral(" -> ") + workflowStateName(to)
                                + (error.isEmpty() ? QString() : QStringLiteral(": ") + error);
        ORDO_CHECK(logLine(w.id, QString(), QStringLiteral("state"), message));
        workflowEvent(w.id, to, message);
        changed(ChangeKind::Workflow, w.id, w.id);
        w.state = to;
        if (!error.isNull())
            w.error = error;
        return ok();
    }

    Status auditSupport(const WorkflowRow &w, const QString &action, const QString &actor, const QString &reason,
                        const QString &from, const QString &to, const QJsonObject &details = {})
    {
        // Every support action passes here inside its transaction: a refused reason undoes the action.
        if (reason.size() > kMaxReasonChars)
            return Error::badInput(Text::tr("the reason is longer than %1 characters").arg(kMaxReasonChars));
        ORDO_CHECK(logLine(w.id, details.value(QLatin1String("step")).toString(), QStringLiteral("support"),
                           Text::tr("%1 by %2: %3").arg(action, actor, reason)));
        return audit.record({actor, w.tenantId, QStringLiteral("workflow"), QString::number(w.id), action, from, to, reason, details});
    }

    // ------------------------------------------------------------ flow

    Result<TemplateScope> scope(const WorkflowRow &w, const QStringList &steps)
    {
        TemplateScope s;
        s.inputs = toObject(w.inputs);
        s.workflow = {{QStringLiteral("id"), w.id}, {QStringLiteral("name"), w.name}, {QStringLiteral("startedBy"), w.startedBy}};
        if (w.orderId)
            s.workflow.insert(QStringLiteral("orderId"), w.orderId);
        for (const QString &key : steps) {
            ORDO_TRY(found, findStep(w.id, key, kStep));
            if (found)
                s.steps.insert(key, QJsonObject{{QStringLiteral("outputs"), toObject(found->outputs)},
                                                {QStringLiteral("state"), stepStateName(found->state)}});
        }
        return s;
    }

    // All of a step's predecessors are done: run it, or skip it. `row` is as
    // stored, `next` carries changes not yet saved (the last dependency counted).
    Status becomeReady(const WorkflowRow &w, const Loaded &l, const StepRow &row, StepRow next, bool lastWasSkipped)
    {
        const int index = l.def.indexOf.value(row.key);
        const StepDefinition &s = l.def.steps.at(index);
        bool skip = false;
        QString why;
        // A step after skipped branches only is itself skipped; a join after some taken branch runs.
        if (lastWasSkipped && !s.after.isEmpty()) {
            bool allSkipped = true;
            for (const QString &dep : s.after) {
                ORDO_TRY(d, step(w.id, dep));
                if (!(d.state == StepState::Skipped && !d.manual))
                    allSkipped = false;
            }
            if (allSkipped) {
                skip = true;
                why = Text::tr("every step it comes after was skipped");
            }
        }
        if (!skip && !s.when.isEmpty()) {
            ORDO_TRY(sc, scope(w, l.stepRefs.at(index)));
            if (!Condition::evaluate(s.when, sc)) {
                skip = true;
                why = Text::tr("condition is false: %1").arg(s.when);
            }
        }
        if (skip) {
            next.state = StepState::Skipped;
            next.error = why;
            ORDO_CHECK(save(row, next));
            return dependencyDone(w, l, next);
        }
        next.state = StepState::Ready;
        next.readyAt = now();
        next.dueAt = 0;
        return save(row, next);
    }

    Status dependencyDone(const WorkflowRow &w, const Loaded &l, const StepRow &done)
    {
        const int index = l.def.indexOf.value(done.key);
        const bool skipped = done.state == StepState::Skipped && !done.manual;
        for (int dep : l.def.dependents.at(index)) {
            ORDO_TRY(row, step(w.id, l.def.steps.at(dep).id));
            if (row.state != StepState::Pending)
                continue;
            StepRow after = row;
            after.waitingOn = std::max(0, row.waitingOn - 1);
            if (after.waitingOn > 0)
                ORDO_CHECK(save(row, after));
            else
                ORDO_CHECK(becomeReady(w, l, row, after, skipped));
        }
        return ok();
    }

    // Steps that keep a workflow from going on: paused ones, and failed ones
    // whose policy is not 'continue'.
    Result<int> blockingSteps(const WorkflowRow &w, const Loaded &l)
    {
        ORDO_TRY(q, db.exec(QStringLiteral("SELECT step_key, state FROM steps WHERE workflow_id = ? AND kind = 'step'"
                                           " AND state IN ('paused', 'failed')"),
                            {w.id}));
        int blocking = 0;
        while (q.next()) {
            const QString key = q.value(0).toString();
            if (q.value(1).toString() == QLatin1String("paused")
                || !l.def.indexOf.contains(key) || l.def.errorPolicyOf(l.def.step(key)).policy != OnError::Continue)
                ++blocking;
        }
        return blocking;
    }

    Status checkFinished(qint64 workflowId)
    {
        ORDO_CHECK(flushOpenSteps());
        ORDO_TRY(w, workflowRow(workflowId));
        if (w.openSteps > 0)
            return ok();
        if (w.state == WorkflowState::Running)
            return setWorkflowState(w, WorkflowState::Succeeded);
        if (w.state == WorkflowState::RollingBack)
            return setWorkflowState(w, WorkflowState::RolledBack);
        return ok();
    }

    Status stepSucceeded(WorkflowRow &w, const Loaded &l, const StepRow &row, const QJsonObject &outputs)
    {
        StepRow after = row;
        after.state = StepState::Succeeded;
        after.outputs = toText(outputs);
        // Kept, they would be read again by every step after it.
        if (after.outputs.size() > kMaxStepDataSize)
            return stepFailed(w, l, row, ActionError{ErrorKind::Permanent,
                                                     Text::tr("its outputs come to %1 characters of JSON text, more than the %2 a step may keep")
                                                         .arg(after.outputs.size())
                                                         .arg(kMaxStepDataSize)});
        after.leaseOwner.clear();
        after.leaseExpires = 0;
        after.error.clear();
        after.errorKind.clear();
        ORDO_CHECK(save(row, after));
        if (row.kind == kCompensation) {
            ORDO_TRY(original, step(w.id, row.key));
            StepRow compensated = original;
            compensated.state = StepState::Compensated;
            ORDO_CHECK(save(original, compensated));
            return compensationDone(w, l, row.key);
        }
        if (w.state == WorkflowState::RollingBack) {
            // It finished after the rollback began: undo it too, once what came after it is undone.
            const StepDefinition &s = l.def.step(row.key);
            if (!s.compensate)
                return compensationNotNeeded(w, l, after);
            ORDO_TRY(comp, findStep(w.id, row.key, kCompensation));
            if (!comp)
                return addCompensation(w, after, 0);
            return countDown(*comp);
        }
        return dependencyDone(w, l, after);
    }

    // One thing a pending compensation waited for is done; at none left it runs.
    Status countDown(const StepRow &comp)
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
    Status compensationDone(const WorkflowRow &w, const Loaded &l, const QString &key)
    {
        const int index = l.def.indexOf.value(key);
        for (int a = 0; a < l.def.steps.size(); ++a) {
            if (!l.def.steps.at(a).compensate || !comesAfter(l.def, index, a))
                continue;
            ORDO_TRY(comp, findStep(w.id, l.def.steps.at(a).id, kCompensation));
            if (comp)
                ORDO_CHECK(countDown(*comp));
        }
        return ok();
    }

    // A step that was running when the rollback began ended without an
    // effect to undo: its compensation is dropped, and those before it go on.
    Status compensationNotNeeded(const WorkflowRow &w, const Loaded &l, const StepRow &step)
    {
        if (step.kind != kStep || w.state != WorkflowState::RollingBack)
            return ok();
        ORDO_TRY(comp, findStep(w.id, step.key, kCompensation));
        if (!comp || comp->state != StepState::Pending)
            return ok();
        StepRow dropped = *comp;
        dropped.state = StepState::Cancelled;
        dropped.error = Text::tr("nothing to undo: the step did not finish");
        ORDO_CHECK(save(*comp, dropped));
        return compensationDone(w, l, step.key);
    }

    // Schedules (or schedules again, after a failed rollback) a step's compensation.
    Status addCompensation(const WorkflowRow &w, const StepRow &original, int waitingOn)
    {
        ORDO_TRY(existing, findStep(w.id, original.key, kCompensation));
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
            ORDO_CHECK(db.execCached(QStringLiteral("DELETE FROM steps WHERE id = ?"), {existing->id}));
        }
        const qint64 t = now();
        ORDO_TRY(inserted, db.execCached(QStringLiteral("INSERT INTO steps(workflow_id, step_key, kind, state, waiting_on, ready_at)"
                                                        " VALUES (?, ?, 'compensation', ?, ?, ?)"),
                                         {w.id, original.key, stepStateName(waitingOn == 0 ? StepState::Ready : StepState::Pending), waitingOn,
                                          waitingOn == 0 ? QVariant(t) : QVariant(QMetaType(QMetaType::LongLong))}));
        changed(ChangeKind::Step, inserted.lastInsertId().toLongLong(), w.id);
        openStepDeltas[w.id] += 1;
        stepEvent(w.id, original.key, kCompensation, waitingOn == 0 ? StepState::Ready : StepState::Pending, Text::tr("compensation scheduled"));
        return ok();
    }

    Status stepFailed(WorkflowRow &w, const Loaded &l, const StepRow &row, const ActionError &error)
    {
        StepRow after = row;
        after.leaseOwner.clear();
        after.leaseExpires = 0;
        after.error = error.message;
        after.errorKind = errorKindName(error.kind);
        const StepDefinition &s = l.def.step(row.key);
        if (row.cancelRequested || w.state == WorkflowState::Cancelled || w.state == WorkflowState::RollingBack) {
            after.state = StepState::Cancelled;
            ORDO_CHECK(save(row, after));
            return compensationNotNeeded(w, l, after);
        }
        if (error.kind == ErrorKind::Cancelled) {
            // Stopped by its engine, not by anybody's decision: it runs again.
            after.state = StepState::Ready;
            after.readyAt = now();
            return save(row, after);
        }
        const int used = row.attempt - row.budgetStart;
        const bool overall = s.overallTimeoutMs > 0 && row.firstStartedAt && now() - row.firstStartedAt >= s.overallTimeoutMs;
        if (s.retry.retries(error.kind) && used < s.retry.maxAttempts && !overall) {
            after.state = StepState::RetryWait;
            after.dueAt = now() + s.retry.delayBefore(used + 1);
            return save(row, after);
        }
        if (overall)
            after.error = Text::tr("%1 (overall timeout of %2 ms reached)").arg(error.message).arg(s.overallTimeoutMs);
        if (row.kind == kCompensation) {
            after.state = StepState::Failed;
            ORDO_CHECK(save(row, after));
            // Not undone: the step's effect stands, and support may roll back again once it is fixed.
            ORDO_TRY(original, step(w.id, row.key));
            if (original.state == StepState::Compensating) {
                StepRow standing = original;
                standing.state = StepState::Succeeded;
                ORDO_CHECK(save(original, standing));
            }
            return setWorkflowState(w, WorkflowState::Failed,
                                    Text::tr("the rollback is incomplete: compensating '%1' failed: %2").arg(row.key, error.message));
        }
        const ErrorPolicy policy = l.def.errorPolicyOf(s);
        for (const QString &who : policy.notify) {
            const QString message = Text::tr("step '%1' of workflow %2 (%3) failed: %4").arg(row.key).arg(w.id).arg(w.name, after.error);
            ORDO_CHECK(logLine(w.id, row.key, QStringLiteral("notify"), who + QStringLiteral(": ") + message));
            notifyEvent(w.id, row.key, who, message);
            ORDO_CHECK(mailFailure(w, after, who));
        }
        switch (policy.policy) {
        case OnError::Pause:
            after.state = StepState::Paused;
            if (s.probe) {
                after.probeSince = now();
                after.probeDue = now() + s.probe->intervalMs;
                after.probeAttempt = 0;
            }
            ORDO_CHECK(save(row, after));
            if (w.state == WorkflowState::Running)
                ORDO_CHECK(setWorkflowState(w, WorkflowState::Paused, Text::tr("step '%1' failed: %2").arg(row.key, after.error)));
            return ok();
        case OnError::Fail:
            after.state = StepState::Failed;
            ORDO_CHECK(save(row, after));
            if (w.state == WorkflowState::Running || w.state == WorkflowState::Paused)
                ORDO_CHECK(setWorkflowState(w, WorkflowState::Failed, Text::tr("step '%1' failed: %2").arg(row.key, after.error)));
            return ok();
        case OnError::Continue:
            after.state = StepState::Failed;
            ORDO_CHECK(save(row, after));
            return dependencyDone(w, l, after);
        case OnError::Rollback:
            after.state = StepState::Failed;
            ORDO_CHECK(save(row, after));
            return startRollback(w, l);
        }
        return ok();
    }

    Status startRollback(WorkflowRow &w, const Loaded &l)
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

    // Nothing more starts: queued steps are cancelled, running attempts are asked to stop.
    Status stopOutstanding(const WorkflowRow &w)
    {
        ORDO_TRY(q, db.exec(QStringLiteral("SELECT ") + kStepColumns
                                + QStringLiteral(" FROM steps WHERE workflow_id = ? AND kind = 'step' AND state IN"
                                                 " ('pending', 'ready', 'retry-wait', 'waiting', 'paused', 'running')"),
                            {w.id}));
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
        }
        return ok();
    }
};

// ================================================================ public

Runtime::Runtime(Database &db, AuditLog &audit, const ActionRegistry &actions, const Clock &clock)
    : d(std::make_unique<Impl>(db, audit, actions, clock))
{
}

Runtime::~Runtime() = default;

QString Runtime::idempotencyKey(const QString &workflowUuid, const QString &stepKey, const QString &kind)
{
    return workflowUuid + QLatin1Char('/') + stepKey + (kind == kCompensation ? QStringLiteral("/compensate") : QString());
}

void Runtime::setMaxSteps(int maxSteps)
{
    d->maxSteps = maxSteps;
}

void Runtime::setMaxLostAttempts(int maxLostAttempts)
{
    d->maxLostAttempts = maxLostAttempts;
}

QList<EngineEvent> Runtime::takeEvents()
{
    return std::exchange(d->events, {});
}

Result<qint64> Runtime::start(const QByteArray &definitionJson, const QJsonObject &inputs, const QString &startedBy,
                              std::optional<qint64> orderId, std::optional<qint64> tenantId)
{
    const ParsedWorkflow parsed = parseWorkflow(definitionJson, d->actions, d->maxSteps);
    if (!parsed.definition) {
        QStringList lines;
        for (const DefinitionError &e : parsed.errors)
            lines.append(e.toString());
        return Error::badInput(Text::tr("the workflow definition is not valid: %1").arg(lines.join(QStringLiteral("; "))));
    }
    const WorkflowDefinition &def = *parsed.definition;
    QJsonObject bound;
    if (auto problem = bindInputs(def, inputs, bound))
        return Error::badInput(*problem);
    const QString canonical = toText(def.source);
    auto started = d->transact([&]() -> Result<qint64> {
        ORDO_TRY(existing, d->db.exec(QStringLiteral("SELECT definition FROM workflow_definitions WHERE name = ? AND version = ?"),
                                      {def.name, def.version}));
        if (existing.next()) {
            if (existing.value(0).toString() != canonical)
                return Error::conflict(Text::tr("version %1 of workflow %2 is already defined differently: give the changed "
                                                "definition a new version")
                                           .arg(def.version)
                                           .arg(def.name));
        } else {
            ORDO_CHECK(d->db.exec(QStringLiteral("INSERT INTO workflow_definitions(name, version, definition, created_at) VALUES (?, ?, ?, ?)"),
                                  {def.name, def.version, canonical, d->now()}));
        }
        ORDO_TRY(loaded, d->definition(def.name, def.version));
        const qint64 t = d->now();
        const QVariant noId(QMetaType(QMetaType::LongLong));
        // An order's workflow belongs to the order's tenant.
        std::optional<qint64> tenant = tenantId && *tenantId ? tenantId : std::nullopt;
        if (orderId) {
            ORDO_TRY(order, Store(d->db).order(*orderId));
            if (!order)
                return Error::notFound(Text::tr("no order %1").arg(*orderId));
            tenant = order->tenantId;
        }
        ORDO_TRY(inserted, d->db.execCached(QStringLiteral("INSERT INTO workflows(uuid, name, def_version, state, inputs, order_id, started_by,"
                                                           " created_at, updated_at, error, open_steps, tenant_id)"
                                                           " VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, '', ?, ?)"),
                                            {QUuid::createUuid().toString(QUuid::WithoutBraces), def.name, def.version, toText(bound),
                                             orderId ? QVariant(*orderId) : noId, startedBy, t, t, static_cast<int>(def.steps.size()),
                                             tenant ? QVariant(*tenant) : noId}));
        const qint64 id = inserted.lastInsertId().toLongLong();
        d->changed(ChangeKind::Workflow, id, id);
        for (const StepDefinition &s : def.steps) {
            ORDO_TRY(step, d->db.execCached(QStringLiteral("INSERT INTO steps(workflow_id, step_key, kind, state, waiting_on) VALUES (?, ?, 'step', 'pending', ?)"),
                                            {id, s.id, static_cast<int>(s.after.size())}));
            d->changed(ChangeKind::Step, step.lastInsertId().toLongLong(), id);
        }
        ORDO_TRY(w, d->workflowRow(id));
        ORDO_CHECK(d->logLine(id, QString(), QStringLiteral("state"), Text::tr("started by %1").arg(startedBy)));
        d->workflowEvent(id, WorkflowState::Running, Text::tr("started by %1").arg(startedBy));
        for (const StepDefinition &s : def.steps) {
            if (!s.after.isEmpty())
                continue;
            ORDO_TRY(row, d->step(id, s.id));
            ORDO_CHECK(d->becomeReady(w, *loaded, row, row, false));
        }
        ORDO_CHECK(d->audit.record({startedBy, w.tenantId, QStringLiteral("workflow"), QString::number(id), QStringLiteral("start"), {},
                                    workflowStateName(WorkflowState::Running), {},
                                    QJsonObject{{QStringLiteral("definition"), def.name}, {QStringLiteral("version"), def.version}}}));
        ORDO_CHECK(d->checkFinished(id));
        return id;
    });
    // A definition stored by a transaction that rolled back must not stay cached.
    if (!started)
        d->definitions.remove(def.name + QLatin1Char('@') + QString::number(def.version));
    return started;
}

Result<QList<Claim>> Runtime::claim(const QString &owner, int max, qint64 leaseMs)
{
    if (max <= 0)
        return QList<Claim>();
    return d->transact([&]() -> Result<QList<Claim>> {
        const qint64 t = d->now();
        // While it runs a suspect, an engine takes nothing else.
        if (const qint64 suspect = d->heldSuspects.value(owner)) {
            ORDO_TRY(held, d->db.execCached(QStringLiteral("SELECT 1 FROM steps WHERE id = ? AND lease_owner = ? AND state = 'running'"
                                                           " AND lease_expires >= ?"),
                                            {suspect, owner, t}));
            if (held.next())
                return QList<Claim>();
            d->heldSuspects.remove(owner);
        }
        QList<StepRow> expiredLeases;
        {
            // Expired leases first: their engines died, and the work is oldest.
            ORDO_TRY(expired, d->db.execCached(QStringLiteral("SELECT ") + kStepColumns
                                                   + QStringLiteral(" FROM steps WHERE state = 'running' AND lease_expires < ? LIMIT ?"),
                                               {t, max}));
            while (expired.next())
                expiredLeases.append(readStep(expired));
        }
        QHash<QString, int> limits;
        QHash<QString, int> running;
        {
            ORDO_TRY(lq, d->db.execCached(QStringLiteral("SELECT key, max_running FROM concurrency_limits")));
            while (lq.next())
                limits.insert(lq.value(0).toString(), lq.value(1).toInt());
        }
        QList<Claim> claims;
        // Set once a suspect is taken, or waits for this engine to run dry: nothing more is claimed.
        bool claimNoMore = false;
        QHash<qint64, WorkflowRow> workflows;
        const auto consider = [&](const StepRow &row) -> Status {
            if (!workflows.contains(row.workflowId)) {
                ORDO_TRY(w, d->workflowRow(row.workflowId));
                workflows.insert(row.workflowId, w);
            }
            WorkflowRow &w = workflows[row.workflowId];
            auto loaded = d->definition(w.name, w.version);
            if (!loaded || loaded->get()->def.indexOf.value(row.key, -1) < 0) {
                // This engine cannot run it (say, its definition uses a connector this
                // engine lacks): park the step with the reason instead of stopping all work.
                if (row.state != StepState::Ready)
                    return ok();
                StepRow parked = row;
                parked.state = StepState::Paused;
                parked.error = loaded ? Text::tr("the definition has no step '%1'").arg(row.key) : loaded.error().message;
                ORDO_CHECK(d->save(row, parked));
                if (w.state == WorkflowState::Running)
                    ORDO_CHECK(d->setWorkflowState(w, WorkflowState::Paused, parked.error));
                return ok();
            }
            const auto &l = *loaded;
            const int index = l->def.indexOf.value(row.key);
            const StepDefinition &s = l->def.steps.at(index);
            const bool compensation = row.kind == kCompensation;
            const QString action = compensation ? s.compensate->action : s.action;
            if (row.state == StepState::Running && !isTerminal(w.state) && w.state != WorkflowState::Running
                && w.state != WorkflowState::RollingBack) {
                // An expired lease in a paused or failed workflow: the attempt is lost; run it again once continued.
                StepRow after = row;
                after.state = StepState::Paused;
                after.leaseOwner.clear();
                after.leaseExpires = 0;
                after.error = Text::tr("its engine stopped while the workflow was %1").arg(workflowStateName(w.state));
                ORDO_CHECK(d->save(row, after));
                return ok();
            }
            if (row.state == StepState::Running && (isTerminal(w.state) || row.cancelRequested)) {
                // Its engine died; it was to stop anyway: never start it again.
                StepRow after = row;
                after.state = StepState::Cancelled;
                after.leaseOwner.clear();
                ORDO_CHECK(d->save(row, after));
                ORDO_CHECK(d->compensationNotNeeded(w, *l, after));
                // It may have been the last open step of a rollback.
                return d->checkFinished(w.id);
            }
            if (row.state == StepState::Running && row.lostAttempts + 1 >= d->maxLostAttempts) {
                // Its engine died while running it, time after time: the step itself is the likely
                // cause (a poison pill). It fails for good and spends its retries, since each
                // attempt would take down another engine; the workflow follows its error policy.
                StepRow lost = row;
                lost.lostAttempts = row.lostAttempts + 1;
                lost.budgetStart = std::min(row.budgetStart, row.attempt - s.retry.maxAttempts);
                ORDO_CHECK(d->save(row, lost));
                ORDO_CHECK(d->stepFailed(
                    w, *l, lost, ActionError{ErrorKind::Permanent, Text::tr("its engine stopped while running it, %1 times in a row").arg(lost.lostAttempts)}));
                return d->checkFinished(w.id);
            }
            // A suspect: lost with its engine more than once. It runs alone in an engine that
            // holds nothing else, so that only the step that kills engines is counted for it.
            const bool suspect = row.state == StepState::Running && row.lostAttempts > 0;
            if (suspect) {
                ORDO_TRY(alone, d->holdsNothing(owner, t));
                if (!claims.isEmpty() || !alone) {
                    claimNoMore = true;
                    return ok();
                }
            }
            const auto underLimit = [&](const QString &key, const char *column) -> Result<bool> {
                if (key.isEmpty() || !limits.contains(key))
                    return true;
                if (!running.contains(key)) {
                    ORDO_TRY(cq, d->db.execCached(QStringLiteral("SELECT COUNT(*) FROM steps WHERE state = 'running' AND ")
                                                      + QLatin1String(column) + QStringLiteral(" = ? AND lease_expires >= ?"),
                                                  {key, t}));
                    running.insert(key, cq.next() ? cq.value(0).toInt() : 0);
                }
                return running.value(key) < limits.value(key);
            };
            // Inputs that cannot be made (a reference to a value that does not exist) fail
            // the attempt for good; the workflow follows its error policy, the engine goes on.
            const auto failUnstarted = [&](const QString &why) -> Status {
                StepRow attempted = row;
                attempted.state = StepState::Running;
                attempted.attempt = row.attempt + 1;
                attempted.resourceKey = action;
                attempted.startedAt = t;
                if (!attempted.firstStartedAt)
                    attempted.firstStartedAt = t;
                ORDO_CHECK(d->save(row, attempted));
                ORDO_CHECK(d->stepFailed(w, *l, attempted, ActionError{ErrorKind::Permanent, why}));
                // Under `continue` it may have been the workflow's last open step.
                return d->checkFinished(w.id);
            };
            StepRow after = row;
            if (!compensation && (action == kTimerAction || action == kHumanTaskAction)) {
                ORDO_TRY(sc, d->scope(w, l->stepRefs.at(index)));
                const Result<QJsonValue> resolved = resolveTemplates(s.with, sc);
                if (!resolved)
                    return failUnstarted(resolved.error().message);
                const QJsonObject inputs = resolved->toObject();
                // A template may resolve to any number; a literal was checked when the definition was.
                if (action == kTimerAction && !timerDelayInRange(inputs.value(QLatin1String("ms"))))
                    return failUnstarted(timerDelayOutOfRange());
                after.state = StepState::Waiting;
                after.resourceKey = action;
                after.inputs = toText(inputs);
                after.firstStartedAt = after.firstStartedAt ? after.firstStartedAt : t;
                after.startedAt = t;
                after.attempt = row.attempt + 1;
                if (action == kTimerAction)
                    after.dueAt = t + inputs.value(QLatin1String("ms")).toInteger();
                else
                    after.dueAt = s.timeoutMs > 0 ? t + s.timeoutMs : 0;
                ORDO_CHECK(d->save(row, after));
                return ok();
            }
            std::optional<StepRow> original;
            if (compensation) {
                ORDO_TRY(undone, d->step(w.id, row.key));
                original = undone;
            }
            QJsonObject inputs = compensation ? s.compensate->with : s.with;
            // Support's edited inputs replace the definition's unresolved, so a retry
            // with edited inputs mends a reference that does not resolve.
            const QJsonObject overrides = toObject(row.overrides);
            for (auto it = overrides.begin(); it != overrides.end(); ++it)
                inputs.remove(it.key());
            if (compensation ? l->compensationTemplates.at(index) : l->withTemplates.at(index)) {
                ORDO_TRY(sc, d->scope(w, compensation ? l->compensationRefs.at(index) : l->stepRefs.at(index)));
                // A compensation sees the outputs of the step it undoes as steps.<id>.outputs.
                if (original)
                    sc.steps.insert(row.key, QJsonObject{{QStringLiteral("outputs"), toObject(original->outputs)},
                                                         {QStringLiteral("state"), stepStateName(original->state)}});
                const Result<QJsonValue> resolved = resolveTemplates(inputs, sc);
                if (!resolved)
                    return failUnstarted(resolved.error().message);
                inputs = resolved->toObject();
            }
            for (auto it = overrides.begin(); it != overrides.end(); ++it)
                inputs.insert(it.key(), it.value());
            const auto actionObject = d->actions.find(action);
            const QString resource = actionObject ? actionObject->resourceKey(inputs) : QString();
            ORDO_TRY(actionFree, underLimit(action, "resource_key"));
            ORDO_TRY(resourceFree, underLimit(resource, "resource"));
            if (!actionFree || !resourceFree)
                return ok();
            if (limits.contains(action))
                ++running[action];
            if (limits.contains(resource))
                ++running[resource];
            if (original && original->state == StepState::Succeeded) {
                StepRow compensating = *original;
                compensating.state = StepState::Compensating;
                ORDO_CHECK(d->save(*original, compensating));
            }
            after.state = StepState::Running;
            after.attempt = row.attempt + 1;
            // Counted across attempts lost in a row only: one that ended otherwise starts the count again.
            after.lostAttempts = row.state == StepState::Running ? row.lostAttempts + 1 : 0;
            after.leaseOwner = owner;
            after.leaseExpires = t + leaseMs;
            after.cancelRequested = row.cancelRequested;
            after.resourceKey = action;
            after.resource = resource;
            after.inputs = toText(inputs);
            after.startedAt = t;
            if (!after.firstStartedAt)
                after.firstStartedAt = t;
            ORDO_CHECK(d->save(row, after));
            if (row.state == StepState::Running)
                ORDO_CHECK(d->logLine(w.id, row.key, QStringLiteral("log"),
                                      Text::tr("taken over from %1, whose lease expired").arg(row.leaseOwner)));
            claims.append({row.id, w.id, row.key, row.kind, action, inputs, idempotencyKey(w.uuid, row.key, row.kind),
                           after.attempt, compensation ? 0 : s.timeoutMs, row.readyAt, t});
            if (suspect) {
                d->heldSuspects.insert(owner, row.id);
                claimNoMore = true;
            }
                    return ok();
        };
        for (const StepRow &row : std::as_const(expiredLeases)) {
            if (claims.size() >= max || claimNoMore)
                break;
            ORDO_CHECK(consider(row));
        }
        // Ready steps, oldest first, a page at a time: when the oldest are held
        // back by concurrency limits, younger ones behind them still start.
        const int pageSize = max * 2;
        qint64 afterReadyAt = -1;
        qint64 afterId = 0;
        for (int page = 0; page < 8 && claims.size() < max && !claimNoMore; ++page) {
            ORDO_TRY(ready, d->db.execCached(QStringLiteral("SELECT ") + kStepColumns
                                                 + QStringLiteral(" FROM steps WHERE id IN (SELECT s.id FROM steps s JOIN workflows w ON w.id = s.workflow_id"
                                                                  " WHERE s.state = 'ready' AND (s.due_at IS NULL OR s.due_at <= ?)"
                                                                  " AND (w.state = 'running' OR (w.state = 'rolling-back' AND s.kind = 'compensation'))"
                                                                  " AND (COALESCE(s.ready_at, 0) > ? OR (COALESCE(s.ready_at, 0) = ? AND s.id > ?))"
                                                                  " ORDER BY s.ready_at, s.id LIMIT ?) ORDER BY ready_at, id"),
                                             {t, afterReadyAt, afterReadyAt, afterId, pageSize}));
            QList<StepRow> rows;
            while (ready.next())
                rows.append(readStep(ready));
            for (const StepRow &row : std::as_const(rows)) {
                if (claims.size() >= max)
                    break;
                ORDO_CHECK(consider(row));
            }
            if (rows.size() < pageSize)
                break;
            afterReadyAt = rows.last().readyAt;
            afterId = rows.last().id;
        }
        return claims;
    });
}

Status Runtime::complete(const QList<Completion> &completions, const QString &owner)
{
    if (completions.isEmpty())
        return ok();
    return d->transact([&]() -> Status {
        QHash<qint64, WorkflowRow> workflows;
        QHash<qint64, quint64> flushesWhenRead;
        for (const Completion &c : completions) {
            ORDO_TRY(row, d->stepRow(c.rowId));
            // A lease that expired and was taken over, or an attempt already given up on: not ours to record.
            if (row.state != StepState::Running || row.leaseOwner != owner || row.attempt != c.attempt)
                continue;
            if (!workflows.contains(row.workflowId)) {
                ORDO_TRY(loaded, d->workflowRow(row.workflowId));
                workflows.insert(row.workflowId, loaded);
                flushesWhenRead.insert(row.workflowId, d->openStepFlushes);
            }
            WorkflowRow &w = workflows[row.workflowId];
            ORDO_TRY(l, d->definition(w.name, w.version));
            for (const QString &line : c.log)
                ORDO_CHECK(d->logLine(w.id, row.key, QStringLiteral("log"), line));
            if (const auto *outputs = std::get_if<QJsonObject>(&c.outcome))
                ORDO_CHECK(d->stepSucceeded(w, *l, row, *outputs));
            else
                ORDO_CHECK(d->stepFailed(w, *l, row, std::get<ActionError>(c.outcome)));
        }
        // While no counter was written since a workflow was read, its count plus
        // the changes not yet written is exact: most workflows are plainly not
        // finished, and are not read again.
        QList<qint64> maybeFinished;
        for (auto it = workflows.cbegin(); it != workflows.cend(); ++it) {
            if (d->openStepFlushes != flushesWhenRead.value(it.key()) || it->openSteps + d->openStepDeltas.value(it.key()) <= 0)
                maybeFinished.append(it.key());
        }
        for (const qint64 id : std::as_const(maybeFinished))
            ORDO_CHECK(d->checkFinished(id));
        return ok();
    });
}

Result<QList<Claim>> Runtime::advance(const QList<Completion> &completions, const QString &owner, int maxClaims, qint64 leaseMs)
{
    return d->transact([&]() -> Result<QList<Claim>> {
        ORDO_CHECK(complete(completions, owner));
        ORDO_CHECK(fireTimers());
        return claim(owner, maxClaims, leaseMs);
    });
}

Status Runtime::releaseLeases(const QString &owner)
{
    return d->transact([&]() -> Status {
        ORDO_TRY(q, d->db.exec(QStringLiteral("SELECT ") + kStepColumns + QStringLiteral(" FROM steps WHERE lease_owner = ? AND state = 'running'"), {owner}));
        QList<StepRow> held;
        while (q.next())
            held.append(readStep(q));
        for (const StepRow &row : std::as_const(held)) {
            StepRow after = row;
            after.state = StepState::Ready;
            after.readyAt = d->now();
            after.leaseOwner.clear();
            after.leaseExpires = 0;
            ORDO_CHECK(d->save(row, after));
            ORDO_CHECK(d->logLine(row.workflowId, row.key, QStringLiteral("log"), Text::tr("handed back by a stopping engine")));
        }
        return ok();
    });
}

Status Runtime::renewLeases(const QString &owner, const QList<qint64> &rowIds, qint64 leaseMs)
{
    return d->db.write([&]() -> Status {
        for (const qint64 id : rowIds)
            ORDO_CHECK(d->db.execCached(QStringLiteral("UPDATE steps SET lease_expires = ? WHERE id = ? AND lease_owner = ? AND state = 'running'"),
                                        {d->now() + leaseMs, id, owner}));
        return ok();
    });
}

Result<QList<qint64>> Runtime::cancelRequested(const QString &owner)
{
    ORDO_TRY(q, d->db.execCached(QStringLiteral("SELECT id FROM steps WHERE lease_owner = ? AND state = 'running' AND cancel_requested = 1"), {owner}));
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    return ids;
}

Status Runtime::fireTimers()
{
    return d->transact([&]() -> Status {
        const qint64 t = d->now();
        ORDO_TRY(q, d->db.execCached(QStringLiteral("SELECT ") + kStepColumns
                                         + QStringLiteral(" FROM steps WHERE state IN ('retry-wait', 'waiting') AND due_at IS NOT NULL AND due_at <= ?"),
                                     {t}));
        QList<StepRow> due;
        while (q.next())
            due.append(readStep(q));
        for (const StepRow &row : std::as_const(due)) {
            ORDO_TRY(w, d->workflowRow(row.workflowId));
            ORDO_TRY(l, d->definition(w.name, w.version));
            if (row.state == StepState::RetryWait) {
                StepRow after = row;
                after.state = StepState::Ready;
                after.readyAt = t;
                after.dueAt = 0;
                ORDO_CHECK(d->save(row, after));
                continue;
            }
            if (w.state != WorkflowState::Running)
                continue;
            const StepDefinition &s = l->def.step(row.key);
            if (s.action == kTimerAction) {
                ORDO_CHECK(d->stepSucceeded(w, *l, row, QJsonObject{{QStringLiteral("firedAt"), t}}));
            } else {
                ORDO_CHECK(d->stepFailed(w, *l, row, {ErrorKind::Timeout, Text::tr("nobody decided within %1 ms").arg(s.timeoutMs)}));
            }
            ORDO_CHECK(d->checkFinished(w.id));
        }
        return ok();
    });
}

Result<QList<ProbeClaim>> Runtime::claimProbes(int max, qint64 leaseMs)
{
    {
        // Most pumps find no probe due: look before taking the write lock.
        ORDO_TRY(due, d->db.execCached(QStringLiteral("SELECT EXISTS (SELECT 1 FROM steps WHERE state = 'paused' AND probe_due IS NOT NULL AND probe_due <= ?)"),
                                       {d->now()}));
        if (!due.next() || !due.value(0).toBool())
            return QList<ProbeClaim>();
    }
    return d->transact([&]() -> Result<QList<ProbeClaim>> {
        const qint64 t = d->now();
        ORDO_TRY(q, d->db.execCached(QStringLiteral("SELECT ") + kStepColumns
                                         + QStringLiteral(" FROM steps WHERE state = 'paused' AND probe_due IS NOT NULL AND probe_due <= ? ORDER BY probe_due LIMIT ?"),
                                     {t, max}));
        QList<StepRow> due;
        while (q.next())
            due.append(readStep(q));
        QList<ProbeClaim> claims;
        for (const StepRow &row : std::as_const(due)) {
            ORDO_TRY(w, d->workflowRow(row.workflowId));
            ORDO_TRY(l, d->definition(w.name, w.version));
            const int index = l->def.indexOf.value(row.key);
            const StepDefinition &s = l->def.steps.at(index);
            if (!s.probe)
                continue;
            ORDO_TRY(sc, d->scope(w, l->probeRefs.at(index)));
            const Result<QJsonValue> probeInputs = resolveTemplates(s.probe->with, sc);
            StepRow after = row;
            if (!probeInputs) {
                // It could never pass: the step waits for support, and the log says why.
                after.probeDue = 0;
                ORDO_CHECK(d->save(row, after));
                ORDO_CHECK(d->logLine(w.id, row.key, QStringLiteral("log"), Text::tr("the probe cannot run: %1").arg(probeInputs.error().message)));
                continue;
            }
            after.probeDue = t + leaseMs; // probed again should this engine die meanwhile
            ORDO_CHECK(d->save(row, after));
            claims.append({row.id, w.id, row.key, s.probe->action, probeInputs->toObject(),
                           idempotencyKey(w.uuid, row.key, QStringLiteral("probe"))});
        }
        return claims;
    });
}

Status Runtime::probesFinished(const QList<ProbeResult> &results)
{
    return d->transact([&]() -> Status {
        const qint64 t = d->now();
        for (const ProbeResult &r : results) {
            ORDO_TRY(row, d->stepRow(r.rowId));
            if (row.state != StepState::Paused || !row.probeDue)
                continue;
            ORDO_TRY(w, d->workflowRow(row.workflowId));
            ORDO_TRY(l, d->definition(w.name, w.version));
            const Probe &probe = *l->def.step(row.key).probe;
            StepRow after = row;
            if (r.passed) {
                after.state = StepState::Ready;
                after.readyAt = t;
                after.budgetStart = row.attempt;
                after.probeDue = 0;
                ORDO_CHECK(d->logLine(w.id, row.key, QStringLiteral("log"), Text::tr("probe passed: resuming")));
                ORDO_CHECK(d->save(row, after));
                ORDO_TRY(blocking, d->blockingSteps(w, *l));
                if (w.state == WorkflowState::Paused && blocking == 0)
                    ORDO_CHECK(d->setWorkflowState(w, WorkflowState::Running, QStringLiteral("")));
                continue;
            }
            after.probeAttempt = row.probeAttempt + 1;
            // Backoff: the interval doubles up to ten times itself.
            const qint64 wait = probe.intervalMs * std::min<qint64>(10, qint64(1) << std::min(after.probeAttempt, 4));
            if (t - row.probeSince + wait > probe.maxWaitMs) {
                after.probeDue = 0;
                ORDO_CHECK(d->logLine(w.id, row.key, QStringLiteral("log"),
                                      Text::tr("probe gave up after %1 ms: %2").arg(t - row.probeSince).arg(r.message)));
            } else {
                after.probeDue = t + wait;
                ORDO_CHECK(d->logLine(w.id, row.key, QStringLiteral("log"), Text::tr("probe not yet: %1").arg(r.message)));
            }
            ORDO_CHECK(d->save(row, after));
        }
        return ok();
    });
}

Result<std::optional<qint64>> Runtime::nextDue()
{
    ORDO_TRY(q, d->db.execCached(QStringLiteral(
        "SELECT MIN(t) FROM ("
        " SELECT MIN(due_at) AS t FROM steps WHERE state IN ('retry-wait', 'waiting') AND due_at IS NOT NULL"
        " UNION ALL SELECT MIN(probe_due) FROM steps WHERE state = 'paused' AND probe_due IS NOT NULL"
        " UNION ALL SELECT MIN(lease_expires) FROM steps WHERE state = 'running')")));
    if (!q.next() || q.value(0).isNull())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value(0).toLongLong());
}

Result<bool> Runtime::hasPendingWork()
{
    ORDO_TRY(q, d->db.execCached(QStringLiteral(
        "SELECT EXISTS (SELECT 1 FROM steps s JOIN workflows w ON w.id = s.workflow_id WHERE"
        " (w.state IN ('running', 'rolling-back') AND (s.state IN ('ready', 'running', 'retry-wait')"
        "   OR (s.state = 'waiting' AND s.resource_key = 'timer.wait')))"
        " OR (s.state = 'running'))")));
    return q.next() && q.value(0).toBool();
}

// ---------------------------------------------------------------- support operations

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
        ORDO_TRY(q, d->db.exec(QStringLiteral("SELECT ") + kStepColumns
                                   + QStringLiteral(" FROM steps WHERE workflow_id = ? AND kind = 'compensation' AND state IN ('pending', 'ready', 'retry-wait')"),
                               {w.id}));
        QList<StepRow> compensations;
        while (q.next())
            compensations.append(readStep(q));
        for (const StepRow &row : std::as_const(compensations)) {
            StepRow after = row;
            after.state = StepState::Cancelled;
            ORDO_CHECK(d->save(row, after));
        }
        return d->auditSupport(w, QStringLiteral("cancel"), actor, reason, from, workflowStateName(w.state));
    });
}

Status Runtime::rollback(qint64 workflowId, const QString &actor, const QString &reason)
{
    return d->transact([&]() -> Status {
        ORDO_TRY(w, d->workflowRow(workflowId));
        ORDO_TRY(l, d->definition(w.name, w.version));
        const QString from = workflowStateName(w.state);
        ORDO_CHECK(checkTransition(w.state, WorkflowState::RollingBack, Text::tr("workflow %1").arg(w.id)));
        ORDO_CHECK(d->auditSupport(w, QStringLiteral("rollback"), actor, reason, from, workflowStateName(WorkflowState::RollingBack)));
        return d->startRollback(w, *l);
    });
}

Status Runtime::retryStep(qint64 workflowId, const QString &stepKey, const QJsonObject &overrides, const QString &actor,
                          const QString &reason)
{
    return d->transact([&]() -> Status {
        ORDO_TRY(w, d->workflowRow(workflowId));
        ORDO_TRY(row, d->step(workflowId, stepKey));
        if (w.state == WorkflowState::Cancelled || w.state == WorkflowState::RolledBack || w.state == WorkflowState::RollingBack)
            return Error::conflict(Text::tr("workflow %1 is %2: its steps are not retried").arg(workflowId).arg(workflowStateName(w.state)));
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
            const InputType type = s.action == kTimerAction ? InputType::Integer : action ? action->inputs().value(it.key()).type : InputType::Any;
            if (!hasType(it.value(), type))
                return Error::badInput(Text::tr("input '%1' of step '%2' must be of type %3").arg(it.key(), stepKey, inputTypeName(type)));
        }
        if (row.state != StepState::Failed && row.state != StepState::Paused && row.state != StepState::Cancelled
            && row.state != StepState::RetryWait)
            return Error::conflict(Text::tr("step '%1' is %2: only a failed, paused, cancelled or waiting step is retried")
                                       .arg(stepKey, stepStateName(row.state)));
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
        if (isTerminal(w.state) && w.state != WorkflowState::Failed)
            return Error::conflict(Text::tr("workflow %1 is %2: its steps are not skipped").arg(workflowId).arg(workflowStateName(w.state)));
        if (row.state == StepState::Running)
            return Error::conflict(Text::tr("step '%1' is running: cancel or wait for the attempt first").arg(stepKey));
        ORDO_TRY(l, d->definition(w.name, w.version));
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

// ---------------------------------------------------------------- queries

Result<QList<WorkflowSummary>> Runtime::workflows(std::optional<WorkflowState> state, std::optional<qint64> tenantId)
{
    QString sql = QStringLiteral("SELECT ") + kWorkflowColumns + QStringLiteral(" FROM workflows WHERE 1 = 1");
    QVariantList binds;
    if (state) {
        sql += QStringLiteral(" AND state = ?");
        binds.append(workflowStateName(*state));
    }
    if (tenantId) {
        sql += QStringLiteral(" AND COALESCE(tenant_id, 0) = ?");
        binds.append(*tenantId);
    }
    ORDO_TRY(q, d->db.exec(sql + QStringLiteral(" ORDER BY id"), binds));
    QList<WorkflowSummary> list;
    while (q.next())
        list.append(summaryOf(readWorkflow(q)));
    return list;
}

Result<WorkflowSummary> Runtime::workflow(qint64 id)
{
    ORDO_TRY(w, d->workflowRow(id));
    return summaryOf(w);
}

Result<QList<StepInfo>> Runtime::steps(qint64 workflowId)
{
    ORDO_CHECK(d->workflowRow(workflowId));
    ORDO_TRY(q, d->db.exec(QStringLiteral("SELECT ") + kStepColumns + QStringLiteral(" FROM steps WHERE workflow_id = ? ORDER BY id"), {workflowId}));
    QList<StepInfo> list;
    while (q.next()) {
        const StepRow r = readStep(q);
        list.append({r.id, r.key, r.kind, r.state, r.attempt, toObject(r.inputs), toObject(r.outputs), r.error, r.errorKind,
                     r.readyAt, r.startedAt, r.finishedAt, r.dueAt, r.manual});
    }
    return list;
}

Result<QList<LogLine>> Runtime::log(qint64 workflowId, const QString &stepKey, qint64 afterSeq)
{
    ORDO_CHECK(d->workflowRow(workflowId));
    QString sql = QStringLiteral("SELECT seq, step_key, at, kind, message FROM step_log WHERE workflow_id = ? AND seq > ?");
    QVariantList binds{workflowId, afterSeq};
    if (!stepKey.isEmpty()) {
        sql += QStringLiteral(" AND (step_key = ? OR step_key = ?)");
        binds << stepKey << QString(stepKey + QStringLiteral(" (compensation)"));
    }
    ORDO_TRY(q, d->db.exec(sql + QStringLiteral(" ORDER BY seq"), binds));
    QList<LogLine> lines;
    while (q.next())
        lines.append(LogLine{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString(),
                             q.value(4).toString()});
    return lines;
}

Result<qint64> workflowTenant(Database &db, qint64 workflowId)
{
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT tenant_id FROM workflows WHERE id = ?"), {workflowId}));
    return q.next() ? q.value(0).toLongLong() : qint64(0);
}

} // namespace ordo::engine

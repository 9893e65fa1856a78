#include "engine/RuntimeImpl.h"
#include "store/SqlArrays.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <algorithm>

namespace ordo::engine {

using namespace detail;

namespace {

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
    // check() gives the condition's references alone: they come on top of the inputs'.
    if (QList<Reference> inCondition; !when.isEmpty() && !Condition::check(when, inCondition))
        refs += inCondition;
    QStringList steps;
    for (const Reference &r : std::as_const(refs))
        if (r.root == QLatin1String("steps") && !steps.contains(r.path.first()))
            steps.append(r.path.first());
    return steps;
}

} // namespace

// Many rows per statement: one statement per row is what costs, not the rows.
// On PostgreSQL one statement for any number of rows (unnestOf).
Status Runtime::Impl::insertMany(const QString &into, qsizetype columns, const QList<QVariantList> &rows, const QString &then)
{
    if (rows.isEmpty())
        return ok();
    if (db.dialect() == Database::Dialect::Postgres) {
        const QString sql = QStringLiteral("INSERT INTO ") + into + QStringLiteral(" SELECT * FROM ") + sqlarrays::unnestOf(rows.first());
        ORDO_CHECK(db.execCached(then.isEmpty() ? sql : sql + QLatin1Char(' ') + then, sqlarrays::columns(rows, columns)));
        return ok();
    }
    constexpr qsizetype kRowsPerInsert = 100;
    QString placeholders = QStringLiteral("(?");
    for (qsizetype c = 1; c < columns; ++c)
        placeholders += QStringLiteral(", ?");
    placeholders += QLatin1Char(')');
    for (qsizetype from = 0; from < rows.size(); from += kRowsPerInsert) {
        const qsizetype n = std::min(kRowsPerInsert, rows.size() - from);
        QString sql = QStringLiteral("INSERT INTO ") + into + QStringLiteral(" VALUES ");
        QVariantList binds;
        binds.reserve(n * columns);
        for (qsizetype i = 0; i < n; ++i) {
            sql += i ? QStringLiteral(", ") + placeholders : placeholders;
            binds += rows.at(from + i);
        }
        ORDO_CHECK(db.execCached(then.isEmpty() ? sql : sql + QLatin1Char(' ') + then, binds));
    }
    return ok();
}

Status Runtime::Impl::flushLog()
{
    QList<QVariantList> rows;
    rows.reserve(pendingLog.size());
    for (const PendingLogLine &l : std::as_const(pendingLog))
        rows.append({l.workflowId, l.stepKey, l.at, logKindName(l.kind), l.message});
    pendingLog.clear();
    ORDO_CHECK(insertMany(QStringLiteral("step_log(workflow_id, step_key, at, kind, message)"), 5, rows));
    const QList<QVariantList> attempts = std::exchange(pendingAttempts, {});
    return insertMany(QStringLiteral("step_attempts(workflow_id, step_key, kind, attempt, state, inputs, outputs, error, error_kind,"
                                     " started_at, finished_at)"),
                      11, attempts);
}

Status Runtime::Impl::flushChanges()
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

EngineEvent &Runtime::Impl::newEvent(EngineEvent::Kind kind, qint64 workflowId, const QString &message)
{
    EngineEvent &e = pendingEvents.emplace_back();
    e.kind = kind;
    e.workflowId = workflowId;
    e.message = message;
    e.at = now();
    return e;
}

void Runtime::Impl::workflowEvent(qint64 workflowId, WorkflowState state, const QString &message)
{
    newEvent(EngineEvent::Kind::Workflow, workflowId, message).workflowState = state;
}

void Runtime::Impl::stepEvent(qint64 workflowId, const QString &stepKey, StepKind kind, StepState state, const QString &message)
{
    EngineEvent &e = newEvent(EngineEvent::Kind::Step, workflowId, message);
    e.stepKey = stepKey;
    e.stepKind = kind;
    e.stepState = state;
}

void Runtime::Impl::notifyEvent(qint64 workflowId, const QString &stepKey, const QString &recipient, const QString &message)
{
    EngineEvent &e = newEvent(EngineEvent::Kind::Notify, workflowId, message);
    e.stepKey = stepKey;
    e.recipient = recipient;
}

Status Runtime::Impl::logLine(qint64 workflowId, const QString &stepKey, LogKind kind, const QString &message, qint64 at)
{
    if (!db.inTransaction())
        return Error::internal(QStringLiteral("step log written outside a transaction"));
    pendingLog.append({workflowId, stepKey.isNull() ? QStringLiteral("") : stepKey, at ? at : now(), kind, message});
    return ok();
}

Result<std::shared_ptr<const Loaded>> Runtime::Impl::definition(const QString &name, int version)
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

std::shared_ptr<const Loaded> Runtime::Impl::remember(const QString &key, const WorkflowDefinition &def)
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

WorkflowRow Runtime::Impl::readWorkflowNoted(const CachedQuery &q)
{
    WorkflowRow w = readWorkflow(q);
    if (transactDepth > 0) // cleared when the transaction ends
        workflowTenants.insert(w.id, w.tenantId);
    return w;
}

Result<std::optional<WorkflowRow>> Runtime::Impl::freeWorkflowRow(qint64 id)
{
    ScopedFlag seen(readsSeeHeldWrites); // no step read
    if (!locksRows()) {
        ORDO_TRY(w, workflowRow(id));
        return std::optional<WorkflowRow>(w);
    }
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT ") + kWorkflowColumns + QStringLiteral(" FROM workflows WHERE id = ? FOR NO KEY UPDATE SKIP LOCKED"),
                              {id}));
    if (!q.next())
        return std::optional<WorkflowRow>();
    return std::optional<WorkflowRow>(readWorkflowNoted(q));
}

Result<std::optional<StepRow>> Runtime::Impl::unchangedSince(const StepRow &found)
{
    if (!locksRows())
        return std::optional<StepRow>(found);
    ORDO_TRY(fresh, stepRow(found.id));
    if (fresh.state != found.state || fresh.attempt != found.attempt || fresh.leaseOwner != found.leaseOwner
        || fresh.dueAt != found.dueAt || fresh.probeDue != found.probeDue)
        return std::optional<StepRow>();
    return std::optional<StepRow>(fresh);
}

Result<WorkflowRow> Runtime::Impl::workflowRow(qint64 id)
{
    // NO KEY: its steps (whose foreign key points here) can still be inserted beside.
    ScopedFlag seen(readsSeeHeldWrites); // no step read
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT ") + kWorkflowColumns
                                  + (locksRows() ? QStringLiteral(" FROM workflows WHERE id = ? FOR NO KEY UPDATE")
                                                 : QStringLiteral(" FROM workflows WHERE id = ?")),
                              {id}));
    if (!q.next())
        return Error::notFound(Text::tr("no workflow %1").arg(id));
    return readWorkflowNoted(q);
}

Status Runtime::Impl::workflowIn(qint64 id, std::optional<qint64> tenantId)
{
    QVariantList binds{id};
    const QString inTenant = tenantId ? QStringLiteral(" AND ") + tenantColumnIs(QStringLiteral("tenant_id"), *tenantId, binds) : QString();
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT 1 FROM workflows WHERE id = ?") + inTenant, binds));
    if (!q.next())
        return Error::notFound(Text::tr("no workflow %1").arg(id));
    return ok();
}

Result<StepRow> Runtime::Impl::stepRow(qint64 rowId)
{
    if (const StepRow *held = heldStep(rowId))
        return *held;
    ScopedFlag seen(readsSeeHeldWrites);
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT ") + kStepColumns + QStringLiteral(" FROM steps WHERE id = ?"), {rowId}));
    if (!q.next())
        return Error::notFound(Text::tr("no step instance %1").arg(rowId));
    return readStep(q);
}

Result<QList<qint64>> Runtime::Impl::workflowsOf(const QList<qint64> &stepIds)
{
    ScopedFlag seen(readsSeeHeldWrites); // a step's workflow never changes
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT DISTINCT workflow_id FROM steps WHERE id = ANY(CAST(? AS bigint[]))"), {sqlarrays::numbers(stepIds)}));
    QList<qint64> ids;
    while (q.next())
        ids.append(q.integer(0));
    return ids;
}

Result<QList<WorkflowRow>> Runtime::Impl::lockWorkflows(const QList<qint64> &ids, bool skipLocked)
{
    // Locked as the sorted rows come: every engine takes them in id order.
    ScopedFlag seen(readsSeeHeldWrites); // no step read
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT ") + kWorkflowColumns
                                  + QStringLiteral(" FROM workflows WHERE id = ANY(CAST(? AS bigint[])) ORDER BY id FOR NO KEY UPDATE")
                                  + (skipLocked ? QStringLiteral(" SKIP LOCKED") : QString()),
                              {sqlarrays::numbers(ids)}));
    QList<WorkflowRow> rows;
    while (q.next())
        rows.append(readWorkflowNoted(q));
    return rows;
}

Result<Runtime::Impl::StepBatch> Runtime::Impl::stepRows(const QList<qint64> &stepIds)
{
    StepBatch batch{{}, stepWrites};
    ScopedFlag seen(readsSeeHeldWrites);
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT ") + kStepColumns + QStringLiteral(" FROM steps WHERE id = ANY(CAST(? AS bigint[]))"),
                              {sqlarrays::numbers(stepIds)}));
    while (q.next()) {
        const StepRow row = readStep(q);
        const StepRow *held = heldStep(row.id);
        batch.rows.insert(row.id, held ? *held : row);
    }
    return batch;
}

Result<StepRow> Runtime::Impl::stepRow(const StepBatch &batch, qint64 rowId)
{
    const auto found = batch.rows.constFind(rowId);
    if (found == batch.rows.cend() || lastStepWrite.value(found->workflowId, 0) > batch.readAt)
        return stepRow(rowId);
    return *found;
}

Status Runtime::Impl::readSuccessors(const QList<std::pair<qint64, QString>> &steps)
{
    if (steps.isEmpty())
        return ok();
    QList<qint64> workflows;
    QStringList keys;
    for (const auto &[workflow, key] : steps) {
        workflows.append(workflow);
        keys.append(key);
    }
    ScopedFlag seen(readsSeeHeldWrites);
    // One look through steps' key per pair, whatever the kept plan's statistics: as a
    // join, a plan made while steps held a few rows read all of it (through that key)
    // for every call once it held thousands. OFFSET 0 keeps the subquery from being
    // turned into that join.
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT s.* FROM unnest(CAST(? AS bigint[]), CAST(? AS text[])) AS k(wanted_workflow, wanted_key)"
                                             " CROSS JOIN LATERAL (SELECT ")
                                  + kStepColumns
                                  + QStringLiteral(" FROM steps WHERE workflow_id = k.wanted_workflow AND step_key = k.wanted_key"
                                                   " AND kind = 'step' OFFSET 0) s"),
                              {sqlarrays::numbers(workflows), sqlarrays::texts(keys)}));
    while (q.next()) {
        const StepRow row = readStep(q);
        successors.insert({row.workflowId, row.key}, row);
    }
    return ok();
}

Result<std::optional<StepRow>> Runtime::Impl::findStep(qint64 workflowId, const QString &key, StepKind kind)
{
    if (kind == StepKind::Normal) {
        if (const auto found = successors.constFind({workflowId, key}); found != successors.cend()) {
            const StepRow *held = heldStep(found->id);
            return std::optional<StepRow>(held ? *held : *found);
        }
    }
    ScopedFlag seen(readsSeeHeldWrites);
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT ") + kStepColumns
                                  + QStringLiteral(" FROM steps WHERE workflow_id = ? AND step_key = ? AND kind = ?"),
                              {workflowId, key, stepKindName(kind)}));
    if (!q.next())
        return std::optional<StepRow>();
    const StepRow row = readStep(q);
    const StepRow *held = heldStep(row.id);
    return std::optional<StepRow>(held ? *held : row);
}

Result<StepRow> Runtime::Impl::step(qint64 workflowId, const QString &key)
{
    ORDO_TRY(found, findStep(workflowId, key, StepKind::Normal));
    if (!found)
        return Error::notFound(Text::tr("workflow %1 has no step '%2'").arg(workflowId).arg(key));
    return *found;
}

namespace {

// One value of a column a step change writes: NULL, a whole number or a text.
// The held writes of a pump go straight into array literals from these, with
// no QVariant between (flushStepWrites); a single write binds it as a QVariant.
struct ColumnValue
{
    enum class Kind { Null, Number, Text };
    Kind kind = Kind::Null;
    qint64 number = 0;
    QString text;

    bool operator==(const ColumnValue &other) const
    {
        return kind == other.kind && number == other.number && text == other.text;
    }
    void appendTo(QString &array) const
    {
        switch (kind) {
        case Kind::Null: array += QLatin1StringView("NULL"); break;
        case Kind::Number: sqlarrays::appendNumber(array, number); break;
        case Kind::Text: sqlarrays::appendText(array, text); break;
        }
    }
    // A NULL keeps its column's type, which sqlarrays::unnestOf reads.
    QVariant toVariant(bool textColumn) const
    {
        switch (kind) {
        case Kind::Number: return QVariant(number);
        case Kind::Text: return QVariant(text);
        case Kind::Null: break;
        }
        return QVariant(QMetaType(textColumn ? QMetaType::QString : QMetaType::LongLong));
    }
};

ColumnValue number(qint64 n)
{
    return {ColumnValue::Kind::Number, n, {}};
}

ColumnValue text(const QString &value)
{
    return {ColumnValue::Kind::Text, 0, value};
}

// Times and the like, where 0 is none: NULL for none.
ColumnValue numberOrNull(qint64 n)
{
    return n ? number(n) : ColumnValue{};
}

// Text columns that hold no empty string (lease owner, resource): NULL for none.
ColumnValue textOrNull(const QString &value)
{
    return value.isEmpty() ? ColumnValue{} : text(value);
}

// Texts where an empty one is not none (inputs, outputs): NULL only for a null string.
ColumnValue textUnlessNull(const QString &value)
{
    return value.isNull() ? ColumnValue{} : text(value);
}

QVariant nullIfEmpty(const QString &v)
{
    return textOrNull(v).toVariant(true);
}

struct StepColumn
{
    QLatin1String name;
    bool isText;
    bool (*changed)(const StepRow &before, const StepRow &after);
    ColumnValue (*value)(const StepRow &row);
};

template<auto member, auto value>
StepColumn stepColumn(const char *name, bool isText)
{
    return {QLatin1String(name), isText, [](const StepRow &before, const StepRow &after) { return before.*member != after.*member; },
            [](const StepRow &row) { return value(row.*member); }};
}

// The columns a step change writes, state always and the others only when
// changed: fewer values to bind on the hottest statement, and a column another
// writer set meanwhile (cancel_requested) is not written back as it was. At most
// 32, a change's columns being a bit each (flushStepWrites groups by them).
const StepColumn kStepColumnsWritten[] = {
    {QLatin1String("state"), true, [](const StepRow &, const StepRow &) { return true; },
     [](const StepRow &row) { return text(stepStateName(row.state)); }},
    stepColumn<&StepRow::waitingOn, number>("waiting_on", false),
    stepColumn<&StepRow::attempt, number>("attempt", false),
    stepColumn<&StepRow::budgetStart, number>("budget_start", false),
    stepColumn<&StepRow::dueAt, numberOrNull>("due_at", false),
    stepColumn<&StepRow::readyAt, numberOrNull>("ready_at", false),
    stepColumn<&StepRow::leaseOwner, textOrNull>("lease_owner", true),
    stepColumn<&StepRow::leaseExpires, numberOrNull>("lease_expires", false),
    stepColumn<&StepRow::cancelRequested, number>("cancel_requested", false),
    stepColumn<&StepRow::resourceKey, textOrNull>("resource_key", true),
    stepColumn<&StepRow::resource, textOrNull>("resource", true),
    stepColumn<&StepRow::inputs, textUnlessNull>("inputs", true),
    stepColumn<&StepRow::outputs, textUnlessNull>("outputs", true),
    stepColumn<&StepRow::error, textUnlessNull>("error", true),
    stepColumn<&StepRow::errorKind, textUnlessNull>("error_kind", true),
    stepColumn<&StepRow::manual, number>("manual", false),
    stepColumn<&StepRow::overrides, textUnlessNull>("overrides", true),
    stepColumn<&StepRow::firstStartedAt, numberOrNull>("first_started_at", false),
    stepColumn<&StepRow::startedAt, numberOrNull>("started_at", false),
    stepColumn<&StepRow::finishedAt, numberOrNull>("finished_at", false),
    stepColumn<&StepRow::probeDue, numberOrNull>("probe_due", false),
    stepColumn<&StepRow::probeSince, numberOrNull>("probe_since", false),
    stepColumn<&StepRow::probeAttempt, number>("probe_attempt", false),
    stepColumn<&StepRow::lostAttempts, number>("lost_attempts", false),
    // The implied line's seq, drawn as the row is written (flushStepWrites); cleared by save() when the line is written out.
    {QLatin1String("log_seq"), false, [](const StepRow &, const StepRow &after) { return after.lineImplied; },
     [](const StepRow &) { return number(1); }},
};
static_assert(std::size(kStepColumnsWritten) <= 32);

// The columns a step change writes, a bit each, in kStepColumnsWritten's order.
quint32 changedColumnBits(const StepRow &before, const StepRow &after)
{
    quint32 bits = 0;
    for (size_t c = 0; c < std::size(kStepColumnsWritten); ++c)
        if (kStepColumnsWritten[c].changed(before, after))
            bits |= quint32(1) << c;
    return bits;
}

QList<std::pair<QLatin1String, QVariant>> changedColumns(const StepRow &before, const StepRow &after)
{
    QList<std::pair<QLatin1String, QVariant>> columns;
    const quint32 bits = changedColumnBits(before, after);
    for (size_t c = 0; c < std::size(kStepColumnsWritten); ++c)
        if (bits & (quint32(1) << c))
            columns.append({kStepColumnsWritten[c].name, kStepColumnsWritten[c].value(after).toVariant(kStepColumnsWritten[c].isText)});
    return columns;
}

// The states whose steps engines look for by state (work to claim, leases,
// timers, probes): those steps have a row in step_queue.
bool queued(StepState state)
{
    return state == StepState::Ready || state == StepState::Running || state == StepState::RetryWait || state == StepState::Waiting
           || state == StepState::Paused;
}

struct QueueColumn
{
    QLatin1String name;
    bool isText;
    ColumnValue (*value)(const StepRow &row);
};

// step_queue's columns, in their order, and a step's value of each.
const QueueColumn kQueueColumns[] = {
    {QLatin1String("step_id"), false, [](const StepRow &s) { return number(s.id); }},
    {QLatin1String("workflow_id"), false, [](const StepRow &s) { return number(s.workflowId); }},
    {QLatin1String("kind"), true, [](const StepRow &s) { return text(stepKindName(s.kind)); }},
    {QLatin1String("state"), true, [](const StepRow &s) { return text(stepStateName(s.state)); }},
    {QLatin1String("attempt"), false, [](const StepRow &s) { return number(s.attempt); }},
    {QLatin1String("ready_at"), false, [](const StepRow &s) { return numberOrNull(s.readyAt); }},
    {QLatin1String("due_at"), false, [](const StepRow &s) { return numberOrNull(s.dueAt); }},
    {QLatin1String("probe_due"), false, [](const StepRow &s) { return numberOrNull(s.probeDue); }},
    {QLatin1String("lease_owner"), true, [](const StepRow &s) { return textOrNull(s.leaseOwner); }},
    {QLatin1String("lease_expires"), false, [](const StepRow &s) { return numberOrNull(s.leaseExpires); }},
    {QLatin1String("resource_key"), true, [](const StepRow &s) { return textOrNull(s.resourceKey); }},
    {QLatin1String("resource"), true, [](const StepRow &s) { return textOrNull(s.resource); }},
};

QString queueColumnNames()
{
    QStringList names;
    for (size_t c = 0; c < std::size(kQueueColumns); ++c)
        names.append(kQueueColumns[c].name);
    return names.join(QStringLiteral(", "));
}

// A step's values of step_queue's columns, in their order.
QVariantList queueValues(const StepRow &s)
{
    QVariantList values;
    values.reserve(std::size(kQueueColumns));
    for (const QueueColumn &column : kQueueColumns)
        values.append(column.value(s).toVariant(column.isText));
    return values;
}

// Each of step_queue's columns of the steps as an array literal, in order: the binds of an unnest of them.
QVariantList queueArrays(const QList<const StepRow *> &steps)
{
    QVariantList arrays;
    arrays.reserve(std::size(kQueueColumns));
    for (const QueueColumn &column : kQueueColumns)
        arrays.append(sqlarrays::literal(steps.size(), 8, [&](QString &array, qsizetype i) { column.value(*steps.at(i)).appendTo(array); }));
    return arrays;
}

// Add: the step comes into the queue; Update: it stays there, changed.
enum class QueueChange { None, Add, Update, Remove };

QueueChange queueChange(const StepRow &stored, const StepRow &now)
{
    if (queued(now.state)) {
        if (!queued(stored.state))
            return QueueChange::Add;
        const bool same = std::all_of(std::begin(kQueueColumns), std::end(kQueueColumns),
                                      [&](const QueueColumn &column) { return column.value(now) == column.value(stored); });
        return same ? QueueChange::None : QueueChange::Update;
    }
    return queued(stored.state) ? QueueChange::Remove : QueueChange::None;
}

// A queue row written again takes the step's values.
const QString &queueConflict()
{
    static const QString clause = []() -> QString {
        QStringList set;
        for (size_t c = 1; c < std::size(kQueueColumns); ++c)
            set.append(kQueueColumns[c].name + QStringLiteral(" = excluded.") + kQueueColumns[c].name);
        return QStringLiteral("ON CONFLICT (step_id) DO UPDATE SET ") + set.join(QStringLiteral(", "));
    }();
    return clause;
}

// The queue's changes as a prefix of a step UPDATE (one round trip, not four):
// the rows to remove as an array, those to add and those to update as arrays
// of their columns. Neither writes through INSERT ... ON CONFLICT, whose
// speculative insertion costs a WAL record more for every step: a row added is
// one the queue lacks (its step was not queued, and its workflow is locked, so
// no other engine adds it meanwhile), a row updated one it holds. `queued` and
// `requeued` tell how many rows each wrote.
const QString &queueChangesPrefix()
{
    static const QString prefix = []() -> QString {
        const QString columns = queueColumnNames();
        const QString values = sqlarrays::unnestOf(queueValues(StepRow{}));
        QStringList set;
        for (size_t c = 1; c < std::size(kQueueColumns); ++c)
            set.append(kQueueColumns[c].name + QStringLiteral(" = v.") + kQueueColumns[c].name);
        return QStringLiteral("WITH unqueued AS (DELETE FROM step_queue WHERE step_id = ANY(CAST(? AS bigint[]))),"
                              " queued AS (INSERT INTO step_queue(%1) SELECT * FROM %2 AS a(%1)"
                              " WHERE NOT EXISTS (SELECT 1 FROM step_queue q WHERE q.step_id = a.step_id) RETURNING step_id),"
                              " requeued AS (UPDATE step_queue q SET %3 FROM %2 AS v(%1) WHERE q.step_id = v.step_id RETURNING q.step_id) ")
            .arg(columns, values, set.join(QStringLiteral(", ")));
    }();
    return prefix;
}

Error changedMeanwhile(const StepRow &before, Database::Dialect dialect)
{
    Error raced = Error::conflict(Text::tr("step '%1' was changed by somebody else meanwhile").arg(before.key));
    // Beside other writers (a shared database) it was read before another engine's
    // change committed: the transaction is worth running again, on what is there now.
    raced.transient = dialect == Database::Dialect::Postgres;
    return raced;
}

} // namespace

Status Runtime::Impl::syncQueue(const QList<HeldStepWrite> &changes)
{
    QList<QVariantList> written;
    QList<qint64> gone;
    for (const HeldStepWrite &c : changes) {
        switch (queueChange(c.stored, c.now)) {
        case QueueChange::Add:
        case QueueChange::Update: written.append(queueValues(c.now)); break;
        case QueueChange::Remove: gone.append(c.now.id); break;
        case QueueChange::None: break;
        }
    }
    for (const qint64 id : std::as_const(gone))
        ORDO_CHECK(db.execCached(QStringLiteral("DELETE FROM step_queue WHERE step_id = ?"), {id}));
    return writeQueueRows(written);
}

// Queue rows as they now are, added or written over.
Status Runtime::Impl::writeQueueRows(const QList<QVariantList> &rows)
{
    return insertMany(QStringLiteral("step_queue(") + queueColumnNames() + QLatin1Char(')'), std::size(kQueueColumns), rows,
                      queueConflict());
}

const StepRow *Runtime::Impl::heldStep(qint64 rowId) const
{
    const auto found = heldStepWrites.constFind(rowId);
    return found == heldStepWrites.cend() ? nullptr : &found->now;
}

// The held step changes, one statement per set of columns they change. Each
// row is written only while it is as it was read, as save() checks alone.
Status Runtime::Impl::flushStepWrites()
{
    if (stepWritesRefused)
        return *stepWritesRefused;
    if (heldStepWrites.isEmpty())
        return ok();
    const QHash<qint64, HeldStepWrite> held = std::exchange(heldStepWrites, {});
    struct Group
    {
        quint32 columns; // changedColumnBits
        QList<const HeldStepWrite *> writes;
    };
    QList<Group> groups; // few: a pump's changes are mostly alike
    QList<qint64> ids = held.keys();
    std::sort(ids.begin(), ids.end()); // rows locked in id order, as every engine locks them
    QList<qint64> unqueued;
    QList<const StepRow *> queueAdded;
    QList<const StepRow *> queueUpdated;
    for (const qint64 id : std::as_const(ids)) {
        const HeldStepWrite &w = *held.constFind(id);
        switch (queueChange(w.stored, w.now)) {
        case QueueChange::Add: queueAdded.append(&w.now); break;
        case QueueChange::Update: queueUpdated.append(&w.now); break;
        case QueueChange::Remove: unqueued.append(id); break;
        case QueueChange::None: break;
        }
        const quint32 columns = changedColumnBits(w.stored, w.now);
        auto group = std::find_if(groups.begin(), groups.end(), [columns](const Group &g) { return g.columns == columns; });
        if (group == groups.end())
            group = groups.insert(groups.end(), Group{columns, {}});
        group->writes.append(&w);
    }
    // The id and what was read, then the changed columns: an array literal each.
    const auto arrayOf = [](const Group &group, auto value) {
        return sqlarrays::literal(group.writes.size(), 8, [&](QString &array, qsizetype i) { value(*group.writes.at(i)).appendTo(array); });
    };
    bool withQueue = true; // the queue's changes go with the first statement
    qint64 queueRowsAdded = 0;
    qint64 queueRowsFound = 0;
    for (const Group &group : std::as_const(groups)) {
        QVariantList binds{arrayOf(group, [](const HeldStepWrite &w) { return number(w.now.id); }),
                           arrayOf(group, [](const HeldStepWrite &w) { return text(stepStateName(w.stored.state)); }),
                           arrayOf(group, [](const HeldStepWrite &w) { return number(w.stored.attempt); }),
                           arrayOf(group, [](const HeldStepWrite &w) { return textOrNull(w.stored.leaseOwner); })};
        QString set;
        QString casts = QStringLiteral("CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS text[])");
        QString aliases;
        for (size_t c = 0; c < std::size(kStepColumnsWritten); ++c) {
            if (!(group.columns & (quint32(1) << c)))
                continue;
            const StepColumn &column = kStepColumnsWritten[c];
            set += (set.isEmpty() ? QString() : QStringLiteral(", ")) + column.name
                   + (column.name == QLatin1String("log_seq") ? QStringLiteral(" = nextval('step_log_seq_seq')") : QStringLiteral(" = v.") + column.name);
            casts += column.isText ? QStringLiteral(", CAST(? AS text[])") : QStringLiteral(", CAST(? AS bigint[])");
            aliases += QStringLiteral(", ") + column.name;
            binds.append(arrayOf(group, [&column](const HeldStepWrite &w) { return column.value(w.now); }));
        }
        const QString sql = QStringLiteral("UPDATE steps s SET ") + set + QStringLiteral(" FROM unnest(") + casts
                            + QStringLiteral(") AS v(id, was_state, was_attempt, was_owner") + aliases
                            + QStringLiteral(") WHERE s.id = v.id AND s.state = v.was_state AND s.attempt = v.was_attempt"
                                             " AND s.lease_owner IS NOT DISTINCT FROM v.was_owner RETURNING s.id");
        auto q = withQueue ? db.execCached(queueChangesPrefix() + sql + QStringLiteral(", (SELECT COUNT(*) FROM queued), (SELECT COUNT(*) FROM requeued)"),
                                           QVariantList{sqlarrays::numbers(unqueued)} + queueArrays(queueAdded) + queueArrays(queueUpdated) + binds)
                           : db.execCached(sql, binds);
        if (!q) {
            stepWritesRefused = q.error();
            return q.error();
        }
        QSet<qint64> written;
        while (q->next()) {
            written.insert(q->integer(0));
            if (withQueue) {
                queueRowsAdded = q->integer(1);
                queueRowsFound = q->integer(2);
            }
        }
        withQueue = false;
        for (const HeldStepWrite *w : group.writes) {
            if (!written.contains(w->now.id)) {
                stepWritesRefused = changedMeanwhile(w->stored, db.dialect());
                return *stepWritesRefused;
            }
        }
    }
    // A queue row that should have been there and was not, or should not have been
    // and was (written by hand, or by a bug), is written again, so that no step
    // drops out of the engines' sight or stays there as it was.
    const auto writtenAgainUnless = [&](const QList<const StepRow *> &steps, qint64 written, const char *what) -> Status {
        if (written == steps.size())
            return ok();
        qCWarning(lcEngine).nospace() << "step_queue took " << written << " of the " << steps.size() << " rows a pump " << what << "; written again";
        QList<QVariantList> rows;
        for (const StepRow *step : steps)
            rows.append(queueValues(*step));
        return writeQueueRows(rows);
    };
    ORDO_CHECK(writtenAgainUnless(queueAdded, queueRowsAdded, "added"));
    return writtenAgainUnless(queueUpdated, queueRowsFound, "updated");
}

// Writes a step's new state and fields; the one place step states change.
Status Runtime::Impl::save(const StepRow &before, StepRow after)
{
    const qint64 t = now(); // the step's finish and its attempt's end are one moment
    if (before.state != after.state) {
        if (!canTransition(before.state, after.state)) // the message only when needed: this runs for every change
            return checkTransition(before.state, after.state, Text::tr("step '%1'").arg(before.key));
        if (isTerminal(after.state) && !isTerminal(before.state))
            after.finishedAt = t;
    }
    if (locksRows()) {
        if (before.state == StepState::Succeeded && after.state != StepState::Succeeded) {
            // The success's implied line is written out with its seq and time, and the row
            // no longer implies it, in one statement (its success, if held, is written first).
            ORDO_CHECK(db.execCached(QStringLiteral("WITH line AS (UPDATE steps s SET log_seq = NULL FROM (SELECT id, log_seq FROM steps"
                                                    " WHERE id = ? AND state = 'succeeded' AND log_seq IS NOT NULL) AS was WHERE s.id = was.id"
                                                    " RETURNING was.log_seq, s.workflow_id, s.step_key, s.kind, s.finished_at)"
                                                    " INSERT INTO step_log(seq, workflow_id, step_key, at, kind, message)"
                                                    " SELECT log_seq, workflow_id, ")
                                         + kLogLabel + QStringLiteral(", finished_at, 'state', 'running -> succeeded' FROM line"),
                                     {after.id}));
        }
        // On a shared database a success's line is implied by its row while the row
        // stands: a row and an index entry fewer for nearly every step. Not while a line
        // of its workflow waits to be written: that one (a step's output) comes first,
        // and the seq drawn with the row would come before it.
        const qint64 workflowId = after.workflowId;
        after.lineImplied = before.state == StepState::Running && after.state == StepState::Succeeded
                            && std::none_of(pendingLog.cbegin(), pendingLog.cend(),
                                            [workflowId](const PendingLogLine &l) { return l.workflowId == workflowId; });
    } else {
        after.lineImplied = false;
    }
    stepWritten(after.workflowId);
    if (locksRows()) {
        if (const auto held = heldStepWrites.find(after.id); held != heldStepWrites.end()) {
            // Changed again in this transaction: checked against the change held, as the database would.
            if (held->now.state != before.state || held->now.attempt != before.attempt || held->now.leaseOwner != before.leaseOwner)
                return changedMeanwhile(before, db.dialect());
            // A success held and saved again: its line is still the row's to imply.
            after.lineImplied = after.lineImplied || (held->now.lineImplied && after.state == StepState::Succeeded);
            held->now = after;
        } else {
            heldStepWrites.insert(after.id, {before, after});
        }
    } else {
        QString sql = QStringLiteral("UPDATE steps SET ");
        QVariantList binds;
        for (const auto &[name, value] : changedColumns(before, after)) {
            sql += (binds.isEmpty() ? QString() : QStringLiteral(", ")) + name + QStringLiteral(" = ?");
            binds.append(value);
        }
        // As it was read: another engine's change since (a takeover leaves the
        // state as it was, with a new attempt and owner) makes this one refused.
        sql += QStringLiteral(" WHERE id = ? AND state = ? AND attempt = ? AND lease_owner IS NOT DISTINCT FROM ?");
        binds << after.id << stepStateName(before.state) << before.attempt << nullIfEmpty(before.leaseOwner);
        ORDO_TRY(q, db.execCached(sql, binds));
        if (q.numRowsAffected() != 1)
            return changedMeanwhile(before, db.dialect());
        ORDO_CHECK(syncQueue({{before, after}}));
    }
    ORDO_CHECK(recordAttempt(before, after, t));
    if (locksRows()) {
        claimedRows.remove(after.id);
        if (after.state == StepState::Running && !after.leaseOwner.isEmpty()
            && (before.state != StepState::Running || before.attempt != after.attempt))
            claimedInTransaction.insert(after.id, after);
        else
            claimedInTransaction.remove(after.id);
    }
    if (isTerminal(after.state))
        stepsLeftOpen.remove(after.id);
    else
        stepsLeftOpen.insert(after.id, after.workflowId);
    if (after.state == StepState::Ready && before.state != StepState::Ready && after.kind == StepKind::Normal)
        handoff.steps.append({after.id, after.workflowId});
    if (before.state != after.state) {
        const QString label = after.kind == StepKind::Compensation ? after.key + QStringLiteral(" (compensation)") : after.key;
        QString message = stepStateName(before.state) + QStringLiteral(" -> ") + stepStateName(after.state);
        if (!after.error.isEmpty() && (after.state == StepState::Failed || after.state == StepState::RetryWait || after.state == StepState::Paused
                                       || after.state == StepState::Skipped))
            message += QStringLiteral(": ") + after.error;
        // A step's routine way (pending -> ready -> running) writes no line: the step's row says when it
        // became ready and started, its attempts when each one started, and the line its attempt ends with
        // is kept. Two lines fewer per step: +8 % no-op steps/s on a shared database.
        const bool routine = (before.state == StepState::Pending && after.state == StepState::Ready)
                             || (before.state == StepState::Ready && after.state == StepState::Running);
        if (!routine && !after.lineImplied)
            ORDO_CHECK(logLine(after.workflowId, label, LogKind::State, message, t));
        stepEvent(after.workflowId, after.key, after.kind, after.state, message);
    }
    changed(ChangeKind::Step, after.id, after.workflowId);
    return ok();
}

// Keeps the attempt a step change ends (the row keeps only the last one's inputs, outputs and error).
// An attempt that succeeded stays in the step's row, which holds all of it, until
// the row changes again (a compensation): most steps' only attempt costs no row
// of its own. Runtime::attempts reads it from there.
Status Runtime::Impl::recordAttempt(const StepRow &before, const StepRow &after, qint64 at)
{
    using Outcome = StepAttempt::Outcome;
    if (before.state == StepState::Succeeded && after.state != StepState::Succeeded) {
        // Not twice: the row may stand again after a compensation failed, and a
        // database written before attempts stayed in their rows kept every one.
        ORDO_CHECK(db.execCached(QStringLiteral("INSERT INTO step_attempts(workflow_id, step_key, kind, attempt, state, inputs, outputs,"
                                                " started_at, finished_at) SELECT CAST(? AS bigint), CAST(? AS text), CAST(? AS text), CAST(? AS bigint),"
                                                " 'succeeded', CAST(? AS text), CAST(? AS text), CAST(? AS bigint), CAST(? AS bigint)"
                                                " WHERE NOT EXISTS (SELECT 1 FROM step_attempts"
                                                " WHERE workflow_id = ? AND step_key = ? AND kind = ? AND attempt = ? AND state = 'succeeded')"),
                                 {before.workflowId, before.key, stepKindName(before.kind), before.attempt, nullableText(before.inputs),
                                  nullableText(before.outputs), nullable(before.startedAt), nullable(before.finishedAt), before.workflowId,
                                  before.key, stepKindName(before.kind), before.attempt}));
        return ok();
    }
    const bool attemptOpen = before.state == StepState::Running || before.state == StepState::Waiting;
    std::optional<Outcome> outcome;
    int attempt = before.attempt;
    if (attemptOpen && after.state == before.state && after.attempt != before.attempt)
        outcome = Outcome::Lost; // taken over from an engine whose lease expired
    else if (after.state == StepState::Skipped && after.manual && before.state != StepState::Skipped) {
        outcome = Outcome::Skipped; // by support, with the outputs given: an attempt of its own
        if (!attemptOpen)
            attempt = before.attempt + 1;
    } else if (attemptOpen && after.state != before.state) {
        switch (after.state) {
        case StepState::Succeeded: outcome = Outcome::Succeeded; break;
        case StepState::Cancelled: outcome = Outcome::Cancelled; break;
        case StepState::Ready:
        case StepState::Pending: outcome = Outcome::Lost; break; // its engine stopped or handed it back
        default: outcome = after.attemptLost ? Outcome::Lost : Outcome::Failed; break;
        }
    }
    if (!outcome || *outcome == Outcome::Succeeded)
        return ok();
    const bool failed = *outcome != Outcome::Skipped;
    // Written with the log at the end of the transaction: nothing in it reads attempts.
    pendingAttempts.append({after.workflowId, after.key, stepKindName(after.kind), attempt, attemptOutcomeName(*outcome),
                            nullableText(before.inputs), failed ? QVariant(QMetaType(QMetaType::QString)) : nullableText(after.outputs),
                            failed ? nullableText(after.error) : QVariant(QMetaType(QMetaType::QString)),
                            failed && *outcome == Outcome::Failed ? nullableText(after.errorKind) : QVariant(QMetaType(QMetaType::QString)),
                            nullable(attemptOpen ? before.startedAt : 0), at});
    return ok();
}

Status Runtime::Impl::setWorkflowState(WorkflowRow &w, WorkflowState to, const QString &error)
{
    if (w.state == to)
        return ok();
    ORDO_CHECK(checkTransition(w.state, to, Text::tr("workflow %1").arg(w.id)));
    const qint64 t = now();
    {
        ScopedFlag seen(readsSeeHeldWrites); // no step read: the step writes held stay held
        ORDO_TRY(q, db.execCached(QStringLiteral("UPDATE workflows SET state = ?, updated_at = ?, finished_at = ?, error = ? WHERE id = ? AND state = ?"),
                                  {workflowStateName(to), t, isTerminal(to) ? QVariant(t) : QVariant(QMetaType(QMetaType::LongLong)),
                                   error.isNull() ? w.error : error, w.id, workflowStateName(w.state)}));
        if (q.numRowsAffected() != 1)
            return Error::conflict(Text::tr("workflow %1 was changed by somebody else meanwhile").arg(w.id));
    }
    const QString message = workflowStateName(w.state) + QStringLiteral(" -> ") + workflowStateName(to)
                            + (error.isEmpty() ? QString() : QStringLiteral(": ") + error);
    ORDO_CHECK(logLine(w.id, QString(), LogKind::State, message));
    workflowEvent(w.id, to, message);
    changed(ChangeKind::Workflow, w.id, w.id);
    w.state = to;
    if (!error.isNull())
        w.error = error;
    // The claims after a batch of completions see the workflow as it now is (a timer, a
    // lapsed lease or a step handed off before may have failed or paused it since the batch).
    if (const auto handed = handoff.workflows.find(w.id); handed != handoff.workflows.end())
        *handed = w;
    return ok();
}

} // namespace ordo::engine

#include "engine/RuntimeImpl.h"
#include "store/Migrations.h"

#include <QSet>

#include <algorithm>
#include <bit>

namespace ordo::engine {

using namespace detail;

namespace {

// How many of the newest ready steps the lane for fresh work looks at.
constexpr int kFreshLook = 64;

// A LIMIT written into the SQL, not bound: a kept plan (Database::keepPlans)
// made for a bound LIMIT expects a tenth of the table, and scans it. Rounded
// up to a power of two, so that a statement has few texts in the statement
// cache; the caller takes no more than it wants.
int rowLimit(int wanted)
{
    return static_cast<int>(std::bit_ceil(static_cast<unsigned>(std::max(1, wanted))));
}

QString limitOf(int rows)
{
    return QStringLiteral(" LIMIT ") + QString::number(rows);
}

} // namespace

// Whether an engine holds no running step under a live lease (one that lapsed is anybody's to take).
Result<bool> Runtime::Impl::holdsNothing(const QString &owner, qint64 at)
{
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT 1 FROM step_queue WHERE lease_owner = ? AND state = 'running' AND lease_expires >= ? LIMIT 1"),
                              {owner, at}));
    return !q.next();
}

Result<QList<Claim>> Runtime::claim(const QString &owner, int max, qint64 leaseMs, int freshMax)
{
    return claimSteps(owner, max, leaseMs, freshMax, true, true);
}

Result<Runtime::Impl::PumpLook> Runtime::Impl::lookAround()
{
    // The earliest due time and lease through their indexes (MIN reads one entry): no
    // time to bind, so the plan kept is the same whatever the time. Built once per dialect.
    static const auto look = [](Database::Dialect dialect) -> QString {
        return QStringLiteral("SELECT (SELECT MIN(due_at) FROM step_queue WHERE state IN ('retry-wait', 'waiting')),"
                              " (SELECT MIN(lease_expires) FROM step_queue WHERE state = 'running'), EXISTS (")
               + resolvableOrderStepIds(dialect) + QStringLiteral("), EXISTS (SELECT 1 FROM concurrency_limits), ") + queueLostSql(dialect);
    };
    static const QString sqlite = look(Database::Dialect::Sqlite);
    static const QString postgres = look(Database::Dialect::Postgres);
    // Past the step changes held back (the completions before it): sent now, the steps
    // made ready with them would be written twice once claimed. Of what they change, a
    // retry due is looked for among them below; a lease they ended may still be seen
    // lapsed, and costs a look for lapsed leases that finds it gone.
    ScopedFlag past(readsSeeHeldWrites);
    ORDO_TRY(q, db.execCached(db.dialect() == Database::Dialect::Sqlite ? sqlite : postgres));
    if (!q.next())
        return Error::internal(QStringLiteral("no answer to the pump's look"));
    const qint64 t = now();
    const QVariant due = q.value(0);
    const QVariant lease = q.value(1);
    bool timersDue = !due.isNull() && due.toLongLong() <= t;
    for (const HeldStepWrite &held : std::as_const(heldStepWrites))
        timersDue = timersDue
                    || ((held.now.state == StepState::RetryWait || held.now.state == StepState::Waiting) && held.now.dueAt && held.now.dueAt <= t);
    return PumpLook{timersDue, !lease.isNull() && lease.toLongLong() < t, q.value(2).toBool(), q.value(3).toBool(), q.value(4).toBool()};
}

// Refills a shared database's queue from steps, unless another engine did. A
// transaction of its own, which holds nothing but the lock that every writer of
// the queue waits for (readers do not): engines refilling at once wait for each
// other, no writer waits long, and the fill, a statement after the lock (read
// committed), reads steps as every writer before it left them.
Status Runtime::Impl::refillQueue()
{
    ORDO_CHECK(db.exec(QStringLiteral("LOCK TABLE step_queue IN EXCLUSIVE MODE")));
    ORDO_TRY(intact, db.exec(QStringLiteral("SELECT 1 FROM step_queue_intact")));
    if (intact.next())
        return ok();
    // Rows written since the crash are written again from their steps.
    ORDO_CHECK(db.exec(QStringLiteral("DELETE FROM step_queue")));
    ORDO_TRY(filled, db.exec(stepQueueFill()));
    ORDO_CHECK(db.exec(QStringLiteral("INSERT INTO step_queue_intact DEFAULT VALUES")));
    qCWarning(lcEngine) << "a crash of the database server emptied the step queue; refilled from the steps:" << filled.numRowsAffected()
                        << "queued";
    return ok();
}

Status Runtime::Impl::refillLostQueue()
{
    if (!queueLost)
        return ok();
    ORDO_CHECK(transact([&]() -> Status { return refillQueue(); }));
    queueLost = false;
    return ok();
}

Result<QList<Claim>> Runtime::claimSteps(const QString &owner, int max, qint64 leaseMs, int freshMax, bool lapsedLeases, bool limited)
{
    max = std::max(0, max);
    freshMax = std::max(0, freshMax);
    if (max + freshMax == 0)
        return QList<Claim>();
    ScopedFlag engine(d->engineSide);
    return d->transact([&]() -> Result<QList<Claim>> {
        const qint64 t = d->now();
        // While it runs a suspect, an engine takes nothing else.
        if (const qint64 suspect = d->heldSuspects.value(owner)) {
            ORDO_TRY(held, d->db.execCached(QStringLiteral("SELECT 1 FROM step_queue WHERE step_id = ? AND lease_owner = ? AND state = 'running'"
                                                           " AND lease_expires >= ?"),
                                            {suspect, owner, t}));
            if (held.next())
                return QList<Claim>();
            d->heldSuspects.remove(owner);
        }
        QList<StepRow> expiredLeases;
        if (lapsedLeases) {
            // Expired leases first: their engines died, and the work is oldest.
            ORDO_TRY(expired, d->db.execCached(QStringLiteral("SELECT ") + kStepColumns
                                                   + QStringLiteral(" FROM steps WHERE ")
                                                   + idAmong(d->db.dialect(), QStringLiteral("SELECT step_id FROM step_queue WHERE state = 'running'"
                                                                                             " AND lease_expires < ? ORDER BY lease_expires")
                                                                 + limitOf(rowLimit(max)))
                                                   + QStringLiteral(" AND state = 'running' ORDER BY lease_expires"),
                                               {t}));
            while (expired.next())
                expiredLeases.append(readStep(expired));
        }
        QHash<QString, int> limits;
        QHash<QString, int> running;
        if (limited) {
            ScopedFlag past(d->readsSeeHeldWrites); // no step read
            ORDO_TRY(lq, d->db.execCached(QStringLiteral("SELECT key, max_running FROM concurrency_limits")));
            while (lq.next())
                limits.insert(lq.value(0).toString(), lq.value(1).toInt());
        }
        QList<Claim> claims;
        // Set once a suspect is taken, or waits for this engine to run dry: nothing more is claimed.
        bool claimNoMore = false;
        QHash<qint64, WorkflowRow> workflows;
        QSet<qint64> passedBy; // locked by another engine: its steps wait for the next pump
        Impl::StepBatch lockedSteps;
        // On a shared database, when a step's workflow is not locked yet, the
        // workflows of it and the next steps to consider are locked in one
        // statement and those steps read again in another, not a few per step.
        const auto lockAhead = [&](const QList<StepRow> &rows, qsizetype from, qsizetype want) -> Status {
            if (!d->locksRows() || want <= 0 || workflows.contains(rows.at(from).workflowId) || passedBy.contains(rows.at(from).workflowId))
                return ok();
            QList<qint64> ids;
            QList<StepRow> next;
            for (qsizetype i = from; i < rows.size() && next.size() < want; ++i) {
                const StepRow &row = rows.at(i);
                if (passedBy.contains(row.workflowId))
                    continue;
                if (!workflows.contains(row.workflowId) && !ids.contains(row.workflowId))
                    ids.append(row.workflowId);
                next.append(row);
            }
            ORDO_TRY(locked, d->lockWorkflows(ids, true));
            for (const WorkflowRow &w : std::as_const(locked))
                workflows.insert(w.id, w);
            for (const qint64 id : std::as_const(ids))
                if (!workflows.contains(id))
                    passedBy.insert(id);
            QList<qint64> stepIds;
            for (const StepRow &row : std::as_const(next))
                if (!passedBy.contains(row.workflowId))
                    stepIds.append(row.id);
            if (stepIds.isEmpty())
                return ok();
            ORDO_TRY(read, d->stepRows(stepIds));
            lockedSteps = std::move(read);
            return ok();
        };
        const auto consider = [&](const StepRow &found, bool handedOff = false) -> Status {
            if (passedBy.contains(found.workflowId))
                return ok();
            if (!workflows.contains(found.workflowId)) {
                ORDO_TRY(w, d->freeWorkflowRow(found.workflowId));
                // Another engine is changing it: its steps wait for the next pump.
                if (!w) {
                    passedBy.insert(found.workflowId);
                    return ok();
                }
                workflows.insert(found.workflowId, *w);
            }
            // With the workflow locked, the step as it is now: another engine may have
            // taken it between the query that found it and the lock, and a step
            // considered before it may have changed it (a rollback cancels it).
            StepRow row = found;
            if (d->locksRows() || d->stepsWrittenIn(found.workflowId)) {
                ORDO_TRY(fresh, d->stepRow(lockedSteps, found.id));
                // A running step is taken over only while its lease is still the
                // expired one found: its owner may have renewed it meanwhile.
                if (fresh.state != found.state || fresh.attempt != found.attempt || fresh.leaseOwner != found.leaseOwner
                    || (fresh.state == StepState::Running && fresh.leaseExpires >= t))
                    return ok();
                row = fresh;
            }
            WorkflowRow &w = workflows[row.workflowId];
            // As the queue's look asks: a ready step starts only in a running workflow, or
            // as a compensation in one rolling back (this transaction may have failed or
            // paused it since the step was found).
            if (row.state == StepState::Ready && w.state != WorkflowState::Running
                && !(w.state == WorkflowState::RollingBack && row.kind == StepKind::Compensation))
                return ok();
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
            const bool compensation = row.kind == StepKind::Compensation;
            const QString action = compensation ? s.compensate->action : s.action;
            if (row.state == StepState::Running && !isTerminal(w.state) && w.state != WorkflowState::Running
                && w.state != WorkflowState::RollingBack) {
                // An expired lease in a paused or failed workflow: the attempt is lost; run it again once continued.
                StepRow after = row;
                after.state = StepState::Paused;
                after.leaseOwner.clear();
                after.leaseExpires = 0;
                after.error = Text::tr("its engine stopped while the workflow was %1").arg(workflowStateName(w.state));
                after.attemptLost = true;
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
                    // Engines beside this one count the same key in turn, each after the
                    // last one's claims committed (the lock lasts until this transaction ends).
                    // The limit's row, not an advisory lock: any role may take any advisory
                    // lock (and read its key in pg_locks), and a person who held this one
                    // would stall every engine's pump; nobody but engines may lock the row.
                    // Read as it is now: a limit removed since the pump's look is none.
                    if (d->locksRows()) {
                        ORDO_TRY(locked, d->db.execCached(QStringLiteral("SELECT max_running FROM concurrency_limits WHERE key = ? FOR NO KEY UPDATE"),
                                                          {key}));
                        if (!locked.next()) {
                            limits.remove(key);
                            return true;
                        }
                        limits.insert(key, locked.value(0).toInt());
                    }
                    ORDO_TRY(cq, d->db.execCached(QStringLiteral("SELECT COUNT(*) FROM step_queue WHERE state = 'running' AND ")
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
            if (!compensation && isOrderStep(action)) {
                ORDO_CHECK(d->beginOrderStep(w, *l, row, action));
                return d->checkFinished(w.id);
            }
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
            // Under a concurrency limit a step waits its turn in the queue, oldest first:
            // handed off, a workflow that goes on would keep the limit's room to itself.
            if (handedOff && (limits.contains(action) || limits.contains(resource)))
                return ok();
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
                ORDO_CHECK(d->logLine(w.id, row.key, LogKind::Log,
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
        // The steps the completions before in this transaction made ready start here
        // first, as far as three quarters of what this pump may take: the rest is the
        // queue's, oldest first, so that steps waiting there are not held back for good
        // by workflows that go on. One worker takes from the queue alone. Their workflows
        // are looked up as they are now: a step considered before may fail or pause one.
        const QList<std::pair<qint64, qint64>> handedOff = std::exchange(d->handoff.steps, {});
        const qsizetype handoffMax = max - (max + 3) / 4;
        if (handoffMax > 0 && d->locksRows()) {
            // Held back still, most of them; those sent meanwhile are read at once.
            QList<qint64> sent;
            for (const auto &[stepId, workflowId] : handedOff)
                if (!d->heldStep(stepId))
                    sent.append(stepId);
            if (!sent.isEmpty()) {
                ORDO_TRY(read, d->stepRows(sent));
                lockedSteps = std::move(read);
            }
        }
        for (const auto &[stepId, workflowId] : handedOff) {
            if (claims.size() >= handoffMax || claimNoMore)
                break;
            const auto w = d->handoff.workflows.constFind(workflowId);
            if (w == d->handoff.workflows.cend() || w->state != WorkflowState::Running || passedBy.contains(workflowId))
                continue;
            ORDO_TRY(row, d->stepRow(lockedSteps, stepId));
            if (row.state != StepState::Ready || (row.dueAt && row.dueAt > t))
                continue;
            if (!workflows.contains(workflowId))
                workflows.insert(workflowId, *w);
            ORDO_CHECK(consider(row, true));
        }
        d->handoff = {};
        // The ready steps a look at the queue finds, in its order. On a shared database the
        // queue's own columns do: each step is read again, whole, once its workflow is locked
        // (lockAhead), and the look finds more steps than it takes when engines compete.
        const auto readyFound = [&](const std::function<QString(const QString &)> &look, const QString &order,
                                    const QVariantList &binds) -> Result<QList<StepRow>> {
            QList<StepRow> rows;
            if (d->locksRows()) {
                ORDO_TRY(q, d->db.execCached(look(QStringLiteral("q.step_id, q.workflow_id, q.kind, q.state, q.attempt, q.ready_at")), binds));
                while (q.next()) {
                    StepRow r;
                    r.id = q.integer(0);
                    r.workflowId = q.integer(1);
                    r.kind = stepKindFromName(q.text(2)).value_or(StepKind::Normal);
                    r.state = stepStateFromName(q.text(3)).value_or(StepState::Failed);
                    r.attempt = static_cast<int>(q.integer(4));
                    r.readyAt = q.integer(5);
                    rows.append(r);
                }
                return rows;
            }
            ORDO_TRY(q, d->db.execCached(QStringLiteral("SELECT ") + kStepColumns + QStringLiteral(" FROM steps WHERE ")
                                             + idAmong(d->db.dialect(), look(QStringLiteral("q.step_id")))
                                             + QStringLiteral(" AND state = 'ready' ORDER BY ") + order,
                                         binds));
            while (q.next())
                rows.append(readStep(q));
            return rows;
        };
        // The lane for fresh work, beyond max: among the newest ready steps, those of
        // workflows that have started nothing yet. A bounded look, so that a long queue
        // of ready steps costs it nothing more. "Started nothing" is a scalar subquery,
        // run per candidate over its workflow's steps (the key leads with workflow_id):
        // as NOT EXISTS, PostgreSQL may plan it as a join, and from statistics taken
        // before any step ran (no attempt over 0) it read all of steps for every look,
        // a second a look at 800,000 steps.
        qsizetype freshTaken = 0;
        if (freshMax > 0 && !claimNoMore) {
            // Newest first, a step without ready_at last in both dialects (the queue's index, read backwards).
            const QString newestOrder = d->db.dialect() == Database::Dialect::Sqlite ? QStringLiteral("%1ready_at DESC, %2 DESC")
                                                                                      : QStringLiteral("%1ready_at DESC NULLS LAST, %2 DESC");
            ORDO_TRY(rows, readyFound(
                               [&](const QString &columns) -> QString {
                                   return QStringLiteral("SELECT ") + columns
                                          + QStringLiteral(" FROM (SELECT q.step_id, q.workflow_id, q.kind, q.state, q.attempt, q.ready_at"
                                                           " FROM step_queue q WHERE q.state = 'ready' AND q.kind = 'step' AND q.attempt = 0"
                                                           " AND (q.due_at IS NULL OR q.due_at <= ?)"
                                                           " ORDER BY ") + newestOrder.arg(QStringLiteral("q."), QStringLiteral("q.step_id"))
                                          + limitOf(kFreshLook)
                                          + QStringLiteral(") q JOIN workflows w ON w.id = q.workflow_id WHERE w.state = 'running'"
                                                           " AND (SELECT 1 FROM steps p WHERE p.workflow_id = q.workflow_id"
                                                           " AND p.attempt > 0 LIMIT 1) IS NULL ORDER BY ")
                                          + newestOrder.arg(QStringLiteral("q."), QStringLiteral("q.step_id"));
                               },
                               newestOrder.arg(QString(), QStringLiteral("id")), {t}));
            for (qsizetype i = 0; i < rows.size(); ++i) {
                const StepRow &row = rows.at(i);
                if (freshTaken >= freshMax || claimNoMore)
                    break;
                ORDO_CHECK(lockAhead(rows, i, freshMax - freshTaken));
                const qsizetype before = claims.size();
                ORDO_CHECK(consider(row));
                freshTaken += claims.size() - before;
            }
        }
        // Ready steps, oldest first, a page at a time: when the oldest are held
        // back by concurrency limits, younger ones behind them still start. The first
        // page holds twice what is still wanted (the handoff may have taken most of
        // max), each page after it twice max.
        // In the order the paging below assumes: a step without ready_at first
        // (SQLite sorts NULL first by itself, and its index serves this order).
        const QString readyOrder = d->db.dialect() == Database::Dialect::Sqlite ? QStringLiteral("%1ready_at, %2")
                                                                                 : QStringLiteral("%1ready_at NULLS FIRST, %2");
        qint64 afterReadyAt = -1;
        qint64 afterId = 0;
        for (int page = 0; page < 8 && claims.size() - freshTaken < max && !claimNoMore; ++page) {
            const int pageSize = rowLimit(static_cast<int>(page == 0 ? max - (claims.size() - freshTaken) : max) * 2);
            // The page found in the queue alone (its index, in order), then its steps by key.
            ORDO_TRY(rows, readyFound(
                               [&](const QString &columns) -> QString {
                                   return QStringLiteral("SELECT ") + columns
                                          + QStringLiteral(" FROM step_queue q JOIN workflows w ON w.id = q.workflow_id"
                                                           " WHERE q.state = 'ready' AND (q.due_at IS NULL OR q.due_at <= ?)"
                                                           " AND (w.state = 'running' OR (w.state = 'rolling-back' AND q.kind = 'compensation'))"
                                                           " AND (COALESCE(q.ready_at, 0) > ? OR (COALESCE(q.ready_at, 0) = ? AND q.step_id > ?))"
                                                           " ORDER BY ") + readyOrder.arg(QStringLiteral("q."), QStringLiteral("q.step_id"))
                                          + limitOf(pageSize);
                               },
                               readyOrder.arg(QString(), QStringLiteral("id")), {t, afterReadyAt, afterReadyAt, afterId}));
            for (qsizetype i = 0; i < rows.size(); ++i) {
                const StepRow &row = rows.at(i);
                if (claims.size() - freshTaken >= max)
                    break;
                ORDO_CHECK(lockAhead(rows, i, max - (claims.size() - freshTaken)));
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
    ScopedFlag engine(d->engineSide);
    return d->transact([&]() -> Status {
        d->handoff = {};
        QHash<qint64, WorkflowRow> workflows;
        Impl::StepBatch steps;
        if (d->locksRows()) {
            // Every engine locks the workflows of its completions in id order: two
            // completing steps of the same workflows wait for each other instead of
            // deadlocking. (Timers, order steps and claims after them pass by a workflow
            // that is locked.) Then the steps, read with their workflows locked.
            QList<qint64> stepIds;
            QList<qint64> named; // a step's workflow never changes: as claimed is as it is
            // A success of an attempt this runtime claimed starts from the row its claim
            // left (taken, so that a transaction run again reads the row); a failure reads
            // it, since people may have asked meanwhile to stop the step (a success never
            // looks at that, but for outputs over the bound: stepSucceeded reads it then).
            QList<StepRow> asClaimed;
            QList<qint64> toRead;
            for (const Completion &c : completions) {
                stepIds.append(c.rowId);
                named.append(c.workflowId);
                const StepRow claimed = d->claimedRows.take(c.rowId);
                if (claimed.id == c.rowId && claimed.attempt == c.attempt && claimed.leaseOwner == owner
                    && std::holds_alternative<QJsonObject>(c.outcome))
                    asClaimed.append(claimed);
                else
                    toRead.append(c.rowId);
            }
            // lockWorkflows orders and folds repeats itself; 0 is a completion naming none.
            ORDO_TRY(ids, named.contains(0) ? d->workflowsOf(stepIds) : Result<QList<qint64>>(named));
            ORDO_TRY(locked, d->lockWorkflows(ids, false));
            for (const WorkflowRow &w : std::as_const(locked))
                workflows.insert(w.id, w);
            if (toRead.isEmpty()) {
                steps.readAt = d->stepWrites;
            } else {
                ORDO_TRY(read, d->stepRows(toRead));
                steps = std::move(read);
            }
            for (const StepRow &row : std::as_const(asClaimed)) {
                const StepRow *held = d->heldStep(row.id);
                steps.rows.insert(row.id, held ? *held : row);
            }
            // The steps after those that finish, read at once: looked up one by one, they cost a statement each.
            QList<std::pair<qint64, QString>> after;
            for (const StepRow &row : std::as_const(steps.rows)) {
                const auto w = workflows.constFind(row.workflowId);
                if (w == workflows.cend() || row.kind != StepKind::Normal)
                    continue;
                auto l = d->definition(w->name, w->version);
                const int index = l ? l->get()->def.indexOf.value(row.key, -1) : -1;
                if (index < 0)
                    continue;
                for (const int dependent : l->get()->def.dependents.at(index))
                    after.append({row.workflowId, l->get()->def.steps.at(dependent).id});
            }
            ORDO_CHECK(d->readSuccessors(after));
        }
        for (const Completion &c : completions) {
            // Read with its workflow locked: another engine may have taken it over.
            ORDO_TRY(row, d->stepRow(steps, c.rowId));
            // A lease that expired and was taken over, or an attempt already given up on: not ours to record.
            if (row.state != StepState::Running || row.leaseOwner != owner || row.attempt != c.attempt)
                continue;
            if (!workflows.contains(row.workflowId)) {
                ORDO_TRY(loaded, d->workflowRow(row.workflowId));
                workflows.insert(row.workflowId, loaded);
            }
            WorkflowRow &w = workflows[row.workflowId];
            ORDO_TRY(l, d->definition(w.name, w.version));
            for (const QString &line : c.log)
                ORDO_CHECK(d->logLine(w.id, row.key, LogKind::Log, line));
            if (const auto *outputs = std::get_if<QJsonObject>(&c.outcome))
                ORDO_CHECK(d->stepSucceeded(w, *l, row, *outputs));
            else
                ORDO_CHECK(d->stepFailed(w, *l, row, std::get<ActionError>(c.outcome)));
        }
        // Most workflows are plainly not finished: a step after the one that ended was
        // made ready. The others are looked at together. On a shared database that look,
        // with the workflows locked, is the answer for each whose steps were not written
        // since (else it is looked at again, alone): a look alone sends the held step
        // writes first, and the steps made ready for the claims after it would be written
        // twice (ready, then running).
        const quint64 lookedAt = d->stepWrites;
        ORDO_TRY(maybeFinished, d->withoutOpenSteps(workflows.keys()));
        for (const qint64 id : std::as_const(maybeFinished)) {
            if (d->locksRows() && d->lastStepWrite.value(id) <= lookedAt) {
                ORDO_TRY(w, d->workflowRow(id));
                ORDO_CHECK(d->closeWorkflow(w));
            } else {
                ORDO_CHECK(d->checkFinished(id));
            }
        }
        d->handoff.workflows = std::move(workflows);
        return ok();
    });
}

Result<QList<Claim>> Runtime::advance(const QList<Completion> &completions, const QString &owner, int maxClaims, qint64 leaseMs,
                                      int freshClaims)
{
    ScopedFlag engine(d->engineSide);
    ORDO_CHECK(d->refillLostQueue());
    return d->transact([&]() -> Result<QList<Claim>> {
        ORDO_CHECK(complete(completions, owner));
        // Due timers, lapsed leases, decided orders and limits are looked for in one
        // statement, and only what is there is read: most pumps find none of them.
        ORDO_TRY(look, d->lookAround());
        if (look.queueLost)
            return d->passLostQueue();
        if (look.timersDue)
            ORDO_CHECK(fireTimers());
        if (look.orderStepsResolvable)
            ORDO_CHECK(d->resolveOrderSteps());
        return claimSteps(owner, maxClaims, leaseMs, freshClaims, look.leasesLapsed, look.limited);
    });
}

Result<QList<Claim>> Runtime::claimNotified(const QString &owner, qint64 leaseMs, int freshMax)
{
    ScopedFlag engine(d->engineSide);
    return d->transact([&]() -> Result<QList<Claim>> {
        ORDO_CHECK(d->resolveOrderSteps());
        // Nothing is taken beside a suspect, nor from a queue emptied by a crash of the
        // server (refilled by the next pump's advance).
        static const auto look = [](Database::Dialect dialect) -> QString {
            return QStringLiteral("SELECT EXISTS (SELECT 1 FROM step_queue q JOIN steps s ON s.id = q.step_id WHERE q.state = 'running'"
                                  " AND q.lease_expires < ? AND s.state = 'running' AND s.lost_attempts > 0), ")
                   + queueLostSql(dialect);
        };
        static const QString sqlite = look(Database::Dialect::Sqlite);
        static const QString postgres = look(Database::Dialect::Postgres);
        ORDO_TRY(first, d->db.execCached(d->db.dialect() == Database::Dialect::Sqlite ? sqlite : postgres, {d->now()}));
        if (!first.next())
            return Error::internal(QStringLiteral("no answer to the notified claim's look"));
        if (first.value(1).toBool())
            return d->passLostQueue();
        if (first.value(0).toBool())
            return QList<Claim>();
        return claim(owner, 0, leaseMs, freshMax);
    });
}

Status Runtime::releaseLeases(const QString &owner)
{
    // The running steps are found through the queue: one emptied by a crash of the
    // server, which no pump has seen since, is refilled first, or they would be
    // left to lapse. A look that fails leaves the hand-back to try as it is.
    if (d->db.dialect() == Database::Dialect::Postgres) {
        if (auto lost = d->db.exec(QStringLiteral("SELECT ") + queueLostSql(d->db.dialect())))
            d->queueLost = lost->next() && lost->value(0).toBool();
        else
            qCWarning(lcEngine) << "looking for a step queue lost in a crash failed:" << lost.error().message;
    }
    ORDO_CHECK(d->refillLostQueue());
    return d->transact([&]() -> Status {
        ORDO_TRY(q, d->db.exec(QStringLiteral("SELECT ") + kStepColumns + QStringLiteral(" FROM steps WHERE ")
                                   + idAmong(d->db.dialect(), QStringLiteral("SELECT step_id FROM step_queue WHERE lease_owner = ? AND state = 'running'"))
                                   + QStringLiteral(" AND state = 'running'"),
                               {owner}));
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
            ORDO_CHECK(d->logLine(row.workflowId, row.key, LogKind::Log, Text::tr("handed back by a stopping engine")));
        }
        return ok();
    });
}

Status Runtime::renewLeases(const QString &owner, const QList<qint64> &rowIds, qint64 leaseMs)
{
    return d->db.write([&]() -> Status {
        for (const qint64 id : rowIds) {
            const qint64 expires = d->now() + leaseMs;
            ORDO_CHECK(d->db.execCached(QStringLiteral("UPDATE steps SET lease_expires = ? WHERE id = ? AND lease_owner = ? AND state = 'running'"),
                                        {expires, id, owner}));
            ORDO_CHECK(d->db.execCached(QStringLiteral("UPDATE step_queue SET lease_expires = ? WHERE step_id = ? AND lease_owner = ?"
                                                       " AND state = 'running'"),
                                        {expires, id, owner}));
        }
        return ok();
    });
}

Result<QList<qint64>> Runtime::cancelRequested(const QString &owner)
{
    ORDO_TRY(q, d->db.execCached(QStringLiteral("SELECT s.id FROM step_queue q JOIN steps s ON s.id = q.step_id WHERE q.lease_owner = ? AND q.state = 'running'"
                                                 " AND s.state = 'running' AND s.cancel_requested = 1"), {owner}));
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    return ids;
}

Status Runtime::fireTimers()
{
    ScopedFlag engine(d->engineSide);
    return d->transact([&]() -> Status {
        const qint64 t = d->now();
        // Every due timer, in one look: a step passed by (its workflow paused or
        // held) stays due, so a page of the earliest could hold the rest back for
        // good. The time is written into the SQL, planned for this call: a plan
        // kept for any time (Database::keepPlans) takes a third of the waiting
        // steps for due, and scans them all.
        ORDO_TRY(q, d->db.exec(QStringLiteral("SELECT ") + kStepColumns + QStringLiteral(" FROM steps WHERE ")
                               + idAmong(d->db.dialect(), QStringLiteral("SELECT step_id FROM step_queue WHERE state IN ('retry-wait', 'waiting')"
                                                                         " AND due_at IS NOT NULL AND due_at <= ")
                                                              + QString::number(t))
                               + QStringLiteral(" AND state IN ('retry-wait', 'waiting')")));
        QList<StepRow> due;
        while (q.next())
            due.append(readStep(q));
        for (const StepRow &found : std::as_const(due)) {
            // A workflow another transaction holds is passed by (its timers fire next pump):
            // an engine never waits here on another, so the two cannot deadlock.
            ORDO_TRY(locked, d->freeWorkflowRow(found.workflowId));
            if (!locked)
                continue;
            WorkflowRow &w = *locked;
            ORDO_TRY(current, d->unchangedSince(found));
            if (!current)
                continue; // another engine fired it
            const StepRow &row = *current;
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
            if (s.action == kOrderApprovalAction) {
                ORDO_CHECK(d->approvalStepDue(w, row));
                continue;
            }
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
        ORDO_TRY(due, d->db.execCached(QStringLiteral("SELECT EXISTS (SELECT 1 FROM step_queue WHERE state = 'paused' AND probe_due IS NOT NULL AND probe_due <= ?)"),
                                       {d->now()}));
        if (!due.next() || !due.value(0).toBool())
            return QList<ProbeClaim>();
    }
    ScopedFlag engine(d->engineSide);
    return d->transact([&]() -> Result<QList<ProbeClaim>> {
        const qint64 t = d->now();
        ORDO_TRY(q, d->db.execCached(QStringLiteral("SELECT ") + kStepColumns
                                         + QStringLiteral(" FROM steps WHERE ")
                                         + idAmong(d->db.dialect(), QStringLiteral("SELECT step_id FROM step_queue WHERE state = 'paused'"
                                                                                   " AND probe_due IS NOT NULL AND probe_due <= ? ORDER BY probe_due")
                                                                    + limitOf(rowLimit(max)))
                                         + QStringLiteral(" AND state = 'paused' ORDER BY probe_due"),
                                     {t}));
        QList<StepRow> due;
        while (q.next())
            due.append(readStep(q));
        QList<ProbeClaim> claims;
        for (const StepRow &found : std::as_const(due)) {
            if (claims.size() >= max)
                break;
            ORDO_TRY(w, d->workflowRow(found.workflowId));
            ORDO_TRY(current, d->unchangedSince(found));
            if (!current)
                continue; // another engine took the probe, or support moved the step on
            const StepRow &row = *current;
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
                ORDO_CHECK(d->logLine(w.id, row.key, LogKind::Log, Text::tr("the probe cannot run: %1").arg(probeInputs.error().message)));
                continue;
            }
            after.probeDue = t + leaseMs; // probed again should this engine die meanwhile
            ORDO_CHECK(d->save(row, after));
            // A probe looks for the effect of the step itself: it shares the step's key.
            claims.append({row.id, w.id, row.key, s.probe->action, probeInputs->toObject(),
                           idempotencyKey(w.uuid, row.key, StepKind::Normal)});
        }
        return claims;
    });
}

Status Runtime::probesFinished(const QList<ProbeResult> &results)
{
    ScopedFlag engine(d->engineSide);
    return d->transact([&]() -> Status {
        const qint64 t = d->now();
        for (const ProbeResult &r : results) {
            ORDO_TRY(found, d->stepRow(r.rowId));
            if (found.state != StepState::Paused || !found.probeDue)
                continue;
            ORDO_TRY(w, d->workflowRow(found.workflowId));
            ORDO_TRY(current, d->unchangedSince(found));
            if (!current)
                continue;
            const StepRow &row = *current;
            ORDO_TRY(l, d->definition(w.name, w.version));
            const Probe &probe = *l->def.step(row.key).probe;
            StepRow after = row;
            if (r.passed) {
                after.state = StepState::Ready;
                after.readyAt = t;
                after.budgetStart = row.attempt;
                after.probeDue = 0;
                ORDO_CHECK(d->logLine(w.id, row.key, LogKind::Log, Text::tr("probe passed: resuming")));
                ORDO_CHECK(d->commentTickets(w, row.key, Text::tr("probe passed: resuming")));
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
                ORDO_CHECK(d->logLine(w.id, row.key, LogKind::Log,
                                      Text::tr("probe gave up after %1 ms: %2").arg(t - row.probeSince).arg(r.message)));
            } else {
                after.probeDue = t + wait;
                ORDO_CHECK(d->logLine(w.id, row.key, LogKind::Log, Text::tr("probe not yet: %1").arg(r.message)));
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
        " SELECT MIN(due_at) AS t FROM step_queue WHERE state IN ('retry-wait', 'waiting') AND due_at IS NOT NULL"
        " UNION ALL SELECT MIN(probe_due) FROM step_queue WHERE state = 'paused' AND probe_due IS NOT NULL"
        " UNION ALL SELECT MIN(lease_expires) FROM step_queue WHERE state = 'running') AS due")));
    if (!q.next() || q.value(0).isNull())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value(0).toLongLong());
}

Result<bool> Runtime::hasPendingWork()
{
    ORDO_TRY(q, d->db.execCached(QStringLiteral(
        "SELECT EXISTS (SELECT 1 FROM step_queue q JOIN workflows w ON w.id = q.workflow_id WHERE"
        " (w.state IN ('running', 'rolling-back') AND (q.state IN ('ready', 'running', 'retry-wait')"
        "   OR (q.state = 'waiting' AND q.resource_key = 'timer.wait')))"
        " OR (q.state = 'running'))"
        " OR EXISTS (SELECT 1 FROM step_queue q JOIN steps s ON s.id = q.step_id WHERE ") + resolvableOrderStep(d->db.dialect())
        // A queue emptied by a crash of the server may hide any of it until refilled.
        + QStringLiteral(") OR ") + queueLostSql(d->db.dialect())));
    return q.next() && q.value(0).toBool();
}

} // namespace ordo::engine

#include "engine/RuntimeImpl.h"

#include "domain/Mail.h"
#include "domain/TicketRequests.h"
#include "store/DbTime.h"
#include "store/SqlArrays.h"
#include "domain/Types.h"
#include "domain/Store.h"

#include <QSet>
#include <QUuid>

#include <algorithm>

namespace ordo::engine {

using namespace detail;

Result<TemplateScope> Runtime::Impl::scope(const WorkflowRow &w, const QStringList &steps)
{
    TemplateScope s;
    s.inputs = toObject(w.inputs);
    s.workflow = {{QStringLiteral("id"), w.id}, {QStringLiteral("name"), w.name}, {QStringLiteral("startedBy"), w.startedBy}};
    if (w.orderId)
        s.workflow.insert(QStringLiteral("orderId"), w.orderId);
    for (const QString &key : steps) {
        ORDO_TRY(found, findStep(w.id, key, StepKind::Normal));
        if (found)
            s.steps.insert(key, QJsonObject{{QStringLiteral("outputs"), toObject(found->outputs)},
                                            {QStringLiteral("state"), stepStateName(found->state)}});
    }
    return s;
}

// All of a step's predecessors are done: run it, or skip it. `row` is as
// stored, `next` carries changes not yet saved (the last dependency counted).
Status Runtime::Impl::becomeReady(const WorkflowRow &w, const Loaded &l, const StepRow &row, StepRow next, bool lastWasSkipped)
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
            why = s.skipReason.isEmpty() ? Text::tr("condition is false: %1").arg(s.when) : s.skipReason;
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

Status Runtime::Impl::dependencyDone(const WorkflowRow &w, const Loaded &l, const StepRow &done)
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
Result<int> Runtime::Impl::blockingSteps(const WorkflowRow &w, const Loaded &l)
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

namespace {

// The states a step ends in, as an SQL list: ('succeeded', 'failed', ...).
QString endStates()
{
    return QStringLiteral("('") + terminalStepStateNames().join(QStringLiteral("', '")) + QStringLiteral("')");
}

} // namespace

Status Runtime::Impl::checkFinished(qint64 workflowId)
{
    if (std::find(stepsLeftOpen.cbegin(), stepsLeftOpen.cend(), workflowId) != stepsLeftOpen.cend())
        return ok();
    ORDO_TRY(w, workflowRow(workflowId));
    // Read with this transaction's step writes sent, under the workflow's lock.
    static const QString anyOpen = QStringLiteral("SELECT 1 FROM steps WHERE workflow_id = ? AND state NOT IN ") + endStates()
                                   + QStringLiteral(" LIMIT 1");
    ORDO_TRY(q, db.execCached(anyOpen, {workflowId}));
    if (q.next())
        return ok();
    return closeWorkflow(w);
}

Status Runtime::Impl::closeWorkflow(WorkflowRow w)
{
    if (w.state == WorkflowState::Running)
        return setWorkflowState(w, WorkflowState::Succeeded);
    if (w.state == WorkflowState::RollingBack)
        return setWorkflowState(w, WorkflowState::RolledBack);
    return ok();
}

Result<QList<qint64>> Runtime::Impl::withoutOpenSteps(const QList<qint64> &workflowIds)
{
    QSet<qint64> leftOpen;
    for (const qint64 workflowId : std::as_const(stepsLeftOpen))
        leftOpen.insert(workflowId);
    QList<qint64> candidates;
    for (const qint64 id : workflowIds) {
        if (!leftOpen.contains(id))
            candidates.append(id);
    }
    // SQLite's checkFinished reads each in process: no statement to save by looking at them together.
    if (candidates.isEmpty() || !locksRows())
        return candidates;
    // The step writes held back for these workflows all put their steps in an end state (else
    // stepsLeftOpen would name the workflow), so their rows as stored are passed by instead of
    // sending the writes first.
    static const QString withoutOpen = QStringLiteral("SELECT w.id FROM unnest(CAST(? AS bigint[])) AS w(id) WHERE NOT EXISTS"
                                                      " (SELECT 1 FROM steps s WHERE s.workflow_id = w.id AND s.state NOT IN ")
                                       + endStates() + QStringLiteral(" AND s.id <> ALL(CAST(? AS bigint[])))");
    ScopedFlag seen(readsSeeHeldWrites);
    ORDO_TRY(q, db.execCached(withoutOpen, {sqlarrays::numbers(candidates), sqlarrays::numbers(heldStepWrites.keys())}));
    QList<qint64> found;
    while (q.next())
        found.append(q.integer(0));
    return found;
}

Status Runtime::Impl::stepSucceeded(WorkflowRow &w, const Loaded &l, const StepRow &row, const QJsonObject &outputs)
{
    StepRow after = row;
    after.state = StepState::Succeeded;
    after.outputs = toText(outputs);
    // Kept, they would be read again by every step after it.
    if (after.outputs.size() > kMaxStepDataSize) {
        // Failed after all, as the step is now: the row may be the one its claim left
        // (Runtime::complete), and people may have asked meanwhile to stop it.
        ORDO_TRY(current, stepRow(row.id));
        StepRow failed = row;
        failed.cancelRequested = current.cancelRequested;
        return stepFailed(w, l, failed, ActionError{ErrorKind::Permanent,
                                                    Text::tr("its outputs come to %1 characters of JSON text, more than the %2 a step may keep")
                                                        .arg(after.outputs.size())
                                                        .arg(kMaxStepDataSize)});
    }
    after.leaseOwner.clear();
    after.leaseExpires = 0;
    after.error.clear();
    after.errorKind.clear();
    ORDO_CHECK(save(row, after));
    if (row.kind == StepKind::Compensation) {
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
        ORDO_TRY(comp, findStep(w.id, row.key, StepKind::Compensation));
        if (!comp)
            return addCompensation(w, after, 0);
        return countDown(*comp);
    }
    return dependencyDone(w, l, after);
}

Status Runtime::Impl::stepFailed(WorkflowRow &w, const Loaded &l, const StepRow &row, const ActionError &error)
{
    StepRow after = row;
    after.leaseOwner.clear();
    after.leaseExpires = 0;
    after.error = error.message;
    after.errorKind = errorKindName(error.kind);
    const StepDefinition &s = l.def.step(row.key);
    // A step failing while its workflow rolls back is cancelled, its compensation
    // not: the rollback is then incomplete (below), and the step it undoes stands.
    if (row.cancelRequested || w.state == WorkflowState::Cancelled
        || (w.state == WorkflowState::RollingBack && row.kind != StepKind::Compensation)) {
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
    if (row.kind == StepKind::Compensation) {
        after.state = StepState::Failed;
        ORDO_CHECK(save(row, after));
        // Not undone: the step's effect stands, and support may roll back again once it
        // is fixed. The rollback stops here: the other compensations are cancelled (those
        // running asked to stop), so that none undoes a step while nobody rolls back.
        ORDO_CHECK(stepStands(w, row.key));
        ORDO_CHECK(stopOutstanding(w, StepKind::Compensation));
        return setWorkflowState(w, WorkflowState::Failed,
                                Text::tr("the rollback is incomplete: compensating '%1' failed: %2").arg(row.key, error.message));
    }
    const ErrorPolicy policy = l.def.errorPolicyOf(s);
    for (const QString &who : policy.notify) {
        const QString message = Text::tr("step '%1' of workflow %2 (%3) failed: %4").arg(row.key).arg(w.id).arg(w.name, after.error);
        ORDO_CHECK(logLine(w.id, row.key, LogKind::Notify, who + QStringLiteral(": ") + message));
        notifyEvent(w.id, row.key, who, message);
        ORDO_CHECK(mailFailure(w, after, who));
    }
    if (!policy.notify.isEmpty())
        ORDO_CHECK(requestTicket(w, after));
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

// The support-failure mail to whom a failure policy notifies: a role
// (support, admin, ...) of the workflow's tenant, or the provider's staff
// of that role for a workflow of no tenant, or a mail address. Queued in
// the outbox with the failure, once per attempt.
Status Runtime::Impl::mailFailure(const WorkflowRow &w, const StepRow &failed, const QString &who)
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
        return logLine(w.id, failed.key, LogKind::Notify, Text::tr("no mail to %1: %2").arg(who, mail.error().message));
    Outbox outbox(db, clock);
    ORDO_CHECK(outbox.enqueue(*mail, QStringLiteral("workflow/%1/%2/%3/notify/%4").arg(w.uuid, failed.key).arg(failed.attempt).arg(who),
                              w.tenantId));
    return ok();
}

// Whom a failure policy notifies also gets a ticket: one per failed step
// instance, opened through the ticketing connector by the host's ticket
// sender (the engine calls no connector). A step that fails again after a
// retry adds a comment to its ticket instead of opening another.
Status Runtime::Impl::requestTicket(const WorkflowRow &w, const StepRow &failed)
{
    constexpr int kLogTailLines = 20;
    // The failed attempt's lines are still waiting to be written. A failed step's row
    // implies no line (only a success's, Runtime::log): step_log holds its every line.
    ORDO_CHECK(flushLog());
    ORDO_TRY(q, db.exec(QStringLiteral("SELECT at, message FROM step_log WHERE workflow_id = ? AND step_key = ? ORDER BY seq DESC LIMIT ?"),
                        {w.id, failed.key, kLogTailLines}));
    QStringList tail;
    while (q.next())
        tail.prepend(fromDbTime(q.value(0)).toString(Qt::ISODateWithMs)
                     + QLatin1Char(' ') + q.value(1).toString());
    const QString logTail = Text::tr("Last lines of the step's log:\n%1").arg(tail.join(QLatin1Char('\n')));
    TicketRequests requests(db, clock);
    ORDO_TRY(queued, requests.requestOpen(
                         Runtime::idempotencyKey(w.uuid, failed.key, failed.kind) + QStringLiteral("/ticket"), w.id, failed.key,
                         Text::tr("Workflow %1 #%2: step '%3' failed").arg(w.name).arg(w.id).arg(failed.key),
                         Text::tr("Order: %1\nWorkflow: %2 #%3\nStep: %4 (attempt %5)\nError: %6\n\n%7")
                             .arg(w.orderId ? QString::number(w.orderId) : Text::tr("none"), w.name)
                             .arg(w.id)
                             .arg(failed.key)
                             .arg(failed.attempt)
                             .arg(failed.error, logTail),
                         w.tenantId));
    if (queued.created)
        return ok();
    ORDO_CHECK(requests.requestComment(queued.id, Text::tr("step '%1' failed again (attempt %2): %3\n\n%4")
                                                      .arg(failed.key)
                                                      .arg(failed.attempt)
                                                      .arg(failed.error, logTail)));
    return ok();
}

// Adds a comment to the tickets of a workflow's failures, of one step or of every step.
Status Runtime::Impl::commentTickets(const WorkflowRow &w, const QString &stepKey, const QString &comment)
{
    TicketRequests requests(db, clock);
    ORDO_TRY(tickets, requests.openRequestsOf(w.id, stepKey));
    for (qint64 opener : std::as_const(tickets))
        ORDO_CHECK(requests.requestComment(opener, comment));
    return ok();
}

Result<qint64> Runtime::start(const QByteArray &definitionJson, const QJsonObject &inputs, const QString &startedBy,
                              std::optional<qint64> orderId, std::optional<qint64> tenantId)
{
    return d->startRun(definitionJson, inputs, startedBy, orderId, tenantId, 0);
}

Status Runtime::install(const QByteArray &definitionJson)
{
    const ParsedWorkflow parsed = parseWorkflow(definitionJson, d->actions, d->maxSteps);
    if (!parsed.definition) {
        QStringList lines;
        for (const DefinitionError &e : parsed.errors)
            lines.append(e.toString());
        return Error::badInput(Text::tr("the workflow definition is not valid: %1").arg(lines.join(QStringLiteral("; "))));
    }
    return d->transact([&]() -> Status { return d->storeDefinition(*parsed.definition); });
}

Status Runtime::Impl::storeDefinition(const WorkflowDefinition &def)
{
    const QString canonical = toText(def.source);
    // Whether this version is stored already; a conflict if differently.
    const auto stored = [&]() -> Result<bool> {
        ORDO_TRY(existing, db.exec(QStringLiteral("SELECT definition FROM workflow_definitions WHERE name = ? AND version = ?"),
                                   {def.name, def.version}));
        if (!existing.next())
            return false;
        if (existing.value(0).toString() != canonical)
            return Error::conflict(Text::tr("version %1 of workflow %2 is already defined differently: give the changed "
                                            "definition a new version")
                                       .arg(def.version)
                                       .arg(def.name));
        return true;
    };
    ORDO_TRY(before, stored());
    if (before)
        return ok();
    // Another engine may store the same version meanwhile (a shared database has
    // more than one writer): then the one stored first is compared.
    ORDO_TRY(inserted, db.exec(QStringLiteral("INSERT INTO workflow_definitions(name, version, definition, created_at) VALUES (?, ?, ?, ?)"
                                              " ON CONFLICT (name, version) DO NOTHING"),
                               {def.name, def.version, canonical, now()}));
    if (inserted.numRowsAffected() != 1)
        ORDO_CHECK(stored());
    return ok();
}

Result<qint64> Runtime::Impl::startRun(const QByteArray &definitionJson, const QJsonObject &inputs, const QString &startedBy,
                                       std::optional<qint64> orderId, std::optional<qint64> tenantId, qint64 parentId)
{
    const ParsedWorkflow parsed = parseWorkflow(definitionJson, actions, maxSteps);
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
    auto started = transact([&]() -> Result<qint64> {
        ORDO_CHECK(storeDefinition(def));
        ORDO_TRY(loaded, definition(def.name, def.version));
        const qint64 t = now();
        // An order's workflow belongs to the order's tenant.
        qint64 tenant = tenantId.value_or(0);
        if (orderId) {
            ORDO_TRY(order, Store(db).order(*orderId));
            if (!order)
                return Error::notFound(Text::tr("no order %1").arg(*orderId));
            tenant = order->tenantId;
        }
        ORDO_TRY(id, db.insert(QStringLiteral("INSERT INTO workflows(uuid, name, def_version, state, inputs, order_id, started_by,"
                                                        " created_at, updated_at, error, tenant_id, parent_id)"
                                                        " VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, '', ?, ?)"),
                                         {QUuid::createUuid().toString(QUuid::WithoutBraces), def.name, def.version, toText(bound),
                                          nullable(orderId.value_or(0)), startedBy, t, t, tenantColumnValue(tenant), nullable(parentId)}));
        changed(ChangeKind::Workflow, id, id);
        for (const StepDefinition &s : def.steps) {
            ORDO_TRY(step, db.insert(QStringLiteral("INSERT INTO steps(workflow_id, step_key, kind, state, waiting_on, tenant_id)"
                                                    " VALUES (?, ?, 'step', 'pending', ?, ?)"),
                                     {id, s.id, static_cast<int>(s.after.size()), tenantColumnValue(tenant)}));
            changed(ChangeKind::Step, step, id);
        }
        ORDO_TRY(w, workflowRow(id));
        ORDO_CHECK(logLine(id, QString(), LogKind::State, Text::tr("started by %1").arg(startedBy)));
        workflowEvent(id, WorkflowState::Running, Text::tr("started by %1").arg(startedBy));
        for (const StepDefinition &s : def.steps) {
            if (!s.after.isEmpty())
                continue;
            ORDO_TRY(row, step(id, s.id));
            ORDO_CHECK(becomeReady(w, *loaded, row, row, false));
        }
        ORDO_CHECK(audit.record({startedBy, w.tenantId, QStringLiteral("workflow"), QString::number(id), QStringLiteral("start"), {},
                                 workflowStateName(WorkflowState::Running), {},
                                 QJsonObject{{QStringLiteral("definition"), def.name}, {QStringLiteral("version"), def.version}}}));
        ORDO_CHECK(checkFinished(id));
        return id;
    });
    // A definition stored by a transaction that rolled back must not stay cached.
    if (!started)
        definitions.remove(def.name + QLatin1Char('@') + QString::number(def.version));
    return started;
}

} // namespace ordo::engine

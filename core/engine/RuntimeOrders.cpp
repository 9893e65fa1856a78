// An order's workflow: the steps that wait for the order's approval and
// start, then wait for, one provisioning workflow per VM of the order.
#include "engine/RuntimeImpl.h"

#include "domain/OrderState.h"
#include "engine/OrderDesk.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ordo::engine {

using namespace detail;

namespace {

// The level (0-based) an approval step waits for; none: it waits for the whole decision.
std::optional<int> approvalLevelOf(const StepDefinition &s)
{
    if (!s.with.contains(QLatin1String("level")))
        return std::nullopt;
    return static_cast<int>(s.with.value(QLatin1String("level")).toInteger()) - 1;
}

// An order waiting for approval that expires: its approvers are reminded
// once three quarters of the time have passed, and at the end the policy's
// default decision applies. Returns when the step must look again (0: never).
Result<qint64> approvalDeadlines(OrderDesk &desk, const Order &order, const Clock &clock)
{
    if (order.state != OrderState::PendingApproval || !order.approvalExpiresAt.isValid())
        return qint64(0);
    const QDateTime now = clock.now();
    const qint64 expiresAt = order.approvalExpiresAt.toMSecsSinceEpoch();
    if (now >= order.approvalExpiresAt) {
        ORDO_CHECK(desk.approvals.expire(order.id));
        return qint64(0);
    }
    const qint64 createdAt = order.createdAt.toMSecsSinceEpoch();
    const qint64 remindAt = createdAt + (expiresAt - createdAt) * 3 / 4;
    if (now.toMSecsSinceEpoch() < remindAt)
        return remindAt;
    ORDO_CHECK(desk.orders.remindApprovers(order));
    return expiresAt;
}

struct Unit
{
    int lineNo = 0;
    QString itemId;
    QString workflow;
    QVariantMap parameters;
};

// One unit per VM: a line's quantity of its item, a bundle's components each by its own quantity.
Result<QList<Unit>> unitsOf(Store &store, const Order &order)
{
    QList<Unit> units;
    for (const OrderLine &line : order.lines) {
        ORDO_TRY(item, store.catalogItem(line.itemId));
        QList<Unit> perLine;
        if (item.isBundle()) {
            for (const BundleComponent &c : std::as_const(item.components)) {
                ORDO_TRY(component, store.catalogItem(c.itemId));
                for (int k = 0; k < c.quantity; ++k)
                    perLine.append({line.lineNo, component.id, component.workflow, c.parameters});
            }
        } else {
            perLine.append({line.lineNo, item.id, item.workflow, line.parameters});
        }
        for (int k = 0; k < line.quantity; ++k)
            units.append(perLine);
    }
    return units;
}

Result<QByteArray> newestDefinition(Database &db, const QString &name)
{
    ORDO_TRY(q, db.exec(QStringLiteral("SELECT definition FROM workflow_definitions WHERE name = ? ORDER BY version DESC LIMIT 1"), {name}));
    if (!q.next())
        return Error::notFound(Text::tr("no workflow named '%1' is known to this database").arg(name));
    return q.value(0).toString().toUtf8();
}

} // namespace

Status Runtime::Impl::beginOrderStep(WorkflowRow &w, const Loaded &l, const StepRow &row, const QString &action)
{
    const qint64 t = now();
    StepRow waiting = row;
    waiting.state = StepState::Waiting;
    waiting.resourceKey = action;
    waiting.attempt = row.attempt + 1;
    waiting.startedAt = t;
    waiting.firstStartedAt = row.firstStartedAt ? row.firstStartedAt : t;
    const auto refuse = [&](const QString &why) -> Status {
        ORDO_CHECK(save(row, waiting));
        ORDO_TRY(again, step(w.id, row.key));
        return stepFailed(w, l, again, ActionError{ErrorKind::Permanent, why});
    };
    OrderDesk desk(db, audit, clock);
    Store &store = desk.store;
    std::optional<Order> order;
    if (w.orderId) {
        // An approver's decision left open holds the order: the step begins on a later pump.
        ORDO_TRY(free, store.lockOrderUnlessHeld(w.orderId));
        ORDO_TRY(found, store.order(w.orderId));
        if (!free && found)
            return ok();
        order = found;
    }
    // Only checkout starts a workflow with an order; a hand-started one has none to act on.
    if (!order)
        return refuse(Text::tr("%1 works on an order, and this workflow belongs to none").arg(action));
    if (action == kOrderApprovalAction) {
        const StepDefinition &s = l.def.step(row.key);
        waiting.inputs = toText(s.with);
        ORDO_TRY(due, approvalDeadlines(desk, *order, clock));
        waiting.dueAt = due;
        return save(row, waiting);
    }

    // Its customer asked to cancel it (ordo.cancel_order): nothing starts before an engine
    // has applied or refused that, on a later pump.
    if (db.dialect() == Database::Dialect::Postgres && order->state == OrderState::Approved) {
        ORDO_TRY(asked, db.execCached(QStringLiteral("SELECT EXISTS (SELECT 1 FROM requests WHERE order_id = ? AND state = 'queued')"),
                                      {order->id}));
        if (asked.next() && asked.integer(0))
            return ok();
    }
    // Cancelled before provisioning began: nothing to start, the step ends with the order.
    if (order->state == OrderState::Cancelled)
        return save(row, waiting);
    // Provisioning starts once per order: a second step, or a second run, finds it under way.
    if (order->state != OrderState::Approved)
        return refuse(Text::tr("order %1 is %2, not approved: nothing is provisioned").arg(order->id).arg(orderStateName(order->state)));
    ORDO_TRY(units, unitsOf(store, *order));
    ORDO_TRY(requester, store.userById(order->requesterId));
    ORDO_TRY(tenant, store.tenantById(order->tenantId));
    // Every unit's workflow is known before the first starts: an order is
    // provisioned whole or, failed with the reason, not at all (it never
    // stays "approved" with nothing under way).
    QList<QByteArray> unitDefinitions;
    for (const Unit &unit : std::as_const(units)) {
        auto definitionJson = newestDefinition(db, unit.workflow);
        if (!definitionJson) {
            const QString why = Text::tr("%1: %2").arg(unit.itemId, definitionJson.error().message);
            ORDO_TRY(provisioning, desk.orders.transition(*order, OrderState::Provisioning, QStringLiteral("system"), why, order->approvalLevel));
            ORDO_CHECK(desk.orders.transition(provisioning, OrderState::Failed, QStringLiteral("system"), why, order->approvalLevel));
            return refuse(why);
        }
        unitDefinitions.append(*definitionJson);
    }
    int index = 0;
    QJsonArray started;
    for (const Unit &unit : std::as_const(units)) {
        const QByteArray &definitionJson = unitDefinitions.at(index);
        ++index;
        QJsonObject inputs = QJsonObject::fromVariantMap(unit.parameters);
        inputs.insert(QStringLiteral("name"), QStringLiteral("%1-%2-%3").arg(tenant.slug).arg(order->id).arg(index));
        inputs.insert(QStringLiteral("order"), order->id);
        inputs.insert(QStringLiteral("item"), unit.itemId);
        inputs.insert(QStringLiteral("line"), unit.lineNo);
        inputs.insert(QStringLiteral("owner"), requester.name);
        inputs.insert(QStringLiteral("ownerName"), requester.displayName);
        inputs.insert(QStringLiteral("ownerEmail"), requester.email);
        // The owner's SSH key, for the workflows that install it; none of someone disabled since ordering.
        if (QJsonDocument::fromJson(definitionJson).object().value(QLatin1String("inputs")).toObject().contains(QLatin1String("sshKey")))
            inputs.insert(QStringLiteral("sshKey"), requester.disabled ? QString() : requester.sshPublicKey);
        auto child = startRun(definitionJson, inputs, w.startedBy, order->id, std::nullopt, w.id);
        if (!child)
            return refuse(Text::tr("unit %1 (%2): %3").arg(index).arg(unit.itemId, child.error().message));
        started.append(*child);
        unclaimedWork = true;
    }
    ORDO_CHECK(desk.orders.transition(*order, OrderState::Provisioning, QStringLiteral("system"),
                                 Text::tr("provisioning workflows started: %1").arg(started.size()), order->approvalLevel,
                                 {{QStringLiteral("workflows"), started}}));
    waiting.inputs = toText({{QStringLiteral("workflows"), started}});
    ORDO_CHECK(logLine(w.id, row.key, LogKind::Log, Text::tr("provisioning workflows started: %1").arg(started.size())));
    return save(row, waiting);
}

Status Runtime::Impl::approvalStepDue(const WorkflowRow &w, const StepRow &row)
{
    OrderDesk desk(db, audit, clock);
    StepRow after = row;
    after.dueAt = 0;
    ORDO_TRY(free, desk.store.lockOrderUnlessHeld(w.orderId));
    ORDO_TRY(order, desk.store.order(w.orderId));
    if (!free) {
        // An approver deciding on it (ordo.decide, in a transaction of theirs) holds its
        // row, for as long as they like: the engine looks again in a second instead of waiting.
        if (order)
            after.dueAt = now() + 1000;
        return save(row, after);
    }
    if (order) {
        ORDO_TRY(due, approvalDeadlines(desk, *order, clock));
        after.dueAt = due;
    }
    return save(row, after);
}

Status Runtime::Impl::resolveOrderSteps()
{
    // Cheap enough for every pump: both filters go through indexes, and most pumps find nothing.
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT ") + kStepColumns + QStringLiteral(" FROM steps WHERE id IN (")
                                  + resolvableOrderStepIds(db.dialect()) + QLatin1Char(')')));
    QList<StepRow> due;
    while (q.next())
        due.append(readStep(q));
    if (due.isEmpty())
        return ok();
    OrderDesk desk(db, audit, clock);
    for (const StepRow &found : std::as_const(due)) {
        // Passed by while another transaction holds it: the next pump resolves it.
        ORDO_TRY(locked, freeWorkflowRow(found.workflowId));
        if (!locked)
            continue;
        WorkflowRow &w = *locked;
        ORDO_TRY(current, unchangedSince(found));
        if (w.state != WorkflowState::Running || !current)
            continue; // another engine resolved it meanwhile
        const StepRow &row = *current;
        ORDO_TRY(l, definition(w.name, w.version));
        // An approver's decision left open holds the order (a later level's): the next pump resolves it.
        ORDO_TRY(free, desk.store.lockOrderUnlessHeld(w.orderId));
        if (!free)
            continue;
        ORDO_TRY(order, desk.store.order(w.orderId));
        if (!order)
            continue;
        if (row.resourceKey == kOrderApprovalAction) {
            // Approved and provisioning are both approved: the order may have moved on before we looked.
            // A level's step is approved once the order waits at a later level.
            const bool approved = order->state != OrderState::Rejected && order->state != OrderState::Cancelled;
            QJsonObject outputs{{QStringLiteral("decision"), approved ? QStringLiteral("approved") : orderStateName(order->state)}};
            const StepDefinition &s = l->def.step(row.key);
            if (const std::optional<int> level = approvalLevelOf(s)) {
                outputs.insert(QStringLiteral("level"), s.with.value(QLatin1String("name")).toString());
                ORDO_TRY(decisions, desk.store.decisions(order->id));
                QJsonArray approvers;
                for (const ApprovalDecision &d : std::as_const(decisions))
                    if (d.level == *level)
                        approvers.append(d.approverName);
                outputs.insert(QStringLiteral("decidedBy"), approvers);
            }
            ORDO_CHECK(stepSucceeded(w, *l, row, outputs));
            ORDO_CHECK(checkFinished(w.id));
            continue;
        }
        ORDO_TRY(children, db.exec(QStringLiteral("SELECT id, state FROM workflows WHERE parent_id = ? ORDER BY id"), {w.id}));
        QJsonArray succeeded;
        QJsonArray others;
        int cancelled = 0;
        while (children.next()) {
            const bool ok = children.value(1).toString() == workflowStateName(WorkflowState::Succeeded);
            (ok ? succeeded : others).append(children.value(0).toLongLong());
            cancelled += children.value(1).toString() == workflowStateName(WorkflowState::Cancelled) ? 1 : 0;
        }
        if (order->state == OrderState::Cancelled) {
            // Cancelled by its customer or an admin: the rollbacks it asked for are over.
            QJsonArray all = succeeded;
            for (const QJsonValue &id : std::as_const(others))
                all.append(id);
            ORDO_CHECK(stepSucceeded(w, *l, row, {{QStringLiteral("cancelled"), true}, {QStringLiteral("workflows"), all}}));
        } else if (others.isEmpty()) {
            if (order->state == OrderState::Provisioning)
                ORDO_CHECK(desk.orders.transition(*order, OrderState::Completed, QStringLiteral("system"),
                                             Text::tr("every provisioning workflow succeeded"), order->approvalLevel));
            ORDO_CHECK(stepSucceeded(w, *l, row, {{QStringLiteral("workflows"), succeeded}}));
        } else {
            // Cancelled as a whole only when support cancelled every one of them.
            const OrderState to = cancelled == others.size() && succeeded.isEmpty() ? OrderState::Cancelled : OrderState::Failed;
            const QString why = Text::tr("%1 of %2 provisioning workflows did not succeed").arg(others.size()).arg(others.size() + succeeded.size());
            if (order->state == OrderState::Provisioning)
                ORDO_CHECK(desk.orders.transition(*order, to, QStringLiteral("system"), why, order->approvalLevel,
                                             {{QStringLiteral("succeeded"), succeeded}, {QStringLiteral("notSucceeded"), others}}));
            ORDO_CHECK(stepFailed(w, *l, row, ActionError{ErrorKind::Permanent, why}));
        }
        ORDO_CHECK(checkFinished(w.id));
    }
    return ok();
}

bool Runtime::takeUnclaimedWork()
{
    return std::exchange(d->unclaimedWork, false);
}

} // namespace ordo::engine

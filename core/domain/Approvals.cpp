#include "domain/AuditLog.h"
#include "domain/Commerce.h"
#include "store/ChangeLog.h"
#include "domain/Store.h"

#include <QCoreApplication>

namespace ordo {

namespace {

// The translation context of this file's messages.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::Approvals)
};

QString decisionVerb(Decision d)
{
    return d == Decision::Approve ? Text::tr("approved") : Text::tr("rejected");
}

// Values compared as the parameter's type: defaults come from JSON, ordered values typed by the schema.
bool sameValue(const Parameter &p, const QVariant &a, const QVariant &b)
{
    if (!a.isValid() || !b.isValid())
        return a.isValid() == b.isValid();
    switch (p.type) {
    case Parameter::Type::Integer:
        return a.toLongLong() == b.toLongLong();
    case Parameter::Type::Boolean:
        return a.toBool() == b.toBool();
    case Parameter::Type::String:
    case Parameter::Type::Choice:
        break;
    case Parameter::Type::Json:
        return QJsonValue::fromVariant(a) == QJsonValue::fromVariant(b);
    }
    return a.toString() == b.toString();
}

} // namespace

Result<ApprovalPolicy> ApprovalService::policyOf(Id tenantId)
{
    ORDO_TRY(json, m_store.tenantPolicy(tenantId));
    return ApprovalPolicy::fromJson(json);
}

Error ApprovalService::alreadyDecided(const Order &order)
{
    // Tell the loser who decided and when: the newest state change of the order.
    auto trail = m_audit.entries(order.tenantId, QStringLiteral("order"), QString::number(order.id));
    if (trail && !trail->isEmpty()) {
        const AuditEntry &last = trail->constLast();
        return Error::conflict(Text::tr("order %1 is already %2: decided by %3 at %4")
                                   .arg(order.id)
                                   .arg(orderStateName(order.state), last.actor,
                                        last.at.toString(Qt::ISODate)));
    }
    return Error::conflict(Text::tr("order %1 is already %2").arg(order.id).arg(orderStateName(order.state)));
}

Result<QList<Order>> ApprovalService::pending(const Session &session)
{
    if (!session.can(Role::Approver))
        return Error::notPermitted(Text::tr("only approvers of %1 have an approval queue").arg(session.tenant.slug));
    ORDO_CHECK(expireDue());
    ORDO_TRY(policy, policyOf(session.tenant.id));
    ORDO_TRY(waiting, m_store.orders({session.tenant.id, std::nullopt, OrderState::PendingApproval}));
    QList<Order> mine;
    for (const Order &o : std::as_const(waiting)) {
        if (o.requesterId == session.user.id || o.approvalLevel >= policy.levels.size())
            continue;
        const ApprovalLevel &level = policy.levels.at(o.approvalLevel);
        ORDO_TRY(members, m_store.groupMembers(session.tenant.id, level.group));
        const bool member = std::any_of(members.cbegin(), members.cend(), [&](const User &u) { return u.id == session.user.id; });
        if (!member)
            continue;
        ORDO_TRY(decided, m_store.decisions(o.id));
        // Decided at this level, or at an earlier one: it is another approver's turn.
        const bool already = std::any_of(decided.cbegin(), decided.cend(), [&](const ApprovalDecision &d) {
            return d.level <= o.approvalLevel && d.approverId == session.user.id;
        });
        if (!already)
            mine.append(o);
    }
    return mine;
}

Result<QList<ApprovalDecision>> ApprovalService::decisions(const Session &session, Id orderId)
{
    ORDO_TRY(order, m_orders.order(session, orderId));
    return m_store.decisions(order.id);
}

Result<ApprovalDetails> ApprovalService::details(const Session &session, Id orderId)
{
    if (!session.can(Role::Approver))
        return Error::notPermitted(Text::tr("only approvers of %1 see the approval details of orders").arg(session.tenant.slug));
    ORDO_TRY(order, m_orders.order(session, orderId));
    ApprovalDetails d;
    d.order = order;
    auto requester = m_store.userById(order.requesterId);
    d.requesterDisplayName = requester && !requester->displayName.isEmpty() ? requester->displayName : order.requesterName;
    ORDO_TRY(policy, policyOf(order.tenantId));
    for (const ApprovalLevel &level : std::as_const(policy.levels)) {
        ORDO_TRY(members, m_store.groupMembers(order.tenantId, level.group));
        ApprovalRouteStep step{level.name, level.mode, {}};
        for (const User &u : std::as_const(members)) {
            if (u.id != order.requesterId && u.hasRole(order.tenantId, Role::Approver))
                step.approvers.append(u.name);
        }
        d.levels.append(step);
    }
    ORDO_TRY(decided, m_store.decisions(order.id));
    d.decisions = decided;
    ORDO_TRY(tenantUse, m_store.activeFootprint(order.tenantId, std::nullopt));
    ORDO_TRY(userUse, m_store.activeFootprint(order.tenantId, order.requesterId));
    // A pending order already counts in what is in use; one decided against no longer does.
    const bool counted = order.state == OrderState::PendingApproval || order.state == OrderState::Submitted
        || order.state == OrderState::Approved || order.state == OrderState::Provisioning || order.state == OrderState::Completed;
    const auto check = [&](const QString &scope, const Footprint &use, const Quota &limit) {
        Footprint before = use;
        Footprint after = use;
        if (counted)
            before += order.footprint * -1;
        else
            after += order.footprint;
        return QuotaCheck{scope, before, after, limit};
    };
    d.quotas = {check(QStringLiteral("tenant"), tenantUse, policy.tenantQuota),
                check(QStringLiteral("user"), userUse, policy.userQuota)};
    for (const QuotaCheck &q : std::as_const(d.quotas)) {
        d.quotaExceeded = d.quotaExceeded || q.exceeded();
        d.quotaOverruns += quotaOverruns(q);
    }
    for (const OrderLine &line : std::as_const(order.lines)) {
        ApprovalLineDetails l{line, true, {}};
        auto item = m_store.catalogItem(line.itemId);
        if (!item) {
            l.itemInCatalog = false;
        } else {
            for (const Parameter &p : item->schema.parameters()) {
                const QVariant ordered = line.parameters.value(p.name);
                if (!sameValue(p, p.defaultValue, ordered))
                    l.changedParameters.append({p.name, p.label.isEmpty() ? p.name : p.label, p.defaultValue, ordered});
            }
        }
        d.lines.append(l);
    }
    auto trail = m_audit.entries(order.tenantId, QStringLiteral("order"), QString::number(order.id));
    if (trail && !trail->isEmpty()) {
        d.lastActor = trail->constLast().actor;
        d.lastChangeAt = trail->constLast().at;
    }
    return d;
}

Result<DecisionOutcome> ApprovalService::decide(const Session &session, Id orderId, Decision decision,
                                                const QString &comment, std::optional<int> expectedVersion)
{
    if (decision == Decision::Reject && comment.trimmed().isEmpty())
        return Error::badInput(Text::tr("a rejection needs a reason: give it with --comment"));
    if (comment.size() > 2000)
        return Error::badInput(Text::tr("the comment is longer than 2000 characters"));
    ORDO_CHECK(expireDue());
    return m_store.database().write([&]() -> Result<DecisionOutcome> {
        ORDO_CHECK(m_store.lockOrder(orderId));
        ORDO_TRY(found, m_store.order(orderId));
        // Approvers act only within their tenant: elsewhere the order does not exist for them.
        if (!found || found->tenantId != session.tenant.id)
            return Error::notFound(Text::tr("no order %1").arg(orderId));
        const Order order = *found;
        if (!session.can(Role::Approver))
            return Error::notPermitted(Text::tr("only approvers of %1 decide on orders").arg(session.tenant.slug));
        if (order.requesterId == session.user.id)
            return Error::notPermitted(Text::tr("you requested order %1 yourself: another approver must decide on it").arg(orderId));
        if (order.state != OrderState::PendingApproval)
            return alreadyDecided(order);
        if (expectedVersion && *expectedVersion != order.version)
            return Error::conflict(Text::tr("order %1 changed since you looked at it (version %2, now %3): look again")
                                       .arg(orderId)
                                       .arg(*expectedVersion)
                                       .arg(order.version));
        ORDO_TRY(policy, policyOf(order.tenantId));
        if (order.approvalLevel >= policy.levels.size())
            return Error::conflict(Text::tr("order %1 waits at approval level %2, which the policy no longer has: ask an admin")
                                       .arg(orderId)
                                       .arg(order.approvalLevel + 1));
        const ApprovalLevel &level = policy.levels.at(order.approvalLevel);
        ORDO_TRY(members, m_store.groupMembers(order.tenantId, level.group));
        const bool member = std::any_of(members.cbegin(), members.cend(), [&](const User &u) { return u.id == session.user.id; });
        if (!member)
            return Error::notPermitted(Text::tr("approval level '%1' of order %2 is decided by group '%3', which you are not in")
                                           .arg(level.name)
                                           .arg(orderId)
                                           .arg(level.group));
        ORDO_TRY(earlier, m_store.decisions(order.id));
        for (const ApprovalDecision &d : std::as_const(earlier)) {
            if (d.level == order.approvalLevel && d.approverId == session.user.id)
                return Error::conflict(Text::tr("you already %1 order %2 at level '%3' on %4")
                                           .arg(decisionVerb(d.decision))
                                           .arg(orderId)
                                           .arg(level.name, d.decidedAt.toString(Qt::ISODate)));
            // Each level is a pair of eyes of its own: one person in two groups approves once.
            if (d.level < order.approvalLevel && d.approverId == session.user.id)
                return Error::notPermitted(Text::tr("you approved order %1 at an earlier level: approval level '%2' needs another approver")
                                               .arg(orderId)
                                               .arg(level.name));
        }
        if (m_store.database().dialect() == Database::Dialect::Postgres)
            return decideInDatabase(session, order, decision, comment);
        const ApprovalDecision mine{order.id, order.approvalLevel, session.user.id, session.user.name, decision, comment,
                                    m_clock.now()};
        ORDO_CHECK(m_store.insertDecision(mine));
        ORDO_CHECK(recordChanges(m_store.database(), {{ChangeKind::Approval, order.id, order.tenantId}}));

        OrderState next = OrderState::PendingApproval;
        int nextLevel = order.approvalLevel;
        if (decision == Decision::Reject) {
            next = OrderState::Rejected;
        } else {
            bool levelDone = level.mode == ApprovalLevel::Mode::AnyOf;
            if (!levelDone) {
                // All-of: every member who may decide (not the requester, nobody who approved an earlier level) has approved.
                levelDone = std::all_of(members.cbegin(), members.cend(), [&](const User &u) {
                    if (u.id == order.requesterId || u.id == session.user.id)
                        return true;
                    return std::any_of(earlier.cbegin(), earlier.cend(), [&](const ApprovalDecision &d) {
                        return d.approverId == u.id
                            && (d.level < order.approvalLevel || (d.level == order.approvalLevel && d.decision == Decision::Approve));
                    });
                });
            }
            if (levelDone) {
                ++nextLevel;
                if (nextLevel >= policy.levels.size())
                    next = OrderState::Approved;
            }
        }
        const QJsonObject details{{QStringLiteral("level"), level.name},
                                  {QStringLiteral("decision"), decision == Decision::Approve ? QStringLiteral("approve")
                                                                                             : QStringLiteral("reject")}};
        auto moved = m_orders.transition(order, next, session.user.name, comment, nextLevel, details);
        if (!moved)
            return moved.error();
        // The next level's approvers hear of it with the decision that made it their turn.
        if (next == OrderState::PendingApproval && nextLevel != order.approvalLevel)
            ORDO_CHECK(m_orders.requestApprovals(*moved));
        return DecisionOutcome{*moved, next != OrderState::PendingApproval};
    });
}

// A shared database decides itself (ordo.decide, schema 22), so that a person
// logged in with their own role is held by the same rules; the checks before
// only give its refusals translated words. The owner's services name the
// person and their clock's time.
Result<DecisionOutcome> ApprovalService::decideInDatabase(const Session &session, const Order &order, Decision decision,
                                                          const QString &comment)
{
    const QString verb = decision == Decision::Approve ? QStringLiteral("approve") : QStringLiteral("reject");
    if (m_store.database().changesThroughFunctions()) {
        // The person is the login's; the trail's entry and the mails are the engines' to finish.
        ORDO_CHECK(m_store.database().exec(QStringLiteral("SELECT ordo.decide(?, ?, ?, ?)"), {order.id, verb, comment, order.version}));
    } else {
        ORDO_CHECK(m_store.database().exec(QStringLiteral("SELECT ordo.decide(?, ?, ?, ?, ?, ?)"),
                                           {order.id, verb, comment, order.version, session.user.name, m_clock.now().toMSecsSinceEpoch()}));
        ORDO_CHECK(finishDatabaseDecisions(order.id));
    }
    ORDO_TRY(moved, m_store.order(order.id));
    if (!moved)
        return Error::notFound(Text::tr("no order %1").arg(order.id));
    return DecisionOutcome{*moved, moved->state != OrderState::PendingApproval};
}

Status ApprovalService::finishDatabaseDecisions(std::optional<Id> orderId)
{
    Database &db = m_store.database();
    if (db.dialect() != Database::Dialect::Postgres)
        return ok();
    ORDO_CHECK(db.execCached(QStringLiteral("SELECT ordo.audit_chain(100)")));
    // Taken in the transaction that queues their mails: both commit, or neither.
    ORDO_TRY(q, orderId ? db.execCached(QStringLiteral("DELETE FROM ordo_private.decision_mails WHERE order_id = ?"
                                                       " RETURNING order_id, kind, actor, reason"),
                                        {*orderId})
                        : db.execCached(QStringLiteral("DELETE FROM ordo_private.decision_mails WHERE id IN"
                                                       " (SELECT id FROM ordo_private.decision_mails ORDER BY id LIMIT 20"
                                                       " FOR UPDATE SKIP LOCKED) RETURNING order_id, kind, actor, reason")));
    struct Asked
    {
        Id orderId;
        QString kind;
        QString actor;
        QString reason;
    };
    QList<Asked> asked;
    while (q.next())
        asked.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()});
    for (const Asked &a : std::as_const(asked)) {
        ORDO_TRY(order, m_store.order(a.orderId));
        if (!order)
            continue;
        Status sent = ok();
        if (a.kind == QLatin1String("order-rejected"))
            sent = m_orders.tellRequester(*order, OrderState::Rejected, a.actor, a.reason);
        else if (order->state == OrderState::PendingApproval) // decided meanwhile: nobody is asked any more
            sent = m_orders.requestApprovals(*order);
        // What is stored makes no mail (a tenant's policy that no longer reads): the
        // decision stands, and the mails of other decisions must not wait on this one.
        if (!sent && sent.error().code == ErrorCode::BadInput) {
            qCWarning(lcStore) << "no" << a.kind << "mail for order" << a.orderId << ":" << sent.error().message;
            continue;
        }
        ORDO_CHECK(sent);
    }
    return ok();
}

Result<int> ApprovalService::expireDue()
{
    // A person's own login may not move orders: the engines expire them.
    if (m_store.database().changesThroughFunctions())
        return 0;
    ORDO_TRY(due, m_store.ordersAwaitingExpiry(m_clock.now()));
    int expired = 0;
    for (const Id id : std::as_const(due)) {
        ORDO_TRY(done, expire(id));
        expired += done ? 1 : 0;
    }
    return expired;
}

Result<bool> ApprovalService::expire(Id orderId)
{
    return m_store.database().write([&]() -> Result<bool> {
        // Somebody deciding on it holds its row: not due for us now, looked at again later.
        ORDO_TRY(free, m_store.lockOrderUnlessHeld(orderId));
        if (!free)
            return false;
        ORDO_TRY(found, m_store.order(orderId));
        // Somebody may have decided since the order was read.
        if (!found || found->state != OrderState::PendingApproval || !found->approvalExpiresAt.isValid()
            || found->approvalExpiresAt > m_clock.now())
            return false;
        ORDO_TRY(policy, policyOf(found->tenantId));
        const OrderState to = policy.expiryDecision == Decision::Approve ? OrderState::Approved : OrderState::Rejected;
        ORDO_CHECK(m_orders.transition(*found, to, QStringLiteral("system"),
                                       Text::tr("no decision before %1").arg(found->approvalExpiresAt.toString(Qt::ISODate)),
                                       found->approvalLevel, {{QStringLiteral("expired"), true}}));
        return true;
    });
}

} // namespace ordo

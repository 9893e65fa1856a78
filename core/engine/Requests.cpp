#include "engine/Requests.h"

#include "domain/CartLock.h"
#include "domain/OrderState.h"
#include "engine/OrderDesk.h"
#include "engine/Runtime.h"
#include "store/Database.h"
#include "store/SqlArrays.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace ordo::engine {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::engine::Requests)
};

const QString kCancelOrder = QStringLiteral("cancel-order");
const QString kCheckout = QStringLiteral("checkout");
// Tries of a request that fails for no reason of its own (the server cancelled the
// statement, a disk was full) before it is refused: never tried for ever.
constexpr int kMaxAttempts = 5;
constexpr std::chrono::seconds kPutOff{1};
const QString kCompleteHumanTask = QStringLiteral("complete");

struct Request
{
    qint64 id = 0;
    QString kind;
    qint64 workflowId = 0;
    qint64 orderId = 0;
    qint64 tenantId = 0;
    QString stepKey;
    QString payload;
    QString reason;
    QString asker;
    bool askerMay = false;
};

// The oldest request no other engine holds, and not put off in this look,
// locked until this transaction ends. Whether the asker may still do it is
// read now, not when they asked: the rules of WorkflowService (StaffScope) and
// OrderService::cancel.
Result<std::optional<Request>> takeRequest(Database &db, const QList<qint64> &putOff)
{
    ORDO_TRY(q, db.execCached(QStringLiteral(
        "SELECT r.id, r.kind, COALESCE(r.workflow_id, 0), COALESCE(r.order_id, 0), r.step_key, r.payload, r.reason, u.name,"
        "       u.disabled_at IS NULL AND CASE WHEN r.kind = 'checkout' THEN"
        "           EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.tenant_id = r.tenant_id AND ur.role = 'customer')"
        "       WHEN r.kind = 'cancel-order' THEN"
        "           EXISTS (SELECT 1 FROM orders o JOIN user_roles ur ON ur.user_id = u.id AND ur.tenant_id = o.tenant_id"
        "                    WHERE o.id = r.order_id AND ((o.requester_id = u.id AND ur.role = 'customer') OR ur.role = 'admin'))"
        "           OR EXISTS (SELECT 1 FROM provider_roles p WHERE p.user_id = u.id AND p.role = 'admin')"
        "       ELSE"
        "           EXISTS (SELECT 1 FROM provider_roles p WHERE p.user_id = u.id)"
        "           OR EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.tenant_id = r.tenant_id"
        "                         AND ur.role IN ('support', 'admin'))"
        "       END, COALESCE(r.tenant_id, 0)"
        "  FROM requests r JOIN users u ON u.id = r.requested_by"
        " WHERE r.state = 'queued' AND NOT (r.id = ANY (CAST(? AS bigint[])))"
        " ORDER BY r.id LIMIT 1 FOR UPDATE OF r SKIP LOCKED"),
        {sqlarrays::numbers(putOff)}));
    if (!q.next())
        return std::optional<Request>();
    return std::optional<Request>(Request{q.integer(0), q.value(1).toString(), q.integer(2), q.integer(3), q.integer(9),
                                          q.value(4).toString(), q.value(5).toString(), q.value(6).toString(), q.value(7).toString(),
                                          q.value(8).toBool()});
}

// False: not now. An approver's decision left open in a transaction holds a pending
// order's row; engines never wait on it (Store::lockOrderUnlessHeld), they look again later.
Result<bool> cancelOrder(Database &db, AuditLog &audit, Runtime &runtime, const Clock &clock, const Request &r)
{
    if (!r.askerMay)
        return Error::notPermitted(Text::tr("%1 may no longer cancel order %2: only the customer who ordered it, or an admin of "
                                            "its tenant, cancels it")
                                       .arg(r.asker)
                                       .arg(r.orderId));
    OrderDesk desk(db, audit, clock);
    // Only a pending order is ever held by a person (ordo.decide), and it has no
    // provisioning to stop: locked first. Any other is locked by cancelAs after its
    // workflows, in the engines' order (workflow, then order).
    ORDO_TRY(found, desk.store.order(r.orderId));
    if (found && found->state == OrderState::PendingApproval) {
        ORDO_TRY(free, desk.store.lockOrderUnlessHeld(r.orderId));
        if (!free)
            return false;
    }
    desk.orders.setStopper([&](const Order &order, const QString &actor, const QString &reason) {
        return rollBackOrderProvisioning(db, runtime, order.id, actor, reason);
    });
    ORDO_CHECK(desk.orders.cancelAs(r.orderId, r.asker, r.reason));
    return true;
}

// OrderService::checkout in the customer's name, for the tenant they asked in;
// returns the order placed, or the one placed before for the same request id.
// None: not now, the customer's own open transaction holds their cart.
Result<std::optional<Id>> checkOut(Database &db, AuditLog &audit, Runtime &runtime, const Clock &clock, const OrderWorkflowStarter &startOrder,
                    const Request &r)
{
    OrderDesk desk(db, audit, clock);
    ORDO_TRY(tenant, desk.store.tenantById(r.tenantId));
    if (!r.askerMay)
        return Error::notPermitted(Text::tr("%1 may no longer check out in %2: only its customers have a cart").arg(r.asker, tenant.slug));
    if (!startOrder)
        return Error::internal(Text::tr("this engine starts no order workflows: its host places no orders"));
    const QJsonObject asked = QJsonDocument::fromJson(r.payload.toUtf8()).object();
    std::optional<QString> cartVersion;
    if (const QString version = asked.value(QLatin1String("cartVersion")).toString(); !version.isEmpty())
        cartVersion = version;
    ORDO_TRY(user, desk.store.userByName(r.asker));
    ORDO_TRY(free, lockCartUnlessHeld(db, user.id, tenant.id));
    if (!free)
        return std::optional<Id>();
    desk.orders.setStarter([&](const Order &order) { return startOrder(db, runtime, order); });
    ORDO_TRY(order, desk.orders.checkout(Session{user, tenant}, asked.value(QLatin1String("requestId")).toString(), cartVersion));
    return std::optional<Id>(order.id);
}

Status supportWorkflow(Runtime &runtime, const Request &r)
{
    if (!r.askerMay)
        return Error::notPermitted(Text::tr("%1 no longer looks after workflow %2: only support staff and admins work with workflows")
                                       .arg(r.asker)
                                       .arg(r.workflowId));
    QJsonParseError parseError;
    const QJsonDocument payload = QJsonDocument::fromJson(r.payload.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !payload.isObject())
        return Error::badInput(Text::tr("the inputs or outputs given are no JSON object"));
    const QJsonObject given = payload.object();
    if (r.kind == kCompleteHumanTask)
        return runtime.completeHumanTask(r.workflowId, r.stepKey, given, r.asker);
    const std::optional<SupportOperation> operation = supportOperationFromName(r.kind);
    if (!operation)
        return Error::badInput(Text::tr("no support operation is called %1").arg(r.kind));
    switch (*operation) {
    case SupportOperation::Pause:
        return runtime.pause(r.workflowId, r.asker, r.reason);
    case SupportOperation::Continue:
        return runtime.resume(r.workflowId, r.asker, r.reason);
    case SupportOperation::Cancel:
        return runtime.cancel(r.workflowId, r.asker, r.reason);
    case SupportOperation::Rollback:
        return runtime.rollback(r.workflowId, r.asker, r.reason);
    case SupportOperation::Retry:
        return runtime.retryStep(r.workflowId, r.stepKey, given, r.asker, r.reason);
    case SupportOperation::Skip:
        return runtime.skipStep(r.workflowId, r.stepKey, given, r.asker, r.reason);
    }
    return Error::badInput(Text::tr("no support operation is called %1").arg(r.kind));
}

Status settleRequest(Database &db, qint64 id, const QString &state, const QString &result, qint64 at)
{
    ORDO_CHECK(db.execCached(QStringLiteral("UPDATE requests SET state = ?, result = ?, settled_at = ? WHERE id = ? AND state = 'queued'"),
                             {state, result, at, id}));
    return ok();
}

} // namespace

Result<int> PeoplesRequests::settle(int limit)
{
    const auto now = std::chrono::steady_clock::now();
    m_putOff.removeIf([&](const auto &entry) { return entry.value() <= now; });
    int settled = 0;
    while (settled < limit) {
        qint64 taken = 0;
        bool later = false;
        // What was asked for and the request's end commit together: applied once, whichever engine took it.
        auto applied = m_db.write([&]() -> Result<bool> {
            ORDO_TRY(request, takeRequest(m_db, m_putOff.keys()));
            if (!request)
                return false;
            taken = request->id;
            // What became of it: a checkout's order id. Empty, never NULL, otherwise.
            QString result = QStringLiteral("");
            if (request->kind == kCancelOrder) {
                ORDO_TRY(cancelled, cancelOrder(m_db, m_audit, m_runtime, m_clock, *request));
                later = !cancelled;
            } else if (request->kind == kCheckout) {
                ORDO_TRY(order, checkOut(m_db, m_audit, m_runtime, m_clock, m_startOrder, *request));
                later = !order;
                if (order)
                    result = QString::number(*order);
            } else {
                ORDO_CHECK(supportWorkflow(m_runtime, *request));
            }
            if (!later)
                ORDO_CHECK(settleRequest(m_db, request->id, QStringLiteral("done"), result, m_clock.now().toMSecsSinceEpoch()));
            return true;
        });
        if (applied && !*applied)
            break;
        if (later) {
            m_putOff.insert(taken, now + kPutOff);
            continue;
        }
        if (!applied) {
            if (taken == 0)
                return applied.error();
            // A lock that timed out, or a deadlock: this request again later, the others first.
            if (applied.error().transient) {
                m_putOff.insert(taken, now + kPutOff);
                return applied.error();
            }
            if (applied.error().code == ErrorCode::Internal) {
                ORDO_TRY(attempts, m_db.write([&]() -> Result<int> {
                    ORDO_TRY(q, m_db.exec(QStringLiteral("UPDATE requests SET attempts = attempts + 1 WHERE id = ? AND state = 'queued'"
                                                         " RETURNING attempts"),
                                          {taken}));
                    return q.next() ? q.value(0).toInt() : kMaxAttempts;
                }));
                if (attempts < kMaxAttempts) {
                    m_putOff.insert(taken, now + kPutOff);
                    return applied.error();
                }
            }
            const QString why = applied.error().message;
            ORDO_CHECK(m_db.write([&]() -> Status { return settleRequest(m_db, taken, QStringLiteral("refused"), why, m_clock.now().toMSecsSinceEpoch()); }));
        }
        ++settled;
    }
    return settled;
}

Status PeoplesRequests::finishDecisions()
{
    return m_db.write([&]() -> Status {
        OrderDesk desk(m_db, m_audit, m_clock);
        return desk.approvals.finishDatabaseDecisions();
    });
}

Status rollBackOrderProvisioning(Database &db, Runtime &runtime, qint64 orderId, const QString &actor, const QString &reason)
{
    ORDO_TRY(q, db.exec(QStringLiteral("SELECT id FROM workflows WHERE order_id = ? AND parent_id IS NOT NULL"
                                       " AND state NOT IN ('rolling-back', 'rolled-back', 'cancelled') ORDER BY id"),
                        {orderId}));
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    // The customer's reason may use all the room a reason has; the whole of it stays in the order's trail.
    QString why = Text::tr("order %1 cancelled: %2").arg(orderId).arg(reason);
    if (why.size() > kMaxReasonChars)
        why = why.left(kMaxReasonChars - 1) + QChar(0x2026);
    for (const qint64 id : std::as_const(ids))
        ORDO_CHECK(runtime.rollback(id, actor, why));
    return ok();
}

} // namespace ordo::engine

#pragma once

#include "util/Result.h"

#include <QHash>

#include <functional>
#include <QString>

#include <chrono>

namespace ordo {
class AuditLog;
class Clock;
class Database;
struct Order;
} // namespace ordo

namespace ordo::engine {

class Runtime;

// How an order's workflow starts with the order: the host's wiring (ordo::startOrderWorkflow).
using OrderWorkflowStarter = std::function<Status(Database &db, Runtime &runtime, const Order &order)>;

// What people on a shared database ask engines to do with their own login:
// support operations on a workflow (ordo.request_support), cancelling an
// order (ordo.cancel_order) and checking out a cart (ordo.checkout). An engine applies each in the asker's name, as
// the console's services would, if the asker may still do it; otherwise, or
// when the workflow's or order's state does not allow it, the request is
// refused with why. Each request is settled in a transaction of its own, and
// engines pass by each other's.
class PeoplesRequests final
{
public:
    PeoplesRequests(Database &db, AuditLog &audit, Runtime &runtime, const Clock &clock, OrderWorkflowStarter startOrder = {})
        : m_db(db), m_audit(audit), m_runtime(runtime), m_clock(clock), m_startOrder(std::move(startOrder))
    {
    }

    // Settles up to `limit` queued requests and returns how many it settled. A
    // cancellation of an order that an approver's open transaction holds is put
    // off for a second, and does not count. A lost connection or a deadlock
    // leaves its request queued and is returned; any other failure refuses the
    // request, an internal one only after several tries.
    Result<int> settle(int limit);

    // What people's decisions in the database (ordo.decide) leave to engines:
    // their audit entries chained into the trail and their mails. In a
    // transaction of its own, so that what fails here holds up no claim.
    Status finishDecisions();

private:
    Database &m_db;
    AuditLog &m_audit;
    Runtime &m_runtime;
    const Clock &m_clock;
    OrderWorkflowStarter m_startOrder;
    // Requests to pass by until then: their order is held, or their last try failed.
    QHash<qint64, std::chrono::steady_clock::time_point> m_putOff;
};

// A cancelled order's provisioning, rolled back in actor's name: the VM
// workflows under the order's workflow, but those already undone or cancelled.
Status rollBackOrderProvisioning(Database &db, Runtime &runtime, qint64 orderId, const QString &actor, const QString &reason);

} // namespace ordo::engine

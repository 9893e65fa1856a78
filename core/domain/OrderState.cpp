#include "domain/OrderState.h"

#include <QCoreApplication>

namespace ordo {

bool canTransition(OrderState from, OrderState to)
{
    using S = OrderState;
    switch (from) {
    case S::Submitted:
        return to == S::PendingApproval || to == S::Approved || to == S::Rejected || to == S::Cancelled;
    case S::PendingApproval:
        return to == S::Approved || to == S::Rejected || to == S::Cancelled;
    case S::Approved:
        return to == S::Provisioning || to == S::Cancelled;
    case S::Provisioning:
        return to == S::Completed || to == S::Failed || to == S::Cancelled;
    case S::Failed:
        // Support may provision again once the cause is fixed, or give up.
        return to == S::Provisioning || to == S::Cancelled;
    case S::Rejected:
    case S::Completed:
    case S::Cancelled:
        return false;
    }
    return false;
}

Status checkTransition(OrderState from, OrderState to)
{
    if (canTransition(from, to))
        return ok();
    return Error::conflict(QCoreApplication::translate("ordo::OrderState", "an order that is %1 cannot become %2")
                               .arg(orderStateName(from), orderStateName(to)));
}

bool isFinal(OrderState state)
{
    return state == OrderState::Rejected || state == OrderState::Completed || state == OrderState::Cancelled;
}

} // namespace ordo

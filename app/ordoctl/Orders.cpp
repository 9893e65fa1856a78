#include "Commands.h"
#include "Output.h"
#include "domain/OrderState.h"

#include <QJsonArray>

namespace ordo::cli {

Noun ordersNoun()
{
    return {QStringLiteral("orders"), Text::tr("orders: customers see their own, approvers, support and admins the tenant's"),
            {{QStringLiteral("list"), Text::tr("[--state S]"), Text::tr("lists orders, or those in one state"),
              {QStringLiteral("state")}, 0, &Ordoctl::ordersList},
             {QStringLiteral("show"), Text::tr("ORDER"), Text::tr("shows an order with its lines and decisions"), {}, 1,
              &Ordoctl::ordersShow},
             {QStringLiteral("cancel"), Text::tr("ORDER --reason R"),
              Text::tr("cancels an order that is not finished; what it provisioned so far is rolled back"),
              {QStringLiteral("reason")}, 1, &Ordoctl::ordersCancel}},
            Text::tr("orders takes 'list', 'show ORDER' or 'cancel ORDER --reason R'")};
}

Status Ordoctl::ordersList()
{
    std::optional<OrderState> state;
    if (m_cl.has(QStringLiteral("state"))) {
        state = orderStateFromName(m_cl.option(QStringLiteral("state")));
        if (!state)
            return Error::badInput(Text::tr("--state '%1' is not an order state (submitted, pending-approval, approved, "
                                      "rejected, provisioning, completed, failed, cancelled)")
                                       .arg(m_cl.option(QStringLiteral("state"))));
    }
    ORDO_TRY(s, session());
    ORDO_TRY(list, m_ordo->orders().orders(s, state));
    if (m_json) {
        QJsonArray array;
        for (const Order &o : std::as_const(list))
            array.append(orderJson(o));
        printJson(array);
    } else {
        for (const Order &o : std::as_const(list))
            printOrder(o, false);
    }
    return ok();
}

Status Ordoctl::ordersShow()
{
    ORDO_TRY(id, number(m_cl.positional.at(2), Text::tr("order")));
    ORDO_TRY(s, session());
    ORDO_TRY(order, m_ordo->orders().order(s, id));
    ORDO_TRY(decisions, m_ordo->approvals().decisions(s, id));
    if (m_json) {
        QJsonObject o = orderJson(order);
        QJsonArray list;
        for (const ApprovalDecision &d : std::as_const(decisions))
            list.append(QJsonObject{{QStringLiteral("level"), d.level},
                                    {QStringLiteral("approver"), d.approverName},
                                    {QStringLiteral("decision"), d.decision == Decision::Approve ? QStringLiteral("approve") : QStringLiteral("reject")},
                                    {QStringLiteral("comment"), d.comment},
                                    {QStringLiteral("decidedAt"), d.decidedAt.toString(Qt::ISODateWithMs)}});
        o.insert(QStringLiteral("decisions"), list);
        printJson(o);
    } else {
        printOrder(order, true);
        for (const ApprovalDecision &d : std::as_const(decisions))
            out() << Text::tr("  %1 by %2 at %3: %4")
                         .arg(d.decision == Decision::Approve ? Text::tr("approved") : Text::tr("rejected"), d.approverName,
                              d.decidedAt.toString(Qt::ISODate), d.comment)
                  << Qt::endl;
    }
    return ok();
}

Status Ordoctl::ordersCancel()
{
    ORDO_TRY(id, number(m_cl.positional.at(2), Text::tr("order")));
    ORDO_TRY(s, session());
    ORDO_TRY(order, m_ordo->orders().cancel(s, id, m_cl.option(QStringLiteral("reason"))));
    if (m_json)
        printJson(orderJson(order));
    else
        printOrder(order, false);
    return ok();
}

} // namespace ordo::cli

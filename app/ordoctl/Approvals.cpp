#include "Commands.h"
#include "Output.h"

#include <QJsonArray>

namespace ordo::cli {

Noun approvalsNoun()
{
    return {QStringLiteral("approvals"), Text::tr("orders that wait for an approver's decision"),
            {{QStringLiteral("list"), {}, Text::tr("lists the orders waiting for your decision"), {}, 0, &Ordoctl::approvalsList},
             {QStringLiteral("approve"), Text::tr("ORDER [--comment C]"), Text::tr("approves an order at your level"),
              {QStringLiteral("comment")}, 1, &Ordoctl::approvalsDecide},
             {QStringLiteral("reject"), Text::tr("ORDER --comment C"), Text::tr("rejects an order, with the reason"),
              {QStringLiteral("comment")}, 1, &Ordoctl::approvalsDecide}},
            Text::tr("approvals takes 'list', 'approve ORDER' or 'reject ORDER'")};
}

Status Ordoctl::approvalsList()
{
    ORDO_TRY(s, session());
    ORDO_TRY(list, m_ordo->approvals().pending(s));
    if (m_json) {
        QJsonArray array;
        for (const Order &o : std::as_const(list))
            array.append(orderJson(o));
        printJson(array);
    } else if (list.isEmpty()) {
        out() << Text::tr("no orders wait for your decision") << Qt::endl;
    } else {
        for (const Order &o : std::as_const(list))
            printOrder(o, true);
    }
    return ok();
}

Status Ordoctl::approvalsDecide()
{
    ORDO_TRY(id, number(m_cl.positional.at(2), Text::tr("order")));
    const Decision decision = command() == QLatin1String("approve") ? Decision::Approve : Decision::Reject;
    if (decision == Decision::Reject && m_cl.option(QStringLiteral("comment")).trimmed().isEmpty())
        return Error::badInput(Text::tr("a rejection needs a reason: give it with --comment"));
    ORDO_TRY(s, session());
    ORDO_TRY(outcome, m_ordo->approvals().decide(s, id, decision, m_cl.option(QStringLiteral("comment"))));
    if (m_json)
        printJson(orderJson(outcome.order));
    else
        printOrder(outcome.order, false);
    return ok();
}

} // namespace ordo::cli

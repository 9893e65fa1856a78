#include "Commands.h"
#include "Output.h"

#include <QJsonArray>

namespace ordo::cli {

Noun checkoutNoun()
{
    return {QStringLiteral("checkout"), Text::tr("turns the whole cart into one order"),
            {{{}, Text::tr("[--request-id ID] [--cart-version V] [--preview]"),
              Text::tr("orders the cart; the same request id gives the same order; --preview shows price, quotas, approvals "
                       "and the cart's version, which --cart-version expects unchanged"),
              {QStringLiteral("request-id"), QStringLiteral("cart-version"), QStringLiteral("preview")}, 0, &Ordoctl::checkout}}};
}

Status Ordoctl::checkout()
{
    ORDO_TRY(s, session());
    if (m_cl.has(QStringLiteral("preview"))) {
        ORDO_TRY(p, m_ordo->orders().preview(s));
        QJsonArray quotas;
        for (const QuotaCheck &q : std::as_const(p.quotas)) {
            QJsonObject limit;
            if (q.limit.vcpus)
                limit.insert(QStringLiteral("vcpus"), *q.limit.vcpus);
            if (q.limit.memoryGiB)
                limit.insert(QStringLiteral("memoryGiB"), *q.limit.memoryGiB);
            if (q.limit.vms)
                limit.insert(QStringLiteral("vms"), *q.limit.vms);
            quotas.append(QJsonObject{{QStringLiteral("scope"), q.scope},
                                      {QStringLiteral("inUse"), footprintJson(q.inUse)},
                                      {QStringLiteral("afterOrder"), footprintJson(q.afterOrder)},
                                      {QStringLiteral("limit"), limit}});
        }
        QJsonArray route;
        for (const ApprovalRouteStep &step : std::as_const(p.route))
            route.append(QJsonObject{{QStringLiteral("level"), step.level},
                                     {QStringLiteral("mode"), step.mode == ApprovalLevel::Mode::AnyOf ? QStringLiteral("any") : QStringLiteral("all")},
                                     {QStringLiteral("approvers"), QJsonArray::fromStringList(step.approvers)}});
        if (m_json) {
            printJson(QJsonObject{{QStringLiteral("monthlyCents"), p.monthlyCents},
                                  {QStringLiteral("currency"), p.currency},
                                  {QStringLiteral("footprint"), footprintJson(p.footprint)},
                                  {QStringLiteral("quotas"), quotas},
                                  {QStringLiteral("autoApproved"), p.autoApproved},
                                  {QStringLiteral("approvalRoute"), route},
                                  {QStringLiteral("violations"), QJsonArray::fromStringList(p.violations)},
                                  {QStringLiteral("cartVersion"), p.cartVersion}});
            return ok();
        }
        out() << Text::tr("price: %1 per month").arg(formatMoney(p.monthlyCents, p.currency)) << Qt::endl;
        for (const QuotaCheck &q : std::as_const(p.quotas))
            out() << Text::tr("quota (%1): %2 vCPUs, %3 GiB, %4 VMs after this order")
                         .arg(q.scope)
                         .arg(q.afterOrder.vcpus)
                         .arg(q.afterOrder.memoryGiB)
                         .arg(q.afterOrder.vms)
                  << Qt::endl;
        if (p.autoApproved)
            out() << Text::tr("approval: automatic (within the policy's thresholds)") << Qt::endl;
        for (const ApprovalRouteStep &step : std::as_const(p.route))
            out() << Text::tr("approval: %1 by %2 of %3")
                         .arg(step.level,
                              step.mode == ApprovalLevel::Mode::AnyOf ? Text::tr("any") : Text::tr("all"),
                              step.approvers.join(QStringLiteral(", ")))
                  << Qt::endl;
        for (const QString &v : std::as_const(p.violations))
            out() << Text::tr("policy violation: %1").arg(v) << Qt::endl;
        out() << Text::tr("cart version: %1 (checkout --cart-version %1 orders this cart only)").arg(p.cartVersion) << Qt::endl;
        return ok();
    }
    std::optional<QString> cartVersion;
    if (m_cl.has(QStringLiteral("cart-version")))
        cartVersion = m_cl.option(QStringLiteral("cart-version"));
    ORDO_TRY(order, m_ordo->orders().checkout(s, m_cl.option(QStringLiteral("request-id")), cartVersion));
    if (m_json)
        printJson(orderJson(order));
    else
        printOrder(order, false);
    return ok();
}

} // namespace ordo::cli

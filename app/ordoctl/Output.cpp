#include "Output.h"

#include "CommandLine.h"
#include "domain/OrderState.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ordo::cli {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

void printJson(const QJsonValue &v)
{
    const QJsonDocument doc = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    out() << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

QJsonObject footprintJson(const Footprint &f)
{
    return {{QStringLiteral("vcpus"), f.vcpus}, {QStringLiteral("memoryGiB"), f.memoryGiB}, {QStringLiteral("vms"), f.vms}};
}

QJsonObject orderJson(const Order &o)
{
    QJsonArray lines;
    for (const OrderLine &l : o.lines)
        lines.append(QJsonObject{{QStringLiteral("line"), l.lineNo},
                                 {QStringLiteral("item"), l.itemId},
                                 {QStringLiteral("name"), l.itemName},
                                 {QStringLiteral("parameters"), QJsonObject::fromVariantMap(l.parameters)},
                                 {QStringLiteral("quantity"), l.quantity},
                                 {QStringLiteral("unitMonthlyCents"), l.unitMonthlyCents},
                                 {QStringLiteral("footprint"), footprintJson(l.footprint)}});
    return {{QStringLiteral("id"), o.id},
            {QStringLiteral("state"), orderStateName(o.state)},
            {QStringLiteral("version"), o.version},
            {QStringLiteral("requester"), o.requesterName},
            {QStringLiteral("requestId"), o.requestId},
            {QStringLiteral("approvalLevel"), o.approvalLevel},
            {QStringLiteral("monthlyCents"), o.monthlyCents},
            {QStringLiteral("currency"), o.currency},
            {QStringLiteral("footprint"), footprintJson(o.footprint)},
            {QStringLiteral("createdAt"), o.createdAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("updatedAt"), o.updatedAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("approvalExpiresAt"), o.approvalExpiresAt.isValid() ? o.approvalExpiresAt.toString(Qt::ISODateWithMs) : QString()},
            {QStringLiteral("lines"), lines}};
}

QString parametersText(const QVariantMap &p)
{
    QStringList parts;
    for (auto it = p.begin(); it != p.end(); ++it)
        parts.append(it.key() + QLatin1Char('=') + it.value().toString());
    return parts.join(QLatin1Char(' '));
}

void printOrder(const Order &o, bool withLines)
{
    out() << Text::tr("order %1  %2  by %3  %4/month  (%5 vCPUs, %6 GiB, %7 VMs)")
                 .arg(o.id)
                 .arg(orderStateName(o.state), o.requesterName, formatMoney(o.monthlyCents, o.currency))
                 .arg(o.footprint.vcpus)
                 .arg(o.footprint.memoryGiB)
                 .arg(o.footprint.vms)
          << Qt::endl;
    if (!withLines)
        return;
    for (const OrderLine &l : o.lines)
        out() << QStringLiteral("  %1. %2 x%3  %4  %5/month each").arg(l.lineNo).arg(l.itemId).arg(l.quantity)
                     .arg(parametersText(l.parameters), formatMoney(l.unitMonthlyCents, o.currency))
              << Qt::endl;
}

QString timeText(qint64 ms)
{
    return ms ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

QJsonObject summaryJson(const engine::WorkflowSummary &w)
{
    return {{QStringLiteral("id"), w.id},
            {QStringLiteral("name"), w.name},
            {QStringLiteral("version"), w.version},
            {QStringLiteral("state"), engine::workflowStateName(w.state)},
            {QStringLiteral("inputs"), w.inputs},
            {QStringLiteral("startedBy"), w.startedBy},
            {QStringLiteral("createdAt"), timeText(w.createdAt)},
            {QStringLiteral("finishedAt"), timeText(w.finishedAt)},
            {QStringLiteral("error"), w.error}};
}

} // namespace ordo::cli

#include "catalog/PreviewPanel.h"

#include <QFormLayout>
#include <QLabel>

namespace ordo::ui {

namespace {

QString figure(qint64 inUse, qint64 after, const std::optional<qint64> &limit)
{
    if (!limit)
        return PreviewPanel::tr("%1 → %2 (no limit)").arg(inUse).arg(after);
    return PreviewPanel::tr("%1 → %2 of %3").arg(inUse).arg(after).arg(*limit);
}

QString quotaLine(const QuotaCheck &q)
{
    const QString who = q.scope == QLatin1String("user") ? PreviewPanel::tr("You") : PreviewPanel::tr("Your organisation");
    return PreviewPanel::tr("%1: vCPUs %2, memory (GiB) %3, VMs %4")
        .arg(who, figure(q.inUse.vcpus, q.afterOrder.vcpus, q.limit.vcpus),
             figure(q.inUse.memoryGiB, q.afterOrder.memoryGiB, q.limit.memoryGiB),
             figure(q.inUse.vms, q.afterOrder.vms, q.limit.vms));
}

QLabel *wrappingLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

PreviewPanel::PreviewPanel(QWidget *parent)
    : QWidget(parent)
    , m_price(wrappingLabel(QStringLiteral("previewPrice"), this))
    , m_quota(wrappingLabel(QStringLiteral("previewQuota"), this))
    , m_route(wrappingLabel(QStringLiteral("previewRoute"), this))
    , m_problems(wrappingLabel(QStringLiteral("previewProblems"), this))
{
    auto *layout = new QFormLayout(this);
    layout->addRow(tr("Price"), m_price);
    layout->addRow(tr("Quota"), m_quota);
    layout->addRow(tr("Approval"), m_route);
    layout->addRow(m_problems);
    setUnavailable({});
}

void PreviewPanel::setPreview(const CheckoutPreview &preview)
{
    m_price->setText(tr("%1 per month").arg(formatMoney(preview.monthlyCents, preview.currency)));
    QStringList quotas;
    for (const QuotaCheck &q : preview.quotas)
        quotas.append(quotaLine(q));
    m_quota->setText(quotas.join(QLatin1Char('\n')));
    if (preview.autoApproved) {
        m_route->setText(tr("Approved at once: within your organisation's limits"));
    } else {
        QStringList steps;
        for (const ApprovalRouteStep &step : preview.route) {
            const QString approvers = step.approvers.join(QStringLiteral(", "));
            steps.append(step.mode == ApprovalLevel::Mode::AllOf ? tr("%1: all of %2").arg(step.level, approvers)
                                                                  : tr("%1: one of %2").arg(step.level, approvers));
        }
        m_route->setText(steps.join(QLatin1Char('\n')));
    }
    m_problems->setText(preview.violations.join(QLatin1Char('\n')));
    m_problems->setVisible(!preview.violations.isEmpty());
}

void PreviewPanel::setUnavailable(const QString &reason)
{
    m_price->clear();
    m_quota->clear();
    m_route->clear();
    m_problems->setText(reason);
    m_problems->setVisible(!reason.isEmpty());
}

} // namespace ordo::ui

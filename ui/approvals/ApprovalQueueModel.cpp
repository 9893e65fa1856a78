#include "approvals/ApprovalQueueModel.h"

#include "domain/Catalog.h"

#include <QLocale>

namespace ordo::ui {

namespace {

QString itemsSummary(const Order &order)
{
    QStringList parts;
    for (const OrderLine &line : order.lines)
        parts.append(line.quantity == 1 ? line.itemName : QStringLiteral("%1 × %2").arg(line.quantity).arg(line.itemName));
    return parts.join(QStringLiteral(", "));
}

} // namespace

ApprovalQueueModel::ApprovalQueueModel(QObject *parent) : QAbstractTableModel(parent) {}

void ApprovalQueueModel::setOrders(QList<Order> orders)
{
    beginResetModel();
    m_orders = std::move(orders);
    endResetModel();
}

int ApprovalQueueModel::rowOf(Id orderId) const
{
    for (qsizetype i = 0; i < m_orders.size(); ++i) {
        if (m_orders.at(i).id == orderId)
            return static_cast<int>(i);
    }
    return -1;
}

int ApprovalQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_orders.size());
}

int ApprovalQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApprovalQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Order &order = m_orders.at(index.row());
    switch (role) {
    case OrderIdRole:
        return order.id;
    case RequesterRole:
        return order.requesterName;
    case MonthlyCentsRole:
        return order.monthlyCents;
    case SearchTextRole:
        return QStringLiteral("%1 %2 %3").arg(order.id).arg(order.requesterName, itemsSummary(order));
    case Qt::TextAlignmentRole:
        if (index.column() == OrderNo || index.column() == Cost)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case OrderNo:
        return order.id;
    case Requester:
        return order.requesterName;
    case Items:
        return itemsSummary(order);
    case Cost:
        return tr("%1/month").arg(formatMoney(order.monthlyCents, order.currency));
    case Waiting:
        return QLocale().toString(order.updatedAt.toLocalTime(), QLocale::ShortFormat);
    default:
        return {};
    }
}

QVariant ApprovalQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OrderNo:
        return tr("Order");
    case Requester:
        return tr("Requester");
    case Items:
        return tr("Items");
    case Cost:
        return tr("Cost");
    case Waiting:
        return tr("Waiting since");
    default:
        return {};
    }
}

ApprovalQueueFilter::ApprovalQueueFilter(QObject *parent) : QSortFilterProxyModel(parent) {}

void ApprovalQueueFilter::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateRowsFilter();
}

void ApprovalQueueFilter::setRequester(const QString &requester)
{
    m_requester = requester;
    invalidateRowsFilter();
}

void ApprovalQueueFilter::setMinimumMonthlyCents(qint64 cents)
{
    m_minimumCents = cents;
    invalidateRowsFilter();
}

bool ApprovalQueueFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_requester.isEmpty() && index.data(ApprovalQueueModel::RequesterRole).toString() != m_requester)
        return false;
    if (index.data(ApprovalQueueModel::MonthlyCentsRole).toLongLong() < m_minimumCents)
        return false;
    return m_text.isEmpty() || index.data(ApprovalQueueModel::SearchTextRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace ordo::ui

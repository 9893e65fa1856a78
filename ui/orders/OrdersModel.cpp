#include "orders/OrdersModel.h"

#include <QLocale>

namespace ordo::ui {

namespace {

QString stateText(OrderState state)
{
    switch (state) {
    case OrderState::Submitted:
        return OrdersModel::tr("submitted");
    case OrderState::PendingApproval:
        return OrdersModel::tr("waiting for approval");
    case OrderState::Approved:
        return OrdersModel::tr("approved");
    case OrderState::Rejected:
        return OrdersModel::tr("rejected");
    case OrderState::Provisioning:
        return OrdersModel::tr("provisioning");
    case OrderState::Completed:
        return OrdersModel::tr("completed");
    case OrderState::Failed:
        return OrdersModel::tr("failed");
    case OrderState::Cancelled:
        return OrdersModel::tr("cancelled");
    }
    return {};
}

QString waitingText(const OrderProgress &p)
{
    if (p.waitingLevel.isEmpty())
        return {};
    const QString since = QLocale().toString(p.waitingSince.toLocalTime(), QLocale::ShortFormat);
    if (p.waitingOn.isEmpty())
        return OrdersModel::tr("%1 (%2), since %3").arg(p.waitingLevel, p.waitingGroup, since);
    return OrdersModel::tr("%1 (%2): %3, since %4")
        .arg(p.waitingLevel, p.waitingGroup, p.waitingOn.join(QStringLiteral(", ")), since);
}

} // namespace

OrdersModel::OrdersModel(QObject *parent) : QAbstractTableModel(parent) {}

void OrdersModel::setRows(QList<OrderRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int OrdersModel::rowOf(Id orderId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).order.id == orderId)
            return row;
    }
    return -1;
}

int OrdersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int OrdersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrdersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OrderRow &row = m_rows.at(index.row());
    const OrderProgress &p = row.progress;
    if (role == OrderIdRole)
        return row.order.id;
    if (role == ProgressRole)
        return p.stepsTotal > 0 ? 100 * p.stepsDone / p.stepsTotal : -1;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Number:
        return row.order.id;
    case Placed:
        return QLocale().toString(row.order.createdAt.toLocalTime(), QLocale::ShortFormat);
    case Services: {
        QStringList lines;
        for (const OrderLine &line : row.order.lines)
            lines.append(tr("%1 × %2").arg(line.quantity).arg(line.itemName));
        return lines.join(QStringLiteral(", "));
    }
    case State:
        return stateText(row.order.state);
    case Progress:
        if (p.stepsTotal == 0)
            return {};
        return tr("%1 of %2 steps").arg(p.stepsDone).arg(p.stepsTotal);
    case WaitingOn:
        return waitingText(p);
    case Monthly:
        return formatMoney(row.order.monthlyCents, row.order.currency);
    default:
        return {};
    }
}

QVariant OrdersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Number:
        return tr("Order");
    case Placed:
        return tr("Placed");
    case Services:
        return tr("Services");
    case State:
        return tr("State");
    case Progress:
        return tr("Provisioning");
    case WaitingOn:
        return tr("Waiting on");
    case Monthly:
        return tr("Per month");
    default:
        return {};
    }
}

} // namespace ordo::ui

#pragma once

#include "domain/Commerce.h"

#include <QAbstractTableModel>

namespace ordo::ui {

struct OrderRow
{
    Order order;
    OrderProgress progress;
};

// The user's orders: state, provisioning progress (ProgressRole: percent, -1
// when nothing runs for the order) and, while it waits for approval, on whom and since when.
class OrdersModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Number, Placed, Services, State, Progress, WaitingOn, Monthly, ColumnCount };
    enum Roles { OrderIdRole = Qt::UserRole + 1, ProgressRole };

    explicit OrdersModel(QObject *parent = nullptr);

    void setRows(QList<OrderRow> rows);
    const QList<OrderRow> &rows() const { return m_rows; }
    // The row of an order; -1 when it is not listed.
    int rowOf(Id orderId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<OrderRow> m_rows;
};

} // namespace ordo::ui

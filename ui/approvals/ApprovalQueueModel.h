#pragma once

#include "domain/Types.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace ordo::ui {

// The orders waiting for this approver: one row per order.
class ApprovalQueueModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { OrderNo, Requester, Items, Cost, Waiting, ColumnCount };
    enum Roles { OrderIdRole = Qt::UserRole + 1, RequesterRole, MonthlyCentsRole, SearchTextRole };

    explicit ApprovalQueueModel(QObject *parent = nullptr);

    // Replaces the queue (the page puts the selection back by order id).
    void setOrders(QList<Order> orders);
    const QList<Order> &orders() const { return m_orders; }
    // The row of the order, or -1.
    int rowOf(Id orderId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Order> m_orders;
};

// The queue as the filters above it narrow it: text (order number, requester,
// items), one requester, and a lowest monthly cost.
class ApprovalQueueFilter final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ApprovalQueueFilter(QObject *parent = nullptr);

    void setText(const QString &text);
    void setRequester(const QString &requester); // empty: everyone
    void setMinimumMonthlyCents(qint64 cents);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QString m_requester;
    qint64 m_minimumCents = 0;
};

} // namespace ordo::ui

#pragma once

#include "engine/Runtime.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>

namespace ordo::ui {

// The workflows support sees, one row each, kept up to date row by row from
// the change feed (update()) rather than reloaded whole.
class WorkflowListModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, State, Progress, CurrentStep, Elapsed, Owner, Order, Tenant, ColumnCount };
    enum Roles {
        IdRole = Qt::UserRole + 1,
        StateRole,    // the workflow state's stored name
        PercentRole,  // 0..100, of the steps ended
        SearchRole,   // what the text filter looks in
    };

    explicit WorkflowListModel(QObject *parent = nullptr);

    void setWorkflows(QList<engine::WorkflowOverview> workflows);
    // Replaces the rows of these workflows, and adds the new ones.
    void update(const QList<engine::WorkflowOverview> &workflows);
    // Elapsed times are counted to this moment (ms since epoch); the page moves it when data arrives.
    void setNow(qint64 now);

    const engine::WorkflowOverview *workflow(qint64 id) const;
    int rowOf(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<engine::WorkflowOverview> m_rows;
    QHash<qint64, int> m_rowOf;
    qint64 m_now = 0;
};

// Filters the list by state, owner, order and free text.
class WorkflowFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit WorkflowFilterModel(QObject *parent = nullptr);

    void setState(const QString &stateName); // empty: every state
    void setOwner(const QString &owner);     // empty: everybody's
    void setOrder(const QString &order);     // an order id; empty: any
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_state;
    QString m_owner;
    QString m_order;
    QString m_text;
};

// Draws PercentRole as a progress bar.
class ProgressDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

// "3 min 12 s", "2 h 05 min": how long something has been going on.
QString elapsedText(qint64 ms);

} // namespace ordo::ui

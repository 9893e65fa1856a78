#pragma once

#include "domain/Commerce.h"

#include <QAbstractTableModel>

namespace ordo::ui {

// One line of the cart as the cart page shows it: the stored line, its item,
// its price from the core's preview, and what stands in its way.
struct CartRow
{
    CartLine line;
    QString itemName;
    ParameterSchema schema; // the item's, for editing the line's parameters
    qint64 unitMonthlyCents = 0;
    QString currency;
    QString problem; // empty: none
};

// The cart as a table. The quantity is editable: an edit is not applied here
// but reported by quantityEdited(), for the core to check and store.
class CartModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Item, Parameters, Quantity, Monthly, Problem, ColumnCount };
    enum Roles { LineIdRole = Qt::UserRole + 1 };

    explicit CartModel(QObject *parent = nullptr);

    void setRows(QList<CartRow> rows);
    const QList<CartRow> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void quantityEdited(ordo::Id lineId, int quantity);

private:
    QList<CartRow> m_rows;
};

} // namespace ordo::ui

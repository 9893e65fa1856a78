#pragma once

#include "domain/Catalog.h"

#include <QAbstractTableModel>

namespace ordo::ui {

// The service catalog as a table: one row per item.
class CatalogModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Category, Price, Description, ColumnCount };
    enum Roles { ItemIdRole = Qt::UserRole + 1 };

    explicit CatalogModel(QObject *parent = nullptr);

    void setItems(QList<CatalogItem> items);
    const QList<CatalogItem> &items() const { return m_items; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<CatalogItem> m_items;
};

} // namespace ordo::ui

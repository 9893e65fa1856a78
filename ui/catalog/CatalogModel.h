#pragma once

#include "domain/Catalog.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace ordo::ui {

// The service catalog as a table: one row per item. Its name column carries
// the item's icon, for cards (QListView in icon mode) and lists alike.
class CatalogModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Category, Price, Description, ColumnCount };
    enum Roles { ItemIdRole = Qt::UserRole + 1, CategoryRole };

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

// The catalog as the user narrows it: one category (empty: all) and a search
// text matched against name, description and category.
class CatalogFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit CatalogFilterModel(QObject *parent = nullptr);

    void setCategory(const QString &category);
    void setSearchText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_category;
    QString m_searchText;
};

} // namespace ordo::ui

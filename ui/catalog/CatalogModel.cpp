#include "catalog/CatalogModel.h"

namespace ordo::ui {

CatalogModel::CatalogModel(QObject *parent) : QAbstractTableModel(parent) {}

void CatalogModel::setItems(QList<CatalogItem> items)
{
    beginResetModel();
    m_items = std::move(items);
    endResetModel();
}

int CatalogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

int CatalogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CatalogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CatalogItem &item = m_items.at(index.row());
    if (role == ItemIdRole)
        return item.id;
    if (role == Qt::ToolTipRole)
        return item.description;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return item.name;
    case Category:
        return item.category;
    case Price:
        if (item.isBundle())
            return tr("bundle");
        return tr("from %1/month").arg(formatMoney(item.price.flatMonthlyCents, item.price.currency));
    case Description:
        return item.description;
    default:
        return {};
    }
}

QVariant CatalogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Service");
    case Category:
        return tr("Category");
    case Price:
        return tr("Price");
    case Description:
        return tr("Description");
    default:
        return {};
    }
}

} // namespace ordo::ui

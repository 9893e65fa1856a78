#include "catalog/CatalogModel.h"

#include <QApplication>
#include <QIcon>
#include <QStyle>

namespace ordo::ui {

namespace {

// The item's icon by its catalog name: the desktop theme's, else the style's.
QIcon itemIcon(const QString &name)
{
    QStyle::StandardPixmap fallback = QStyle::SP_FileIcon;
    QString themeName = name;
    if (name == QLatin1String("server")) {
        fallback = QStyle::SP_ComputerIcon;
        themeName = QStringLiteral("computer");
    } else if (name == QLatin1String("database")) {
        fallback = QStyle::SP_DriveHDIcon;
        themeName = QStringLiteral("drive-harddisk");
    } else if (name == QLatin1String("bundle")) {
        fallback = QStyle::SP_DirIcon;
        themeName = QStringLiteral("package-x-generic");
    }
    return QIcon::fromTheme(themeName, QApplication::style()->standardIcon(fallback));
}

} // namespace

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
    if (role == CategoryRole)
        return item.category;
    if (role == Qt::DecorationRole && index.column() == Name)
        return itemIcon(item.icon);
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

CatalogFilterModel::CatalogFilterModel(QObject *parent) : QSortFilterProxyModel(parent) {}

void CatalogFilterModel::setCategory(const QString &category)
{
    m_category = category;
    invalidateRowsFilter();
}

void CatalogFilterModel::setSearchText(const QString &text)
{
    m_searchText = text.trimmed();
    invalidateRowsFilter();
}

bool CatalogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    const QString category = source->index(sourceRow, CatalogModel::Category, sourceParent).data().toString();
    if (!m_category.isEmpty() && category != m_category)
        return false;
    if (m_searchText.isEmpty())
        return true;
    for (int column : {CatalogModel::Name, CatalogModel::Category, CatalogModel::Description}) {
        if (source->index(sourceRow, column, sourceParent).data().toString().contains(m_searchText, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace ordo::ui

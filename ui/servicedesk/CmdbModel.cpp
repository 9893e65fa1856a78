#include "servicedesk/CmdbModel.h"

#include "common/SearchFilterModel.h"
#include "servicedesk/TicketModel.h"

#include <QJsonDocument>

namespace ordo::ui {

CmdbModel::CmdbModel(QObject *parent) : KeyedTableModel(parent) {}

void CmdbModel::setItems(const QList<connectors::CmdbItem> &items)
{
    patchRows(items);
}

bool CmdbModel::sameRow(const connectors::CmdbItem &a, const connectors::CmdbItem &b) const
{
    return a.name == b.name && a.ip == b.ip && a.itemClass == b.itemClass && a.attributes == b.attributes && a.removedAt == b.removedAt;
}

int CmdbModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CmdbModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const connectors::CmdbItem &item = rowAt(index.row());
    const QString configuration = QString::fromUtf8(QJsonDocument(item.attributes).toJson(QJsonDocument::Indented));
    switch (role) {
    case ItemIdRole: return item.id;
    case ConfigurationRole: return configuration;
    case SearchFilterModel::StateRole: return item.removedAt.isEmpty() ? kPresent : kRemoved;
    case SearchFilterModel::SearchRole:
        return QStringList{QString::number(item.id), item.name, item.ip, item.itemClass, configuration}.join(QLatin1Char('\n'));
    case SearchFilterModel::SortRole:
        switch (index.column()) {
        case Id: return item.id;
        case Created: return item.createdAt;
        case Removed: return item.removedAt;
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::TextAlignmentRole:
        return index.column() == Id ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case Id: return item.id;
    case Name: return item.name;
    case Ip: return item.ip;
    case Class: return item.itemClass;
    case State: return item.removedAt.isEmpty() ? tr("in service") : tr("removed");
    case Created: return localTime(item.createdAt);
    case Removed: return localTime(item.removedAt);
    default: return {};
    }
}

QVariant CmdbModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id: return tr("Item");
    case Name: return tr("Name");
    case Ip: return tr("IP address");
    case Class: return tr("Class");
    case State: return tr("State");
    case Created: return tr("Registered");
    case Removed: return tr("Removed");
    default: return {};
    }
}

} // namespace ordo::ui

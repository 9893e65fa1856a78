#pragma once

#include "common/KeyedTableModel.h"
#include "connectors/ServiceDesk.h"

namespace ordo::ui {

// The configuration items of the embedded CMDB that the session may see, the
// removed ones too (a rollback's), patched in place as they change.
class CmdbModel final : public KeyedTableModel<connectors::CmdbItem>
{
    Q_OBJECT

public:
    enum Column { Id, Name, Ip, Class, State, Created, Removed, ColumnCount };
    enum Roles {
        ItemIdRole = Qt::UserRole + 1,
        ConfigurationRole, // the attributes, as indented JSON
    };
    // What SearchFilterModel::StateRole gives.
    static inline const QString kPresent = QStringLiteral("present");
    static inline const QString kRemoved = QStringLiteral("removed");

    explicit CmdbModel(QObject *parent = nullptr);

    void setItems(const QList<connectors::CmdbItem> &items);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    qint64 keyOf(const connectors::CmdbItem &item) const override { return item.id; }
    bool sameRow(const connectors::CmdbItem &a, const connectors::CmdbItem &b) const override;
};

} // namespace ordo::ui

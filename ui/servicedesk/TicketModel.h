#pragma once

#include "common/KeyedTableModel.h"
#include "connectors/ServiceDesk.h"

namespace ordo::ui {

// The tickets of the embedded ticket store that the session may see, oldest
// first, patched in place as they are opened, commented on or their workflow
// moves on.
class TicketModel final : public KeyedTableModel<connectors::Ticket>
{
    Q_OBJECT

public:
    enum Column { Id, State, Severity, Title, Workflow, Order, Comments, Created, Updated, ColumnCount };
    enum Roles {
        TicketIdRole = Qt::UserRole + 1,
        WorkflowIdRole, // 0: the ticket names no workflow
        DescriptionRole,
        UpdatedRole, // the newest comment's time, as stored
    };

    explicit TicketModel(QObject *parent = nullptr);

    void setTickets(const QList<connectors::Ticket> &tickets);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A workflow state's name as a person reads it.
    static QString stateText(const QString &workflowState);

protected:
    qint64 keyOf(const connectors::Ticket &ticket) const override { return ticket.id; }
    bool sameRow(const connectors::Ticket &a, const connectors::Ticket &b) const override;
};

// A stored ISO time in the user's short format; empty for none.
QString localTime(const QString &isoTime);

} // namespace ordo::ui

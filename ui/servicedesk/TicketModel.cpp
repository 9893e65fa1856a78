#include "servicedesk/TicketModel.h"

#include "common/SearchFilterModel.h"
#include "engine/States.h"

#include <QDateTime>
#include <QLocale>

namespace ordo::ui {

QString localTime(const QString &isoTime)
{
    const QDateTime at = QDateTime::fromString(isoTime, Qt::ISODateWithMs);
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : QString();
}

TicketModel::TicketModel(QObject *parent) : KeyedTableModel(parent) {}

void TicketModel::setTickets(const QList<connectors::Ticket> &tickets)
{
    patchRows(tickets);
}

bool TicketModel::sameRow(const connectors::Ticket &a, const connectors::Ticket &b) const
{
    return a.title == b.title && a.description == b.description && a.severity == b.severity && a.comments == b.comments
           && a.updatedAt == b.updatedAt && a.workflowState == b.workflowState && a.workflowId == b.workflowId && a.orderId == b.orderId;
}

int TicketModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TicketModel::stateText(const QString &workflowState)
{
    using W = engine::WorkflowState;
    const std::optional<W> state = engine::workflowStateFromName(workflowState);
    if (!state)
        return workflowState;
    switch (*state) {
    case W::Running: return tr("running");
    case W::Paused: return tr("paused, waiting for support");
    case W::Succeeded: return tr("succeeded");
    case W::Failed: return tr("failed");
    case W::RollingBack: return tr("rolling back");
    case W::RolledBack: return tr("rolled back");
    case W::Cancelled: return tr("cancelled");
    }
    return workflowState;
}

QVariant TicketModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const connectors::Ticket &t = rowAt(index.row());
    switch (role) {
    case TicketIdRole: return t.id;
    case WorkflowIdRole: return t.workflowId;
    case DescriptionRole: return t.description;
    case UpdatedRole: return t.updatedAt;
    case SearchFilterModel::StateRole: return t.workflowState;
    case SearchFilterModel::SearchRole:
        return QStringList{QString::number(t.id), t.title, t.description, t.severity, stateText(t.workflowState),
                           t.workflowId ? QStringLiteral("#%1").arg(t.workflowId) : QString()}
            .join(QLatin1Char('\n'));
    case SearchFilterModel::SortRole:
        switch (index.column()) {
        case Id: return t.id;
        case Workflow: return t.workflowId;
        case Order: return t.orderId;
        case Comments: return t.comments;
        case Created: return t.createdAt;
        case Updated: return t.updatedAt;
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        return index.column() == Title ? t.title : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == Id || index.column() == Comments ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case Id: return t.id;
    case State: return t.workflowId ? stateText(t.workflowState) : tr("no workflow");
    case Severity: return t.severity;
    case Title: return t.title;
    case Workflow: return t.workflowId ? QStringLiteral("#%1").arg(t.workflowId) : QString();
    case Order: return t.orderId ? QString::number(t.orderId) : QString();
    case Comments: return t.comments;
    case Created: return localTime(t.createdAt);
    case Updated: return localTime(t.updatedAt);
    default: return {};
    }
}

QVariant TicketModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id: return tr("Ticket");
    case State: return tr("Workflow state");
    case Severity: return tr("Severity");
    case Title: return tr("Title");
    case Workflow: return tr("Workflow");
    case Order: return tr("Order");
    case Comments: return tr("Comments");
    case Created: return tr("Opened");
    case Updated: return tr("Updated");
    default: return {};
    }
}

} // namespace ordo::ui

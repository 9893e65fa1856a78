#include "workflows/WorkflowListModel.h"

#include <QApplication>
#include <QPainter>

namespace ordo::ui {

using engine::WorkflowOverview;

QString elapsedText(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 60)
        return QCoreApplication::translate("ordo::ui::WorkflowListModel", "%1 s").arg(s);
    if (s < 3600)
        return QCoreApplication::translate("ordo::ui::WorkflowListModel", "%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QCoreApplication::translate("ordo::ui::WorkflowListModel", "%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

WorkflowListModel::WorkflowListModel(QObject *parent) : QAbstractTableModel(parent) {}

void WorkflowListModel::setWorkflows(QList<WorkflowOverview> workflows)
{
    beginResetModel();
    m_rows = std::move(workflows);
    m_rowOf.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowOf.insert(m_rows.at(i).summary.id, i);
    endResetModel();
}

void WorkflowListModel::update(const QList<WorkflowOverview> &workflows)
{
    QList<WorkflowOverview> added;
    for (const WorkflowOverview &w : workflows) {
        const int row = m_rowOf.value(w.summary.id, -1);
        if (row < 0) {
            added.append(w);
            continue;
        }
        m_rows[row] = w;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    if (added.isEmpty())
        return;
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
    for (const WorkflowOverview &w : std::as_const(added)) {
        m_rowOf.insert(w.summary.id, static_cast<int>(m_rows.size()));
        m_rows.append(w);
    }
    endInsertRows();
}

void WorkflowListModel::setNow(qint64 now)
{
    m_now = now;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Elapsed), index(rowCount() - 1, Elapsed), {Qt::DisplayRole});
}

const WorkflowOverview *WorkflowListModel::workflow(qint64 id) const
{
    const int row = m_rowOf.value(id, -1);
    return row < 0 ? nullptr : &m_rows.at(row);
}

int WorkflowListModel::rowOf(qint64 id) const
{
    return m_rowOf.value(id, -1);
}

int WorkflowListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int WorkflowListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WorkflowListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WorkflowOverview &w = m_rows.at(index.row());
    const int percent = w.steps > 0 ? w.stepsDone * 100 / w.steps : 0;
    switch (role) {
    case IdRole:
        return w.summary.id;
    case StateRole:
        return engine::workflowStateName(w.summary.state);
    case PercentRole:
        return percent;
    case SearchRole:
        return QStringList{QString::number(w.summary.id), w.summary.name, w.summary.startedBy, w.currentStep, w.summary.error, w.tenantName}
            .join(QLatin1Char('\n'));
    case Qt::ToolTipRole:
        return w.summary.error.isEmpty() ? QVariant() : QVariant(w.summary.error);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case Name:
        return tr("#%1 %2").arg(w.summary.id).arg(w.summary.name);
    case State:
        return engine::workflowStateName(w.summary.state);
    case Progress:
        return tr("%1 of %2").arg(w.stepsDone).arg(w.steps);
    case CurrentStep:
        return w.currentStep;
    case Elapsed: {
        const qint64 end = w.summary.finishedAt ? w.summary.finishedAt : std::max(m_now, w.summary.updatedAt);
        return elapsedText(end - w.summary.createdAt);
    }
    case Owner:
        return w.summary.startedBy;
    case Order:
        return w.summary.orderId ? QVariant(*w.summary.orderId) : QVariant();
    case Tenant:
        return w.tenantName;
    default:
        return {};
    }
}

QVariant WorkflowListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Workflow");
    case State:
        return tr("State");
    case Progress:
        return tr("Progress");
    case CurrentStep:
        return tr("Current step");
    case Elapsed:
        return tr("Elapsed");
    case Owner:
        return tr("Owner");
    case Order:
        return tr("Order");
    case Tenant:
        return tr("Tenant");
    default:
        return {};
    }
}

WorkflowFilterModel::WorkflowFilterModel(QObject *parent) : QSortFilterProxyModel(parent) {}

void WorkflowFilterModel::setState(const QString &stateName)
{
    m_state = stateName;
    invalidateFilter();
}

void WorkflowFilterModel::setOwner(const QString &owner)
{
    m_owner = owner.trimmed();
    invalidateFilter();
}

void WorkflowFilterModel::setOrder(const QString &order)
{
    m_order = order.trimmed();
    invalidateFilter();
}

void WorkflowFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

bool WorkflowFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *m = sourceModel();
    const QModelIndex first = m->index(sourceRow, 0, sourceParent);
    if (!m_state.isEmpty() && first.data(WorkflowListModel::StateRole).toString() != m_state)
        return false;
    if (!m_owner.isEmpty()
        && m->index(sourceRow, WorkflowListModel::Owner, sourceParent).data().toString().compare(m_owner, Qt::CaseInsensitive) != 0)
        return false;
    if (!m_order.isEmpty() && m->index(sourceRow, WorkflowListModel::Order, sourceParent).data().toString() != m_order)
        return false;
    return m_text.isEmpty() || first.data(WorkflowListModel::SearchRole).toString().contains(m_text, Qt::CaseInsensitive);
}

void ProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionProgressBar bar;
    bar.rect = option.rect.adjusted(2, 2, -2, -2);
    bar.minimum = 0;
    bar.maximum = 100;
    bar.progress = index.data(WorkflowListModel::PercentRole).toInt();
    bar.text = index.data().toString();
    bar.textVisible = true;
    bar.state = option.state | QStyle::State_Horizontal;
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
}

} // namespace ordo::ui

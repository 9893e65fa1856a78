#include "workflows/WorkflowListModel.h"
#include "common/WhenDone.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>

namespace ordo::ui {

using engine::WorkflowOverview;
using WorkflowOverviewPage = engine::OverviewPage;

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

void WorkflowListModel::setLoader(Loader loader)
{
    m_loader = std::move(loader);
    setFilter(m_filter);
}

void WorkflowListModel::setFilter(const engine::WorkflowFilter &filter)
{
    m_filter = filter;
    ++m_generation;
    m_loading = false;
    // The rows shown stay until the new first page replaces them: no empty flash while typing.
    if (m_loader)
        load(0);
}

void WorkflowListModel::load(qint64 beforeId)
{
    m_loading = true;
    const quint64 generation = m_generation;
    whenDone(this, m_loader(m_filter, beforeId, kPageRows), [this, generation, beforeId](const Result<WorkflowOverviewPage> &page) {
        // Posted: a page read already arrives at once, and rows must not be inserted
        // inside the caller's handling of this model's signals (a view's reset).
        QMetaObject::invokeMethod(this, [this, generation, beforeId, page] { addPage(generation, beforeId, page); }, Qt::QueuedConnection);
    });
}

void WorkflowListModel::addPage(quint64 generation, qint64 beforeId, const Result<WorkflowOverviewPage> &page)
{
    if (generation != m_generation)
        return; // asked for with a filter since replaced
    m_loading = false;
    if (!page) {
        m_more = false;
        Q_EMIT loadFailed(page.error().message);
        return;
    }
    const bool first = beforeId == 0;
    if (first) {
        beginResetModel();
        m_rows = page->rows;
        m_more = page->more;
        endResetModel();
    } else if (!m_rows.isEmpty() && m_rows.last().summary.id != beforeId) {
        // The last row changed while the page was read (removed by a change): read on from the new last one.
        load(m_rows.last().summary.id);
        return;
    } else {
        // A workflow added meanwhile is in both when it is also among the rows already shown: skip those.
        QList<WorkflowOverview> rows;
        for (const WorkflowOverview &w : page->rows)
            if (rowOf(w.summary.id) < 0)
                rows.append(w);
        m_more = page->more;
        if (!rows.isEmpty()) {
            const int at = static_cast<int>(m_rows.size());
            beginInsertRows({}, at, at + static_cast<int>(rows.size()) - 1);
            m_rows.append(rows);
            endInsertRows();
        }
    }
    Q_EMIT pageLoaded(static_cast<int>(page->rows.size()), first);
}

bool WorkflowListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_loader && m_more && !m_loading && !m_rows.isEmpty();
}

void WorkflowListModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        load(m_rows.last().summary.id);
}

int WorkflowListModel::positionOf(qint64 id) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
                                     [](const WorkflowOverview &w, qint64 wanted) { return w.summary.id > wanted; });
    return static_cast<int>(it - m_rows.cbegin());
}

void WorkflowListModel::applyChanges(quint64 generation, const WorkflowOverviewPage &changed)
{
    if (generation != m_generation)
        return;
    for (const qint64 id : changed.unmatched) {
        if (const int row = rowOf(id); row >= 0) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    }
    for (const WorkflowOverview &w : changed.rows) {
        const int row = positionOf(w.summary.id);
        if (row < m_rows.size() && m_rows.at(row).summary.id == w.summary.id) {
            m_rows[row] = w;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            continue;
        }
        // Below the last row loaded, it comes with the page that reaches it.
        if (row == m_rows.size() && m_more)
            continue;
        beginInsertRows({}, row, row);
        m_rows.insert(row, w);
        endInsertRows();
    }
}

void WorkflowListModel::setNow(qint64 now)
{
    m_now = now;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Elapsed), index(rowCount() - 1, Elapsed), {Qt::DisplayRole});
}

const WorkflowOverview *WorkflowListModel::workflow(qint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_rows.at(row);
}

int WorkflowListModel::rowOf(qint64 id) const
{
    const int row = positionOf(id);
    return row < m_rows.size() && m_rows.at(row).summary.id == id ? row : -1;
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

#pragma once

#include "engine/Runtime.h"

#include <QAbstractTableModel>
#include <QFuture>
#include <QStyledItemDelegate>

#include <functional>

namespace ordo::ui {

// The workflows support sees, newest first, read from the core a page at a
// time as the view scrolls (fetchMore) and filtered there: the list never
// holds more than was scrolled to. A new filter starts it over; answers for an
// earlier filter are dropped. Changes patch the rows they touch
// (applyChanges) rather than reload the list.
class WorkflowListModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, State, Progress, CurrentStep, Elapsed, Owner, Order, Tenant, ColumnCount };
    enum Roles {
        IdRole = Qt::UserRole + 1,
        StateRole,    // the workflow state's stored name
        PercentRole,  // 0..100, of the steps ended
    };
    // Loads up to `limit` workflows matching the filter with an id below beforeId (0: the newest), off the GUI thread.
    using Loader = std::function<QFuture<Result<engine::OverviewPage>>(const engine::WorkflowFilter &filter, qint64 beforeId, int limit)>;
    static constexpr int kPageRows = 200;

    explicit WorkflowListModel(QObject *parent = nullptr);

    // Starts over with the first page of what the loader gives for the filter.
    void setLoader(Loader loader);
    void setFilter(const engine::WorkflowFilter &filter);
    const engine::WorkflowFilter &filter() const { return m_filter; }
    // Tells which filter an answer was asked for: applyChanges drops those of another.
    quint64 generation() const { return m_generation; }
    // The changed workflows as the core read them for the filter of `generation`: the
    // rows that still match are replaced or put in their place, the others removed.
    void applyChanges(quint64 generation, const engine::OverviewPage &changed);
    // Elapsed times are counted to this moment (ms since epoch); the page moves it when data arrives.
    void setNow(qint64 now);

    const engine::WorkflowOverview *workflow(qint64 id) const;
    int rowOf(qint64 id) const;
    bool isLoading() const { return m_loading; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    // A page for the current filter arrived with that many rows; `first`: it starts the list.
    void pageLoaded(int rows, bool first);
    void loadFailed(const QString &message);

private:
    void load(qint64 beforeId);
    void addPage(quint64 generation, qint64 beforeId, const Result<engine::OverviewPage> &page);
    // Where a workflow with this id stands or would stand: rows are by id, highest first.
    int positionOf(qint64 id) const;

    Loader m_loader;
    engine::WorkflowFilter m_filter;
    QList<engine::WorkflowOverview> m_rows;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_more = false; // more rows match below the last one loaded
    qint64 m_now = 0;
};

// Draws PercentRole as a progress bar.
class ProgressDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

// "3 min 12 s", "2 h 05 min": how long something has been going on.
QString elapsedText(qint64 ms);

} // namespace ordo::ui

#pragma once

#include "engine/Runtime.h"

#include <QAbstractListModel>
#include <QFuture>

#include <functional>

namespace ordo::ui {

// A workflow's log, read a page at a time as the view scrolls (fetchMore),
// so a huge log never blocks; follow() reads what was written since.
class LogModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    // Loads up to `limit` lines after `afterSeq`, off the GUI thread.
    using Loader = std::function<QFuture<Result<QList<engine::LogLine>>>(qint64 afterSeq, int limit)>;
    enum Roles { ErrorRole = Qt::UserRole + 1 }; // the line tells of a failure
    static constexpr int kPageLines = 500;

    explicit LogModel(QObject *parent = nullptr);

    // Starts over with another workflow's log (an empty loader: none).
    void setLoader(Loader loader);
    // Reads the lines written since the last one read, whether or not the view asks.
    void follow();
    const engine::LogLine &line(int row) const { return m_lines.at(row); }
    static bool isError(const engine::LogLine &line);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void loaded(int lines); // a page arrived, with that many lines
    void loadFailed(const QString &message);

private:
    void append(quint64 generation, const Result<QList<engine::LogLine>> &page);

    Loader m_loader;
    QList<engine::LogLine> m_lines;
    quint64 m_generation = 0; // a page for an earlier loader is dropped
    bool m_loading = false;
    bool m_atEnd = true;
    bool m_followAgain = false;
};

} // namespace ordo::ui

#include "workflows/LogModel.h"
#include "common/WhenDone.h"

#include <QBrush>
#include <QColor>

namespace ordo::ui {

using engine::LogLine;

LogModel::LogModel(QObject *parent) : QAbstractListModel(parent) {}

void LogModel::setLoader(Loader loader)
{
    beginResetModel();
    m_loader = std::move(loader);
    m_lines.clear();
    ++m_generation;
    m_loading = false;
    m_followAgain = false;
    m_atEnd = !m_loader;
    endResetModel();
    if (m_loader)
        fetchMore({});
}

void LogModel::follow()
{
    if (!m_loader)
        return;
    if (m_loading) {
        m_followAgain = true; // the page on its way may have been read before the new lines
        return;
    }
    m_atEnd = false;
    fetchMore({});
}

bool LogModel::isError(const LogLine &line)
{
    if (line.kind == engine::LogKind::Notify)
        return true;
    return line.kind == engine::LogKind::State
           && (line.message.contains(QLatin1String("-> failed")) || line.message.contains(QLatin1String("-> retry-wait")));
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_lines.size());
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogLine &l = m_lines.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return engine::formatLogLine(l);
    case ErrorRole:
        return isError(l);
    case Qt::ForegroundRole:
        return isError(l) ? QVariant(QBrush(QColor(0xc0, 0x1c, 0x28))) : QVariant();
    default:
        return {};
    }
}

bool LogModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_loading;
}

void LogModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_loading = true;
    const quint64 generation = m_generation;
    const qint64 after = m_lines.isEmpty() ? 0 : m_lines.last().seq;
    whenDone(this, m_loader(after, kPageLines), [this, generation](const Result<QList<LogLine>> &page) {
        // Posted: a page read already arrives at once, and rows must not be inserted
        // inside the caller's handling of this model's signals (a view's reset).
        QMetaObject::invokeMethod(this, [this, generation, page] { append(generation, page); }, Qt::QueuedConnection);
    });
}

void LogModel::append(quint64 generation, const Result<QList<LogLine>> &page)
{
    if (generation != m_generation)
        return;
    m_loading = false;
    if (!page) {
        m_atEnd = true;
        Q_EMIT loadFailed(page.error().message);
        return;
    }
    m_atEnd = page->size() < kPageLines;
    if (!page->isEmpty()) {
        const int first = static_cast<int>(m_lines.size());
        beginInsertRows({}, first, first + static_cast<int>(page->size()) - 1);
        m_lines.append(*page);
        endInsertRows();
    }
    Q_EMIT loaded(static_cast<int>(page->size()));
    if (std::exchange(m_followAgain, false))
        follow();
}

} // namespace ordo::ui

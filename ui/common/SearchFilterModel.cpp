#include "common/SearchFilterModel.h"

#include <algorithm>

namespace ordo::ui {

SearchFilterModel::SearchFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
}

void SearchFilterModel::setState(const QString &state)
{
    if (state == m_state)
        return;
    m_state = state;
    invalidateFilter();
}

void SearchFilterModel::setText(const QString &text)
{
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    invalidateFilter();
}

bool SearchFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex row = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_state.isEmpty() && row.data(StateRole).toString() != m_state)
        return false;
    if (m_words.isEmpty())
        return true;
    const QString text = row.data(SearchRole).toString();
    return std::all_of(m_words.cbegin(), m_words.cend(), [&](const QString &word) { return text.contains(word, Qt::CaseInsensitive); });
}

} // namespace ordo::ui

#pragma once

#include <QSortFilterProxyModel>

namespace ordo::ui {

// The filter of support's lists: a state to match exactly (empty: any) and
// words that must all occur, case-insensitive, in what the source model gives
// for SearchRole. Sorts by SortRole, so that ids and times sort as values.
class SearchFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum Roles { StateRole = Qt::UserRole + 100, SearchRole, SortRole };

    explicit SearchFilterModel(QObject *parent = nullptr);

    void setState(const QString &state);
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_state;
    QStringList m_words;
};

} // namespace ordo::ui

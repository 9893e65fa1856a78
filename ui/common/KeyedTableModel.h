#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

namespace ordo::ui {

// A table whose rows have a stable key, refreshed by patching: rows that went
// are removed, new ones inserted and changed ones reported, so that a view
// keeps its selection and scroll position across a live refresh. A model
// derives from it and says how rows are keyed and compared.
template<typename Row>
class KeyedTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }

    // The row with the key, or -1.
    int rowOf(qint64 key) const
    {
        for (int i = 0; i < m_rows.size(); ++i)
            if (keyOf(m_rows.at(i)) == key)
                return i;
        return -1;
    }

protected:
    virtual qint64 keyOf(const Row &row) const = 0;
    virtual bool sameRow(const Row &a, const Row &b) const = 0;

    const Row &rowAt(int row) const { return m_rows.at(row); }

    // The rows become next, in its order.
    void patchRows(QList<Row> next)
    {
        QHash<qint64, qsizetype> position;
        for (qsizetype i = 0; i < next.size(); ++i)
            position.insert(keyOf(next.at(i)), i);
        for (int i = static_cast<int>(m_rows.size()) - 1; i >= 0; --i) {
            if (!position.contains(keyOf(m_rows.at(i)))) {
                beginRemoveRows({}, i, i);
                m_rows.removeAt(i);
                endRemoveRows();
            }
        }
        // The rows kept must come in next's order to be patched in place; a
        // reordering (never made by the stores, which list by id) resets.
        qsizetype last = -1;
        for (const Row &row : std::as_const(m_rows)) {
            const qsizetype at = position.value(keyOf(row));
            if (at < last) {
                beginResetModel();
                m_rows = std::move(next);
                endResetModel();
                return;
            }
            last = at;
        }
        qsizetype i = 0;
        while (i < next.size()) {
            if (i < m_rows.size() && keyOf(m_rows.at(i)) == keyOf(next.at(i))) {
                if (!sameRow(m_rows.at(i), next.at(i))) {
                    m_rows[i] = next.at(i);
                    Q_EMIT dataChanged(index(static_cast<int>(i), 0), index(static_cast<int>(i), columnCount() - 1));
                }
                ++i;
                continue;
            }
            // A run of new rows goes in at once.
            qsizetype end = i + 1;
            const bool atEnd = i >= m_rows.size();
            while (end < next.size() && (atEnd || keyOf(next.at(end)) != keyOf(m_rows.at(i))))
                ++end;
            beginInsertRows({}, static_cast<int>(i), static_cast<int>(end - 1));
            for (qsizetype j = i; j < end; ++j)
                m_rows.insert(j, next.at(j));
            endInsertRows();
            i = end;
        }
    }

private:
    QList<Row> m_rows;
};

} // namespace ordo::ui

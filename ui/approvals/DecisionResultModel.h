#pragma once

#include "domain/Types.h"

#include <QAbstractTableModel>

namespace ordo::ui {

// What became of one order of a decision.
struct DecisionResult
{
    enum class Kind {
        Approved, // the order is approved
        Rejected,
        Advanced, // approved at this level; the next level decides now
        AlreadyDecided, // somebody else was first: the message names who and when
        Failed,
    };

    Id orderId = 0;
    Kind kind = Kind::Failed;
    QString message;
};

// The results of the latest decision, one row per order.
class DecisionResultModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { OrderNo, Outcome, Message, ColumnCount };
    enum Roles { OrderIdRole = Qt::UserRole + 1, KindRole };

    explicit DecisionResultModel(QObject *parent = nullptr);

    void setResults(QList<DecisionResult> results);
    const QList<DecisionResult> &results() const { return m_results; }

    static QString kindName(DecisionResult::Kind kind);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<DecisionResult> m_results;
};

} // namespace ordo::ui

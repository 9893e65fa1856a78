#include "approvals/DecisionResultModel.h"

namespace ordo::ui {

DecisionResultModel::DecisionResultModel(QObject *parent) : QAbstractTableModel(parent) {}

void DecisionResultModel::setResults(QList<DecisionResult> results)
{
    beginResetModel();
    m_results = std::move(results);
    endResetModel();
}

QString DecisionResultModel::kindName(DecisionResult::Kind kind)
{
    switch (kind) {
    case DecisionResult::Kind::Approved:
        return tr("approved");
    case DecisionResult::Kind::Rejected:
        return tr("rejected");
    case DecisionResult::Kind::Advanced:
        return tr("approved at this level");
    case DecisionResult::Kind::AlreadyDecided:
        return tr("already decided");
    case DecisionResult::Kind::Failed:
        break;
    }
    return tr("error");
}

int DecisionResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_results.size());
}

int DecisionResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DecisionResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DecisionResult &result = m_results.at(index.row());
    switch (role) {
    case OrderIdRole:
        return result.orderId;
    case KindRole:
        return static_cast<int>(result.kind);
    case Qt::DisplayRole:
        switch (index.column()) {
        case OrderNo:
            return result.orderId;
        case Outcome:
            return kindName(result.kind);
        case Message:
            return result.message;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return result.message;
    default:
        return {};
    }
}

QVariant DecisionResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OrderNo:
        return tr("Order");
    case Outcome:
        return tr("Result");
    case Message:
        return tr("Details");
    default:
        return {};
    }
}

} // namespace ordo::ui

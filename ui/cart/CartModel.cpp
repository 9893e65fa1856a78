#include "cart/CartModel.h"

namespace ordo::ui {

namespace {

QString parameterSummary(const CartRow &row)
{
    QStringList parts;
    for (const Parameter &p : row.schema.parameters()) {
        if (!row.line.parameters.contains(p.name))
            continue;
        const QVariant value = row.line.parameters.value(p.name);
        const QString text = p.type == Parameter::Type::Boolean
                                 ? (value.toBool() ? CartModel::tr("yes") : CartModel::tr("no"))
                                 : value.toString();
        parts.append(QStringLiteral("%1: %2").arg(p.label, text));
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

CartModel::CartModel(QObject *parent) : QAbstractTableModel(parent) {}

void CartModel::setRows(QList<CartRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int CartModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CartModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CartModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CartRow &row = m_rows.at(index.row());
    if (role == LineIdRole)
        return row.line.id;
    if (role == Qt::ToolTipRole)
        return row.problem.isEmpty() ? QVariant() : QVariant(row.problem);
    if (role == Qt::TextAlignmentRole && (index.column() == Quantity || index.column() == Monthly))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::EditRole && index.column() == Quantity)
        return row.line.quantity;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Item:
        return row.itemName.isEmpty() ? row.line.itemId : row.itemName;
    case Parameters:
        return parameterSummary(row);
    case Quantity:
        return row.line.quantity;
    case Monthly:
        if (row.currency.isEmpty())
            return {};
        return formatMoney(row.unitMonthlyCents * row.line.quantity, row.currency);
    case Problem:
        return row.problem;
    default:
        return {};
    }
}

bool CartModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != Quantity
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    bool ok = false;
    const int quantity = value.toInt(&ok);
    CartRow &row = m_rows[index.row()];
    if (!ok || quantity == row.line.quantity)
        return false;
    // Shown at once; the core's answer (a reload, or a refusal and a reload) follows.
    row.line.quantity = quantity;
    Q_EMIT dataChanged(index, index.siblingAtColumn(Monthly));
    Q_EMIT quantityEdited(row.line.id, quantity);
    return true;
}

Qt::ItemFlags CartModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Quantity)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant CartModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Item:
        return tr("Service");
    case Parameters:
        return tr("Parameters");
    case Quantity:
        return tr("Quantity");
    case Monthly:
        return tr("Per month");
    case Problem:
        return tr("Problem");
    default:
        return {};
    }
}

} // namespace ordo::ui

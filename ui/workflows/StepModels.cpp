#include "workflows/StepModels.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>

namespace ordo::ui {

using engine::StepAttempt;
using engine::StepInfo;
using engine::StepKind;

namespace {

QVariant timeText(qint64 ms)
{
    if (!ms)
        return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().time(), QLocale::LongFormat);
}

} // namespace

QString jsonText(const QJsonValue &v)
{
    if (v.isUndefined())
        return {};
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    // Numbers, booleans and null as JSON writes them.
    const QString wrapped = QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
    return wrapped.mid(1, wrapped.size() - 2);
}

StepTableModel::StepTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void StepTableModel::setSteps(QList<StepInfo> steps)
{
    // Same steps in the same order (the usual refresh): change the rows in place.
    const bool sameRows = steps.size() == m_steps.size()
                          && std::equal(steps.cbegin(), steps.cend(), m_steps.cbegin(),
                                        [](const StepInfo &a, const StepInfo &b) { return a.rowId == b.rowId; });
    if (sameRows) {
        m_steps = std::move(steps);
        if (!m_steps.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_steps = std::move(steps);
    endResetModel();
}

const StepInfo *StepTableModel::step(int row) const
{
    return row >= 0 && row < m_steps.size() ? &m_steps.at(row) : nullptr;
}

int StepTableModel::rowOf(const QString &key, StepKind kind) const
{
    for (int i = 0; i < m_steps.size(); ++i)
        if (m_steps.at(i).key == key && m_steps.at(i).kind == kind)
            return i;
    return -1;
}

bool StepTableModel::holdsStepRow(qint64 rowId) const
{
    return std::any_of(m_steps.cbegin(), m_steps.cend(), [rowId](const StepInfo &s) { return s.rowId == rowId; });
}

int StepTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_steps.size());
}

int StepTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StepTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StepInfo &s = m_steps.at(index.row());
    switch (role) {
    case KeyRole:
        return s.key;
    case KindRole:
        return engine::stepKindName(s.kind);
    case StateRole:
        return engine::stepStateName(s.state);
    case Qt::ToolTipRole:
        return s.error.isEmpty() ? QVariant() : QVariant(s.error);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case Key:
        return s.kind == StepKind::Compensation ? tr("%1 (compensation)").arg(s.key) : s.key;
    case State:
        return engine::stepStateName(s.state);
    case Attempt:
        return s.attempt;
    case Started:
        return timeText(s.startedAt);
    case Finished:
        return timeText(s.finishedAt);
    case Error:
        return s.error;
    default:
        return {};
    }
}

QVariant StepTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Key:
        return tr("Step");
    case State:
        return tr("State");
    case Attempt:
        return tr("Attempts");
    case Started:
        return tr("Started");
    case Finished:
        return tr("Finished");
    case Error:
        return tr("Error");
    default:
        return {};
    }
}

AttemptModel::AttemptModel(QObject *parent) : QAbstractTableModel(parent) {}

void AttemptModel::setAttempts(QList<StepAttempt> attempts)
{
    beginResetModel();
    m_attempts = std::move(attempts);
    endResetModel();
}

const StepAttempt *AttemptModel::attempt(int row) const
{
    return row >= 0 && row < m_attempts.size() ? &m_attempts.at(row) : nullptr;
}

int AttemptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_attempts.size());
}

int AttemptModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AttemptModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || role != Qt::DisplayRole)
        return {};
    const StepAttempt &a = m_attempts.at(index.row());
    switch (index.column()) {
    case Attempt:
        return a.kind == StepKind::Compensation ? tr("%1 (compensation)").arg(a.attempt) : QString::number(a.attempt);
    case Outcome:
        return engine::attemptOutcomeName(a.outcome);
    case Error:
        return a.error;
    case Started:
        return timeText(a.startedAt);
    case Finished:
        return timeText(a.finishedAt);
    default:
        return {};
    }
}

QVariant AttemptModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Attempt:
        return tr("Attempt");
    case Outcome:
        return tr("Outcome");
    case Error:
        return tr("Error");
    case Started:
        return tr("Started");
    case Finished:
        return tr("Finished");
    default:
        return {};
    }
}

QList<JsonDifference> diffObjects(const QString &section, const QJsonObject &before, const QJsonObject &after)
{
    QStringList keys = before.keys() + after.keys();
    keys.sort();
    keys.removeDuplicates();
    QList<JsonDifference> rows;
    for (const QString &key : std::as_const(keys)) {
        JsonDifference d;
        d.key = section + QLatin1Char('.') + key;
        d.before = before.value(key);
        d.after = after.value(key);
        if (!before.contains(key))
            d.change = JsonDifference::Change::Added;
        else if (!after.contains(key))
            d.change = JsonDifference::Change::Removed;
        else if (d.before != d.after)
            d.change = JsonDifference::Change::Changed;
        rows.append(d);
    }
    return rows;
}

AttemptDiffModel::AttemptDiffModel(QObject *parent) : QAbstractTableModel(parent) {}

void AttemptDiffModel::compare(const StepAttempt &before, const StepAttempt &after)
{
    beginResetModel();
    m_rows = diffObjects(QStringLiteral("inputs"), before.inputs, after.inputs)
             + diffObjects(QStringLiteral("outputs"), before.outputs, after.outputs);
    m_before = before.attempt;
    m_after = after.attempt;
    endResetModel();
    Q_EMIT headerDataChanged(Qt::Horizontal, Before, After);
}

void AttemptDiffModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_before = m_after = 0;
    endResetModel();
}

int AttemptDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AttemptDiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AttemptDiffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const JsonDifference &d = m_rows.at(index.row());
    using Change = JsonDifference::Change;
    switch (role) {
    case ChangeRole:
        return static_cast<int>(d.change);
    case Qt::BackgroundRole:
        switch (d.change) {
        case Change::Added: return QBrush(QColor(0x2e, 0xa0, 0x43, 0x50));
        case Change::Removed: return QBrush(QColor(0xd7, 0x3a, 0x49, 0x50));
        case Change::Changed: return QBrush(QColor(0xe3, 0xb3, 0x41, 0x60));
        case Change::Same: return {};
        }
        return {};
    case Qt::ToolTipRole:
        switch (d.change) {
        case Change::Added: return tr("added");
        case Change::Removed: return tr("removed");
        case Change::Changed: return tr("changed");
        case Change::Same: return {};
        }
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case Key: return d.key;
        case Before: return jsonText(d.before);
        case After: return jsonText(d.after);
        default: return {};
        }
    default:
        return {};
    }
}

QVariant AttemptDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Key:
        return tr("Key");
    case Before:
        return m_before ? tr("Attempt %1").arg(m_before) : tr("Before");
    case After:
        return m_after ? tr("Attempt %1").arg(m_after) : tr("After");
    default:
        return {};
    }
}

} // namespace ordo::ui

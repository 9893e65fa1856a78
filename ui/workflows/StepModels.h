#pragma once

#include "engine/Runtime.h"

#include <QAbstractTableModel>

namespace ordo::ui {

// The steps of one workflow (and their compensations), in the order the runtime made them.
class StepTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Key, State, Attempt, Started, Finished, Error, ColumnCount };
    enum Roles { KeyRole = Qt::UserRole + 1, KindRole, StateRole };

    explicit StepTableModel(QObject *parent = nullptr);

    // Keeps the rows whose step is still there, so a selection survives a refresh.
    void setSteps(QList<engine::StepInfo> steps);
    const engine::StepInfo *step(int row) const;
    int rowOf(const QString &key, engine::StepKind kind) const;
    // Which of the model's rows a step row id is: the change feed names steps by it.
    bool holdsStepRow(qint64 rowId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<engine::StepInfo> m_steps;
};

// Every ended attempt of one step, oldest first.
class AttemptModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Attempt, Outcome, Error, Started, Finished, ColumnCount };

    explicit AttemptModel(QObject *parent = nullptr);

    void setAttempts(QList<engine::StepAttempt> attempts);
    const engine::StepAttempt *attempt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<engine::StepAttempt> m_attempts;
};

// One key of two JSON objects compared.
struct JsonDifference
{
    enum class Change { Same, Added, Removed, Changed };
    QString key; // "inputs.memoryGiB", "outputs.ip"
    Change change = Change::Same;
    QJsonValue before;
    QJsonValue after;
};

// The keys of `before` and `after`, in key order, prefixed with `section.`.
QList<JsonDifference> diffObjects(const QString &section, const QJsonObject &before, const QJsonObject &after);

// Two attempts side by side: their inputs and outputs, key by key, the
// differences highlighted (added, removed, changed).
class AttemptDiffModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Key, Before, After, ColumnCount };
    enum Roles { ChangeRole = Qt::UserRole + 1 }; // JsonDifference::Change as int

    explicit AttemptDiffModel(QObject *parent = nullptr);

    void compare(const engine::StepAttempt &before, const engine::StepAttempt &after);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<JsonDifference> m_rows;
    int m_before = 0;
    int m_after = 0;
};

// A JSON value as one line of text.
QString jsonText(const QJsonValue &v);

} // namespace ordo::ui

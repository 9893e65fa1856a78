#pragma once

#include "domain/Accounts.h"
#include "engine/Runtime.h"
#include "store/ChangeLog.h"
#include "workflows/SupportActionDialog.h"

#include <QMap>
#include <QPointer>
#include <QSet>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace ordo {
class OrdoClient;
}

namespace ordo::ui {

class AttemptDiffModel;
class AttemptModel;
class LogModel;
class StepTableModel;
class WorkflowGraphView;
class WorkflowListModel;

// Support's workflow monitor: the live list of workflows, the steps of the
// selected one with every attempt and a diff between two, its log, and the
// support operations (each with a reason and the core's preview first).
// Changes arrive from the change feed, gathered for a moment and refreshed
// in one call.
class WorkflowsPage final : public QWidget
{
    Q_OBJECT

public:
    WorkflowsPage(OrdoClient &client, const Session &session, QWidget *parent = nullptr);

    WorkflowListModel *workflowModel() const { return m_workflows; }
    StepTableModel *stepModel() const { return m_steps; }
    AttemptModel *attemptModel() const { return m_attempts; }
    AttemptDiffModel *diffModel() const { return m_diff; }
    LogModel *logModel() const { return m_log; }
    // The dialog of the support operation being asked for, if any.
    SupportActionDialog *actionDialog() const { return m_dialog; }

    // Selects the workflow once it is listed, clearing filters that hide it.
    void showWorkflow(qint64 workflowId);

    // Writes the selected workflow's whole log to path as `ordoctl workflows log` prints it; logExported follows.
    void exportLog(const QString &path);

Q_SIGNALS:
    void workflowsLoaded(int count);
    void stepsLoaded(qint64 workflowId);
    // The selected workflow's graph is drawn, every step of its definition a node.
    void graphShown(qint64 workflowId);
    void attemptsLoaded(const QString &stepKey, int count);
    void operationsLoaded();
    void actionApplied(engine::SupportOperation operation);
    void actionFailed(const QString &message);
    void logExported(const QString &path, const QString &error);

private:
    void startLoading();
    // The filter as the fields read now, sent to the core.
    void applyFilter();
    void onChanged(const QList<Change> &changes);
    void flushChanges();
    void selectWorkflow(qint64 id);
    void selectPendingWorkflow();
    void loadSteps();
    void loadGraph(qint64 id, const QList<engine::StepInfo> &steps);
    void loadAttempts();
    void loadOperations();
    void showStep();
    void compareAttempts();
    void ask(engine::SupportOperation operation);
    void apply(SupportActionDialog *dialog, qint64 workflowId);
    void nextError();
    void chooseExportFile();
    qint64 selectedWorkflow() const { return m_workflowId; }
    const engine::StepInfo *selectedStep() const;

    OrdoClient &m_client;
    Session m_session;
    WorkflowListModel *m_workflows;
    StepTableModel *m_steps;
    AttemptModel *m_attempts;
    AttemptDiffModel *m_diff;
    LogModel *m_log;
    QSortFilterProxyModel *m_logFilter;

    QComboBox *m_stateFilter;
    QLineEdit *m_ownerFilter;
    QLineEdit *m_orderFilter;
    QLineEdit *m_textFilter;
    QTableView *m_workflowView;
    QTableView *m_stepView;
    WorkflowGraphView *m_graph;
    qint64 m_graphWorkflowId = 0; // the workflow the graph shows
    QPlainTextEdit *m_inputs;
    QPlainTextEdit *m_outputs;
    QLabel *m_error;
    QTableView *m_attemptView;
    QTableView *m_diffView;
    QListView *m_logView;
    QLineEdit *m_logFilterText;
    QCheckBox *m_follow;
    QLabel *m_status;
    QTimer *m_filterDelay; // typing in a filter field asks the core once the typing pauses
    QMap<engine::SupportOperation, QPushButton *> m_actionButtons;
    QPointer<SupportActionDialog> m_dialog;

    qint64 m_workflowId = 0;
    qint64 m_workflowToShow = 0; // asked for by showWorkflow before it was listed
    QString m_stepKey;
    engine::StepKind m_stepKind = engine::StepKind::Normal;
    QSet<qint64> m_changedWorkflows;
    QSet<qint64> m_changedSteps;
    bool m_flushScheduled = false;
};

} // namespace ordo::ui

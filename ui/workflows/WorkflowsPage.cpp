#include "workflows/WorkflowsPage.h"

#include "client/OrdoClient.h"
#include "common/WhenDone.h"
#include "workflows/LogModel.h"
#include "workflows/StepModels.h"
#include "workflows/SupportActionDialog.h"
#include "workflows/WorkflowListModel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabWidget>

#include "workflows/graph/WorkflowGraphView.h"
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace ordo::ui {

using engine::StepAttempt;
using engine::StepInfo;
using engine::SupportOperation;
using engine::WorkflowOverview;

namespace {

// Changes arriving within this long are refreshed in one call.
constexpr int kCoalesceMs = 100;
// Typing in a filter field asks the core this long after the last key.
constexpr int kFilterDelayMs = 250;

QTableView *newTable(QAbstractItemModel *model, const QString &name, const QString &accessibleName, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setAccessibleName(accessibleName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}

QString jsonBlock(const QJsonObject &o)
{
    return o.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
}

} // namespace

WorkflowsPage::WorkflowsPage(OrdoClient &client, const Session &session, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_session(session)
    , m_workflows(new WorkflowListModel(this))
    , m_steps(new StepTableModel(this))
    , m_attempts(new AttemptModel(this))
    , m_diff(new AttemptDiffModel(this))
    , m_log(new LogModel(this))
    , m_logFilter(new QSortFilterProxyModel(this))
    , m_stateFilter(new QComboBox(this))
    , m_ownerFilter(new QLineEdit(this))
    , m_orderFilter(new QLineEdit(this))
    , m_textFilter(new QLineEdit(this))
    , m_graph(new WorkflowGraphView(this))
    , m_status(new QLabel(this))
    , m_filterDelay(new QTimer(this))
{
    setObjectName(QStringLiteral("workflowsPage"));
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(kFilterDelayMs);
    connect(m_filterDelay, &QTimer::timeout, this, &WorkflowsPage::applyFilter);

    // Filters
    m_stateFilter->setObjectName(QStringLiteral("workflowStateFilter"));
    m_stateFilter->setAccessibleName(tr("State"));
    m_stateFilter->addItem(tr("All states"), QString());
    using W = engine::WorkflowState;
    for (W s : {W::Running, W::Paused, W::Failed, W::RollingBack, W::Succeeded, W::RolledBack, W::Cancelled})
        m_stateFilter->addItem(engine::workflowStateName(s), engine::workflowStateName(s));
    m_ownerFilter->setObjectName(QStringLiteral("workflowOwnerFilter"));
    m_ownerFilter->setAccessibleName(tr("Owner"));
    m_ownerFilter->setPlaceholderText(tr("Owner"));
    m_orderFilter->setObjectName(QStringLiteral("workflowOrderFilter"));
    m_orderFilter->setAccessibleName(tr("Order"));
    m_orderFilter->setPlaceholderText(tr("Order"));
    m_textFilter->setObjectName(QStringLiteral("workflowFilterText"));
    m_textFilter->setAccessibleName(tr("Search workflows"));
    m_textFilter->setPlaceholderText(tr("Search workflows (Ctrl+F)"));
    m_textFilter->setClearButtonEnabled(true);
    new QShortcut(QKeySequence::Find, this, [this] { m_textFilter->setFocus(); });
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, &WorkflowsPage::applyFilter);
    for (QLineEdit *field : {m_ownerFilter, m_orderFilter, m_textFilter})
        connect(field, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_stateFilter);
    filters->addWidget(m_ownerFilter);
    filters->addWidget(m_orderFilter);
    filters->addWidget(m_textFilter, 1);

    // The list
    // Newest first, as the core pages it; rows of one height so that scrolling asks for the next page cheaply.
    m_workflowView = newTable(m_workflows, QStringLiteral("workflowList"), tr("Workflows"), this);
    m_workflowView->setItemDelegateForColumn(WorkflowListModel::Progress, new ProgressDelegate(m_workflowView));
    m_workflowView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    connect(m_workflows, &WorkflowListModel::pageLoaded, this, [this](int rows, bool first) {
        m_workflows->setNow(QDateTime::currentMSecsSinceEpoch());
        if (m_workflowToShow)
            selectPendingWorkflow();
        if (first)
            Q_EMIT workflowsLoaded(rows);
    });
    connect(m_workflows, &WorkflowListModel::loadFailed, m_status, &QLabel::setText);
    connect(m_workflowView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { selectWorkflow(current.isValid() ? current.data(WorkflowListModel::IdRole).toLongLong() : 0); });

    // Support actions
    auto *actions = new QHBoxLayout;
    const struct
    {
        SupportOperation operation;
        const char *name;
        QString text;
        QKeySequence key;
    } buttons[] = {
        {SupportOperation::Pause, "pauseButton", tr("&Pause…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)},
        {SupportOperation::Continue, "continueButton", tr("C&ontinue…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)},
        {SupportOperation::Retry, "retryButton", tr("&Retry step…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)},
        {SupportOperation::Skip, "skipButton", tr("S&kip step…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K)},
        {SupportOperation::Rollback, "rollbackButton", tr("Roll &back…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B)},
        {SupportOperation::Cancel, "cancelButton", tr("Ca&ncel…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N)},
    };
    for (const auto &b : buttons) {
        auto *button = new QPushButton(b.text, this);
        button->setObjectName(QString::fromLatin1(b.name));
        button->setEnabled(false);
        button->setToolTip(b.key.toString(QKeySequence::NativeText));
        new QShortcut(b.key, this, [button] {
            if (button->isEnabled())
                button->click();
        });
        const SupportOperation op = b.operation;
        connect(button, &QPushButton::clicked, this, [this, op] { ask(op); });
        actions->addWidget(button);
        m_actionButtons.insert(op, button);
    }
    actions->addStretch(1);

    // Steps and their details
    m_stepView = newTable(m_steps, QStringLiteral("stepTable"), tr("Steps"), this);
    connect(m_stepView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        const StepInfo *s = m_steps->step(current.row());
        m_stepKey = s ? s->key : QString();
        m_stepKind = s ? s->kind : engine::StepKind::Normal;
        showStep();
        loadAttempts();
        loadOperations();
    });
    auto *details = new QTabWidget(this);
    details->setObjectName(QStringLiteral("stepDetails"));
    auto *stepPane = new QWidget(details);
    auto *stepLayout = new QVBoxLayout(stepPane);
    m_error = new QLabel(stepPane);
    m_error->setObjectName(QStringLiteral("stepError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_inputs = new QPlainTextEdit(stepPane);
    m_inputs->setObjectName(QStringLiteral("stepInputs"));
    m_inputs->setAccessibleName(tr("Inputs"));
    m_inputs->setReadOnly(true);
    m_outputs = new QPlainTextEdit(stepPane);
    m_outputs->setObjectName(QStringLiteral("stepOutputs"));
    m_outputs->setAccessibleName(tr("Outputs"));
    m_outputs->setReadOnly(true);
    stepLayout->addWidget(m_error);
    stepLayout->addWidget(new QLabel(tr("Inputs"), stepPane));
    stepLayout->addWidget(m_inputs);
    stepLayout->addWidget(new QLabel(tr("Outputs"), stepPane));
    stepLayout->addWidget(m_outputs);
    details->addTab(stepPane, tr("&Step"));

    auto *attemptPane = new QSplitter(Qt::Vertical, details);
    m_attemptView = newTable(m_attempts, QStringLiteral("attemptTable"), tr("Attempts"), attemptPane);
    m_attemptView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    connect(m_attemptView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &WorkflowsPage::compareAttempts);
    m_diffView = newTable(m_diff, QStringLiteral("attemptDiff"), tr("Differences between attempts"), attemptPane);
    m_diffView->setSelectionMode(QAbstractItemView::NoSelection);
    details->addTab(attemptPane, tr("&Attempts"));

    auto *logPane = new QWidget(details);
    auto *logLayout = new QVBoxLayout(logPane);
    auto *logBar = new QHBoxLayout;
    m_logFilterText = new QLineEdit(logPane);
    m_logFilterText->setObjectName(QStringLiteral("logFilter"));
    m_logFilterText->setAccessibleName(tr("Filter the log"));
    m_logFilterText->setPlaceholderText(tr("Filter the log"));
    m_follow = new QCheckBox(tr("&Follow"), logPane);
    m_follow->setObjectName(QStringLiteral("logFollow"));
    m_follow->setChecked(true);
    auto *nextErrorButton = new QPushButton(tr("Next &error (F3)"), logPane);
    nextErrorButton->setObjectName(QStringLiteral("nextErrorButton"));
    auto *exportButton = new QPushButton(tr("E&xport…"), logPane);
    exportButton->setObjectName(QStringLiteral("exportLogButton"));
    logBar->addWidget(m_logFilterText, 1);
    logBar->addWidget(m_follow);
    logBar->addWidget(nextErrorButton);
    logBar->addWidget(exportButton);
    m_logFilter->setSourceModel(m_log);
    m_logFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_logFilterText, &QLineEdit::textChanged, m_logFilter, &QSortFilterProxyModel::setFilterFixedString);
    m_logView = new QListView(logPane);
    m_logView->setObjectName(QStringLiteral("logView"));
    m_logView->setAccessibleName(tr("Log"));
    m_logView->setModel(m_logFilter);
    m_logView->setUniformItemSizes(true);
    m_logView->setFont(QFont(QStringLiteral("monospace")));
    logLayout->addLayout(logBar);
    logLayout->addWidget(m_logView);
    details->addTab(logPane, tr("&Log"));
    connect(nextErrorButton, &QPushButton::clicked, this, &WorkflowsPage::nextError);
    new QShortcut(QKeySequence(Qt::Key_F3), this, [this] { nextError(); });
    connect(exportButton, &QPushButton::clicked, this, &WorkflowsPage::chooseExportFile);
    connect(m_log, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow->isChecked())
            m_logView->scrollToBottom();
    });
    connect(m_log, &LogModel::loadFailed, m_status, &QLabel::setText);

    // The steps as a table or as the workflow's graph, the steps not started included.
    auto *stepViews = new QTabWidget(this);
    stepViews->setObjectName(QStringLiteral("stepViews"));
    stepViews->addTab(m_stepView, tr("Table"));
    stepViews->addTab(m_graph, tr("Graph"));
    connect(m_graph, &WorkflowGraphView::stepSelected, this, [this](const QString &key) {
        if (const int row = m_steps->rowOf(key, engine::StepKind::Normal); row >= 0)
            m_stepView->setCurrentIndex(m_steps->index(row, 0));
    });
    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(stepViews);
    lower->addWidget(details);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_workflowView);
    split->addWidget(lower);

    m_status->setObjectName(QStringLiteral("workflowStatus"));
    m_status->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addLayout(actions);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);
    setTabOrder(m_stateFilter, m_ownerFilter);
    setTabOrder(m_ownerFilter, m_orderFilter);
    setTabOrder(m_orderFilter, m_textFilter);
    setTabOrder(m_textFilter, m_workflowView);
    setTabOrder(m_workflowView, m_stepView);

    connect(&m_client, &OrdoClient::changed, this, &WorkflowsPage::onChanged);
    // Queued: a load that finishes before its continuation is attached would
    // report before whoever made the page has connected to it.
    QMetaObject::invokeMethod(this, &WorkflowsPage::startLoading, Qt::QueuedConnection);
}

void WorkflowsPage::startLoading()
{
    const Session s = m_session;
    OrdoClient *client = &m_client;
    m_workflows->setLoader([client, s](const engine::WorkflowFilter &filter, qint64 beforeId, int limit) {
        return client->call<engine::OverviewPage>(
            [s, filter, beforeId, limit](Ordo &o) { return o.workflows().overviewPage(s, filter, beforeId, limit); });
    });
}

void WorkflowsPage::applyFilter()
{
    m_filterDelay->stop();
    engine::WorkflowFilter filter;
    filter.state = engine::workflowStateFromName(m_stateFilter->currentData().toString());
    filter.owner = m_ownerFilter->text().trimmed();
    if (const QString order = m_orderFilter->text().trimmed(); !order.isEmpty())
        filter.orderId = order.toLongLong(); // not a number: 0, which no order has
    filter.text = m_textFilter->text().trimmed();
    m_workflows->setFilter(filter);
}

void WorkflowsPage::showWorkflow(qint64 workflowId)
{
    m_workflowToShow = workflowId;
    if (m_workflows->rowOf(workflowId) >= 0) {
        selectPendingWorkflow();
        return;
    }
    // Not among the rows loaded: list every workflow again and page down to it as the pages arrive.
    {
        const QSignalBlocker blockState(m_stateFilter);
        m_stateFilter->setCurrentIndex(0);
    }
    m_ownerFilter->clear();
    m_orderFilter->clear();
    m_textFilter->clear();
    applyFilter();
}

void WorkflowsPage::selectPendingWorkflow()
{
    const int row = m_workflows->rowOf(m_workflowToShow);
    if (row < 0) {
        // Older than the rows loaded so far (the list is newest first): read on, or give up at the end.
        if (m_workflows->canFetchMore({}))
            m_workflows->fetchMore({});
        else if (!m_workflows->isLoading())
            m_workflowToShow = 0;
        return;
    }
    m_workflowToShow = 0;
    const QModelIndex index = m_workflows->index(row, 0);
    m_workflowView->setCurrentIndex(index);
    m_workflowView->scrollTo(index);
}

void WorkflowsPage::onChanged(const QList<Change> &changes)
{
    for (const Change &c : changes) {
        if (c.kind == ChangeKind::Workflow)
            m_changedWorkflows.insert(c.id);
        else if (c.kind == ChangeKind::Step)
            m_changedSteps.insert(c.id);
    }
    if (m_flushScheduled || (m_changedWorkflows.isEmpty() && m_changedSteps.isEmpty()))
        return;
    // A burst of changes becomes one refresh of the rows it touched.
    m_flushScheduled = true;
    QTimer::singleShot(kCoalesceMs, this, &WorkflowsPage::flushChanges);
}

void WorkflowsPage::flushChanges()
{
    m_flushScheduled = false;
    const QList<qint64> workflows(m_changedWorkflows.cbegin(), m_changedWorkflows.cend());
    const QList<qint64> steps(m_changedSteps.cbegin(), m_changedSteps.cend());
    const bool selectedStepChanged = std::any_of(steps.cbegin(), steps.cend(), [this](qint64 id) { return m_steps->holdsStepRow(id); });
    m_changedWorkflows.clear();
    m_changedSteps.clear();
    const Session s = m_session;
    const engine::WorkflowFilter filter = m_workflows->filter();
    const quint64 generation = m_workflows->generation();
    whenDone(this, m_client.call<engine::OverviewPage>([s, workflows, steps, filter](Ordo &o) { return o.workflows().overviews(s, workflows, steps, filter); }),
        [this, selectedStepChanged, generation](const Result<engine::OverviewPage> &changed) {
            if (!changed)
                return;
            m_workflows->setNow(QDateTime::currentMSecsSinceEpoch());
            m_workflows->applyChanges(generation, *changed);
            const auto isSelected = [this](qint64 id) { return id == m_workflowId; };
            const bool selectedChanged = selectedStepChanged
                                         || std::any_of(changed->rows.cbegin(), changed->rows.cend(),
                                                        [&](const WorkflowOverview &w) { return isSelected(w.summary.id); })
                                         || std::any_of(changed->unmatched.cbegin(), changed->unmatched.cend(), isSelected);
            if (!selectedChanged || !m_workflowId)
                return;
            loadSteps();
            loadOperations();
            loadAttempts();
            m_log->follow();
        });
}

void WorkflowsPage::selectWorkflow(qint64 id)
{
    if (id == m_workflowId)
        return;
    m_workflowId = id;
    m_stepKey.clear();
    m_steps->setSteps({});
    m_attempts->setAttempts({});
    m_diff->clear();
    showStep();
    if (!id) {
        m_log->setLoader({});
        loadOperations();
        return;
    }
    const Session s = m_session;
    OrdoClient *client = &m_client;
    m_log->setLoader([client, s, id](qint64 afterSeq, int limit) {
        return client->call<QList<engine::LogLine>>([s, id, afterSeq, limit](Ordo &o) { return o.workflows().log(s, id, {}, afterSeq, limit); });
    });
    loadSteps();
    loadOperations();
}

const StepInfo *WorkflowsPage::selectedStep() const
{
    const int row = m_steps->rowOf(m_stepKey, m_stepKind);
    return m_stepKey.isEmpty() ? nullptr : m_steps->step(row);
}

void WorkflowsPage::loadSteps()
{
    const Session s = m_session;
    const qint64 id = m_workflowId;
    whenDone(this, m_client.call<QList<StepInfo>>([s, id](Ordo &o) { return o.workflows().steps(s, id); }),
        [this, id](const Result<QList<StepInfo>> &steps) {
            if (id != m_workflowId)
                return;
            if (!steps) {
                m_status->setText(steps.error().message);
                return;
            }
            const QString key = m_stepKey;
            const engine::StepKind kind = m_stepKind;
            m_steps->setSteps(*steps);
            if (m_graphWorkflowId == id)
                m_graph->updateStates(*steps);
            else
                loadGraph(id, *steps);
            // The same step stays selected across refreshes.
            if (const int row = m_steps->rowOf(key, kind); row >= 0 && m_stepView->currentIndex().row() != row)
                m_stepView->setCurrentIndex(m_steps->index(row, 0));
            showStep();
            Q_EMIT stepsLoaded(id);
        });
}

void WorkflowsPage::loadGraph(qint64 id, const QList<StepInfo> &steps)
{
    m_graphWorkflowId = id;
    const Session s = m_session;
    whenDone(this, m_client.call<engine::WorkflowDefinition>([s, id](Ordo &o) { return o.workflows().definition(s, id); }),
        [this, id, steps](const Result<engine::WorkflowDefinition> &definition) {
            if (id != m_workflowId)
                return;
            if (!definition) {
                m_status->setText(definition.error().message);
                return;
            }
            whenDone(this, m_graph->setWorkflow(*definition, steps), [this, id] { Q_EMIT graphShown(id); });
        });
}

void WorkflowsPage::showStep()
{
    const StepInfo *s = selectedStep();
    m_inputs->setPlainText(s ? jsonBlock(s->inputs) : QString());
    m_outputs->setPlainText(s ? jsonBlock(s->outputs) : QString());
    m_error->setText(s && !s->error.isEmpty() ? tr("Error (%1): %2").arg(s->errorKind, s->error) : QString());
}

void WorkflowsPage::loadAttempts()
{
    if (m_stepKey.isEmpty()) {
        m_attempts->setAttempts({});
        m_diff->clear();
        return;
    }
    const Session s = m_session;
    const qint64 id = m_workflowId;
    const QString key = m_stepKey;
    whenDone(this, m_client.call<QList<StepAttempt>>([s, id, key](Ordo &o) { return o.workflows().attempts(s, id, key); }),
        [this, id, key](const Result<QList<StepAttempt>> &attempts) {
            if (id != m_workflowId || key != m_stepKey || !attempts)
                return;
            // A refresh that brings nothing new keeps the attempts the user chose to compare.
            if (attempts->size() != m_attempts->rowCount()) {
                m_attempts->setAttempts(*attempts);
                // The last two side by side, to begin with.
                const int n = m_attempts->rowCount();
                QItemSelection pick;
                for (int row = std::max(0, n - 2); row < n; ++row)
                    pick.select(m_attempts->index(row, 0), m_attempts->index(row, AttemptModel::ColumnCount - 1));
                m_attemptView->selectionModel()->select(pick, QItemSelectionModel::ClearAndSelect);
                compareAttempts();
            }
            Q_EMIT attemptsLoaded(key, static_cast<int>(attempts->size()));
        });
}

void WorkflowsPage::compareAttempts()
{
    QList<int> rows;
    for (const QModelIndex &i : m_attemptView->selectionModel()->selectedRows())
        rows.append(i.row());
    std::sort(rows.begin(), rows.end());
    // One attempt chosen: against the one before it.
    if (rows.size() == 1 && rows.first() > 0)
        rows.prepend(rows.first() - 1);
    const StepAttempt *before = rows.size() >= 2 ? m_attempts->attempt(rows.first()) : nullptr;
    const StepAttempt *after = rows.size() >= 2 ? m_attempts->attempt(rows.last()) : nullptr;
    if (before && after)
        m_diff->compare(*before, *after);
    else
        m_diff->clear();
}

void WorkflowsPage::loadOperations()
{
    if (!m_workflowId) {
        for (QPushButton *b : std::as_const(m_actionButtons))
            b->setEnabled(false);
        return;
    }
    const Session s = m_session;
    const qint64 id = m_workflowId;
    // Retry and skip are for a step of the workflow itself, not a compensation.
    const QString key = m_stepKind == engine::StepKind::Normal ? m_stepKey : QString();
    whenDone(this, m_client.call<QList<SupportOperation>>([s, id, key](Ordo &o) { return o.workflows().allowedOperations(s, id, key); }),
        [this, id, key](const Result<QList<SupportOperation>> &allowed) {
            // An answer for a workflow or step no longer selected would enable the wrong buttons.
            const QString selectedKey = m_stepKind == engine::StepKind::Normal ? m_stepKey : QString();
            if (id != m_workflowId || key != selectedKey)
                return;
            for (auto it = m_actionButtons.cbegin(); it != m_actionButtons.cend(); ++it)
                it.value()->setEnabled(allowed && allowed->contains(it.key()));
            if (!allowed)
                m_status->setText(allowed.error().message);
            Q_EMIT operationsLoaded();
        });
}

void WorkflowsPage::ask(SupportOperation operation)
{
    if (!m_workflowId)
        return;
    if (m_dialog)
        m_dialog->close();
    const bool forStep = operation == SupportOperation::Retry || operation == SupportOperation::Skip;
    const StepInfo *step = selectedStep();
    if (forStep && !step)
        return;
    const QString key = forStep ? step->key : QString();
    auto *dialog = new SupportActionDialog(operation, key, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    const Session s = m_session;
    const qint64 id = m_workflowId;
    // The workflow previewed is the one acted on, whatever the live list selects meanwhile.
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] { apply(dialog, id); });
    dialog->open();
    whenDone(dialog, m_client.call<QList<engine::PreviewedStep>>([s, id, operation, key](Ordo &o) { return o.workflows().preview(s, id, operation, key); }),
        [dialog](const Result<QList<engine::PreviewedStep>> &preview) {
            if (preview)
                dialog->setPreview(*preview);
            else
                dialog->setPreviewError(preview.error().message);
        });
    if (operation == SupportOperation::Retry) {
        whenDone(dialog, m_client.call<ParameterSchema>([s, id, key](Ordo &o) { return o.workflows().retrySchema(s, id, key); }),
            [dialog](const Result<ParameterSchema> &schema) {
                if (schema)
                    dialog->setRetrySchema(*schema);
                else
                    dialog->setPreviewError(schema.error().message);
            });
    }
}

void WorkflowsPage::apply(SupportActionDialog *dialog, qint64 id)
{
    const Session s = m_session;
    const SupportOperation op = dialog->operation();
    const QString key = dialog->stepKey();
    const QString reason = dialog->reason();
    const QJsonObject inputs = dialog->editedInputs();
    const QJsonObject outputs = dialog->outputs();
    m_status->setText(tr("%1: applying…").arg(SupportActionDialog::title(op)));
    whenDone(this, m_client.call<Ok>([=](Ordo &o) -> Status {
            WorkflowService &w = o.workflows();
            switch (op) {
            case SupportOperation::Pause: return w.pause(s, id, reason);
            case SupportOperation::Continue: return w.resume(s, id, reason);
            case SupportOperation::Retry: return w.retryStep(s, id, key, inputs, reason);
            case SupportOperation::Skip: return w.skipStep(s, id, key, outputs, reason);
            case SupportOperation::Rollback: return w.rollback(s, id, reason);
            case SupportOperation::Cancel: return w.cancel(s, id, reason);
            }
            return ok();
        }), [this, op, id](const Status &done) {
            if (!done) {
                m_status->setText(tr("%1 failed: %2").arg(SupportActionDialog::title(op), done.error().message));
                Q_EMIT actionFailed(done.error().message);
                return;
            }
            m_status->setText(tr("%1: done.").arg(SupportActionDialog::title(op)));
            if (id == m_workflowId) {
                loadSteps();
                loadOperations();
                loadAttempts();
            }
            Q_EMIT actionApplied(op);
        });
}

void WorkflowsPage::nextError()
{
    const int rows = m_logFilter->rowCount();
    const int from = m_logView->currentIndex().isValid() ? m_logView->currentIndex().row() + 1 : 0;
    for (int i = 0; i < rows; ++i) {
        const QModelIndex index = m_logFilter->index((from + i) % rows, 0);
        if (index.data(LogModel::ErrorRole).toBool()) {
            m_follow->setChecked(false); // staying on the error, not jumping to the end
            m_logView->setCurrentIndex(index);
            m_logView->scrollTo(index);
            return;
        }
    }
    m_status->setText(tr("No error in the lines read so far."));
}

void WorkflowsPage::chooseExportFile()
{
    if (!m_workflowId)
        return;
    auto *chooser = new QFileDialog(this, tr("Export the log"), QString(), tr("Text files (*.txt *.log)"));
    chooser->setObjectName(QStringLiteral("exportLogDialog"));
    chooser->setAcceptMode(QFileDialog::AcceptSave);
    chooser->selectFile(QStringLiteral("workflow-%1.log").arg(m_workflowId));
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    connect(chooser, &QFileDialog::fileSelected, this, &WorkflowsPage::exportLog);
    chooser->open();
}

void WorkflowsPage::exportLog(const QString &path)
{
    const Session s = m_session;
    const qint64 id = m_workflowId;
    // Read and written off the GUI thread: the log may be huge.
    whenDone(this, m_client.call<Ok>([s, id, path](Ordo &o) -> Status {
            ORDO_TRY(lines, o.workflows().log(s, id));
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
                return Error::internal(file.errorString());
            for (const engine::LogLine &l : std::as_const(lines))
                file.write((engine::formatLogLine(l) + QLatin1Char('\n')).toUtf8());
            if (!file.commit())
                return Error::internal(file.errorString());
            return ok();
        }), [this, path](const Status &written) {
            const QString error = written ? QString() : written.error().message;
            m_status->setText(written ? tr("Log written to %1.").arg(path) : tr("The log was not written: %1").arg(error));
            Q_EMIT logExported(path, error);
        });
}

} // namespace ordo::ui

// The workflow monitor as support uses it: carol finds a failed workflow,
// reads the failed attempt, retries the step with an edited input, compares
// the attempts, and rolls the workflow back after reading the preview.

#include "EngineHarness.h"
#include "TestSupport.h"

#include "client/OrdoClient.h"
#include "workflows/LogModel.h"
#include "workflows/StepModels.h"
#include "workflows/SupportActionDialog.h"
#include "workflows/WorkflowListModel.h"
#include "workflows/WorkflowsPage.h"
#include "workflows/graph/WorkflowGraphView.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>

#include <functional>

using namespace ordo;
using namespace ordo::test;
using ordo::ui::WorkflowsPage;

namespace {

// prepare and notify undo themselves; install fails until told to fail 0 times.
const QByteArray kProvision = QByteArrayLiteral(R"({"name": "provision", "version": 1, "steps": [
    {"id": "prepare", "action": "test.echo", "with": {"disk": "d1"}, "compensate": {"action": "test.noop"}},
    {"id": "install", "action": "test.fail", "after": ["prepare"], "with": {"times": 100, "kind": "transient"}, "editable": ["times"]},
    {"id": "notify", "action": "test.echo", "after": ["install"], "with": {"attempt": "${steps.install.outputs.attempt}"},
     "compensate": {"action": "test.noop"}}]})");

// One step the engine would run; no engine runs in the paging test, so it stays ready.
const QByteArray kOneStep = QByteArrayLiteral(R"({"name": "%1", "version": 1, "steps": [{"id": "only", "action": "test.echo"}]})");

void clickRow(QTableView *view, int row)
{
    const QModelIndex index = view->model()->index(row, 0);
    QVERIFY(index.isValid());
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
}

int rowWhere(const QAbstractItemModel *model, int column, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, column).data().toString() == text)
            return row;
    return -1;
}

QStringList previewLines(const QListWidget *preview)
{
    QStringList lines;
    for (int i = 0; i < preview->count(); ++i)
        lines.append(preview->item(i)->text());
    return lines;
}

// A step that runs until it is cancelled, then one that echoes.
const QByteArray kLong = QByteArrayLiteral(R"({"name": "long", "version": 1, "steps": [
    {"id": "wait", "action": "test.sleep", "with": {"ms": 600000}},
    {"id": "after", "action": "test.echo", "after": ["wait"], "with": {"done": true}}]})");

// The support operations whose buttons are enabled, by object name.
QStringList enabledActions(const WorkflowsPage &page)
{
    QStringList enabled;
    for (const char *name : {"pauseButton", "continueButton", "retryButton", "skipButton", "rollbackButton", "cancelButton"}) {
        auto *button = page.findChild<QPushButton *>(QLatin1String(name));
        if (button && button->isEnabled())
            enabled.append(QLatin1String(name));
    }
    return enabled;
}

// Opens the operation's dialog from its button, waits for the preview, checks
// that applying needs a reason, gives it and applies; returns the preview.
QStringList applyThroughDialog(WorkflowsPage &page, const char *button, const QString &reason,
                               const std::function<void(ui::SupportActionDialog *)> &fill = {})
{
    QStringList shown;
    [&] {
        auto *b = page.findChild<QPushButton *>(QLatin1String(button));
        QVERIFY(b && b->isEnabled());
        QTest::mouseClick(b, Qt::LeftButton);
        ui::SupportActionDialog *dialog = page.actionDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *preview = dialog->findChild<QListWidget *>(QStringLiteral("actionPreview"));
        auto *apply = dialog->findChild<QPushButton *>(QStringLiteral("actionApply"));
        QVERIFY(preview && apply);
        QTRY_VERIFY(!previewLines(preview).isEmpty() && previewLines(preview) != QStringList{QStringLiteral("Asking the engine…")});
        shown = previewLines(preview);
        if (fill)
            fill(dialog);
        QVERIFY(!apply->isEnabled()); // no reason yet
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("actionReason")), reason);
        QVERIFY(apply->isEnabled());
        QSignalSpy applied(&page, &WorkflowsPage::actionApplied);
        QTest::mouseClick(apply, Qt::LeftButton);
        QTRY_COMPARE(applied.size(), 1);
    }();
    return shown;
}

} // namespace

class TestWorkflowMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void carolRetriesWithAnEditedInputAndRollsBack()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        const auto carol = h.ordo->login(QStringLiteral("carol"), QStringLiteral("demo"));
        ORDO_VERIFY_OK(carol);
        h.startEngine();
        const auto started = h.runtime->start(kProvision, {}, QStringLiteral("alice"), std::nullopt, carol->tenant.id);
        ORDO_VERIFY_OK(started);
        const qint64 id = *started;
        QTRY_COMPARE(h.state(id), engine::WorkflowState::Failed);

        OrdoClient client(h.databasePath());
        WorkflowsPage page(client, *carol);
        page.resize(1400, 900);
        page.show();
        QAbstractItemModelTester listTester(page.workflowModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester stepTester(page.stepModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester attemptTester(page.attemptModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester diffTester(page.diffModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester logTester(page.logModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        auto *list = page.findChild<QTableView *>(QStringLiteral("workflowList"));
        QVERIFY(list);
        QAbstractItemModelTester filterTester(list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(list->model()->rowCount(), 1);
        QCOMPARE(list->model()->index(0, ui::WorkflowListModel::State).data().toString(), QStringLiteral("failed"));
        QCOMPARE(list->model()->index(0, ui::WorkflowListModel::CurrentStep).data().toString(), QStringLiteral("install"));
        QCOMPARE(list->model()->index(0, ui::WorkflowListModel::Owner).data().toString(), QStringLiteral("alice"));
        QCOMPARE(list->model()->index(0, ui::WorkflowListModel::Progress).data(ui::WorkflowListModel::PercentRole).toInt(), 66);

        // The filters narrow the list and give it back: the core answers once typing pauses.
        auto *text = page.findChild<QLineEdit *>(QStringLiteral("workflowFilterText"));
        QTest::keyClicks(text, QStringLiteral("no such workflow"));
        QTRY_COMPARE(list->model()->rowCount(), 0);
        text->clear();
        QTest::keyClicks(text, QStringLiteral("PROVISION"));
        QTRY_COMPARE(list->model()->rowCount(), 1);
        auto *state = page.findChild<QComboBox *>(QStringLiteral("workflowStateFilter"));
        state->setCurrentIndex(state->findData(QStringLiteral("running")));
        QTRY_COMPARE(list->model()->rowCount(), 0);
        state->setCurrentIndex(state->findData(QStringLiteral("failed")));
        QTRY_COMPARE(list->model()->rowCount(), 1);
        auto *owner = page.findChild<QLineEdit *>(QStringLiteral("workflowOwnerFilter"));
        QTest::keyClicks(owner, QStringLiteral("bob"));
        QTRY_COMPARE(list->model()->rowCount(), 0);
        owner->clear();
        state->setCurrentIndex(0);
        QTRY_COMPARE(list->model()->rowCount(), 1);
        // Back to no filter at all, read anew before a row is picked.
        QSignalSpy reloaded(page.workflowModel(), &ui::WorkflowListModel::pageLoaded);
        text->clear();
        QTRY_COMPARE(reloaded.count(), 1);
        QCOMPARE(page.workflowModel()->filter().text, QString());

        // The failed attempt, with its error and inputs; the graph draws every step of the definition.
        QSignalSpy graphShown(&page, &WorkflowsPage::graphShown);
        clickRow(list, 0);
        QTRY_COMPARE(graphShown.count(), 1);
        auto *graph = page.findChild<ui::WorkflowGraphView *>(QStringLiteral("workflowGraph"));
        QVERIFY(graph);
        QCOMPARE(graph->nodeItems().size(), 3);
        QCOMPARE(graph->nodeOfStep(QStringLiteral("prepare"))->status().state, engine::StepState::Succeeded);
        QCOMPARE(graph->nodeOfStep(QStringLiteral("install"))->status().state, engine::StepState::Failed);
        QCOMPARE(graph->nodeOfStep(QStringLiteral("notify"))->status().state, engine::StepState::Pending);
        auto *steps = page.findChild<QTableView *>(QStringLiteral("stepTable"));
        QTRY_COMPARE(steps->model()->rowCount(), 3);
        clickRow(steps, rowWhere(steps->model(), ui::StepTableModel::Key, QStringLiteral("install")));
        QTRY_COMPARE(page.attemptModel()->rowCount(), 1);
        QCOMPARE(page.attemptModel()->index(0, ui::AttemptModel::Outcome).data().toString(), QStringLiteral("failed"));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("stepError"))->text().contains(QStringLiteral("failing on purpose")));
        auto *retry = page.findChild<QPushButton *>(QStringLiteral("retryButton"));
        auto *pause = page.findChild<QPushButton *>(QStringLiteral("pauseButton"));
        auto *status = page.findChild<QLabel *>(QStringLiteral("workflowStatus"));
        QTRY_VERIFY2(retry->isEnabled(), qPrintable(status->text()));
        QVERIFY(!pause->isEnabled()); // a failed workflow is not paused

        // Retry with times 0: the preview first, the reason required.
        QTest::mouseClick(retry, Qt::LeftButton);
        ui::SupportActionDialog *dialog = page.actionDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *preview = dialog->findChild<QListWidget *>(QStringLiteral("actionPreview"));
        QTRY_COMPARE(previewLines(preview), (QStringList{QStringLiteral("install runs"), QStringLiteral("notify runs")}));
        auto *apply = dialog->findChild<QPushButton *>(QStringLiteral("actionApply"));
        QVERIFY(!apply->isEnabled()); // no reason yet
        // The form is the core's retry schema: the editable input, at the value the failed attempt ran with.
        QTRY_VERIFY(dialog->findChild<QSpinBox *>(QStringLiteral("parameter_times")));
        auto *times = dialog->findChild<QSpinBox *>(QStringLiteral("parameter_times"));
        QCOMPARE(times->value(), 100);
        QVERIFY(!dialog->findChild<QWidget *>(QStringLiteral("parameter_kind"))); // not editable: not offered
        QTest::keyClick(times, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(times, QStringLiteral("0"));
        QCOMPARE(dialog->editedInputs(), (QJsonObject{{QStringLiteral("times"), 0}}));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("actionReason")), QStringLiteral("fewer failures"));
        QVERIFY(apply->isEnabled());
        QSignalSpy applied(&page, &WorkflowsPage::actionApplied);
        QTest::mouseClick(apply, Qt::LeftButton);
        QTRY_COMPARE(applied.size(), 1);
        QTRY_COMPARE(h.state(id), engine::WorkflowState::Succeeded);
        // The list follows by itself, from the change feed.
        QTRY_COMPARE(page.workflowModel()->index(0, ui::WorkflowListModel::State).data().toString(), QStringLiteral("succeeded"));
        // The graph follows: recoloured, not drawn again.
        QTRY_COMPARE(graph->nodeOfStep(QStringLiteral("notify"))->status().state, engine::StepState::Succeeded);
        QCOMPARE(graphShown.count(), 1);

        // Both attempts kept; the diff shows the edited input and the new output.
        QTRY_COMPARE(page.attemptModel()->rowCount(), 2);
        QCOMPARE(page.attemptModel()->index(1, ui::AttemptModel::Outcome).data().toString(), QStringLiteral("succeeded"));
        const QAbstractItemModel *diff = page.diffModel();
        QTRY_VERIFY(rowWhere(diff, ui::AttemptDiffModel::Key, QStringLiteral("inputs.times")) >= 0);
        const int timesRow = rowWhere(diff, ui::AttemptDiffModel::Key, QStringLiteral("inputs.times"));
        QCOMPARE(diff->index(timesRow, ui::AttemptDiffModel::Before).data().toString(), QStringLiteral("100"));
        QCOMPARE(diff->index(timesRow, ui::AttemptDiffModel::After).data().toString(), QStringLiteral("0"));
        QCOMPARE(diff->index(timesRow, 0).data(ui::AttemptDiffModel::ChangeRole).toInt(), int(ui::JsonDifference::Change::Changed));
        const int attemptRow = rowWhere(diff, ui::AttemptDiffModel::Key, QStringLiteral("outputs.attempt"));
        QVERIFY(attemptRow >= 0);
        QCOMPARE(diff->index(attemptRow, 0).data(ui::AttemptDiffModel::ChangeRole).toInt(), int(ui::JsonDifference::Change::Added));
        QCOMPARE(diff->index(attemptRow, ui::AttemptDiffModel::After).data().toString(), QStringLiteral("2"));

        // Roll back: the preview names the compensated steps, last first; then they are compensated.
        auto *rollback = page.findChild<QPushButton *>(QStringLiteral("rollbackButton"));
        QTRY_VERIFY(rollback->isEnabled());
        QVERIFY(!retry->isEnabled()); // the step succeeded
        QTest::mouseClick(rollback, Qt::LeftButton);
        dialog = page.actionDialog();
        QVERIFY(dialog);
        preview = dialog->findChild<QListWidget *>(QStringLiteral("actionPreview"));
        QTRY_COMPARE(previewLines(preview), (QStringList{QStringLiteral("notify is compensated"), QStringLiteral("prepare is compensated")}));
        apply = dialog->findChild<QPushButton *>(QStringLiteral("actionApply"));
        QVERIFY(!apply->isEnabled());
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("actionReason")), QStringLiteral("customer withdrew"));
        QTest::mouseClick(apply, Qt::LeftButton);
        QTRY_COMPARE(h.state(id), engine::WorkflowState::RolledBack);
        QCOMPARE(h.stepState(id, QStringLiteral("notify")), engine::StepState::Compensated);
        QCOMPARE(h.stepState(id, QStringLiteral("prepare")), engine::StepState::Compensated);
        QCOMPARE(h.stepState(id, QStringLiteral("install")), engine::StepState::Succeeded); // nothing to undo
        QTRY_COMPARE(page.workflowModel()->index(0, ui::WorkflowListModel::State).data().toString(), QStringLiteral("rolled-back"));
        QTRY_VERIFY(!rollback->isEnabled());

        // The log: both support actions in it with their reasons, F3 finds the failure, the export reads like ordoctl.
        const auto log = h.runtime->log(id);
        QVERIFY(log);
        QTRY_COMPARE(page.logModel()->rowCount(), int(log->size()));
        QStringList expected;
        for (const engine::LogLine &l : *log)
            expected.append(engine::formatLogLine(l));
        QVERIFY(expected.filter(QStringLiteral("retry by carol: fewer failures")).size() == 1);
        QVERIFY(expected.filter(QStringLiteral("rollback by carol: customer withdrew")).size() == 1);
        auto *logView = page.findChild<QListView *>(QStringLiteral("logView"));
        page.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        logView->setFocus();
        QTest::keyClick(logView, Qt::Key_F3);
        QVERIFY2(logView->currentIndex().isValid(), qPrintable(status->text()));
        QVERIFY(logView->currentIndex().data().toString().contains(QStringLiteral("running -> failed")));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("log.txt"));
        QSignalSpy exported(&page, &WorkflowsPage::logExported);
        page.exportLog(path);
        QTRY_COMPARE(exported.size(), 1);
        QCOMPARE(exported.first().at(1).toString(), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), expected.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    }

    // Pause stops a running workflow from going on, continue lets it go on,
    // cancel ends it: each only when the workflow's state allows it.
    void carolPausesContinuesAndCancels()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        const auto carol = h.ordo->login(QStringLiteral("carol"), QStringLiteral("demo"));
        ORDO_VERIFY_OK(carol);
        h.startEngine();
        const auto started = h.runtime->start(kLong, {}, QStringLiteral("alice"), std::nullopt, carol->tenant.id);
        ORDO_VERIFY_OK(started);
        const qint64 id = *started;
        QTRY_COMPARE(h.stepState(id, QStringLiteral("wait")), engine::StepState::Running);

        OrdoClient client(h.databasePath());
        WorkflowsPage page(client, *carol);
        page.resize(1400, 900);
        page.show();
        auto *list = page.findChild<QTableView *>(QStringLiteral("workflowList"));
        QTRY_COMPARE(list->model()->rowCount(), 1);
        clickRow(list, 0);
        // Running: it can be paused, rolled back or cancelled, not continued; no step is selected for retry or skip.
        const QStringList whileRunning{QStringLiteral("pauseButton"), QStringLiteral("rollbackButton"), QStringLiteral("cancelButton")};
        QTRY_COMPARE(enabledActions(page), whileRunning);

        QStringList preview = applyThroughDialog(page, "pauseButton", QStringLiteral("maintenance window"));
        // The running attempt goes on; what comes after it waits.
        QCOMPARE(preview, QStringList{QStringLiteral("No step changes.")});
        QTRY_COMPARE(h.state(id), engine::WorkflowState::Paused);
        QTRY_COMPARE(page.workflowModel()->index(0, ui::WorkflowListModel::State).data().toString(), QStringLiteral("paused"));
        QTRY_VERIFY2(enabledActions(page).contains(QStringLiteral("continueButton")), qPrintable(enabledActions(page).join(QLatin1Char(' '))));
        QVERIFY(!enabledActions(page).contains(QStringLiteral("pauseButton")));

        preview = applyThroughDialog(page, "continueButton", QStringLiteral("window over"));
        QCOMPARE(preview, QStringList{QStringLiteral("No step changes.")}); // nothing was held back yet
        QTRY_COMPARE(h.state(id), engine::WorkflowState::Running);
        QTRY_COMPARE(enabledActions(page), whileRunning);

        preview = applyThroughDialog(page, "cancelButton", QStringLiteral("not needed any more"));
        QCOMPARE(preview, (QStringList{QStringLiteral("wait is asked to stop"), QStringLiteral("after is cancelled")}));
        QTRY_COMPARE(h.state(id), engine::WorkflowState::Cancelled);
        QTRY_COMPARE(h.stepState(id, QStringLiteral("after")), engine::StepState::Cancelled);
        QTRY_VERIFY(!enabledActions(page).contains(QStringLiteral("cancelButton")));
        QVERIFY(!enabledActions(page).contains(QStringLiteral("pauseButton")));

        const auto log = h.runtime->log(id);
        ORDO_VERIFY_OK(log);
        QStringList lines;
        for (const engine::LogLine &l : *log)
            lines.append(engine::formatLogLine(l));
        QCOMPARE(lines.filter(QStringLiteral("pause by carol: maintenance window")).size(), 1);
        QCOMPARE(lines.filter(QStringLiteral("continue by carol: window over")).size(), 1);
        QCOMPARE(lines.filter(QStringLiteral("cancel by carol: not needed any more")).size(), 1);
    }

    // Skipping a failed step hands on the outputs support gives: the next step runs with them.
    void carolSkipsAFailedStepWithGivenOutputs()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        const auto carol = h.ordo->login(QStringLiteral("carol"), QStringLiteral("demo"));
        ORDO_VERIFY_OK(carol);
        h.startEngine();
        const auto started = h.runtime->start(kProvision, {}, QStringLiteral("alice"), std::nullopt, carol->tenant.id);
        ORDO_VERIFY_OK(started);
        const qint64 id = *started;
        QTRY_COMPARE(h.state(id), engine::WorkflowState::Failed);

        OrdoClient client(h.databasePath());
        WorkflowsPage page(client, *carol);
        page.resize(1400, 900);
        page.show();
        auto *list = page.findChild<QTableView *>(QStringLiteral("workflowList"));
        QTRY_COMPARE(list->model()->rowCount(), 1);
        clickRow(list, 0);
        auto *steps = page.findChild<QTableView *>(QStringLiteral("stepTable"));
        QTRY_COMPARE(steps->model()->rowCount(), 3);

        // A step that succeeded is not skipped; the failed one is.
        clickRow(steps, rowWhere(steps->model(), ui::StepTableModel::Key, QStringLiteral("prepare")));
        QTRY_VERIFY(!enabledActions(page).isEmpty());
        QTRY_VERIFY2(!enabledActions(page).contains(QStringLiteral("skipButton")), qPrintable(enabledActions(page).join(QLatin1Char(' '))));
        clickRow(steps, rowWhere(steps->model(), ui::StepTableModel::Key, QStringLiteral("install")));
        QTRY_VERIFY2(enabledActions(page).contains(QStringLiteral("skipButton")), qPrintable(enabledActions(page).join(QLatin1Char(' '))));

        const QStringList preview = applyThroughDialog(page, "skipButton", QStringLiteral("installed by hand"), [](ui::SupportActionDialog *dialog) {
            auto *outputs = dialog->findChild<QPlainTextEdit *>(QStringLiteral("actionOutputs"));
            QVERIFY(outputs);
            outputs->setPlainText(QStringLiteral("{\"attempt\": 7}"));
            QCOMPARE(dialog->outputs(), (QJsonObject{{QStringLiteral("attempt"), 7}}));
        });
        QCOMPARE(preview, (QStringList{QStringLiteral("install is skipped"), QStringLiteral("notify runs")}));
        QTRY_COMPARE(h.state(id), engine::WorkflowState::Succeeded);
        QCOMPARE(h.stepState(id, QStringLiteral("install")), engine::StepState::Skipped);
        QCOMPARE(h.step(id, QStringLiteral("notify")).inputs.value(QStringLiteral("attempt")).toInt(), 7);
        QTRY_COMPARE(page.workflowModel()->index(0, ui::WorkflowListModel::State).data().toString(), QStringLiteral("succeeded"));
        QTRY_VERIFY(!enabledActions(page).contains(QStringLiteral("skipButton")));
    }

    // Support's list with more workflows than one page: the core filters and pages, the
    // list pages in as it scrolls, and live changes patch the rows the filter shows.
    void filtersAndPagesInTheCore()
    {
        EngineHarness h;
        ORDO_VERIFY_OK(h.ordo->createDemo(QStringLiteral("demo")));
        const auto carol = h.ordo->login(QStringLiteral("carol"), QStringLiteral("demo"));
        ORDO_VERIFY_OK(carol);
        const auto dave = h.ordo->login(QStringLiteral("dave"), QStringLiteral("demo"));
        ORDO_VERIFY_OK(dave);
        const auto start = [&](const QString &name, const QString &owner, qint64 tenant) {
            const auto started = h.runtime->start(QString::fromLatin1(kOneStep).arg(name).toUtf8(), {}, owner, std::nullopt, tenant);
            if (!started)
                qFatal("%s", qPrintable(started.error().message));
            return *started;
        };
        // 250 of acme's: every fifth bob's, every tenth a decommission; one of globex's, named to be found.
        QList<qint64> acmes;
        for (int i = 1; i <= 250; ++i)
            acmes.append(start(i % 10 == 0 ? QStringLiteral("decommission") : QStringLiteral("provision"),
                               i % 5 == 0 ? QStringLiteral("bob") : QStringLiteral("alice"), carol->tenant.id));
        start(QStringLiteral("decommission"), QStringLiteral("bob"), dave->tenant.id);
        const Order order = checkOut(*h.ordo, QStringLiteral("alice"));
        const QList<engine::WorkflowSummary> ofOrder = workflowsOf(*h.ordo, order.id);
        QVERIFY(!ofOrder.isEmpty());
        const int acmeTotal = 250 + int(ofOrder.size());

        OrdoClient client(h.databasePath());
        WorkflowsPage page(client, *carol);
        page.resize(1400, 900);
        page.show();
        ui::WorkflowListModel *model = page.workflowModel();
        auto *list = page.findChild<QTableView *>(QStringLiteral("workflowList"));

        // A page first, newest on top; scrolling down brings the rest, and never globex's.
        QTRY_COMPARE(model->rowCount(), ui::WorkflowListModel::kPageRows);
        QCOMPARE(model->index(0, 0).data(ui::WorkflowListModel::IdRole).toLongLong(), ofOrder.last().id);
        QVERIFY(model->canFetchMore({}));
        // Made after the first page: the tester fetches more by itself.
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Scrolled again each try: the scroll bar's range follows the rows only once laid out.
        QTRY_VERIFY((list->scrollToBottom(), model->rowCount() == acmeTotal));
        QVERIFY(!model->canFetchMore({}));
        QCOMPARE(model->index(acmeTotal - 1, 0).data(ui::WorkflowListModel::IdRole).toLongLong(), acmes.first());

        // Each filter is answered by the core, whatever was loaded.
        auto *owner = page.findChild<QLineEdit *>(QStringLiteral("workflowOwnerFilter"));
        QTest::keyClicks(owner, QStringLiteral("BOB"));
        QTRY_COMPARE(model->rowCount(), 50);
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->index(row, ui::WorkflowListModel::Owner).data().toString(), QStringLiteral("bob"));
        auto *text = page.findChild<QLineEdit *>(QStringLiteral("workflowFilterText"));
        QTest::keyClicks(text, QStringLiteral("decomm"));
        QTRY_COMPARE(model->rowCount(), 25); // every tenth is bob's too
        owner->clear();
        QTRY_COMPARE(model->rowCount(), 25);
        text->clear();
        QTest::keyClicks(text, QStringLiteral("globex")); // the tenant's name: not carol's to see
        QTRY_COMPARE(model->filter().text, QStringLiteral("globex"));
        QTRY_VERIFY(!model->isLoading());
        QCOMPARE(model->rowCount(), 0);
        text->clear();
        auto *orderField = page.findChild<QLineEdit *>(QStringLiteral("workflowOrderFilter"));
        QTest::keyClicks(orderField, QString::number(order.id));
        QTRY_COMPARE(model->rowCount(), int(ofOrder.size()));
        QCOMPARE(model->index(0, ui::WorkflowListModel::Order).data().toLongLong(), order.id);
        orderField->clear();
        QTRY_VERIFY(model->rowCount() >= ui::WorkflowListModel::kPageRows);

        // An answer for a filter replaced before it came is dropped.
        engine::WorkflowFilter bobs;
        bobs.owner = QStringLiteral("bob");
        engine::WorkflowFilter decommissions;
        decommissions.text = QStringLiteral("decommission");
        QSignalSpy pages(model, &ui::WorkflowListModel::pageLoaded);
        model->setFilter(bobs);
        model->setFilter(decommissions);
        QTRY_VERIFY(!model->isLoading());
        QTest::qWait(100); // time for a dropped answer to show up, were it not dropped
        QCOMPARE(pages.count(), 1);
        QCOMPARE(model->rowCount(), 25);
        for (int row = 0; row < model->rowCount(); ++row)
            QVERIFY(model->index(row, ui::WorkflowListModel::Name).data().toString().endsWith(QStringLiteral("decommission")));

        // Live: a new bob's workflow comes in on top, one cancelled leaves the running ones.
        auto *state = page.findChild<QComboBox *>(QStringLiteral("workflowStateFilter"));
        QTest::keyClicks(owner, QStringLiteral("bob"));
        state->setCurrentIndex(state->findData(QStringLiteral("running")));
        QTRY_COMPARE(model->rowCount(), 50);
        QCOMPARE(model->filter().owner, QStringLiteral("bob"));
        const qint64 newest = start(QStringLiteral("provision"), QStringLiteral("bob"), carol->tenant.id);
        QTRY_COMPARE(model->rowCount(), 51);
        QCOMPARE(model->index(0, 0).data(ui::WorkflowListModel::IdRole).toLongLong(), newest);
        const qint64 cancelled = acmes.at(4); // the fifth: bob's
        QVERIFY(model->rowOf(cancelled) >= 0);
        ORDO_VERIFY_OK(h.runtime->cancel(cancelled, QStringLiteral("carol"), QStringLiteral("not needed")));
        QTRY_COMPARE(model->rowOf(cancelled), -1);
        QCOMPARE(model->rowCount(), 50);
        // Another's new workflow does not match: nothing comes in.
        start(QStringLiteral("provision"), QStringLiteral("alice"), carol->tenant.id);
        QTest::qWait(300);
        QCOMPARE(model->rowCount(), 50);
    }
};

QTEST_MAIN(TestWorkflowMonitor)
#include "tst_workflowmonitor.moc"

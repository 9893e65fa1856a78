// The workflow graph view: every step of the definition as a node (started or
// not), dependencies as edges, colours by state, retries and "waiting
// because…", a 500-wide fan-out collapsed into one node with counts, layered
// ranks that follow the dependencies, a layout computed off the GUI thread,
// and live recolouring without a new layout.

#include "SyntheticWorkflow.h"
#include "engine/WorkflowDefinition.h"
#include "workflows/graph/WorkflowGraphView.h"

#include <QSet>
#include <QTest>
#include <QThread>

using namespace ordo;
using namespace ordo::engine;
using namespace ordo::ui;

namespace {

WorkflowDefinition parse(const QByteArray &json, int maxSteps = kMaxSteps)
{
    ActionRegistry actions;
    actions.addBuiltinActions();
    ParsedWorkflow parsed = parseWorkflow(json, actions, maxSteps);
    for (const DefinitionError &e : std::as_const(parsed.errors))
        qWarning("%s", qPrintable(e.toString()));
    if (!parsed.definition)
        qFatal("the test's definition does not parse");
    return *parsed.definition;
}

// start -> (left -> checked [when]), (right -> copy-1..copy-500) and notify -> join -> approve.
WorkflowDefinition branchingWorkflow()
{
    QByteArray copies, copyIds;
    for (int i = 1; i <= 500; ++i) {
        copies += QStringLiteral(R"({"id": "copy-%1", "action": "test.noop", "after": ["right"]},)").arg(i).toUtf8();
        copyIds += QStringLiteral(R"(, "copy-%1")").arg(i).toUtf8();
    }
    return parse(R"({"name": "branching", "version": 1,
        "inputs": {"check": {"type": "boolean", "default": false}},
        "steps": [
          {"id": "start", "action": "test.noop", "compensate": {"action": "test.noop"}},
          {"id": "left", "action": "test.noop", "after": ["start"]},
          {"id": "checked", "action": "test.noop", "after": ["left"], "when": "${inputs.check}"},
          {"id": "right", "action": "test.noop", "after": ["start"], "retry": {"maxAttempts": 5}},
          )" + copies + R"(
          {"id": "notify", "action": "test.noop", "after": ["start"]},
          {"id": "join", "action": "test.noop", "after": ["notify", "checked")" + copyIds + R"(]},
          {"id": "approve", "action": "human.task", "after": ["join"]}]})",
                 1000);
}

StepInfo row(const QString &key, StepState state, int attempt = 1)
{
    StepInfo s;
    s.key = key;
    s.state = state;
    s.attempt = attempt;
    return s;
}

// A run half way: the copies partly done, some failed; join and approve not started (no rows).
QList<StepInfo> halfWay()
{
    QList<StepInfo> steps{row(QStringLiteral("start"), StepState::Succeeded), row(QStringLiteral("left"), StepState::Succeeded),
                          row(QStringLiteral("checked"), StepState::Skipped), row(QStringLiteral("right"), StepState::Succeeded, 3)};
    for (int i = 1; i <= 500; ++i) {
        const StepState state = i <= 300 ? StepState::Succeeded : i <= 450 ? StepState::Running : StepState::Failed;
        steps.append(row(QStringLiteral("copy-%1").arg(i), state));
    }
    return steps;
}

bool laidOut(WorkflowGraphView &view, const QFuture<void> &future)
{
    return QTest::qWaitFor([&] { return future.isFinished(); }, 60000) && !view.nodeItems().isEmpty();
}

} // namespace

class TestWorkflowGraph : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyStepIsANodeAndTheFanOutCollapses()
    {
        WorkflowGraphView view;
        QVERIFY(laidOut(view, view.setWorkflow(branchingWorkflow(), halfWay())));

        // start, left, checked, right, the fan-out, notify, join, approve.
        QCOMPARE(view.nodeItems().size(), 8);
        for (const GraphNodeItem *n : view.nodeItems())
            QCOMPARE(n->scene(), view.scene());
        GraphNodeItem *fanOut = view.nodeOfStep(QStringLiteral("copy-1"));
        QVERIFY(fanOut);
        QCOMPARE(view.nodeOfStep(QStringLiteral("copy-500")), fanOut);
        QCOMPARE(fanOut->node().steps.size(), 500);
        QCOMPARE(fanOut->status().counts.value(StepState::Succeeded), 300);
        QCOMPARE(fanOut->status().counts.value(StepState::Running), 150);
        QCOMPARE(fanOut->status().counts.value(StepState::Failed), 50);
        QVERIFY2(fanOut->status().detail.contains(QStringLiteral("50 failed")), qPrintable(fanOut->status().detail));
        QVERIFY(fanOut->status().detail.contains(QStringLiteral("150 running")));
        QVERIFY(fanOut->status().detail.contains(QStringLiteral("300 succeeded")));

        // Each dependency once, between the right nodes.
        QSet<QPair<QString, QString>> edges;
        qsizetype drawn = 0;
        for (const GraphEdgesItem *item : view.edgeItems()) {
            QCOMPARE(item->scene(), view.scene());
            for (const GraphEdge &e : item->edges())
                edges.insert({view.graphLayout().nodes.at(e.from).steps.first(), view.graphLayout().nodes.at(e.to).steps.first()});
            drawn += item->edges().size();
        }
        const QSet<QPair<QString, QString>> expected{{QStringLiteral("start"), QStringLiteral("left")},
                                                      {QStringLiteral("start"), QStringLiteral("right")},
                                                      {QStringLiteral("left"), QStringLiteral("checked")},
                                                      {QStringLiteral("right"), QStringLiteral("copy-1")},
                                                      {QStringLiteral("checked"), QStringLiteral("join")},
                                                      {QStringLiteral("start"), QStringLiteral("notify")},
                                                      {QStringLiteral("notify"), QStringLiteral("join")},
                                                      {QStringLiteral("copy-1"), QStringLiteral("join")},
                                                      {QStringLiteral("join"), QStringLiteral("approve")}};
        QCOMPARE(edges, expected);
        QCOMPARE(drawn, expected.size());
    }

    void coloursRetriesAndStepsNotStarted()
    {
        WorkflowGraphView view;
        QVERIFY(laidOut(view, view.setWorkflow(branchingWorkflow(), halfWay())));

        const auto stateOf = [&](const char *step) { return view.nodeOfStep(QLatin1String(step))->status().state; };
        const auto colourOf = [&](const char *step) { return view.nodeOfStep(QLatin1String(step))->brush().color(); };
        QCOMPARE(stateOf("start"), StepState::Succeeded);
        QCOMPARE(stateOf("checked"), StepState::Skipped);
        QCOMPARE(stateOf("copy-1"), StepState::Failed); // the fan-out shows its most pressing state
        QCOMPARE(colourOf("start"), WorkflowGraphView::stateColour(StepState::Succeeded));
        QCOMPARE(colourOf("checked"), WorkflowGraphView::stateColour(StepState::Skipped));
        QCOMPARE(colourOf("copy-1"), WorkflowGraphView::stateColour(StepState::Failed));
        QCOMPARE(colourOf("approve"), WorkflowGraphView::stateColour(StepState::Pending));

        // Every state has a colour of its own.
        QSet<QRgb> colours;
        for (int s = int(StepState::Pending); s <= int(StepState::Cancelled); ++s)
            colours.insert(WorkflowGraphView::stateColour(StepState(s)).rgb());
        QCOMPARE(colours.size(), int(StepState::Cancelled) + 1);

        // The retried step shows its attempt.
        GraphNodeItem *right = view.nodeOfStep(QStringLiteral("right"));
        QCOMPARE(right->status().attempt, 3);
        QVERIFY2(view.stepToolTip(QStringLiteral("right")).contains(QStringLiteral("attempt 3 (retries: 2)")),
                 qPrintable(view.stepToolTip(QStringLiteral("right"))));
        QCOMPARE(view.nodeOfStep(QStringLiteral("start"))->status().attempt, 1);

        // Steps the engine has not started yet are drawn, and say what they wait for.
        GraphNodeItem *join = view.nodeOfStep(QStringLiteral("join"));
        GraphNodeItem *approve = view.nodeOfStep(QStringLiteral("approve"));
        QVERIFY(join->scene() == view.scene() && approve->scene() == view.scene());
        QCOMPARE(join->status().state, StepState::Pending);
        // notify (not started) and the 150 running copies; skipped "checked" and the failed copies have ended.
        QCOMPARE(join->status().detail, QStringLiteral("waiting for notify, copy-301, copy-302 and 148 more"));
        QCOMPARE(approve->status().detail, QStringLiteral("waiting for join"));
        QVERIFY(view.stepToolTip(QStringLiteral("approve")).contains(QStringLiteral("action: human.task")));
        QVERIFY(view.nodeOfStep(QStringLiteral("checked"))->node().conditional);
        QVERIFY(view.stepToolTip(QStringLiteral("start")).contains(QStringLiteral("compensation")));
    }

    void waitingBecause()
    {
        WorkflowDefinition definition = parse(R"({"name": "waits", "version": 1, "steps": [
            {"id": "ask", "action": "human.task"},
            {"id": "nap", "action": "timer.wait", "with": {"ms": 60000}},
            {"id": "fetch", "action": "test.fail", "probe": {"action": "test.noop"}},
            {"id": "flaky", "action": "test.fail", "retry": {"maxAttempts": 4}}]})");
        StepInfo ask = row(QStringLiteral("ask"), StepState::Waiting);
        StepInfo nap = row(QStringLiteral("nap"), StepState::Waiting);
        nap.dueAt = QDateTime(QDate(2030, 1, 2), QTime(3, 4)).toMSecsSinceEpoch();
        StepInfo fetch = row(QStringLiteral("fetch"), StepState::Paused, 2);
        fetch.error = QStringLiteral("host unreachable");
        StepInfo flaky = row(QStringLiteral("flaky"), StepState::RetryWait, 2);
        flaky.dueAt = nap.dueAt;

        WorkflowGraphView view;
        QVERIFY(laidOut(view, view.setWorkflow(definition, {ask, nap, fetch, flaky})));
        const auto detailOf = [&](const char *step) { return view.nodeOfStep(QLatin1String(step))->status().detail; };
        QCOMPARE(detailOf("ask"), QStringLiteral("waiting on a person"));
        QVERIFY2(detailOf("nap").startsWith(QStringLiteral("waiting on a timer until ")), qPrintable(detailOf("nap")));
        QVERIFY(detailOf("nap").contains(QStringLiteral("2030")) || detailOf("nap").contains(QStringLiteral("30")));
        QCOMPARE(detailOf("fetch"), QStringLiteral("paused: runs again once probe test.noop passes"));
        QVERIFY2(detailOf("flaky").startsWith(QStringLiteral("retry 3 at ")), qPrintable(detailOf("flaky")));
        QVERIFY(view.stepToolTip(QStringLiteral("ask")).contains(QStringLiteral("waiting on a person")));
    }

    void ranksFollowDependencies()
    {
        WorkflowGraphView view;
        const WorkflowDefinition definition = branchingWorkflow();
        QVERIFY(laidOut(view, view.setWorkflow(definition, {})));
        const GraphLayout &layout = view.graphLayout();
        for (const StepDefinition &s : definition.steps) {
            const GraphNodeItem *to = view.nodeOfStep(s.id);
            for (const QString &a : s.after) {
                const GraphNodeItem *from = view.nodeOfStep(a);
                QVERIFY2(from->node().rank < to->node().rank, qPrintable(a + QStringLiteral(" -> ") + s.id));
                QVERIFY(from->pos().x() + kNodeWidth < to->pos().x()); // drawn left of it too
            }
        }
        // Longest path: join comes a rank after "checked", not right after the shorter branch through notify.
        QCOMPARE(view.nodeOfStep(QStringLiteral("join"))->node().rank, 3);
        QCOMPARE(view.nodeOfStep(QStringLiteral("approve"))->node().rank, 4);
        QCOMPARE(layout.ranks, 5);
        // No two nodes overlap.
        for (const GraphNodeItem *a : view.nodeItems())
            for (const GraphNodeItem *b : view.nodeItems())
                QVERIFY(a == b || !a->sceneBoundingRect().intersects(b->sceneBoundingRect()));
    }

    void layoutRunsOffTheGuiThread()
    {
        const WorkflowDefinition big = parse(ordo::testing::latticeWorkflow(100, 100), 10000);
        WorkflowGraphView view;
        const QFuture<void> future = view.setWorkflow(big, {});
        // The call returns at once and the GUI thread stays free while the layout is computed.
        QVERIFY(!future.isFinished());
        QVERIFY(view.nodeItems().isEmpty());
        QVERIFY(laidOut(view, future));
        QVERIFY(view.graphLayout().computedBy != QThread::currentThreadId());
        QCOMPARE(view.nodeItems().size(), 10000);
        QCOMPARE(view.graphLayout().ranks, 100);
    }

    void zoomedOutNodesAreRectanglesPerRank()
    {
        WorkflowGraphView view;
        view.resize(400, 300);
        view.show();
        QVERIFY(laidOut(view, view.setWorkflow(parse(ordo::testing::latticeWorkflow(30, 30), 1000), {})));
        QVERIFY(view.isDetailed());
        QTRY_VERIFY(view.nodeItems().first()->isVisible());

        view.fitInView(view.sceneRect(), Qt::KeepAspectRatio);
        QTRY_VERIFY(!view.isDetailed());
        QVERIFY(!view.nodeItems().first()->isVisible());
        QVERIFY(!view.nodeItems().last()->isVisible());

        view.resetTransform();
        QTRY_VERIFY(view.isDetailed());
        QVERIFY(view.nodeItems().first()->isVisible());
    }

    void doubleClickExpandsAFanOut()
    {
        WorkflowGraphView view;
        view.resize(800, 600);
        view.show();
        QVERIFY(laidOut(view, view.setWorkflow(branchingWorkflow(), halfWay())));
        GraphNodeItem *fanOut = view.nodeOfStep(QStringLiteral("copy-1"));
        view.centerOn(fanOut);
        const QPoint at = view.mapFromScene(fanOut->sceneBoundingRect().center());
        QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, at);

        QTRY_COMPARE(view.nodeItems().size(), 8 - 1 + 500);
        QVERIFY(view.nodeOfStep(QStringLiteral("copy-1")) != view.nodeOfStep(QStringLiteral("copy-2")));
        QCOMPARE(view.nodeOfStep(QStringLiteral("copy-1"))->status().state, StepState::Succeeded);
        QCOMPARE(view.nodeOfStep(QStringLiteral("copy-500"))->status().state, StepState::Failed);
        QCOMPARE(view.nodeOfStep(QStringLiteral("copy-1"))->node().rank, 2);
    }

    void updateRecoloursWithoutANewLayout()
    {
        WorkflowGraphView view;
        QVERIFY(laidOut(view, view.setWorkflow(branchingWorkflow(), halfWay())));
        const QList<GraphNodeItem *> before = view.nodeItems();
        const QPointF joinAt = view.nodeOfStep(QStringLiteral("join"))->pos();

        QList<StepInfo> later = halfWay();
        for (StepInfo &s : later)
            if (s.key.startsWith(QLatin1String("copy-")))
                s.state = StepState::Succeeded;
        later.append(row(QStringLiteral("join"), StepState::Running));
        view.updateStates(later);

        QCOMPARE(view.nodeItems(), before);
        QCOMPARE(view.nodeOfStep(QStringLiteral("join"))->pos(), joinAt);
        QCOMPARE(view.nodeOfStep(QStringLiteral("join"))->brush().color(), WorkflowGraphView::stateColour(StepState::Running));
        QCOMPARE(view.nodeOfStep(QStringLiteral("copy-1"))->status().state, StepState::Succeeded);
        QCOMPARE(view.nodeOfStep(QStringLiteral("copy-1"))->status().counts.value(StepState::Succeeded), 500);
        QCOMPARE(view.nodeOfStep(QStringLiteral("approve"))->status().detail, QStringLiteral("waiting for join"));
    }
};

QTEST_MAIN(TestWorkflowGraph)
#include "tst_workflowgraph.moc"

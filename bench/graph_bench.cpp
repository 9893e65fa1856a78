// The workflow graph of a 10,000-step workflow (100 ranks of 100 steps, each
// after two of the rank before): how long its layout takes, and how smoothly
// the view pans over the whole scene, rendered offscreen frame by frame, zoomed
// out (plain rectangles) and at full size (text). Prints figures; it is not a
// test and asserts nothing.
//
//   graph_bench [--stages N] [--width N] [--frames N]

#include "SyntheticWorkflow.h"
#include "workflows/graph/WorkflowGraphView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>

using namespace ordo;
using namespace ordo::ui;

namespace {

int option(const QStringList &args, const QString &name, int fallback)
{
    const qsizetype i = args.indexOf(name);
    return i > 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
}

struct Frames
{
    double firstMs = 0; // after a zoom change: the scene index and the item caches are built
    double longestMs = 0; // of the frames after the first
    double p99Ms = 0;
    double meanMs = 0;
};

// Pans from the top-left to the bottom-right corner of the scene and back
// along the other diagonal, painting the viewport for every frame as the screen would.
Frames pan(WorkflowGraphView &view, int frames)
{
    const QRectF scene = view.sceneRect();
    QElapsedTimer t;
    QList<double> times;
    for (int f = 0; f < frames; ++f) {
        const double along = double(f) / double(std::max(1, frames - 1));
        const double x = scene.left() + along * scene.width();
        const double y = f < frames / 2 ? scene.top() + 2 * along * scene.height() : scene.bottom() - (2 * along - 1) * scene.height();
        t.start();
        view.centerOn(x, y);
        const QPixmap frame = view.viewport()->grab();
        times.append(double(t.nsecsElapsed()) / 1e6);
        if (frame.isNull())
            qFatal("graph_bench: no frame rendered");
    }
    Frames result;
    result.firstMs = times.takeFirst();
    double total = result.firstMs;
    for (const double ms : std::as_const(times))
        total += ms;
    result.meanMs = total / frames;
    std::sort(times.begin(), times.end());
    result.longestMs = times.isEmpty() ? 0 : times.last();
    result.p99Ms = times.isEmpty() ? 0 : times.at(std::min(times.size() - 1, qsizetype(double(times.size()) * 0.99)));
    return result;
}

void printPan(const char *what, const WorkflowGraphView &view, const Frames &f, int frames)
{
    std::printf("pan %-24s scale %5.3f  %3d frames  first %5.1f ms, then longest %5.1f ms  p99 %5.1f ms  mean %5.1f ms  (goal: none over 50 ms)\n",
                what, view.transform().m11(), frames, f.firstMs, f.longestMs, f.p99Ms, f.meanMs);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int stages = option(args, QStringLiteral("--stages"), 100);
    const int width = option(args, QStringLiteral("--width"), 100);
    const int frames = option(args, QStringLiteral("--frames"), 200);

    engine::ActionRegistry actions;
    actions.addBuiltinActions();
    QElapsedTimer t;
    t.start();
    const engine::ParsedWorkflow parsed = engine::parseWorkflow(testing::latticeWorkflow(stages, width), actions, stages * width);
    if (!parsed.definition)
        qFatal("graph_bench: the synthetic definition does not parse");
    const engine::WorkflowDefinition &definition = *parsed.definition;
    std::printf("Ordo graph benchmark: %lld steps (%d ranks of %d), view 1280x800 offscreen\n", qlonglong(definition.steps.size()),
                stages, width);
    std::printf("parsing and validating the definition: %.0f ms\n", double(t.nsecsElapsed()) / 1e6);

    t.start();
    const GraphLayout layout = layoutWorkflow(definition);
    std::printf("layout alone (one thread):               %6.0f ms  %lld nodes, %lld edges  (goal <= 1000 ms)\n",
                double(t.nsecsElapsed()) / 1e6, qlonglong(layout.nodes.size()), qlonglong(layout.edges.size()));

    // A run part way through: the first ranks done, one running, the rest not started.
    QList<engine::StepInfo> states;
    for (int i = 0; i < definition.steps.size(); ++i) {
        const int rank = i / width;
        if (rank > stages / 2)
            break;
        engine::StepInfo s;
        s.key = definition.steps.at(i).id;
        s.state = rank < stages / 2 ? engine::StepState::Succeeded : i % 7 == 0 ? engine::StepState::Failed : engine::StepState::Running;
        s.attempt = i % 13 == 0 ? 2 : 1;
        states.append(s);
    }

    WorkflowGraphView view;
    view.resize(1280, 800);
    view.show();
    t.start();
    const QFuture<void> shown = view.setWorkflow(definition, states);
    QElapsedTimer gui;
    double longestGuiBlock = 0;
    while (!shown.isFinished()) {
        gui.start();
        app.processEvents(QEventLoop::AllEvents, 5);
        longestGuiBlock = std::max(longestGuiBlock, double(gui.nsecsElapsed()) / 1e6);
    }
    std::printf("setWorkflow to nodes in the scene:       %6.0f ms  (the GUI thread's longest turn meanwhile %.0f ms)\n",
                double(t.nsecsElapsed()) / 1e6, longestGuiBlock);

    // Live updates: one step changes, then every step does.
    states.last().state = engine::StepState::Succeeded;
    t.start();
    view.updateStates(states);
    std::printf("updateStates, one step changed:          %6.1f ms\n", double(t.nsecsElapsed()) / 1e6);
    QList<engine::StepInfo> allDone;
    for (const engine::StepDefinition &step : definition.steps) {
        engine::StepInfo s;
        s.key = step.id;
        s.state = engine::StepState::Succeeded;
        allDone.append(s);
    }
    t.start();
    view.updateStates(allDone);
    std::printf("updateStates, every step changed:        %6.1f ms\n", double(t.nsecsElapsed()) / 1e6);
    view.updateStates(states);

    // Zoomed out so that about 10 ranks fill the width: rectangles only.
    view.setTransform(QTransform::fromScale(0.5, 0.5).scale(0.5, 0.5));
    printPan("zoomed out (rectangles)", view, pan(view, frames), frames);
    view.resetTransform();
    printPan("full size (text)", view, pan(view, frames), frames);
    view.fitInView(view.sceneRect(), Qt::KeepAspectRatio);
    printPan("whole workflow in view", view, pan(view, std::min(frames, 20)), std::min(frames, 20));
    return 0;
}

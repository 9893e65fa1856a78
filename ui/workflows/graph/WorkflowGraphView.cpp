#include "workflows/graph/WorkflowGraphView.h"

#include "common/WhenDone.h"
#include "engine/Action.h"

#include <QDateTime>
#include <QGraphicsRectItem>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QToolTip>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace ordo::ui {

using engine::StepInfo;
using engine::StepState;

namespace {

// Below this scale text is unreadable anyway: plain rectangles, no text.
constexpr double kDetailFromScale = 0.4;

// Which state a fan-out shows: that of its most pressing step.
constexpr StepState kPressing[] = {StepState::Failed,       StepState::Paused,   StepState::Running,     StepState::RetryWait,
                                   StepState::Waiting,      StepState::Compensating, StepState::Ready,   StepState::Pending,
                                   StepState::Cancelled,    StepState::Compensated,  StepState::Skipped, StepState::Succeeded};

QString timeText(qint64 msecs)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(msecs), QLocale::ShortFormat);
}

} // namespace

GraphNodeItem::GraphNodeItem(const GraphNode &node)
    : m_node(node)
    , m_brush(WorkflowGraphView::stateColour(StepState::Pending))
{
    setPos(node.pos);
    setFlag(ItemIsSelectable);
    // Text is drawn once per zoom level, not on every pan.
    setCacheMode(DeviceCoordinateCache);
}

void GraphNodeItem::setStatus(const NodeStatus &status)
{
    m_status = status;
    m_brush = QBrush(WorkflowGraphView::stateColour(status.state));
    m_attemptText = status.attempt > 1 ? QStringLiteral("↻%1").arg(status.attempt) : QString();
    update();
}

QRectF GraphNodeItem::boundingRect() const
{
    return QRectF(0, 0, kNodeWidth, kNodeHeight);
}

void GraphNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QRectF r = boundingRect();
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod < kDetailFromScale) {
        painter->fillRect(r, m_brush);
        return;
    }
    painter->setBrush(m_brush);
    painter->setPen(QPen(isSelected() ? Qt::black : QColor(60, 60, 60), isSelected() ? 2.5 : 1,
                         m_node.isFanOut() ? Qt::DashLine : Qt::SolidLine));
    painter->drawRoundedRect(r.adjusted(1, 1, -1, -1), 6, 6);
    painter->setPen(Qt::black);
    const QRectF text = r.adjusted(8, 4, -8, -4);
    QFont bold = painter->font();
    bold.setBold(true);
    painter->setFont(bold);
    QString title = m_node.isFanOut() ? QStringLiteral("%1* ×%2").arg(m_node.id).arg(m_node.steps.size()) : m_node.id;
    if (m_node.conditional)
        title.prepend(QStringLiteral("◇ "));
    if (m_node.compensated)
        title.append(QStringLiteral(" ⟲"));
    painter->drawText(text, Qt::AlignLeft | Qt::AlignTop, painter->fontMetrics().elidedText(title, Qt::ElideRight, int(text.width()) - 30));
    painter->drawText(text, Qt::AlignRight | Qt::AlignTop, m_attemptText);
    bold.setBold(false);
    painter->setFont(bold);
    painter->drawText(text, Qt::AlignLeft | Qt::AlignBottom, painter->fontMetrics().elidedText(m_status.detail, Qt::ElideRight, int(text.width())));
}

GraphEdgesItem::GraphEdgesItem(QList<GraphEdge> edges, const GraphLayout &layout)
    : m_edges(std::move(edges))
{
    setZValue(-1);
    for (const GraphEdge &e : std::as_const(m_edges)) {
        const QLineF line(layout.nodes.at(e.from).pos + QPointF(kNodeWidth, kNodeHeight / 2),
                          layout.nodes.at(e.to).pos + QPointF(0, kNodeHeight / 2));
        m_lines.append(line);
        // An arrow head at the step that comes after.
        const double back = QLineF(line.p2(), line.p1()).angle();
        m_arrowHeads.append(QLineF::fromPolar(8, back + 25).translated(line.p2()));
        m_arrowHeads.append(QLineF::fromPolar(8, back - 25).translated(line.p2()));
        m_bounds |= QRectF(line.p1(), line.p2()).normalized();
    }
    m_bounds.adjust(-8, -8, 8, 8);
}

void GraphEdgesItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    painter->setPen(QPen(QColor(110, 110, 110), 0)); // cosmetic: one pixel at any zoom
    painter->drawLines(m_lines);
    if (option->levelOfDetailFromTransform(painter->worldTransform()) >= kDetailFromScale)
        painter->drawLines(m_arrowHeads);
}

GraphRankItem::GraphRankItem(QList<GraphNodeItem *> nodes, QRectF bounds)
    : m_nodes(std::move(nodes))
    , m_bounds(bounds)
{
}

void GraphRankItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QRectF exposed = option->exposedRect;
    for (const GraphNodeItem *n : std::as_const(m_nodes)) {
        const QRectF r(n->pos(), QSizeF(kNodeWidth, kNodeHeight));
        if (r.intersects(exposed))
            painter->fillRect(r, n->brush());
    }
}

WorkflowGraphView::WorkflowGraphView(QWidget *parent)
    : QGraphicsView(parent)
    , m_scene(new QGraphicsScene(this))
{
    setObjectName(QStringLiteral("workflowGraph"));
    setAccessibleName(tr("Workflow graph"));
    setScene(m_scene);
    m_scene->setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    setDragMode(ScrollHandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setViewportUpdateMode(SmartViewportUpdate);
    setOptimizationFlags(DontSavePainterState | DontAdjustForAntialiasing);
    setCacheMode(CacheBackground);
    setFocusPolicy(Qt::StrongFocus);
    connect(m_scene, &QGraphicsScene::selectionChanged, this, [this] {
        const QList<QGraphicsItem *> selected = m_scene->selectedItems();
        if (!selected.isEmpty() && selected.first()->type() == GraphNodeItem::Type)
            Q_EMIT stepSelected(static_cast<GraphNodeItem *>(selected.first())->node().steps.first());
    });
}

QFuture<void> WorkflowGraphView::setWorkflow(const engine::WorkflowDefinition &definition, const QList<StepInfo> &steps)
{
    const int generation = ++m_generation;
    if (definition.name != m_definition.name || definition.version != m_definition.version)
        m_expanded.clear();
    m_definition = definition;
    updateStates(steps);
    return whenDone(this, QtConcurrent::run([definition, expanded = m_expanded] { return layoutWorkflow(definition, kCollapseFanOutAtLeast, expanded); }),
        [this, generation](GraphLayout layout) {
        if (generation == m_generation)
            present(std::move(layout));
    });
}

void WorkflowGraphView::present(GraphLayout layout)
{
    m_scene->clear();
    m_nodes.clear();
    m_edges.clear();
    m_rankOverviews.clear();
    m_rankDetails.clear();
    m_layout = std::move(layout);
    // Per rank: its node items under one parent, its overview and the edges leaving it,
    // so that the scene traverses a few hundred top-level items at any zoom.
    QList<QList<int>> nodesOfRank(m_layout.ranks);
    for (int i = 0; i < m_layout.nodes.size(); ++i)
        nodesOfRank[m_layout.nodes.at(i).rank].append(i);
    QList<QList<GraphEdge>> edgesOfRank(m_layout.ranks);
    for (const GraphEdge &e : std::as_const(m_layout.edges))
        edgesOfRank[m_layout.nodes.at(e.from).rank].append(e);
    m_nodes.resize(m_layout.nodes.size());
    for (int r = 0; r < m_layout.ranks; ++r) {
        QRectF column;
        for (const int i : std::as_const(nodesOfRank.at(r)))
            column |= QRectF(m_layout.nodes.at(i).pos, QSizeF(kNodeWidth, kNodeHeight));
        auto *details = new QGraphicsRectItem(column);
        details->setPen(Qt::NoPen);
        details->setFlag(QGraphicsItem::ItemHasNoContents);
        QList<GraphNodeItem *> items;
        for (const int i : std::as_const(nodesOfRank.at(r))) {
            auto *item = new GraphNodeItem(m_layout.nodes.at(i));
            item->setParentItem(details);
            m_nodes[i] = item;
            items.append(item);
        }
        auto *overview = new GraphRankItem(items, column);
        overview->setVisible(!m_detailed);
        details->setVisible(m_detailed);
        m_scene->addItem(details);
        m_scene->addItem(overview);
        m_rankDetails.append(details);
        m_rankOverviews.append(overview);
        if (!edgesOfRank.at(r).isEmpty()) {
            auto *edges = new GraphEdgesItem(edgesOfRank.at(r), m_layout);
            m_scene->addItem(edges);
            m_edges.append(edges);
        }
    }
    m_scene->setSceneRect(QRectF(QPointF(0, 0), m_layout.size).adjusted(-20, -20, 20, 20));
    updateStates(m_states.values() + m_compensations.values());
}

void WorkflowGraphView::setDetailed(bool detailed)
{
    if (detailed == m_detailed)
        return;
    m_detailed = detailed;
    for (QGraphicsItem *item : std::as_const(m_rankDetails))
        item->setVisible(detailed);
    for (QGraphicsItem *item : std::as_const(m_rankOverviews))
        item->setVisible(!detailed);
}

void WorkflowGraphView::paintEvent(QPaintEvent *event)
{
    // The zoom decides, whichever way it was set.
    setDetailed(transform().m11() >= kDetailFromScale);
    QGraphicsView::paintEvent(event);
}

void WorkflowGraphView::updateStates(const QList<StepInfo> &steps)
{
    m_states.clear();
    m_compensations.clear();
    for (const StepInfo &s : steps)
        (s.kind == engine::StepKind::Compensation ? m_compensations : m_states).insert(s.key, s);
    for (GraphNodeItem *item : std::as_const(m_nodes)) {
        // Live updates usually change a few steps: only those repaint.
        if (NodeStatus status = statusOf(item->node()); !(status == item->status()))
            item->setStatus(status);
    }
    for (GraphRankItem *overview : std::as_const(m_rankOverviews))
        overview->update();
}

GraphNodeItem *WorkflowGraphView::nodeOfStep(const QString &stepId) const
{
    const auto found = m_layout.nodeOfStep.constFind(stepId);
    return found == m_layout.nodeOfStep.cend() || *found >= m_nodes.size() ? nullptr : m_nodes.at(*found);
}

NodeStatus WorkflowGraphView::statusOf(const GraphNode &node) const
{
    NodeStatus status;
    const StepInfo *first = nullptr;
    for (const QString &id : node.steps) {
        const auto found = m_states.constFind(id);
        const StepInfo *info = found == m_states.cend() ? nullptr : &*found;
        // A step the engine has no row for yet has not started.
        const StepState state = info ? info->state : StepState::Pending;
        ++status.counts[state];
        if (info)
            status.attempt = std::max(status.attempt, info->attempt);
        if (!first)
            first = info;
    }
    for (const StepState s : kPressing) {
        if (status.counts.value(s) > 0) {
            status.state = s;
            break;
        }
    }
    if (node.isFanOut()) {
        QStringList parts;
        for (const StepState s : kPressing) {
            if (const int n = status.counts.value(s))
                parts.append(tr("%1 %2").arg(n).arg(stateText(s)));
        }
        status.detail = parts.join(QStringLiteral(" · "));
    } else {
        status.detail = waitingBecause(node, first);
    }
    return status;
}

QString WorkflowGraphView::waitingBecause(const GraphNode &node, const StepInfo *info) const
{
    const StepState state = info ? info->state : StepState::Pending;
    switch (state) {
    case StepState::Pending: {
        QStringList open;
        for (const QString &a : node.after) {
            const auto found = m_states.constFind(a);
            if (found == m_states.cend() || !engine::isTerminal(found->state))
                open.append(a);
        }
        if (open.isEmpty())
            return tr("not started yet");
        // A join after a wide fan-out would otherwise list hundreds.
        constexpr int kNamed = 3;
        if (open.size() > kNamed)
            return tr("waiting for %1 and %2 more").arg(open.first(kNamed).join(QStringLiteral(", "))).arg(open.size() - kNamed);
        return tr("waiting for %1").arg(open.join(QStringLiteral(", ")));
    }
    case StepState::Ready:
        return info->dueAt > 0 ? tr("ready at %1").arg(timeText(info->dueAt)) : tr("waiting for a worker");
    case StepState::RetryWait:
        return info->dueAt > 0 ? tr("retry %1 at %2").arg(info->attempt + 1).arg(timeText(info->dueAt)) : tr("waiting to retry");
    case StepState::Waiting:
        if (node.action == engine::kHumanTaskAction)
            return tr("waiting on a person");
        if (node.action == engine::kOrderApprovalAction)
            return tr("waiting on the approvers");
        if (node.action == engine::kOrderProvisionAction)
            return tr("waiting on its provisioning workflows");
        if (node.action == engine::kTimerAction)
            return info->dueAt > 0 ? tr("waiting on a timer until %1").arg(timeText(info->dueAt)) : tr("waiting on a timer");
        return tr("waiting");
    case StepState::Paused:
        if (!node.probeAction.isEmpty())
            return tr("paused: runs again once probe %1 passes").arg(node.probeAction);
        return info->error.isEmpty() ? tr("paused") : tr("paused: %1").arg(info->error);
    case StepState::Failed:
        return info->error.isEmpty() ? stateText(state) : info->error;
    case StepState::Skipped:
        return info->manual ? tr("skipped by support") : tr("skipped: its condition was false");
    default:
        return stateText(state);
    }
}

QFuture<void> WorkflowGraphView::expandFanOut(const QString &nodeId)
{
    m_expanded.insert(nodeId);
    return setWorkflow(m_definition, m_states.values() + m_compensations.values());
}

void WorkflowGraphView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QGraphicsItem *item = itemAt(event->position().toPoint());
    if (item && item->type() == GraphNodeItem::Type && static_cast<const GraphNodeItem *>(item)->node().isFanOut()) {
        expandFanOut(static_cast<const GraphNodeItem *>(item)->node().id);
        event->accept();
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

QString WorkflowGraphView::stepToolTip(const QString &stepId) const
{
    const GraphNodeItem *item = nodeOfStep(stepId);
    return item ? toolTipOf(item->node(), item->status()) : QString();
}

bool WorkflowGraphView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QGraphicsItem *item = itemAt(help->pos());
        if (item && item->type() == GraphNodeItem::Type)
            QToolTip::showText(help->globalPos(), stepToolTip(static_cast<const GraphNodeItem *>(item)->node().steps.first()), viewport());
        else
            QToolTip::hideText();
        return true;
    }
    return QGraphicsView::viewportEvent(event);
}

QString WorkflowGraphView::toolTipOf(const GraphNode &node, const NodeStatus &status) const
{
    QStringList lines;
    lines.append(node.isFanOut() ? tr("%1: a fan-out of %2 steps").arg(node.id).arg(node.steps.size()) : node.id);
    lines.append(tr("action: %1").arg(node.action));
    lines.append(tr("state: %1").arg(stateText(status.state)));
    if (status.attempt > 1)
        lines.append(tr("attempt %1 (retries: %2)").arg(status.attempt).arg(status.attempt - 1));
    if (!status.detail.isEmpty())
        lines.append(status.detail);
    if (node.compensated) {
        const auto comp = m_compensations.constFind(node.steps.first());
        lines.append(comp == m_compensations.cend() ? tr("undone by its compensation in a rollback")
                                                    : tr("compensation: %1").arg(stateText(comp->state)));
    }
    return lines.join(QLatin1Char('\n'));
}

QColor WorkflowGraphView::stateColour(StepState state)
{
    switch (state) {
    case StepState::Pending: return QColor(0xd5, 0xd9, 0xde);
    case StepState::Ready: return QColor(0xb3, 0xd4, 0xfc);
    case StepState::Running: return QColor(0x4a, 0x90, 0xd9);
    case StepState::RetryWait: return QColor(0xf5, 0xa6, 0x23);
    case StepState::Waiting: return QColor(0xf3, 0xd3, 0x6b);
    case StepState::Succeeded: return QColor(0x6c, 0xc0, 0x70);
    case StepState::Failed: return QColor(0xe0, 0x52, 0x52);
    case StepState::Skipped: return QColor(0xf2, 0xf2, 0xf2);
    case StepState::Paused: return QColor(0xb0, 0x7c, 0xd8);
    case StepState::Compensating: return QColor(0xf0, 0xa0, 0xc0);
    case StepState::Compensated: return QColor(0xc9, 0xa0, 0xdc);
    case StepState::Cancelled: return QColor(0x9b, 0x9b, 0x9b);
    }
    return Qt::white;
}

QString WorkflowGraphView::stateText(StepState state)
{
    switch (state) {
    case StepState::Pending: return tr("pending");
    case StepState::Ready: return tr("ready");
    case StepState::Running: return tr("running");
    case StepState::RetryWait: return tr("waiting to retry");
    case StepState::Waiting: return tr("waiting");
    case StepState::Succeeded: return tr("succeeded");
    case StepState::Failed: return tr("failed");
    case StepState::Skipped: return tr("skipped");
    case StepState::Paused: return tr("paused");
    case StepState::Compensating: return tr("compensating");
    case StepState::Compensated: return tr("compensated");
    case StepState::Cancelled: return tr("cancelled");
    }
    return {};
}

void WorkflowGraphView::zoomBy(double factor)
{
    const double scale = transform().m11() * factor;
    if (scale < 0.005 || scale > 4)
        return;
    QGraphicsView::scale(factor, factor);
}

void WorkflowGraphView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(1.25);
        return;
    case Qt::Key_Minus:
        zoomBy(0.8);
        return;
    case Qt::Key_0:
        fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        for (const QGraphicsItem *item : m_scene->selectedItems()) {
            if (item->type() == GraphNodeItem::Type && static_cast<const GraphNodeItem *>(item)->node().isFanOut()) {
                expandFanOut(static_cast<const GraphNodeItem *>(item)->node().id);
                return;
            }
        }
        break;
    default:
        QGraphicsView::keyPressEvent(event);
    }
}

void WorkflowGraphView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15);
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

} // namespace ordo::ui

#pragma once

#include "engine/Runtime.h"
#include "workflows/graph/GraphLayout.h"

#include <QFuture>
#include <QGraphicsItem>
#include <QGraphicsView>
#include <QMap>

namespace ordo::ui {

// What one node shows: its state (for a fan-out, that of its most pressing
// step), how many of its steps are in each state, the attempts, and why it waits.
struct NodeStatus
{
    engine::StepState state = engine::StepState::Pending;
    QMap<engine::StepState, int> counts;
    int attempt = 0; // the highest attempt of its steps; above 1 means retried
    QString detail;  // e.g. "waiting on a person", the error, or the counts of a fan-out

    bool operator==(const NodeStatus &) const = default;
};

class GraphNodeItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 1201 };
    explicit GraphNodeItem(const GraphNode &node);

    const GraphNode &node() const { return m_node; }
    const NodeStatus &status() const { return m_status; }
    QBrush brush() const { return m_brush; }
    void setStatus(const NodeStatus &status);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    GraphNode m_node;
    NodeStatus m_status;
    QBrush m_brush;
    QString m_attemptText;
};

// The edges that leave one rank, drawn in one go: one item per rank instead
// of one per edge keeps a 10,000-step scene cheap to traverse.
class GraphEdgesItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 1202 };
    GraphEdgesItem(QList<GraphEdge> edges, const GraphLayout &layout);

    const QList<GraphEdge> &edges() const { return m_edges; }

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QList<GraphEdge> m_edges;
    QList<QLineF> m_lines;
    QList<QLineF> m_arrowHeads;
    QRectF m_bounds;
};

// One rank zoomed out: its nodes as plain rectangles in their colours, no
// text. Shown instead of the node items below the detail scale.
class GraphRankItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 1203 };
    GraphRankItem(QList<GraphNodeItem *> nodes, QRectF bounds);

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QList<GraphNodeItem *> m_nodes;
    QRectF m_bounds;
};

// A workflow as a graph: every step of its definition (started or not) as a
// node coloured by state, dependencies as edges, wide fan-outs collapsed into
// one node with counts per state. The layout is computed on a worker thread;
// zoomed out, nodes are drawn as plain rectangles so that 10,000 steps pan smoothly.
// Keys: + and - zoom, 0 fits the whole workflow, Enter expands a selected fan-out; Ctrl+wheel zooms.
class WorkflowGraphView final : public QGraphicsView
{
    Q_OBJECT

public:
    explicit WorkflowGraphView(QWidget *parent = nullptr);

    // Lays the definition out off the GUI thread and then draws it with the
    // given step states. The future finishes once the nodes are in the scene.
    QFuture<void> setWorkflow(const engine::WorkflowDefinition &definition, const QList<engine::StepInfo> &steps);
    // Draws a collapsed fan-out step by step (double-click or Enter on its node).
    QFuture<void> expandFanOut(const QString &nodeId);
    // Recolours the nodes from new step states; keeps the layout.
    void updateStates(const QList<engine::StepInfo> &steps);

    const GraphLayout &graphLayout() const { return m_layout; }
    const QList<GraphNodeItem *> &nodeItems() const { return m_nodes; }
    const QList<GraphEdgesItem *> &edgeItems() const { return m_edges; }
    // Whether nodes are drawn in full (with text) or, zoomed out, as rectangles per rank.
    bool isDetailed() const { return m_detailed; }
    GraphNodeItem *nodeOfStep(const QString &stepId) const;
    // What hovering the step's node shows; made on demand, not on every update.
    QString stepToolTip(const QString &stepId) const;

    static QColor stateColour(engine::StepState state);
    static QString stateText(engine::StepState state);

Q_SIGNALS:
    // A node was selected: its step (for a fan-out, its first step).
    void stepSelected(const QString &stepId);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    void present(GraphLayout layout);
    NodeStatus statusOf(const GraphNode &node) const;
    QString toolTipOf(const GraphNode &node, const NodeStatus &status) const;
    QString waitingBecause(const GraphNode &node, const engine::StepInfo *info) const;
    void zoomBy(double factor);
    void setDetailed(bool detailed);

    QGraphicsScene *m_scene;
    engine::WorkflowDefinition m_definition;
    QSet<QString> m_expanded;
    GraphLayout m_layout;
    QList<GraphNodeItem *> m_nodes;
    QList<GraphEdgesItem *> m_edges;
    QList<GraphRankItem *> m_rankOverviews;
    QList<QGraphicsItem *> m_rankDetails; // per rank, the parent of its node items
    bool m_detailed = true;
    QHash<QString, engine::StepInfo> m_states;       // step id -> its row (kind step)
    QHash<QString, engine::StepInfo> m_compensations; // step id -> its compensation's row
    int m_generation = 0; // a newer setWorkflow drops the layout of an older one
};

} // namespace ordo::ui

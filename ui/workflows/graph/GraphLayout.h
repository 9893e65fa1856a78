#pragma once

#include "engine/WorkflowDefinition.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QSet>
#include <QSizeF>
#include <QStringList>

namespace ordo::ui {

// At least this many sibling steps of one fan-out (same action, same
// predecessors and successors, ids that differ only in a trailing number) are drawn as one node.
constexpr int kCollapseFanOutAtLeast = 20;

// One node of the picture: a step, or a collapsed fan-out of many.
struct GraphNode
{
    QString id;         // the step's id, or the fan-out's stem ("copy-" for copy-1..copy-500)
    QString action;
    QStringList steps;  // the step ids it stands for; more than one for a fan-out
    QStringList after;  // the step ids it comes after (of its first step)
    bool conditional = false; // has a `when`
    bool compensated = false; // has a `compensate`, undone in a rollback
    QString probeAction;      // re-run by itself once this probe passes
    int rank = 0;       // longest path from a step with no predecessor
    int order = 0;      // position within its rank
    QPointF pos;        // top-left corner in scene coordinates

    bool isFanOut() const { return steps.size() > 1; }
};

struct GraphEdge
{
    int from = 0; // node indices: `to` comes after `from`
    int to = 0;
};

struct GraphLayout
{
    QList<GraphNode> nodes;
    QList<GraphEdge> edges;
    QHash<QString, int> nodeOfStep; // every step id -> its node
    int ranks = 0;
    QSizeF size;
    // The thread that computed it: the view lays out off the GUI thread.
    Qt::HANDLE computedBy = nullptr;
};

inline constexpr double kNodeWidth = 170;
inline constexpr double kNodeHeight = 52;
inline constexpr double kRankGap = 70;  // between columns (ranks run left to right)
inline constexpr double kOrderGap = 18; // between nodes of one rank

// Layered layout: fan-outs collapse, ranks by longest path (so every edge goes
// to a higher rank), order within ranks by the barycentre of predecessors.
// Pure and thread-safe: the view runs it on a worker thread.
// `expanded` names fan-outs (by node id) drawn step by step all the same.
GraphLayout layoutWorkflow(const engine::WorkflowDefinition &definition, int collapseAtLeast = kCollapseFanOutAtLeast,
                           const QSet<QString> &expanded = {});

} // namespace ordo::ui

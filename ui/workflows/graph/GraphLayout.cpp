#include "workflows/graph/GraphLayout.h"

#include <QSet>
#include <QThread>

#include <algorithm>

namespace ordo::ui {

namespace {

// "copy-17" -> "copy-"; an id without a trailing number has no stem.
QString fanOutStem(const QString &id)
{
    qsizetype end = id.size();
    while (end > 0 && id.at(end - 1).isDigit())
        --end;
    return end == id.size() || end == 0 ? QString() : id.left(end);
}

// Steps of one fan-out: numbered alike, the same action, the same steps before and after them.
QString groupKey(const engine::StepDefinition &step, QStringList dependents)
{
    const QString stem = fanOutStem(step.id);
    if (stem.isEmpty())
        return {};
    QStringList after = step.after;
    after.sort();
    dependents.sort();
    return stem + QLatin1Char('\n') + step.action + QLatin1Char('\n') + after.join(QLatin1Char(',')) + QLatin1Char('\n')
           + dependents.join(QLatin1Char(','));
}

} // namespace

GraphLayout layoutWorkflow(const engine::WorkflowDefinition &definition, int collapseAtLeast, const QSet<QString> &expanded)
{
    GraphLayout g;
    g.computedBy = QThread::currentThreadId();
    const QList<engine::StepDefinition> &steps = definition.steps;

    // Fan-outs: groups of siblings big enough to collapse.
    QHash<QString, QStringList> dependents;
    for (const engine::StepDefinition &s : steps)
        for (const QString &a : s.after)
            dependents[a].append(s.id);
    QHash<QString, QList<int>> groups;
    QList<QString> keys(steps.size());
    for (int i = 0; i < steps.size(); ++i) {
        keys[i] = groupKey(steps.at(i), dependents.value(steps.at(i).id));
        if (!keys[i].isEmpty())
            groups[keys[i]].append(i);
    }
    QHash<QString, int> nodeOfGroup;
    for (int i = 0; i < steps.size(); ++i) {
        const engine::StepDefinition &s = steps.at(i);
        const QList<int> group = keys[i].isEmpty() ? QList<int>() : groups.value(keys[i]);
        const bool collapse = group.size() >= collapseAtLeast && !expanded.contains(fanOutStem(s.id));
        if (collapse) {
            if (const auto found = nodeOfGroup.constFind(keys[i]); found != nodeOfGroup.cend()) {
                g.nodes[*found].steps.append(s.id);
                g.nodeOfStep.insert(s.id, *found);
                continue;
            }
            nodeOfGroup.insert(keys[i], int(g.nodes.size()));
        }
        GraphNode n;
        n.id = collapse ? fanOutStem(s.id) : s.id;
        n.action = s.action;
        n.steps = {s.id};
        n.after = s.after;
        n.conditional = !s.when.isEmpty();
        n.compensated = s.compensate.has_value();
        n.probeAction = s.probe ? s.probe->action : QString();
        g.nodeOfStep.insert(s.id, int(g.nodes.size()));
        g.nodes.append(n);
    }

    // Edges between nodes, each once.
    const int count = int(g.nodes.size());
    QList<QList<int>> predecessors(count), successors(count);
    QSet<quint64> seen;
    for (const engine::StepDefinition &s : steps) {
        const int to = g.nodeOfStep.value(s.id);
        for (const QString &a : s.after) {
            const auto from = g.nodeOfStep.constFind(a);
            if (from == g.nodeOfStep.cend() || *from == to)
                continue;
            const quint64 key = (quint64(quint32(*from)) << 32) | quint32(to);
            if (seen.contains(key))
                continue;
            seen.insert(key);
            g.edges.append({*from, to});
            predecessors[to].append(*from);
            successors[*from].append(to);
        }
    }

    // Ranks: the longest path, in topological order (a validated definition has no cycle;
    // a node on one keeps rank 0 rather than hang the view).
    QList<int> waitingOn(count), topological;
    topological.reserve(count);
    for (int i = 0; i < count; ++i) {
        waitingOn[i] = int(predecessors.at(i).size());
        if (waitingOn[i] == 0)
            topological.append(i);
    }
    for (qsizetype next = 0; next < topological.size(); ++next) {
        const int n = topological.at(next);
        for (const int s : std::as_const(successors.at(n))) {
            g.nodes[s].rank = std::max(g.nodes[s].rank, g.nodes[n].rank + 1);
            if (--waitingOn[s] == 0)
                topological.append(s);
        }
    }
    for (const GraphNode &n : std::as_const(g.nodes))
        g.ranks = std::max(g.ranks, n.rank + 1);

    // Order within ranks: definition order first, then sweeps by the mean
    // position of the neighbours in the ranks already placed.
    QList<QList<int>> byRank(g.ranks);
    for (int i = 0; i < count; ++i)
        byRank[g.nodes.at(i).rank].append(i);
    const auto place = [&](const QList<int> &rank) {
        for (int o = 0; o < rank.size(); ++o)
            g.nodes[rank.at(o)].order = o;
    };
    for (const QList<int> &rank : std::as_const(byRank))
        place(rank);
    const auto sweep = [&](int r, const QList<QList<int>> &neighbours) {
        QList<int> &rank = byRank[r];
        QHash<int, double> centre;
        for (const int n : std::as_const(rank)) {
            const QList<int> &near = neighbours.at(n);
            if (near.isEmpty()) {
                centre.insert(n, g.nodes.at(n).order);
                continue;
            }
            double sum = 0;
            for (const int m : near)
                sum += g.nodes.at(m).order;
            centre.insert(n, sum / double(near.size()));
        }
        std::stable_sort(rank.begin(), rank.end(), [&](int a, int b) { return centre.value(a) < centre.value(b); });
        place(rank);
    };
    for (int pass = 0; pass < 2; ++pass) {
        for (int r = 1; r < g.ranks; ++r)
            sweep(r, predecessors);
        for (int r = g.ranks - 2; r >= 0; --r)
            sweep(r, successors);
    }

    // Positions: ranks are columns, each centred on the widest.
    qsizetype widest = 0;
    for (const QList<int> &rank : std::as_const(byRank))
        widest = std::max(widest, rank.size());
    const double rowPitch = kNodeHeight + kOrderGap;
    for (GraphNode &n : g.nodes) {
        const double offset = (double(widest) - double(byRank.at(n.rank).size())) / 2.0 * rowPitch;
        n.pos = QPointF(n.rank * (kNodeWidth + kRankGap), offset + n.order * rowPitch);
    }
    g.size = QSizeF(g.ranks * (kNodeWidth + kRankGap) - kRankGap, double(widest) * rowPitch - kOrderGap);
    return g;
}

} // namespace ordo::ui

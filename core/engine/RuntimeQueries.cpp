#include "engine/RuntimeImpl.h"

namespace ordo::engine {

using namespace detail;

namespace {

WorkflowSummary summaryOf(const WorkflowRow &w)
{
    WorkflowSummary s;
    s.id = w.id;
    s.uuid = w.uuid;
    s.name = w.name;
    s.version = w.version;
    s.state = w.state;
    s.inputs = toObject(w.inputs);
    s.startedBy = w.startedBy;
    if (w.orderId)
        s.orderId = w.orderId;
    s.createdAt = w.createdAt;
    s.updatedAt = w.updatedAt;
    s.finishedAt = w.finishedAt;
    s.error = w.error;
    s.openSteps = w.openSteps;
    s.tenantId = w.tenantId;
    return s;
}

} // namespace

Result<QList<WorkflowSummary>> Runtime::workflows(std::optional<WorkflowState> state, std::optional<qint64> tenantId)
{
    QString sql = QStringLiteral("SELECT ") + kWorkflowColumns + QStringLiteral(" FROM workflows WHERE 1 = 1");
    QVariantList binds;
    if (state) {
        sql += QStringLiteral(" AND state = ?");
        binds.append(workflowStateName(*state));
    }
    if (tenantId) {
        sql += QStringLiteral(" AND ") + tenantColumnIs(QStringLiteral("tenant_id"), *tenantId, binds);
    }
    ORDO_TRY(q, d->db.exec(sql + QStringLiteral(" ORDER BY id"), binds));
    QList<WorkflowSummary> list;
    while (q.next())
        list.append(summaryOf(readWorkflow(q)));
    return list;
}

Result<WorkflowSummary> Runtime::workflow(qint64 id)
{
    ORDO_TRY(w, d->workflowRow(id));
    return summaryOf(w);
}

Result<QList<StepInfo>> Runtime::steps(qint64 workflowId, std::optional<qint64> tenantId)
{
    ORDO_CHECK(d->workflowIn(workflowId, tenantId));
    ORDO_TRY(q, d->db.exec(QStringLiteral("SELECT ") + kStepColumns + QStringLiteral(" FROM steps WHERE workflow_id = ? ORDER BY id"), {workflowId}));
    QList<StepInfo> list;
    while (q.next()) {
        const StepRow r = readStep(q);
        list.append({r.id, r.key, r.kind, r.state, r.attempt, toObject(r.inputs),
                     toObject(r.outputs), r.error, r.errorKind, r.readyAt, r.startedAt, r.finishedAt, r.dueAt, r.manual});
    }
    return list;
}

Result<QList<LogLine>> Runtime::log(qint64 workflowId, const QString &stepKey, qint64 afterSeq, std::optional<qint64> tenantId)
{
    ORDO_CHECK(d->workflowIn(workflowId, tenantId));
    QString sql = QStringLiteral("SELECT seq, step_key, at, kind, message FROM step_log WHERE workflow_id = ? AND seq > ?");
    QVariantList binds{workflowId, afterSeq};
    if (!stepKey.isEmpty()) {
        sql += QStringLiteral(" AND (step_key = ? OR step_key = ?)");
        binds << stepKey << QString(stepKey + QStringLiteral(" (compensation)"));
    }
    ORDO_TRY(q, d->db.exec(sql + QStringLiteral(" ORDER BY seq"), binds));
    QList<LogLine> lines;
    while (q.next())
        lines.append(LogLine{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(),
                             logKindFromName(q.value(3).toString()).value_or(LogKind::Log), q.value(4).toString()});
    return lines;
}

Result<qint64> workflowTenant(Database &db, qint64 workflowId)
{
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT tenant_id FROM workflows WHERE id = ?"), {workflowId}));
    return q.next() ? q.value(0).toLongLong() : qint64(0);
}

} // namespace ordo::engine

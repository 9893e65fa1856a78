#include "engine/RuntimeImpl.h"

#include <QDateTime>

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

namespace {

// The overview's columns, w the workflow and t its tenant: the subqueries use
// steps' (workflow_id, step_key, kind) index and cost a few rows each, so a
// page of the list reads only its own workflows' steps.
QString overviewSelect()
{
    QString columns;
    for (const QString &c : kWorkflowColumns.split(QStringLiteral(", ")))
        columns += (columns.isEmpty() ? QStringLiteral("w.") : QStringLiteral(", w.")) + c;
    return QStringLiteral("SELECT ") + columns
           + QStringLiteral(", (SELECT COUNT(*) FROM steps s WHERE s.workflow_id = w.id AND s.kind = 'step'),"
                            " (SELECT COUNT(*) FROM steps s WHERE s.workflow_id = w.id AND s.kind = 'step'"
                            "   AND s.state IN ('succeeded', 'failed', 'skipped', 'cancelled', 'compensated')),"
                            // What holds it up first, then what it is doing.
                            " (SELECT s.step_key FROM steps s WHERE s.workflow_id = w.id AND s.state IN"
                            "   ('failed', 'paused', 'retry-wait', 'running', 'compensating', 'waiting', 'ready')"
                            "   AND NOT (s.state = 'failed' AND w.state IN ('succeeded', 'rolled-back', 'cancelled'))"
                            "   ORDER BY CASE s.state WHEN 'failed' THEN 0 WHEN 'paused' THEN 1 WHEN 'retry-wait' THEN 2 ELSE 3 END, s.id LIMIT 1),"
                            " t.name");
}

const QString kOverviewFrom = QStringLiteral(" FROM workflows w LEFT JOIN tenants t ON t.id = w.tenant_id");

// The filter as a condition on w and t ("1 = 1" when it has none), binding its values.
// Owner matches the workflows_owner index. The text is looked for in every row
// the session sees: SQLite's LIKE ignores case (of ASCII letters) by itself, where
// lower() on each column tripled the time of a search through 100,000 workflows;
// PostgreSQL's ILIKE does the same.
QString filterCondition(const WorkflowFilter &filter, Database::Dialect dialect, QVariantList &binds)
{
    QStringList conditions{QStringLiteral("1 = 1")};
    if (filter.state) {
        conditions.append(QStringLiteral("w.state = ?"));
        binds.append(workflowStateName(*filter.state));
    }
    if (const QString owner = filter.owner.trimmed(); !owner.isEmpty()) {
        conditions.append(QStringLiteral("lower(w.started_by) = ?"));
        binds.append(owner.toLower());
    }
    if (filter.orderId) {
        conditions.append(QStringLiteral("w.order_id = ?"));
        binds.append(*filter.orderId);
    }
    if (const QString wanted = filter.text.trimmed(); !wanted.isEmpty()) {
        QString text = wanted;
        text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"));
        const QString pattern = QLatin1Char('%') + text + QLatin1Char('%');
        const QString like = dialect == Database::Dialect::Postgres ? QStringLiteral(" ILIKE ? ESCAPE '\\'")
                                                                    : QStringLiteral(" LIKE ? ESCAPE '\\'");
        QString any = QStringLiteral("w.name") + like + QStringLiteral(" OR w.started_by") + like + QStringLiteral(" OR w.error") + like
                      + QStringLiteral(" OR t.name") + like;
        binds << pattern << pattern << pattern << pattern;
        bool isNumber = false;
        const qint64 id = wanted.toLongLong(&isNumber);
        if (isNumber) {
            any += QStringLiteral(" OR w.id = ?");
            binds.append(id);
        }
        conditions.append(QString(QLatin1Char('(') + any + QLatin1Char(')')));
    }
    return conditions.join(QStringLiteral(" AND "));
}

// "?, ?, ?" for the ids, bound in order: never ids pasted into the text.
QString placeholders(const QList<qint64> &ids, QVariantList &binds)
{
    QStringList marks;
    for (const qint64 id : ids) {
        marks.append(QStringLiteral("?"));
        binds.append(id);
    }
    return marks.join(QStringLiteral(", "));
}

// Where overviewSelect()'s own columns start, after the workflow's.
const int kOverviewExtra = static_cast<int>(kWorkflowColumns.count(QLatin1Char(','))) + 1;

WorkflowOverview readOverview(const QSqlQuery &q)
{
    const int extra = kOverviewExtra;
    WorkflowOverview o;
    o.summary = summaryOf(readWorkflow(q));
    o.steps = q.value(extra).toInt();
    o.stepsDone = q.value(extra + 1).toInt();
    o.currentStep = q.value(extra + 2).toString();
    o.tenantName = q.value(extra + 3).toString();
    return o;
}

} // namespace

Result<OverviewPage> Runtime::overviewPage(const WorkflowFilter &filter, qint64 beforeId, int limit, std::optional<qint64> tenantId)
{
    limit = std::max(1, limit);
    QVariantList binds;
    QString sql = overviewSelect() + kOverviewFrom + QStringLiteral(" WHERE ") + filterCondition(filter, d->db.dialect(), binds);
    if (beforeId > 0) {
        sql += QStringLiteral(" AND w.id < ?");
        binds.append(beforeId);
    }
    if (tenantId)
        sql += QStringLiteral(" AND ") + tenantColumnIs(QStringLiteral("w.tenant_id"), *tenantId, binds);
    // One more than asked for tells whether there are more, without counting them all.
    sql += QStringLiteral(" ORDER BY w.id DESC LIMIT ?");
    binds.append(limit + 1);
    ORDO_TRY(q, d->db.exec(sql, binds));
    OverviewPage page;
    while (q.next()) {
        if (page.rows.size() == limit) {
            page.more = true;
            break;
        }
        page.rows.append(readOverview(q));
    }
    return page;
}

Result<OverviewPage> Runtime::overviews(const QList<qint64> &workflowIds, const QList<qint64> &stepRowIds,
                                        const WorkflowFilter &filter, std::optional<qint64> tenantId)
{
    OverviewPage page;
    if (workflowIds.isEmpty() && stepRowIds.isEmpty())
        return page;
    QVariantList binds;
    // Whether each matches, in the same read: the caller drops those that no longer do.
    QString sql = overviewSelect() + QStringLiteral(", CASE WHEN ") + filterCondition(filter, d->db.dialect(), binds)
                  + QStringLiteral(" THEN 1 ELSE 0 END") + kOverviewFrom + QStringLiteral(" WHERE (");
    QStringList which;
    if (!workflowIds.isEmpty())
        which.append(QString(QStringLiteral("w.id IN (") + placeholders(workflowIds, binds) + QLatin1Char(')')));
    if (!stepRowIds.isEmpty())
        which.append(QString(QStringLiteral("w.id IN (SELECT workflow_id FROM steps WHERE id IN (") + placeholders(stepRowIds, binds)
                             + QStringLiteral("))")));
    sql += which.join(QStringLiteral(" OR ")) + QLatin1Char(')');
    if (tenantId)
        sql += QStringLiteral(" AND ") + tenantColumnIs(QStringLiteral("w.tenant_id"), *tenantId, binds);
    ORDO_TRY(q, d->db.exec(sql + QStringLiteral(" ORDER BY w.id DESC"), binds));
    const int matchColumn = kOverviewExtra + 4; // after steps, done, current step and tenant
    while (q.next()) {
        if (q.value(matchColumn).toInt())
            page.rows.append(readOverview(q));
        else
            page.unmatched.append(q.value(0).toLongLong());
    }
    return page;
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

Result<QList<LogLine>> Runtime::log(qint64 workflowId, const QString &stepKey, qint64 afterSeq, std::optional<qint64> tenantId,
                                    int limit)
{
    ORDO_CHECK(d->workflowIn(workflowId, tenantId));
    // A page is read in its order, each part only as far as the page goes.
    const QString ordered = limit > 0 ? QStringLiteral(" ORDER BY 1 LIMIT ?") : QStringLiteral(" ORDER BY 1");
    const bool implied = d->db.dialect() == Database::Dialect::Postgres;
    QString sql = QStringLiteral("SELECT seq, step_key, at, kind, message FROM step_log WHERE workflow_id = ? AND seq > ?");
    QVariantList binds{workflowId, afterSeq};
    if (!stepKey.isEmpty()) {
        sql += QStringLiteral(" AND (step_key = ? OR step_key = ?)");
        binds << stepKey << QString(stepKey + QStringLiteral(" (compensation)"));
    }
    if (implied) {
        // With the success lines a shared database's steps imply (save()), in one
        // statement: a line written out meanwhile is read once, from one side or the other.
        sql = QLatin1Char('(') + sql + ordered;
        if (limit > 0)
            binds << limit;
        sql += QStringLiteral(") UNION ALL (SELECT log_seq, ") + kLogLabel
               + QStringLiteral(", finished_at, 'state', 'running -> succeeded' FROM steps WHERE workflow_id = ? AND log_seq > ? AND state = 'succeeded'");
        binds << workflowId << afterSeq;
        if (!stepKey.isEmpty()) {
            sql += QStringLiteral(" AND step_key = ?");
            binds << stepKey;
        }
        sql += ordered + QLatin1Char(')');
        if (limit > 0)
            binds << limit;
    }
    sql += ordered;
    if (limit > 0)
        binds << limit;
    ORDO_TRY(q, d->db.exec(sql, binds));
    QList<LogLine> lines;
    while (q.next())
        lines.append(LogLine{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(),
                             logKindFromName(q.value(3).toString()).value_or(LogKind::Log), q.value(4).toString()});
    return lines;
}

QString formatLogLine(const LogLine &l)
{
    return QStringLiteral("%1  %2  %3  %4")
        .arg(l.at ? QDateTime::fromMSecsSinceEpoch(l.at, Qt::UTC).toString(Qt::ISODateWithMs) : QString(),
             l.stepKey.isEmpty() ? QStringLiteral("-") : l.stepKey, logKindName(l.kind), l.message);
}

QString attemptOutcomeName(StepAttempt::Outcome o)
{
    switch (o) {
    case StepAttempt::Outcome::Succeeded: return QStringLiteral("succeeded");
    case StepAttempt::Outcome::Failed: return QStringLiteral("failed");
    case StepAttempt::Outcome::Lost: return QStringLiteral("lost");
    case StepAttempt::Outcome::Cancelled: return QStringLiteral("cancelled");
    case StepAttempt::Outcome::Skipped: return QStringLiteral("skipped");
    }
    return {};
}

Result<WorkflowDefinition> Runtime::definition(qint64 workflowId, std::optional<qint64> tenantId)
{
    ORDO_CHECK(d->workflowIn(workflowId, tenantId));
    ORDO_TRY(q, d->db.exec(QStringLiteral("SELECT name, def_version FROM workflows WHERE id = ?"), {workflowId}));
    if (!q.next())
        return Error::notFound(Text::tr("no workflow %1").arg(workflowId));
    ORDO_TRY(loaded, d->definition(q.value(0).toString(), q.value(1).toInt()));
    return loaded->def;
}

Result<QList<StepAttempt>> Runtime::attempts(qint64 workflowId, const QString &stepKey, std::optional<qint64> tenantId)
{
    ORDO_CHECK(d->workflowIn(workflowId, tenantId));
    // The attempts kept apart and those that succeeded and stay in their step's row
    // (Impl::recordAttempt), in the order they ended.
    ORDO_TRY(q, d->db.exec(QStringLiteral("SELECT step_key, kind, attempt, state, inputs, outputs, error, error_kind, started_at, finished_at,"
                                          " COALESCE(finished_at, 0) AS ended, 0 AS in_row, id FROM step_attempts WHERE workflow_id = ? AND step_key = ?"
                                          " UNION ALL SELECT s.step_key, s.kind, s.attempt, 'succeeded', s.inputs, s.outputs, NULL, NULL,"
                                          " s.started_at, s.finished_at, COALESCE(s.finished_at, 0), 1, s.id FROM steps s"
                                          " WHERE s.workflow_id = ? AND s.step_key = ? AND s.state = 'succeeded' AND NOT EXISTS (SELECT 1"
                                          " FROM step_attempts a WHERE a.workflow_id = s.workflow_id AND a.step_key = s.step_key AND a.kind = s.kind"
                                          " AND a.attempt = s.attempt AND a.state = 'succeeded')"
                                          " ORDER BY 11, 12, 13"),
                           {workflowId, stepKey, workflowId, stepKey}));
    static const QHash<QString, StepAttempt::Outcome> outcomes{
        {QStringLiteral("succeeded"), StepAttempt::Outcome::Succeeded}, {QStringLiteral("failed"), StepAttempt::Outcome::Failed},
        {QStringLiteral("lost"), StepAttempt::Outcome::Lost},           {QStringLiteral("cancelled"), StepAttempt::Outcome::Cancelled},
        {QStringLiteral("skipped"), StepAttempt::Outcome::Skipped}};
    QList<StepAttempt> list;
    while (q.next()) {
        StepAttempt a;
        a.stepKey = q.value(0).toString();
        a.kind = stepKindFromName(q.value(1).toString()).value_or(StepKind::Normal);
        a.attempt = q.value(2).toInt();
        a.outcome = outcomes.value(q.value(3).toString(), StepAttempt::Outcome::Failed);
        a.inputs = toObject(q.value(4).toString());
        a.outputs = toObject(q.value(5).toString());
        a.error = q.value(6).toString();
        a.errorKind = q.value(7).toString();
        a.startedAt = q.value(8).toLongLong();
        a.finishedAt = q.value(9).toLongLong();
        list.append(a);
    }
    return list;
}

Result<qint64> workflowTenant(Database &db, qint64 workflowId)
{
    ORDO_TRY(q, db.execCached(QStringLiteral("SELECT tenant_id FROM workflows WHERE id = ?"), {workflowId}));
    return q.next() ? q.value(0).toLongLong() : qint64(0);
}

} // namespace ordo::engine

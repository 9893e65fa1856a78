#include "services/WorkflowService.h"

#include "domain/PersonRequests.h"
#include "util/Quote.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <algorithm>

namespace ordo {

namespace {

// A page is read in one statement on the database thread: bounded so that no caller holds it long.
constexpr int kMaxOverviewPage = 1000;

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::WorkflowService)
};

QString refusal()
{
    return Text::tr("only support staff and admins work with workflows");
}

// Every support action is audited with why: without it the trail says nothing.
Status requireReason(const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return Error::badInput(Text::tr("a support action needs a reason: say why"));
    return ok();
}

// Reads run no action and read no definition.
const engine::ActionRegistry &noActions()
{
    static const engine::ActionRegistry none;
    return none;
}

} // namespace

Result<engine::ParsedWorkflow> WorkflowService::validate(const QByteArray &definitionJson)
{
    ORDO_TRY(actions, m_actions());
    return engine::parseWorkflow(definitionJson, *actions);
}

Result<qint64> WorkflowService::start(const Session &session, const QByteArray &definitionJson, const QJsonObject &inputs)
{
    ORDO_TRY(scope, StaffScope::of(session, Role::Admin, Text::tr("only admins start a workflow by hand")));
    if (m_db.changesThroughFunctions())
        return Error::notPermitted(Text::tr("a workflow is started by hand on the database owner's connection: engines take no such "
                                            "request from a person's own login yet"));
    ORDO_TRY(actions, m_actions());
    engine::Runtime runtime(m_db, m_audit, *actions, m_clock);
    return runtime.start(definitionJson, inputs, session.user.name, std::nullopt, scope.actingTenant());
}

Result<QList<engine::WorkflowSummary>> WorkflowService::list(const Session &session, std::optional<engine::WorkflowState> state)
{
    ORDO_TRY(scope, StaffScope::of(session, refusal()));
    engine::Runtime runtime(m_db, m_audit, noActions(), m_clock);
    return runtime.workflows(state, scope.tenant());
}

Result<engine::OverviewPage> WorkflowService::overviewPage(const Session &session, const engine::WorkflowFilter &filter,
                                                         qint64 beforeId, int limit)
{
    ORDO_TRY(scope, StaffScope::of(session, refusal()));
    engine::Runtime runtime(m_db, m_audit, noActions(), m_clock);
    return runtime.overviewPage(filter, beforeId, std::clamp(limit, 1, kMaxOverviewPage), scope.tenant());
}

Result<engine::OverviewPage> WorkflowService::overviews(const Session &session, const QList<qint64> &workflowIds,
                                                       const QList<qint64> &stepRowIds, const engine::WorkflowFilter &filter)
{
    ORDO_TRY(scope, StaffScope::of(session, refusal()));
    engine::Runtime runtime(m_db, m_audit, noActions(), m_clock);
    return runtime.overviews(workflowIds, stepRowIds, filter, scope.tenant());
}

Result<engine::WorkflowSummary> WorkflowService::visible(const Session &session, qint64 id)
{
    ORDO_TRY(scope, StaffScope::of(session, refusal()));
    engine::Runtime runtime(m_db, m_audit, noActions(), m_clock);
    auto found = runtime.workflow(id);
    if (found && !scope.covers(found->tenantId))
        return Error::notFound(Text::tr("no workflow %1").arg(id));
    return found;
}

Result<engine::WorkflowSummary> WorkflowService::workflow(const Session &session, qint64 id)
{
    return visible(session, id);
}

// Polled by watchers: the runtime checks the tenant in the one read of the workflow.
Result<QList<engine::StepInfo>> WorkflowService::steps(const Session &session, qint64 id)
{
    ORDO_TRY(scope, StaffScope::of(session, refusal()));
    engine::Runtime runtime(m_db, m_audit, noActions(), m_clock);
    return runtime.steps(id, scope.tenant());
}

Result<engine::WorkflowDefinition> WorkflowService::definition(const Session &session, qint64 id)
{
    ORDO_TRY(scope, StaffScope::of(session, refusal()));
    ORDO_TRY(actions, m_actions());
    engine::Runtime runtime(m_db, m_audit, *actions, m_clock);
    return runtime.definition(id, scope.tenant());
}

Result<QList<engine::StepAttempt>> WorkflowService::attempts(const Session &session, qint64 id, const QString &stepKey)
{
    ORDO_TRY(scope, StaffScope::of(session, refusal()));
    engine::Runtime runtime(m_db, m_audit, noActions(), m_clock);
    return runtime.attempts(id, stepKey, scope.tenant());
}

Result<QList<engine::LogLine>> WorkflowService::log(const Session &session, qint64 id, const QString &stepKey, qint64 afterSeq,
                                                   int limit)
{
    ORDO_TRY(scope, StaffScope::of(session, refusal()));
    engine::Runtime runtime(m_db, m_audit, noActions(), m_clock);
    return runtime.log(id, stepKey, afterSeq, scope.tenant(), limit);
}

// Support actions read the stored definition, which is checked against the actions.
template<typename Operation>
Status WorkflowService::act(const Session &session, qint64 id, Operation operation, const SupportRequest &asked)
{
    ORDO_CHECK(visible(session, id));
    if (m_db.changesThroughFunctions()) {
        ORDO_CHECK(requestAndWait(m_db, QStringLiteral("SELECT ordo.request_support(?, ?, ?, ?, ?)"),
                                  {id, asked.operation, asked.reason, asked.stepKey,
                                   QString::fromUtf8(QJsonDocument(asked.payload).toJson(QJsonDocument::Compact))}));
        return ok();
    }
    ORDO_TRY(actions, m_actions());
    engine::Runtime runtime(m_db, m_audit, *actions, m_clock);
    return operation(runtime);
}

Result<QList<engine::PreviewedStep>> WorkflowService::preview(const Session &session, qint64 id, engine::SupportOperation operation,
                                                             const QString &stepKey)
{
    ORDO_TRY(scope, StaffScope::of(session, refusal()));
    ORDO_TRY(actions, m_actions());
    engine::Runtime runtime(m_db, m_audit, *actions, m_clock);
    return runtime.preview(id, operation, stepKey, scope.tenant());
}

Result<QList<engine::SupportOperation>> WorkflowService::allowedOperations(const Session &session, qint64 id, const QString &stepKey)
{
    ORDO_TRY(scope, StaffScope::of(session, refusal()));
    ORDO_TRY(actions, m_actions());
    engine::Runtime runtime(m_db, m_audit, *actions, m_clock);
    return runtime.allowedOperations(id, stepKey, scope.tenant());
}

Result<ParameterSchema> WorkflowService::retrySchema(const Session &session, qint64 id, const QString &stepKey)
{
    ORDO_TRY(scope, StaffScope::of(session, refusal()));
    ORDO_TRY(actions, m_actions());
    engine::Runtime runtime(m_db, m_audit, *actions, m_clock);
    return runtime.retrySchema(id, stepKey, scope.tenant());
}

Status WorkflowService::pause(const Session &session, qint64 id, const QString &reason)
{
    ORDO_CHECK(requireReason(reason));
    return act(session, id, [&](engine::Runtime &r) { return r.pause(id, session.user.name, reason); },
               {QStringLiteral("pause"), reason, QStringLiteral(""), {}});
}

Status WorkflowService::resume(const Session &session, qint64 id, const QString &reason)
{
    ORDO_CHECK(requireReason(reason));
    return act(session, id, [&](engine::Runtime &r) { return r.resume(id, session.user.name, reason); },
               {QStringLiteral("continue"), reason, QStringLiteral(""), {}});
}

Status WorkflowService::cancel(const Session &session, qint64 id, const QString &reason)
{
    ORDO_CHECK(requireReason(reason));
    return act(session, id, [&](engine::Runtime &r) { return r.cancel(id, session.user.name, reason); },
               {QStringLiteral("cancel"), reason, QStringLiteral(""), {}});
}

Status WorkflowService::rollback(const Session &session, qint64 id, const QString &reason)
{
    ORDO_CHECK(requireReason(reason));
    return act(session, id, [&](engine::Runtime &r) { return r.rollback(id, session.user.name, reason); },
               {QStringLiteral("rollback"), reason, QStringLiteral(""), {}});
}

Status WorkflowService::retryStep(const Session &session, qint64 id, const QString &stepKey, const QJsonObject &overrides,
                                  const QString &reason)
{
    ORDO_CHECK(requireReason(reason));
    return act(session, id,
               [&](engine::Runtime &r) { return r.retryStep(id, stepKey, overrides, session.user.name, reason); },
               {QStringLiteral("retry"), reason, stepKey, overrides});
}

Status WorkflowService::skipStep(const Session &session, qint64 id, const QString &stepKey, const QJsonObject &outputs,
                                 const QString &reason)
{
    ORDO_CHECK(requireReason(reason));
    return act(session, id, [&](engine::Runtime &r) { return r.skipStep(id, stepKey, outputs, session.user.name, reason); },
               {QStringLiteral("skip"), reason, stepKey, outputs});
}

Status WorkflowService::completeHumanTask(const Session &session, qint64 id, const QString &stepKey, const QJsonObject &outputs)
{
    return act(session, id, [&](engine::Runtime &r) { return r.completeHumanTask(id, stepKey, outputs, session.user.name); },
               {QStringLiteral("complete"), QStringLiteral(""), stepKey, outputs});
}

} // namespace ordo

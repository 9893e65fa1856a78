#pragma once

#include "engine/Runtime.h"
#include "services/Access.h"

#include <functional>

namespace ordo {

// Workflow support behind the session: who may start, see and mend which
// workflow. A workflow of another tenant looks exactly like one that does not
// exist. Reads need no action registry and so create nothing; starting,
// validating and retrying ask `actions` for it.
class WorkflowService final
{
public:
    using ActionsSource = std::function<Result<std::shared_ptr<const engine::ActionRegistry>>()>;

    WorkflowService(Database &db, AuditLog &audit, const Clock &clock, ActionsSource actions)
        : m_db(db), m_audit(audit), m_clock(clock), m_actions(std::move(actions))
    {
    }

    // Needs no session: checking a definition reveals nothing.
    Result<engine::ParsedWorkflow> validate(const QByteArray &definitionJson);
    // Admins start a workflow by hand, in their session's tenant.
    Result<qint64> start(const Session &session, const QByteArray &definitionJson, const QJsonObject &inputs);

    Result<QList<engine::WorkflowSummary>> list(const Session &session, std::optional<engine::WorkflowState> state = std::nullopt);
    Result<engine::WorkflowSummary> workflow(const Session &session, qint64 id);
    // The monitor's list a page at a time, newest first, filtered in the database: up to `limit`
    // of the workflows the session sees with an id below beforeId (0: from the newest).
    Result<engine::OverviewPage> overviewPage(const Session &session, const engine::WorkflowFilter &filter, qint64 beforeId,
                                              int limit);
    // The monitor's rows of the given workflows and of the given step rows' workflows, split by the filter.
    Result<engine::OverviewPage> overviews(const Session &session, const QList<qint64> &workflowIds,
                                           const QList<qint64> &stepRowIds, const engine::WorkflowFilter &filter = {});
    // The definition the workflow runs, to draw the steps not started yet.
    Result<engine::WorkflowDefinition> definition(const Session &session, qint64 id);
    Result<QList<engine::StepInfo>> steps(const Session &session, qint64 id);
    // Every ended attempt of a step, checked like steps().
    Result<QList<engine::StepAttempt>> attempts(const Session &session, qint64 id, const QString &stepKey);
    Result<QList<engine::LogLine>> log(const Session &session, qint64 id, const QString &stepKey = {}, qint64 afterSeq = 0,
                                       int limit = 0);

    // What a support operation would do now (stepKey for retry and skip), and which ones the states allow.
    Result<QList<engine::PreviewedStep>> preview(const Session &session, qint64 id, engine::SupportOperation operation,
                                                 const QString &stepKey = {});
    // The inputs a retry of the step may change, their types and current values: what retryStep() accepts.
    Result<ParameterSchema> retrySchema(const Session &session, qint64 id, const QString &stepKey);
    Result<QList<engine::SupportOperation>> allowedOperations(const Session &session, qint64 id, const QString &stepKey = {});

    Status pause(const Session &session, qint64 id, const QString &reason);
    Status resume(const Session &session, qint64 id, const QString &reason);
    Status cancel(const Session &session, qint64 id, const QString &reason);
    Status rollback(const Session &session, qint64 id, const QString &reason);
    Status retryStep(const Session &session, qint64 id, const QString &stepKey, const QJsonObject &overrides, const QString &reason);
    Status skipStep(const Session &session, qint64 id, const QString &stepKey, const QJsonObject &outputs, const QString &reason);
    Status completeHumanTask(const Session &session, qint64 id, const QString &stepKey, const QJsonObject &outputs);

private:
    // The workflow, if the session's staff scope covers it.
    Result<engine::WorkflowSummary> visible(const Session &session, qint64 id);
    // What a person's own login asks an engine for instead (ordo.request_support).
    struct SupportRequest
    {
        QString operation;
        QString reason;
        QString stepKey;
        QJsonObject payload;
    };
    template<typename Operation>
    Status act(const Session &session, qint64 id, Operation operation, const SupportRequest &asked);

    Database &m_db;
    AuditLog &m_audit;
    const Clock &m_clock;
    ActionsSource m_actions;
};

} // namespace ordo

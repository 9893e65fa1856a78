#include "engine/RuntimeImpl.h"

Q_LOGGING_CATEGORY(lcEngine, "ordo.engine", QtInfoMsg)

namespace ordo::engine {

using namespace detail;

Runtime::Runtime(Database &db, AuditLog &audit, const ActionRegistry &actions, const Clock &clock)
    : d(std::make_unique<Impl>(db, audit, actions, clock))
{
}

Runtime::~Runtime() = default;

QString Runtime::idempotencyKey(const QString &workflowUuid, const QString &stepKey, StepKind kind)
{
    return workflowUuid + QLatin1Char('/') + stepKey + (kind == StepKind::Compensation ? QStringLiteral("/compensate") : QString());
}

void Runtime::setMaxSteps(int maxSteps)
{
    d->maxSteps = maxSteps;
}

void Runtime::setMaxLostAttempts(int maxLostAttempts)
{
    d->maxLostAttempts = maxLostAttempts;
}

QList<EngineEvent> Runtime::takeEvents()
{
    return std::exchange(d->events, {});
}

} // namespace ordo::engine

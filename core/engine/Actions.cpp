#include "engine/Action.h"

#include "util/NameTable.h"

#include <QCoreApplication>
#include <QThread>


namespace ordo::engine {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::engine::Actions)
};

constexpr std::pair<ErrorKind, const char *> kKindNames[] = {{ErrorKind::Transient, "transient"},   {ErrorKind::Permanent, "permanent"},
                                   {ErrorKind::Authentication, "authentication"}, {ErrorKind::BadInput, "bad-input"},
                                   {ErrorKind::Timeout, "timeout"},       {ErrorKind::Cancelled, "cancelled"}};

class NoopAction final : public Action
{
public:
    QString name() const override { return QStringLiteral("test.noop"); }
    QHash<QString, InputSpec> inputs() const override { return {}; }
    ActionOutcome run(ActionContext &) override { return QJsonObject{}; }
};

class SleepAction final : public Action
{
public:
    QString name() const override { return QStringLiteral("test.sleep"); }
    QHash<QString, InputSpec> inputs() const override { return {{QStringLiteral("ms"), {InputType::Integer, true}}}; }
    ActionOutcome run(ActionContext &ctx) override
    {
        const qint64 ms = ctx.inputs.value(QLatin1String("ms")).toInteger();
        // Sleeps in slices so that cancellation and timeouts reach it.
        for (qint64 slept = 0; slept < ms; slept += 5) {
            if (ctx.isCancelled())
                return ActionError{ErrorKind::Cancelled, Text::tr("cancelled after %1 ms").arg(slept)};
            QThread::msleep(static_cast<unsigned long>(std::min<qint64>(5, ms - slept)));
        }
        return QJsonObject{{QStringLiteral("slept"), ms}};
    }
};

class FailAction final : public Action
{
public:
    QString name() const override { return QStringLiteral("test.fail"); }
    QHash<QString, InputSpec> inputs() const override
    {
        return {{QStringLiteral("times"), {InputType::Integer, false}}, {QStringLiteral("kind"), {InputType::String, false}}};
    }
    ActionOutcome run(ActionContext &ctx) override
    {
        // Fails the first `times` attempts (all of them when not given).
        const qint64 times = ctx.inputs.value(QLatin1String("times")).toInteger(std::numeric_limits<int>::max());
        const auto kind = errorKindFromName(ctx.inputs.value(QLatin1String("kind")).toString(QStringLiteral("transient")));
        if (!kind)
            return ActionError{ErrorKind::BadInput, Text::tr("unknown error kind '%1'").arg(ctx.inputs.value(QLatin1String("kind")).toString())};
        if (ctx.attempt <= times)
            return ActionError{*kind, Text::tr("failing on purpose (attempt %1 of %2 that fail)").arg(ctx.attempt).arg(times)};
        return QJsonObject{{QStringLiteral("attempt"), ctx.attempt}, {QStringLiteral("idempotencyKey"), ctx.idempotencyKey}};
    }
};

class EchoAction final : public Action
{
public:
    QString name() const override { return QStringLiteral("test.echo"); }
    QHash<QString, InputSpec> inputs() const override { return {}; }
    bool acceptsAnyInput() const override { return true; }
    ActionOutcome run(ActionContext &ctx) override { return ctx.inputs; }
};

} // namespace

QString errorKindName(ErrorKind kind)
{
    return nameOf(kKindNames, kind);
}

std::optional<ErrorKind> errorKindFromName(const QString &name)
{
    return valueOf(kKindNames, name);
}

void ActionRegistry::add(std::shared_ptr<Action> action)
{
    m_actions.insert(action->name(), std::move(action));
}

std::shared_ptr<Action> ActionRegistry::find(const QString &name) const
{
    return m_actions.value(name);
}

QStringList ActionRegistry::names() const
{
    QStringList list = m_actions.keys();
    list.sort();
    return list;
}

void ActionRegistry::addBuiltinActions()
{
    add(std::make_shared<NoopAction>());
    add(std::make_shared<SleepAction>());
    add(std::make_shared<FailAction>());
    add(std::make_shared<EchoAction>());
}

} // namespace ordo::engine

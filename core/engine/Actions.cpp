#include "engine/Action.h"

#include "util/NameTable.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>


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

// Passes while a file exists: lets a test decide when "the fix" has happened.
class FlagAction final : public Action
{
public:
    QString name() const override { return QStringLiteral("test.flag"); }
    QHash<QString, InputSpec> inputs() const override { return {{QStringLiteral("file"), {InputType::String, true}}}; }
    ActionOutcome run(ActionContext &ctx) override
    {
        const QString file = ctx.inputs.value(QLatin1String("file")).toString();
        if (!QFileInfo::exists(file))
            return ActionError{ErrorKind::Transient, Text::tr("%1 does not exist").arg(file)};
        return QJsonObject{{QStringLiteral("file"), file}};
    }
};

// Records its effect once per idempotency key in a database of its own: what
// a real connector does with the key, made visible for the crash test.
class EffectAction final : public Action
{
public:
    QString name() const override { return QStringLiteral("test.effect"); }
    QHash<QString, InputSpec> inputs() const override { return {{QStringLiteral("file"), {InputType::String, true, true}}}; }
    ActionOutcome run(ActionContext &ctx) override
    {
        const QString connection = QStringLiteral("effect-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        ActionOutcome outcome = QJsonObject{};
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(ctx.inputs.value(QLatin1String("file")).toString());
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
            QSqlQuery q(db);
            if (!db.open() || !q.exec(QStringLiteral("PRAGMA journal_mode=WAL"))
                || !q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS effects(key TEXT PRIMARY KEY, requests INTEGER NOT NULL)"))
                || !q.prepare(QStringLiteral("INSERT INTO effects(key, requests) VALUES (?, 1)"
                                             " ON CONFLICT(key) DO UPDATE SET requests = requests + 1 RETURNING requests"))) {
                outcome = ActionError{ErrorKind::Transient, db.lastError().text() + q.lastError().text()};
            } else {
                // The effect is the row; a repeated request for the same key only counts.
                q.addBindValue(ctx.idempotencyKey);
                if (!q.exec() || !q.next())
                    outcome = ActionError{ErrorKind::Transient, q.lastError().text()};
                else
                    outcome = QJsonObject{{QStringLiteral("applied"), q.value(0).toInt() == 1}};
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        return outcome;
    }
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

void ActionRegistry::addTestActions()
{
    add(std::make_shared<NoopAction>());
    add(std::make_shared<SleepAction>());
    add(std::make_shared<FailAction>());
    add(std::make_shared<EchoAction>());
    add(std::make_shared<EffectAction>());
    add(std::make_shared<FlagAction>());
}

} // namespace ordo::engine

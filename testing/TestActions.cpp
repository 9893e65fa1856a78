#include "TestActions.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace ordo::test {

namespace {

// Passes while a file exists: lets a test decide when "the fix" has happened.
class FlagAction final : public engine::Action
{
public:
    QString name() const override { return QStringLiteral("test.flag"); }
    QHash<QString, engine::InputSpec> inputs() const override { return {{QStringLiteral("file"), {engine::InputType::String, true}}}; }
    engine::ActionOutcome run(engine::ActionContext &ctx) override
    {
        const QString file = ctx.inputs.value(QLatin1String("file")).toString();
        if (!QFileInfo::exists(file))
            return engine::ActionError{engine::ErrorKind::Transient, QStringLiteral("%1 does not exist").arg(file)};
        return QJsonObject{{QStringLiteral("file"), file}};
    }
};

// Records its effect once per idempotency key in a database of its own: what
// a real connector does with the key, made visible for the crash test.
class EffectAction final : public engine::Action
{
public:
    QString name() const override { return QStringLiteral("test.effect"); }
    QHash<QString, engine::InputSpec> inputs() const override { return {{QStringLiteral("file"), {engine::InputType::String, true, true}}}; }
    engine::ActionOutcome run(engine::ActionContext &ctx) override
    {
        const QString connection = QStringLiteral("effect-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        engine::ActionOutcome outcome = QJsonObject{};
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(ctx.inputs.value(QLatin1String("file")).toString());
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
            QSqlQuery q(db);
            // The file is made (WAL, table) before engines start: changing the journal
            // mode here, with four workers opening a fresh file at once, fails with
            // "database is locked" without waiting for the busy timeout.
            if (!db.open()
                || !q.prepare(QStringLiteral("INSERT INTO effects(key, requests) VALUES (?, 1)"
                                             " ON CONFLICT(key) DO UPDATE SET requests = requests + 1 RETURNING requests"))) {
                outcome = engine::ActionError{engine::ErrorKind::Transient, db.lastError().text() + q.lastError().text()};
            } else {
                // The effect is the row; a repeated request for the same key only counts.
                q.addBindValue(ctx.idempotencyKey);
                if (!q.exec() || !q.next())
                    outcome = engine::ActionError{engine::ErrorKind::Transient, q.lastError().text()};
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

void addTestingActions(engine::ActionRegistry &registry)
{
    registry.add(std::make_shared<EffectAction>());
    registry.add(std::make_shared<FlagAction>());
}

} // namespace ordo::test

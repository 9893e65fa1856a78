#include "connectors/MailAction.h"

#include "connectors/ActionDatabase.h"
#include "connectors/ActionNames.h"

#include "domain/Mail.h"
#include "engine/Runtime.h"

#include <QJsonArray>

namespace ordo::connectors {

namespace {

class SendMailAction final : public engine::Action
{
public:
    explicit SendMailAction(QString path) : m_path(std::move(path)) {}
    QString name() const override { return QStringLiteral("mail.send"); }
    QHash<QString, InputSpec> inputs() const override
    {
        return {{QStringLiteral("to"), {InputType::Any, true}},
                {QStringLiteral("template"), {InputType::String, true}},
                {QStringLiteral("variables"), {InputType::Object, false}},
                {QStringLiteral("correlationId"), {InputType::String, false}}};
    }
    ActionOutcome run(ActionContext &ctx) override
    {
        QStringList to;
        const QJsonValue recipients = ctx.inputs.value(QLatin1String("to"));
        if (recipients.isArray())
            for (const QJsonValue &r : recipients.toArray())
                to.append(r.toString());
        else
            to.append(recipients.toString());
        auto mail = renderMail(ctx.inputs.value(QLatin1String("template")).toString(), to,
                               ctx.inputs.value(QLatin1String("variables")).toObject());
        if (!mail)
            return ActionError{ErrorKind::BadInput, mail.error().message};
        auto queued = inDatabase(m_path, [&](Database &db) -> Result<qint64> {
            const Clock clock;
            ORDO_TRY(tenant, engine::workflowTenant(db, ctx.workflowId));
            return Outbox(db, clock).enqueue(*mail, ctx.correlationId(), tenant);
        });
        if (auto *error = std::get_if<ActionError>(&queued))
            return *error;
        const qint64 id = std::get<qint64>(queued);
        ctx.log(QStringLiteral("mail %1 to %2: %3").arg(id).arg(to.join(QStringLiteral(", ")), mail->subject));
        return QJsonObject{{QStringLiteral("mail"), id}, {QStringLiteral("subject"), mail->subject}};
    }

private:
    QString m_path;
};

} // namespace

void registerMailAction(engine::ActionRegistry &registry, const QString &databasePath)
{
    registry.add(std::make_shared<SendMailAction>(databasePath));
}

} // namespace ordo::connectors

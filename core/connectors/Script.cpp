#include "connectors/Script.h"

#include "connectors/ActionNames.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

#include <csignal>
#include <unistd.h>

namespace ordo::connectors {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordo::connectors::Script)
};

// EX_TEMPFAIL from sysexits.h: the script says "try again later".
constexpr int kTemporaryFailure = 75;
constexpr qsizetype kKeptOutput = 64 * 1024;
constexpr int kLoggedLines = 1000;

QString tail(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes.size() > kKeptOutput ? bytes.right(kKeptOutput) : bytes);
}

class ScriptAction final : public engine::Action
{
public:
    QString name() const override { return QStringLiteral("script.run"); }
    QHash<QString, InputSpec> inputs() const override
    {
        // What runs, and in what surroundings, is the definition's alone.
        return {{QStringLiteral("program"), {InputType::String, true, true}},
                {QStringLiteral("args"), {InputType::Array, false, true}},
                {QStringLiteral("env"), {InputType::Object, false, true}},
                {QStringLiteral("workingDirectory"), {InputType::String, false, true}},
                {QStringLiteral("timeoutMs"), {InputType::Integer, false}},
                {QStringLiteral("okExitCodes"), {InputType::Array, false}}};
    }

    ActionOutcome run(ActionContext &ctx) override
    {
        const QString program = ctx.inputs.value(QLatin1String("program")).toString();
        QStringList args;
        for (const QJsonValue &a : ctx.inputs.value(QLatin1String("args")).toArray()) {
            if (a.isObject())
                return ActionError{ErrorKind::BadInput, Text::tr("script arguments are text, not objects (secrets go in through the keychain connector)")};
            args.append(a.isString() ? a.toString() : QString::fromUtf8(QJsonDocument(QJsonArray{a}).toJson(QJsonDocument::Compact)).mid(1).chopped(1));
        }
        // Nothing of the engine's own environment (ORDO_PASSWORD, tokens, ...): a
        // fixed minimum and what the step declares.
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/local/bin:/usr/bin:/bin"));
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("HOME"), QDir::homePath());
        const QJsonObject extra = ctx.inputs.value(QLatin1String("env")).toObject();
        for (auto it = extra.begin(); it != extra.end(); ++it) {
            if (it.value().isObject() || it.value().isArray())
                return ActionError{ErrorKind::BadInput, Text::tr("environment variable %1 must be text").arg(it.key())};
            const QJsonValue v = it.value();
            env.insert(it.key(), v.isString() ? v.toString()
                                 : v.isBool() ? (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                                 : v.isNull() ? QString()
                                              : QString::number(v.toDouble()));
        }
        // The step's idempotency key lets a script make its effect happen once.
        env.insert(QStringLiteral("ORDO_IDEMPOTENCY_KEY"), ctx.idempotencyKey);
        env.insert(QStringLiteral("ORDO_ATTEMPT"), QString::number(ctx.attempt));
        QList<int> okCodes;
        for (const QJsonValue &c : ctx.inputs.value(QLatin1String("okExitCodes")).toArray())
            okCodes.append(c.toInt());
        if (okCodes.isEmpty())
            okCodes = {0};
        const qint64 timeoutMs = ctx.inputs.value(QLatin1String("timeoutMs")).toInteger(0);

        QProcess process;
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(ctx.inputs.value(QLatin1String("workingDirectory")).toString());
        process.setStandardInputFile(QProcess::nullDevice());
        // A group of its own, so that a kill reaches what the script started too.
        process.setChildProcessModifier([] { ::setpgid(0, 0); });
        process.start(program, args);
        if (!process.waitForStarted(10000))
            return ActionError{ErrorKind::BadInput, Text::tr("cannot start %1: %2").arg(program, process.errorString())};
        ctx.log(Text::tr("started %1 (pid %2)").arg(program).arg(process.processId()));
        QElapsedTimer elapsed;
        elapsed.start();
        QByteArray out;
        QByteArray err;
        int logged = 0;
        QByteArray pending;
        const auto collect = [&] {
            const QByteArray chunk = process.readAllStandardOutput();
            // Only the tails are kept: a chatty script must not fill the memory.
            out += chunk;
            if (out.size() > 2 * kKeptOutput)
                out = out.right(kKeptOutput);
            err += process.readAllStandardError();
            if (err.size() > 2 * kKeptOutput)
                err = err.right(kKeptOutput);
            pending += chunk;
            // Whole lines go to the step log as they come.
            qsizetype newline;
            while ((newline = pending.indexOf('\n')) >= 0) {
                if (logged++ < kLoggedLines)
                    ctx.log(QString::fromUtf8(pending.left(newline)));
                pending.remove(0, newline + 1);
            }
        };
        while (!process.waitForFinished(50)) {
            collect();
            const bool timedOut = timeoutMs > 0 && elapsed.elapsed() > timeoutMs;
            if (ctx.isCancelled() || timedOut) {
                ::kill(-static_cast<pid_t>(process.processId()), SIGKILL);
                process.kill();
                process.waitForFinished(5000);
                return ActionError{timedOut ? ErrorKind::Timeout : ErrorKind::Cancelled,
                                   timedOut ? Text::tr("%1 ran longer than %2 ms and was killed").arg(program).arg(timeoutMs)
                                            : Text::tr("%1 was killed: the step was cancelled").arg(program)};
            }
        }
        collect();
        if (!pending.isEmpty() && logged < kLoggedLines)
            ctx.log(QString::fromUtf8(pending));
        if (process.exitStatus() != QProcess::NormalExit)
            return ActionError{ErrorKind::Transient, Text::tr("%1 crashed").arg(program)};
        const int code = process.exitCode();
        if (!okCodes.contains(code)) {
            const QString message = Text::tr("%1 exited with %2: %3").arg(program).arg(code).arg(tail(err).trimmed().right(500));
            return ActionError{code == kTemporaryFailure ? ErrorKind::Transient : ErrorKind::Permanent, message};
        }
        return QJsonObject{{QStringLiteral("exitCode"), code}, {QStringLiteral("stdout"), tail(out)}, {QStringLiteral("stderr"), tail(err)}};
    }
};

} // namespace

void registerScriptAction(engine::ActionRegistry &registry)
{
    registry.add(std::make_shared<ScriptAction>());
}

} // namespace ordo::connectors

#include "CommandLine.h"

#include "util/Quote.h"

namespace ordo::cli {

const QStringList &globalOptions()
{
    static const QStringList global = {QStringLiteral("db"), QStringLiteral("user"), QStringLiteral("tenant"),
                                       QStringLiteral("json")};
    return global;
}

const QStringList &valueOptions()
{
    static const QStringList options = {QStringLiteral("db"),        QStringLiteral("user"),     QStringLiteral("tenant"),
                                        QStringLiteral("set"),       QStringLiteral("quantity"), QStringLiteral("request-id"),
                                        QStringLiteral("state"),     QStringLiteral("comment"),  QStringLiteral("order"),
                                        QStringLiteral("demo-password"), QStringLiteral("reason"), QStringLiteral("step"),
                                        QStringLiteral("workers"), QStringLiteral("lease-ms"),
                                        QStringLiteral("max-lost-attempts"), QStringLiteral("real-vms"), QStringLiteral("for"),
                                        QStringLiteral("shared"), QStringLiteral("role-prefix"), QStringLiteral("role"),
                                        QStringLiteral("group"), QStringLiteral("display-name"), QStringLiteral("email"),
                                        QStringLiteral("cart-version")};
    return options;
}

const QStringList &flagOptions()
{
    static const QStringList flags = {QStringLiteral("json"), QStringLiteral("preview"), QStringLiteral("demo"),
                                      QStringLiteral("until-idle"), QStringLiteral("verbose"), QStringLiteral("help"), QStringLiteral("version")};
    return flags;
}

Result<CommandLine> parse(const QStringList &args)
{
    CommandLine cl;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (!arg.startsWith(QLatin1String("--")) || arg == QLatin1String("--")) {
            cl.positional.append(arg);
            continue;
        }
        QString name = arg.mid(2);
        QString value;
        const qsizetype eq = name.indexOf(QLatin1Char('='));
        const bool inlineValue = eq >= 0;
        if (inlineValue) {
            value = name.mid(eq + 1);
            name = name.left(eq);
        }
        if (flagOptions().contains(name) && !inlineValue) {
            cl.flags.append(name);
        } else if (valueOptions().contains(name)) {
            if (!inlineValue) {
                if (i + 1 >= args.size())
                    return Error::badInput(Text::tr("option --%1 needs a value").arg(quoted(name)));
                value = args.at(++i);
            }
            cl.options[name].append(value);
        } else {
            return Error::badInput(Text::tr("unknown option --%1").arg(quoted(name)));
        }
    }
    return cl;
}

Status allowOnly(const CommandLine &cl, const QStringList &allowed)
{
    for (auto it = cl.options.begin(); it != cl.options.end(); ++it) {
        if (!globalOptions().contains(it.key()) && !allowed.contains(it.key()))
            return Error::badInput(Text::tr("option --%1 does not apply to this command").arg(quoted(it.key())));
    }
    for (const QString &flag : cl.flags) {
        if (!globalOptions().contains(flag) && !allowed.contains(flag))
            return Error::badInput(Text::tr("option --%1 does not apply to this command").arg(quoted(flag)));
    }
    return ok();
}

Status expectArgs(const CommandLine &cl, qsizetype count)
{
    if (cl.positional.size() != count)
        return Error::badInput(Text::tr("wrong number of arguments for '%1' (ordoctl --help shows the usage)").arg(quoted(cl.positional.join(QLatin1Char(' ')))));
    return ok();
}

Result<qint64> number(const QString &text, const QString &what)
{
    bool isNumber = false;
    const qint64 n = text.toLongLong(&isNumber);
    if (!isNumber || n < 1)
        return Error::badInput(Text::tr("%1 '%2' is not a positive number").arg(what, quoted(text)));
    return n;
}

} // namespace ordo::cli

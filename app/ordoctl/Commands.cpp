#include "Commands.h"

#include "Output.h"
#include "util/Quote.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace ordo::cli {

namespace {

const Noun *findNoun(const QString &name)
{
    for (const Noun &noun : commandTable()) {
        if (noun.name == name)
            return &noun;
    }
    return nullptr;
}

// The command of `noun` called `name`, or the only one of a noun that takes no command.
const Command *findCommand(const Noun &noun, const QString &name)
{
    for (const Command &command : noun.commands) {
        if (command.name.isEmpty() || command.name == name)
            return &command;
    }
    return nullptr;
}

Status unknownNoun(const QString &name)
{
    return Error::badInput(Text::tr("unknown command '%1' (ordoctl --help lists the commands)").arg(quoted(name)));
}

QString synopsis(const Noun &noun, const Command &command)
{
    QStringList words{noun.name};
    if (!command.name.isEmpty())
        words.append(command.name);
    if (!command.synopsis.isEmpty())
        words.append(command.synopsis);
    return words.join(QLatin1Char(' '));
}

} // namespace

QString readSecret(const char *variable, const char *prompt)
{
    const QByteArray fromEnv = qgetenv(variable);
    if (!fromEnv.isEmpty())
        return QString::fromUtf8(fromEnv);
    FILE *tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return {};
    std::fputs(prompt, tty);
    std::fflush(tty);
    termios saved{};
    const int fd = fileno(tty);
    const bool isTerminal = tcgetattr(fd, &saved) == 0;
    if (isTerminal) {
        termios silent = saved;
        silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(fd, TCSAFLUSH, &silent);
    }
    char buffer[1024] = {};
    const bool read = std::fgets(buffer, sizeof buffer, tty) != nullptr;
    if (isTerminal)
        tcsetattr(fd, TCSAFLUSH, &saved);
    std::fputs("\n", tty);
    std::fclose(tty);
    if (!read)
        return {};
    return QString::fromUtf8(buffer).remove(QLatin1Char('\n')).remove(QLatin1Char('\r'));
}

const QList<Noun> &commandTable()
{
    static const QList<Noun> table = {initNoun(),      catalogNoun(),    cartNoun(),   checkoutNoun(), ordersNoun(),
                                      approvalsNoun(), auditNoun(),      workflowsNoun(), engineNoun(), connectorsNoun(),
                                      secretsNoun(),   cmdbNoun(),       ticketsNoun(), mailNoun(),     guestsNoun(),
                                      usageNoun(),     profileNoun(),    usersNoun(),   exportNoun(),
                                      importNoun(),    completionNoun()};
    return table;
}

QString usage()
{
    QString text = Text::tr("usage: ordoctl [--db PATH] [--user NAME] [--tenant SLUG] [--json] NOUN [COMMAND] ...\n"
                            "       ordoctl NOUN [COMMAND] --help | ordoctl help [NOUN [COMMAND]] | ordoctl --version\n"
                            "nouns:\n");
    for (const Noun &noun : commandTable())
        text += QStringLiteral("  %1%2\n").arg(noun.name, -12).arg(noun.summary);
    text += Text::tr("options of every command:\n"
                     "  --db PATH      the database (default: %1)\n"
                     "  --user NAME    who you are (default: $ORDO_USER)\n"
                     "  --tenant SLUG  the tenant, for users of several tenants\n"
                     "  --json         machine-readable output\n"
                     "The password comes from ORDO_PASSWORD or is asked for without echo.\n"
                     "ordoctl NOUN --help lists the commands of a noun.")
                .arg(Ordo::defaultDatabasePath());
    return text;
}

QString usage(const Noun &noun)
{
    QString text = Text::tr("usage: ordoctl [OPTIONS] %1\n%2\ncommands:\n")
                       .arg(noun.commands.first().name.isEmpty() ? synopsis(noun, noun.commands.first())
                                                                 : Text::tr("%1 COMMAND ...").arg(noun.name),
                            noun.summary);
    for (const Command &command : noun.commands)
        text += QStringLiteral("  %1\n      %2\n").arg(synopsis(noun, command), command.summary);
    text += Text::tr("ordoctl --help lists the options of every command.");
    return text;
}

QString usage(const Noun &noun, const Command &command)
{
    return Text::tr("usage: ordoctl [OPTIONS] %1\n%2\nordoctl --help lists the options of every command.")
        .arg(synopsis(noun, command), command.summary);
}

Status Ordoctl::run()
{
    if (m_cl.has(QStringLiteral("version"))) {
        out() << QStringLiteral("ordoctl %1").arg(QStringLiteral(PROJECT_VERSION)) << Qt::endl;
        return ok();
    }
    if (m_cl.positional.value(0) == QLatin1String("help"))
        return help(m_cl.positional.mid(1));
    if (m_cl.has(QStringLiteral("help")))
        return help(m_cl.positional);
    if (m_cl.positional.isEmpty())
        return Error::badInput(Text::tr("no command given (ordoctl --help lists the commands)"));
    const Noun *noun = findNoun(m_cl.positional.first());
    // Any mistake but in the first word shows only once the database is known to be there.
    if (!noun || noun->opensDatabase)
        ORDO_CHECK(openDatabase());
    if (!noun)
        return unknownNoun(m_cl.positional.first());
    const Command *command = findCommand(*noun, m_cl.positional.value(1));
    if (!command)
        return Error::badInput(noun->wrongCommand);
    const qsizetype words = (command->name.isEmpty() ? 1 : 2) + command->arguments;
    if (!command->missingArgument.isEmpty() && m_cl.positional.size() < words)
        return Error::badInput(command->missingArgument);
    ORDO_CHECK(allowOnly(m_cl, command->options));
    ORDO_CHECK(expectArgs(m_cl, words));
    return (this->*command->run)();
}

Status Ordoctl::help(const QStringList &words)
{
    if (words.isEmpty()) {
        out() << usage() << Qt::endl;
        return ok();
    }
    const Noun *noun = findNoun(words.first());
    if (!noun)
        return unknownNoun(words.first());
    if (words.size() == 1 || noun->commands.first().name.isEmpty()) {
        out() << usage(*noun) << Qt::endl;
        return ok();
    }
    const Command *command = findCommand(*noun, words.at(1));
    if (!command)
        return Error::badInput(noun->wrongCommand);
    out() << usage(*noun, *command) << Qt::endl;
    return ok();
}

Status Ordoctl::openDatabase()
{
    // `init --shared URL` names the database itself; --db may say the same, never something else.
    const QString shared = m_cl.option(QStringLiteral("shared"));
    if (!shared.isEmpty() && m_cl.has(QStringLiteral("db")) && m_cl.option(QStringLiteral("db")) != shared)
        return Error::badInput(Text::tr("--db and --shared name two databases: give the shared one once, with --shared"));
    const QString path = !shared.isEmpty()                 ? shared
                         : m_cl.has(QStringLiteral("db")) ? m_cl.option(QStringLiteral("db"))
                                                          : Ordo::defaultDatabasePath();
    // Only init makes a new database; any other command on a mistyped path is an error.
    const auto mode = m_cl.positional.first() == QLatin1String("init") ? Database::OpenMode::CreateIfMissing
                                                                       : Database::OpenMode::MustExist;
    // A person named on a shared database whose URL names no role signs in with their own login role.
    static const QStringList asOwnRole = {QStringLiteral("init"), QStringLiteral("engine"), QStringLiteral("import")};
    if (Ordo::signsInWithOwnRole(path) && !userName().isEmpty()
        && !asOwnRole.contains(m_cl.positional.first())) {
        ORDO_TRY(user, who());
        ORDO_TRY(opened, Ordo::openFor(path, user.first, user.second));
        m_ordo = std::move(opened);
        return ok();
    }
    ORDO_TRY(opened, Ordo::open(path, nullptr, mode));
    m_ordo = std::move(opened);
    return ok();
}

QString Ordoctl::userName() const
{
    const QString user = m_cl.option(QStringLiteral("user"));
    return user.isEmpty() ? QString::fromUtf8(qgetenv("ORDO_USER")) : user;
}

Result<std::pair<QString, QString>> Ordoctl::who()
{
    const QString user = userName();
    if (user.isEmpty())
        return Error::badInput(Text::tr("who are you? give --user NAME or set ORDO_USER"));
    // Asked once, even where both the database and Ordo need it.
    if (m_password.isEmpty())
        m_password = readSecret("ORDO_PASSWORD", "Password: ");
    if (m_password.isEmpty())
        return Error::badInput(Text::tr("no password: set ORDO_PASSWORD or run ordoctl on a terminal"));
    return std::pair{user, m_password};
}

Result<Session> Ordoctl::session()
{
    ORDO_TRY(user, who());
    return m_ordo->login(user.first, user.second, m_cl.option(QStringLiteral("tenant")));
}

// --set KEY=VALUE: the value is read as JSON where it is JSON (4, true, {"a": 1}), else as text.
Result<QJsonObject> Ordoctl::assignments() const
{
    QJsonObject out;
    for (const QString &assignment : m_cl.options.value(QStringLiteral("set"))) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return Error::badInput(Text::tr("--set '%1': write KEY=VALUE").arg(quoted(assignment)));
        const QString key = assignment.left(eq);
        if (out.contains(key))
            return Error::badInput(Text::tr("--set: '%1' is given twice").arg(quoted(key)));
        const QString text = assignment.mid(eq + 1);
        const QJsonDocument doc = QJsonDocument::fromJson(QStringLiteral("[%1]").arg(text).toUtf8());
        out.insert(key, doc.isArray() && doc.array().size() == 1 ? doc.array().first() : QJsonValue(text));
    }
    return out;
}

} // namespace ordo::cli

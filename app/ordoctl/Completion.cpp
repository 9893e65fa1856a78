// `ordoctl completion bash`: a bash completion script made from the command table,
// so that it knows every noun, command and option ordoctl knows.

#include "Commands.h"
#include "Output.h"

namespace ordo::cli {

namespace {

QString options(const QStringList &names)
{
    QStringList words;
    for (const QString &name : names)
        words.append(QStringLiteral("--") + name);
    return words.join(QLatin1Char(' '));
}

QString bashCompletion()
{
    QStringList nouns;
    QString commandCases;
    QString optionCases;
    for (const Noun &noun : commandTable()) {
        nouns.append(noun.name);
        QStringList names;
        for (const Command &command : noun.commands) {
            names.append(command.name);
            if (command.options.isEmpty())
                continue;
            // A noun without commands (checkout) has its arguments where the command would be.
            const QString pattern = command.name.isEmpty() ? QString(QLatin1Char('"') + noun.name + QStringLiteral(" \"*"))
                                                           : QString(QLatin1Char('"') + noun.name + QLatin1Char(' ') + command.name + QLatin1Char('"'));
            optionCases += QStringLiteral("            ") + pattern + QStringLiteral(") words+=\" ") + options(command.options)
                + QStringLiteral("\" ;;\n");
        }
        if (!noun.commands.first().name.isEmpty())
            commandCases += QStringLiteral("            ") + noun.name + QStringLiteral(") words=\"") + names.join(QLatin1Char(' '))
                + QStringLiteral("\" ;;\n");
    }
    QStringList skipped;
    for (const QString &name : valueOptions())
        skipped.append(QStringLiteral("--") + name);
    return QStringLiteral("# bash completion for ordoctl, made by `ordoctl completion bash` from its command table.\n"
                          "_ordoctl()\n"
                          "{\n"
                          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
                          "    local noun= command= helping= word i words=\n"
                          "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
                          "        word=${COMP_WORDS[i]}\n"
                          "        case $word in\n"
                          "            ")
        + skipped.join(QLatin1Char('|'))
        + QStringLiteral(") ((i++)) ;;\n"
                         "            -*) ;;\n"
                         "            *)\n"
                         "                if [[ -z $noun && -z $helping && $word == help ]]; then helping=1\n"
                         "                elif [[ -z $noun ]]; then noun=$word\n"
                         "                elif [[ -z $command ]]; then command=$word\n"
                         "                fi ;;\n"
                         "        esac\n"
                         "    done\n"
                         "    case $prev in\n"
                         "        --db) mapfile -t COMPREPLY < <(compgen -f -- \"$cur\"); return ;;\n"
                         "        ")
        + skipped.join(QLatin1Char('|'))
        + QStringLiteral(") COMPREPLY=(); return ;;\n"
                         "    esac\n"
                         "    if [[ $cur == -* ]]; then\n"
                         "        words=\"")
        + options(globalOptions() + QStringList{QStringLiteral("help"), QStringLiteral("version")})
        + QStringLiteral("\"\n"
                         "        case \"$noun $command\" in\n")
        + optionCases
        + QStringLiteral("        esac\n"
                         "    elif [[ -z $noun ]]; then\n"
                         "        words=\"")
        + nouns.join(QLatin1Char(' '))
        + QStringLiteral(" help\"\n"
                         "    elif [[ -z $command ]]; then\n"
                         "        case $noun in\n")
        + commandCases
        + QStringLiteral("        esac\n"
                         "    fi\n"
                         "    mapfile -t COMPREPLY < <(compgen -W \"$words\" -- \"$cur\")\n"
                         "}\n"
                         "complete -F _ordoctl ordoctl\n");
}

} // namespace

Noun completionNoun()
{
    return {QStringLiteral("completion"), Text::tr("shell completion"),
            {{QStringLiteral("bash"), {}, Text::tr("prints a bash completion script: source <(ordoctl completion bash)"), {}, 0,
              &Ordoctl::completionBash}},
            Text::tr("completion takes 'bash'"),
            false};
}

Status Ordoctl::completionBash()
{
    out() << bashCompletion();
    return ok();
}

} // namespace ordo::cli

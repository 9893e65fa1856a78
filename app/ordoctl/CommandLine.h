#pragma once

#include "util/Result.h"

#include <QCoreApplication>
#include <QMap>
#include <QStringList>

namespace ordo::cli {

// The translation context of ordoctl's messages.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ordoctl)
};

// Options of the form --name VALUE (repeatable) or --flag, anywhere on the line.
struct CommandLine
{
    QStringList positional;
    QMap<QString, QStringList> options;
    QStringList flags;

    QString option(const QString &name) const { return options.value(name).value(0); }
    bool has(const QString &name) const { return options.contains(name) || flags.contains(name); }
};

// The options every command takes.
const QStringList &globalOptions();
// Options that take a value: the global ones and those of every command.
const QStringList &valueOptions();
// Options without a value.
const QStringList &flagOptions();

Result<CommandLine> parse(const QStringList &args);
Status allowOnly(const CommandLine &cl, const QStringList &allowed);
Status expectArgs(const CommandLine &cl, qsizetype count);
Result<qint64> number(const QString &text, const QString &what);

} // namespace ordo::cli

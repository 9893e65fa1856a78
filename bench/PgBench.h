#pragma once

// What the PostgreSQL benchmarks share: their command line (--db URL and
// numeric options), opening the database, and failing without leaving the
// engine processes they started behind.

#include "Ordo.h"
#include "store/Database.h"

#include <QCoreApplication>

#include <QFileInfo>
#include <QProcess>
#include <QStringList>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>


namespace ordo::bench {

// The value of --name, or fallback when it is not given.
inline int option(const QStringList &args, const char *name, int fallback)
{
    const qsizetype at = args.indexOf(QLatin1String(name));
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1).toInt() : fallback;
}

// The postgresql:// URL given with --db. Without one, prints the usage line
// (the options after --db) and ends the program.
inline QString postgresUrl(const QStringList &args, const char *options)
{
    const qsizetype at = args.indexOf(QStringLiteral("--db"));
    if (at < 0 || at + 1 >= args.size() || !Database::isPostgresLocation(args.at(at + 1))) {
        std::fprintf(stderr, "usage: %s --db postgresql://... %s\n", qPrintable(QFileInfo(args.value(0)).fileName()), options);
        std::exit(2);
    }
    return args.at(at + 1);
}

// The engine processes a benchmark started: fail() ends them too.
inline std::vector<QProcess *> &startedEngines()
{
    static std::vector<QProcess *> engines;
    return engines;
}

[[noreturn]] inline void fail(const QString &message)
{
    std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(message));
    for (QProcess *engine : startedEngines())
        engine->kill();
    std::exit(1);
}

inline std::unique_ptr<Ordo> openOrFail(const QString &url)
{
    auto opened = Ordo::open(url);
    if (!opened)
        fail(opened.error().message);
    return std::move(*opened);
}

} // namespace ordo::bench

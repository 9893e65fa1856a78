#pragma once

// The command line the PostgreSQL benchmarks share: --db URL and numeric options.

#include "store/Database.h"

#include <QFileInfo>
#include <QStringList>

#include <cstdio>
#include <cstdlib>


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

} // namespace ordo::bench

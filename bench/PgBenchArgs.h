#pragma once

// The command line the PostgreSQL benchmarks share: --db URL and numeric options.

#include "store/Database.h"

#include <QStringList>

#include <optional>

namespace ordo::bench {

// The value of --name, or fallback when it is not given.
inline int option(const QStringList &args, const char *name, int fallback)
{
    const qsizetype at = args.indexOf(QLatin1String(name));
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1).toInt() : fallback;
}

// The postgresql:// URL given with --db; none when it is missing or not one.
inline std::optional<QString> postgresUrl(const QStringList &args)
{
    const qsizetype at = args.indexOf(QStringLiteral("--db"));
    if (at < 0 || at + 1 >= args.size() || !Database::isPostgresLocation(args.at(at + 1)))
        return std::nullopt;
    return args.at(at + 1);
}

} // namespace ordo::bench

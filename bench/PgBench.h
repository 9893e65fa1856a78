#pragma once

// What the PostgreSQL benchmarks share: their command line (--db URL and
// numeric options), opening the database, failing without leaving the engine
// processes they started behind, waiting for a value and quantiles.

#include "Ordo.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStringList>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

namespace ordo::bench {

// The text given with --name, or fallback when it is not given.
inline QString option(const QStringList &args, const char *name, const QString &fallback)
{
    const qsizetype at = args.indexOf(QLatin1String(name));
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1) : fallback;
}

// The number given with --name, or fallback when it is not given.
inline int option(const QStringList &args, const char *name, int fallback)
{
    const QString given = option(args, name, QString());
    return given.isNull() ? fallback : given.toInt();
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

// The value of the query's first column once it is not NULL, polled every
// millisecond for at most timeoutMs; nullopt if it never was. Prepared once:
// the poll takes as little as it can of the cores the engines measured share.
inline std::optional<qint64> awaitValue(Database &db, const QString &sql, const QVariantList &binds, int timeoutMs)
{
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < timeoutMs) {
        auto q = db.execCached(sql, binds);
        if (q && q->next() && !q->value(0).isNull())
            return q->value(0).toLongLong();
        QThread::msleep(1);
    }
    return std::nullopt;
}

// The p-quantile (0.5, 0.99) of samples sorted in ascending order.
template<typename T>
T percentile(const QList<T> &sorted, double p)
{
    return sorted.at(std::min(sorted.size() - 1, qsizetype(double(sorted.size()) * p)));
}

inline std::unique_ptr<Ordo> openOrFail(const QString &url)
{
    auto opened = Ordo::open(url);
    if (!opened)
        fail(opened.error().message);
    return std::move(*opened);
}

} // namespace ordo::bench

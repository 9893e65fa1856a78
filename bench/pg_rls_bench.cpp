// What row-level security costs a console on a shared database: the workflow
// monitor's first page, a search and a count over many workflows, read by
// acme's support (carol) with her own role through the policies, against the
// same reads by the owner, who filters by tenant in the query instead. Both
// see the same rows. Prints median and p99 of each and their ratio. Not a
// test: it asserts nothing.
//
//   pg_rls_bench --db postgresql://owner@host:port/database [--workflows 100000] [--runs 200]
//
// The database should be an empty one made for the benchmark (it is filled),
// and the owner may create roles. The roles it makes are dropped at the end.

#include "Ordo.h"
#include "PgBench.h"
#include "OrdoInternals.h"
#include "engine/Runtime.h"
#include "store/Database.h"
#include "store/SharedAccess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QUrl>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace ordo;

namespace {

struct Figures
{
    double medianMs = 0;
    double p99Ms = 0;
    qsizetype rows = 0;
};

// Runs read `runs` times (after one to warm the caches) and returns the times' median and p99.
Figures measure(int runs, const std::function<Result<qsizetype>()> &read)
{
    Figures f;
    QList<double> times;
    for (int i = 0; i <= runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        auto rows = read();
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (!rows)
            bench::fail(rows.error().message);
        f.rows = *rows;
        if (i > 0)
            times.append(ms);
    }
    std::sort(times.begin(), times.end());
    f.medianMs = bench::percentile(times, 0.5);
    f.p99Ms = bench::percentile(times, 0.99);
    return f;
}

void print(const char *what, const Figures &owner, const Figures &person)
{
    std::printf("%-36s owner median %7.2f ms p99 %7.2f ms | carol median %7.2f ms p99 %7.2f ms | ratio %.2f (rows %lld, %lld)\n", what,
                owner.medianMs, owner.p99Ms, person.medianMs, person.p99Ms, person.medianMs / owner.medianMs,
                static_cast<long long>(owner.rows), static_cast<long long>(person.rows));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString url = bench::postgresUrl(args, "[--workflows N] [--runs N]");
    const int workflows = bench::option(args, "--workflows", 100000);
    const int runs = bench::option(args, "--runs", 200);
    // Roles are the server's: a prefix of this run's own.
    QString prefix = QStringLiteral("rlsb");
    for (int i = 0; i < 6; ++i)
        prefix += QLatin1Char(char('a' + QRandomGenerator::global()->bounded(26)));
    prefix += QLatin1Char('_');

    const std::unique_ptr<Ordo> opened = bench::openOrFail(url);
    Ordo &ordo = *opened;
    Database &db = OrdoInternals::database(ordo);
    const auto check = [](const Status &status) {
        if (!status)
            bench::fail(status.error().message);
    };
    check(ordo.createDemo(QStringLiteral("demo")));
    check(shared::applyAccessRules(db, prefix));
    check(shared::setPersonLogin(db, prefix, QStringLiteral("carol"), QStringLiteral("demo")));

    // Half acme's, half globex's, two steps each, written by SQL: the engine is not what is measured.
    QElapsedTimer filling;
    filling.start();
    check(db.write([&]() -> Status {
        ORDO_CHECK(db.exec(QStringLiteral("INSERT INTO workflow_definitions(name, version, definition, created_at) "
                                          "VALUES ('bench', 1, '{\"name\": \"bench\", \"version\": 1, \"steps\": []}', 0)")));
        ORDO_CHECK(db.exec(QStringLiteral(
            "INSERT INTO workflows(uuid, name, def_version, state, inputs, started_by, created_at, updated_at, error, tenant_id) "
            "SELECT 'wf-' || g, 'bench', 1, CASE WHEN g % 10 = 0 THEN 'paused' ELSE 'succeeded' END, '{}', "
            "       CASE WHEN g % 2 = 0 THEN 'alice' ELSE 'dave' END, g, g, '', "
            "       (SELECT id FROM tenants WHERE slug = CASE WHEN g % 2 = 0 THEN 'acme' ELSE 'globex' END) "
            "FROM generate_series(1, ?) AS g"),
                           {workflows}));
        ORDO_CHECK(db.exec(QStringLiteral(
            "INSERT INTO steps(workflow_id, step_key, kind, state, attempt, inputs, outputs, tenant_id) "
            "SELECT w.id, k.key, 'step', CASE WHEN w.state = 'paused' AND k.key = 'b' THEN 'paused' ELSE 'succeeded' END, 1, '{}', '{}', w.tenant_id "
            "FROM workflows w CROSS JOIN (VALUES ('a'), ('b')) AS k(key) WHERE w.name = 'bench'")));
        return ok();
    }));
    if (auto analyzed = db.exec(QStringLiteral("ANALYZE")); !analyzed)
        check(analyzed.error());
    std::printf("%d workflows, %d steps written in %.1f s\n", workflows, workflows * 2, double(filling.elapsed()) / 1000.0);

    // carol reads with her own role; libpq takes her password from PGPASSWORD.
    QUrl carolsUrl(url);
    carolsUrl.setUserName(shared::personRole(prefix, QStringLiteral("carol")));
    const QByteArray ownersPassword = qgetenv("PGPASSWORD");
    qputenv("PGPASSWORD", "demo");
    auto carols = Database::open(carolsUrl.toString(), -1, Database::OpenMode::MustExist);
    qputenv("PGPASSWORD", ownersPassword);
    if (!carols)
        bench::fail(carols.error().message);
    engine::ActionRegistry actions;
    const Clock clock;
    engine::Runtime asOwner(db, ordo.audit(), actions, clock);
    engine::Runtime asCarol(**carols, ordo.audit(), actions, clock);
    auto acme = OrdoInternals::store(ordo).tenantBySlug(QStringLiteral("acme"));
    check(acme ? ok() : Status(acme.error()));
    const qint64 acmeId = acme->id;

    const auto page = [&](engine::Runtime &runtime, std::optional<qint64> tenant, const engine::WorkflowFilter &filter) {
        return [&runtime, tenant, filter]() -> Result<qsizetype> {
            ORDO_TRY(p, runtime.overviewPage(filter, 0, 100, tenant));
            return p.rows.size();
        };
    };
    engine::WorkflowFilter none;
    engine::WorkflowFilter paused;
    paused.state = engine::WorkflowState::Paused;
    engine::WorkflowFilter search;
    search.text = QStringLiteral("4242"); // an id: one row
    print("first page (100) of all", measure(runs, page(asOwner, acmeId, none)), measure(runs, page(asCarol, std::nullopt, none)));
    print("first page (100) of the paused", measure(runs, page(asOwner, acmeId, paused)), measure(runs, page(asCarol, std::nullopt, paused)));
    print("search for a text", measure(runs, page(asOwner, acmeId, search)), measure(runs, page(asCarol, std::nullopt, search)));
    const auto count = [](Database &on, const QString &sql, const QVariantList &binds) {
        return [&on, sql, binds]() -> Result<qsizetype> {
            ORDO_TRY(q, on.exec(sql, binds));
            return q.next() ? q.value(0).toLongLong() : -1;
        };
    };
    print("count of the tenant's workflows", measure(runs / 10 + 1, count(db, QStringLiteral("SELECT count(*) FROM workflows WHERE tenant_id = ?"), {acmeId})),
          measure(runs / 10 + 1, count(**carols, QStringLiteral("SELECT count(*) FROM workflows"), {})));

    carols->reset();
    // The roles go again: they are the server's, not this database's.
    check(db.write([&]() -> Status {
        for (const QString &role : {shared::personRole(prefix, QStringLiteral("carol")), shared::personGroupRole(prefix), shared::engineRole(prefix)}) {
            ORDO_CHECK(db.exec(QStringLiteral("DROP OWNED BY \"%1\"").arg(role)));
            ORDO_CHECK(db.exec(QStringLiteral("DROP ROLE \"%1\"").arg(role)));
        }
        return ok();
    }));
    return 0;
}

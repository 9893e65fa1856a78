// The store's connection on both backends (BACKENDS both): what the domain and
// the engine rely on, the same on an embedded SQLite file and on a shared
// PostgreSQL database.
#include "TestSupport.h"

#include "store/Database.h"
#include "store/SqlArrays.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

#include <chrono>
#include <limits>
#include <thread>

using namespace ordo;
using namespace ordo::test;

namespace {
// Whether the server ended victim's session when asked from another connection
// (as a restart, an administrator or pg_terminate_backend would).
bool endSession(Database &victim, Database &other)
{
    auto pid = victim.exec(QStringLiteral("SELECT pg_backend_pid()"));
    if (!pid || !pid->next())
        return false;
    auto ended = other.exec(QStringLiteral("SELECT pg_terminate_backend(?, 5000)"), {pid->value(0).toLongLong()});
    return ended && ended->next() && ended->value(0).toBool();
}
} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void opensAtTheNewestSchema()
    {
        TestEnvironment env;
        auto db = Database::open(env.databasePath());
        QVERIFY2(db, db ? "" : qPrintable(db.error().message));
        QCOMPARE((*db)->schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE((*db)->dialect(), TestEnvironment::isPostgres() ? Database::Dialect::Postgres : Database::Dialect::Sqlite);
        db->reset();
        // A second open finds it migrated and changes nothing.
        auto again = Database::open(env.databasePath(), -1, Database::OpenMode::MustExist);
        QVERIFY2(again, again ? "" : qPrintable(again.error().message));
        QCOMPARE((*again)->schemaVersion(), Database::latestSchemaVersion());
    }

    void insertReturnsEachRowsOwnKey()
    {
        TestEnvironment env;
        auto db = Database::open(env.databasePath());
        QVERIFY(db);
        Database &d = **db;
        auto first = d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES (?, ?, '{}')"), {QStringLiteral("a"), QStringLiteral("A")});
        auto second = d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES (?, ?, '{}')"), {QStringLiteral("b"), QStringLiteral("B")});
        QVERIFY(first && second);
        QVERIFY(*second > *first);
        auto slug = d.exec(QStringLiteral("SELECT slug FROM tenants WHERE id = ?"), {*second});
        QVERIFY(slug && slug->next());
        QCOMPARE(slug->value(0).toString(), QStringLiteral("b"));
    }

    // Times are epoch milliseconds: beyond 32 bits. Text keeps quotes,
    // backslashes and non-ASCII letters; NULL stays NULL whatever its type.
    void valuesRoundTrip()
    {
        TestEnvironment env;
        auto db = Database::open(env.databasePath());
        QVERIFY(db);
        Database &d = **db;
        const qint64 at = 4102444800123; // 2100-01-01, in ms
        const QString text = QStringLiteral("O'Brien \\ \"Zoë\" 🙂 ?");
        auto user = d.insert(QStringLiteral("INSERT INTO users(name, display_name, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)"),
                             {QStringLiteral("zoe"), text, QString(QLatin1String("")), QStringLiteral("x"), at});
        QVERIFY2(user, user ? "" : qPrintable(user.error().message));
        auto read = d.execCached(QStringLiteral("SELECT display_name, created_at, email FROM users WHERE id = ?"), {*user});
        QVERIFY(read && read->next());
        QCOMPARE(read->text(0), text);
        QCOMPARE(read->integer(1), at);
        QCOMPARE(read->value(1).toLongLong(), at);
        QVERIFY(read->text(2).isEmpty());

        auto tenant = d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('t', 'T', '{}')"));
        QVERIFY(tenant);
        auto order = d.insert(QStringLiteral("INSERT INTO orders(tenant_id, requester_id, request_id, state, version, monthly_cents, currency,"
                                             " vcpus, memory_gib, vms, approval_expires_at) VALUES (?, ?, 'r', 'submitted', 1, 0, 'EUR', 0, 0, 0, ?)"),
                              {*tenant, *user, QVariant(QMetaType(QMetaType::LongLong))});
        QVERIFY2(order, order ? "" : qPrintable(order.error().message));
        auto expiry = d.exec(QStringLiteral("SELECT approval_expires_at, COALESCE(SUM(vcpus), 0) FROM orders WHERE id = ? GROUP BY approval_expires_at"),
                             {*order});
        QVERIFY(expiry && expiry->next());
        QVERIFY(expiry->value(0).isNull());
        QCOMPARE(expiry->value(1).toLongLong(), 0);
    }

    void aDuplicateIsAConflict()
    {
        TestEnvironment env;
        auto db = Database::open(env.databasePath());
        QVERIFY(db);
        Database &d = **db;
        QVERIFY(d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('acme', 'A', '{}')")));
        auto again = d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('acme', 'B', '{}')"));
        QVERIFY(!again);
        QCOMPARE(again.error().code, ErrorCode::Conflict);
        QVERIFY(!again.error().transient);
    }

    void aFailedWriteLeavesNothingBehind()
    {
        TestEnvironment env;
        auto db = Database::open(env.databasePath());
        QVERIFY(db);
        Database &d = **db;
        bool committed = false;
        const Status failed = d.write([&]() -> Status {
            d.afterCommit([&] { committed = true; });
            ORDO_CHECK(d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('gone', 'G', '{}')")));
            ORDO_CHECK(d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('gone', 'G', '{}')")));
            return ok();
        });
        QVERIFY(!failed);
        QVERIFY(!committed);
        QVERIFY(!d.inTransaction());
        // The connection goes on working after the failed transaction.
        const Status written = d.write([&]() -> Status {
            d.afterCommit([&] { committed = true; });
            ORDO_CHECK(d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('kept', 'K', '{}')")));
            return ok();
        });
        QVERIFY2(written, written ? "" : qPrintable(written.error().message));
        QVERIFY(committed);
        auto slugs = d.exec(QStringLiteral("SELECT slug FROM tenants ORDER BY slug"));
        QVERIFY(slugs);
        QStringList found;
        while (slugs->next())
            found.append(slugs->value(0).toString());
        QCOMPARE(found, QStringList{QStringLiteral("kept")});
    }


    // An error the caller let pass inside a transaction: PostgreSQL abandons the
    // whole transaction then, and its commit must say so rather than report a
    // success that saved nothing. SQLite goes on with the rest.
    void anErrorLetPassIsNeverReportedAsSaved()
    {
        TestEnvironment env;
        auto db = Database::open(env.databasePath());
        QVERIFY(db);
        Database &d = **db;
        QVERIFY(d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('acme', 'A', '{}')")));
        bool committed = false;
        const Status written = d.write([&]() -> Status {
            d.afterCommit([&] { committed = true; });
            ORDO_CHECK(d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('first', 'F', '{}')")));
            // A duplicate, looked at and let pass.
            const auto duplicate = d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('acme', 'B', '{}')"));
            if (duplicate || duplicate.error().code != ErrorCode::Conflict)
                return Error::internal(QStringLiteral("the duplicate was not a conflict"));
            return ok();
        });
        auto first = d.exec(QStringLiteral("SELECT COUNT(*) FROM tenants WHERE slug = 'first'"));
        QVERIFY(first && first->next());
        if (TestEnvironment::isPostgres()) {
            QVERIFY(!written);
            QVERIFY2(written.error().message.contains(QLatin1String("abandoned")), qPrintable(written.error().message));
            QVERIFY(!committed);
            QCOMPARE(first->value(0).toInt(), 0);
        } else {
            QVERIFY2(written, written ? "" : qPrintable(written.error().message));
            QVERIFY(committed);
            QCOMPARE(first->value(0).toInt(), 1);
        }
        QVERIFY(!d.inTransaction());
        QVERIFY(d.write([&]() -> Status {
            ORDO_CHECK(d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('later', 'L', '{}')")));
            return ok();
        }));
    }

    // The server ends a shared database's session (a restart, an administrator,
    // pg_terminate_backend): the next transaction or read connects again by
    // itself. A transaction that was open is lost with the session, and says so
    // as worth running again; nothing of it was saved.
    void connectsAgainWhenTheServerEndsTheSession()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("an embedded database has no session to lose");
        TestEnvironment env;
        auto db = Database::open(env.databasePath());
        QVERIFY(db);
        Database &d = **db;
        auto other = Database::open(env.databasePath());
        QVERIFY(other);

        // Prepared in the session that ends, and again in the next.
        QVERIFY(d.execCached(QStringLiteral("SELECT COUNT(*) FROM tenants")));
        QVERIFY(endSession(d, **other));
        auto read = d.execCached(QStringLiteral("SELECT COUNT(*) FROM tenants"));
        QVERIFY2(read, read ? "" : qPrintable(read.error().message));
        QVERIFY(read->next());
        QCOMPARE(read->integer(0), qint64(0));

        QVERIFY(endSession(d, **other));
        const Status written = d.write([&]() -> Status {
            ORDO_CHECK(d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('kept', 'K', '{}')")));
            return ok();
        });
        QVERIFY2(written, written ? "" : qPrintable(written.error().message));

        const Status lost = d.write([&]() -> Status {
            ORDO_CHECK(d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('lost', 'L', '{}')")));
            if (!endSession(d, **other))
                return Error::internal(QStringLiteral("the session did not end"));
            ORDO_CHECK(d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('also-lost', 'L', '{}')")));
            return ok();
        });
        QVERIFY(!lost);
        QVERIFY(lost.error().transient);
        QVERIFY(!d.inTransaction());
        auto slugs = d.exec(QStringLiteral("SELECT slug FROM tenants ORDER BY slug"));
        QVERIFY2(slugs, slugs ? "" : qPrintable(slugs.error().message));
        QStringList found;
        while (slugs->next())
            found.append(slugs->value(0).toString());
        QCOMPARE(found, QStringList{QStringLiteral("kept")});
    }

    // An engine runs the same statements thousands of times a second with new
    // values. A connection that keeps its plans runs each prepared statement
    // with one plan, also in the session it begins after losing one; another
    // plans it anew for its first calls' values at least (the server's default).
    void aConnectionThatKeepsPlansRunsEachStatementWithOnePlan()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("SQLite plans a prepared statement once anyway");
        TestEnvironment env;
        auto keeping = Database::open(env.databasePath());
        auto planning = Database::open(env.databasePath());
        QVERIFY(keeping && planning);
        const Status kept = (*keeping)->keepPlans();
        QVERIFY2(kept, kept ? "" : qPrintable(kept.error().message));
        const QString sql = QStringLiteral("SELECT COUNT(*) FROM tenants WHERE id = ANY(CAST(? AS bigint[])) AND slug <> 'x'");
        // Of eight calls, how many the server planned for their values, and how many ran the kept plan.
        const auto plansOf = [&](Database &d) -> std::pair<qint64, qint64> {
            for (int call = 0; call < 8; ++call) {
                auto counted = d.execCached(sql, {QStringLiteral("{%1,2}").arg(call)});
                if (!counted || !counted->next())
                    return {-1, -1};
            }
            auto plans = d.exec(QStringLiteral("SELECT custom_plans, generic_plans FROM pg_prepared_statements"
                                               " WHERE statement LIKE '%FROM tenants WHERE id = ANY%'"));
            if (!plans || !plans->next())
                return {-1, -1};
            return {plans->value(0).toLongLong(), plans->value(1).toLongLong()};
        };
        QCOMPARE(plansOf(**planning).first >= 5, true);
        QCOMPARE(plansOf(**keeping), std::make_pair(qint64(0), qint64(8)));

        QVERIFY(endSession(**keeping, **planning));
        QCOMPARE(plansOf(**keeping), std::make_pair(qint64(0), qint64(8)));
    }

    // A shared database tells listeners when a transaction that asked for it
    // commits, on the channels it asked for, never for a rollback; asked twice,
    // one notification (PostgreSQL folds them too).
    // A listener whose session ended listens again once it connects again,
    // and hears of it then (it may have missed a notification meanwhile).
    void notifiesListenersOncePerCommit()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("SQLite's watchers poll; it sends no notifications");
        TestEnvironment env;
        auto db = Database::open(env.databasePath());
        QVERIFY(db);
        Database &d = **db;
        auto listener = Database::open(env.databasePath());
        QVERIFY(listener);
        int feed = 0;
        int work = 0;
        QVERIFY((*listener)->listen(Database::Channel::Feed, [&] { ++feed; }));
        QVERIFY((*listener)->listen(Database::Channel::Work, [&] { ++work; }));

        QVERIFY(d.write([&]() -> Status {
            d.notifyOnCommit(Database::Channel::Feed);
            d.notifyOnCommit(Database::Channel::Feed);
            ORDO_CHECK(d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('a', 'A', '{}')")));
            return ok();
        }));
        QTRY_COMPARE(feed, 1);
        const Status rolledBack = d.write([&]() -> Status {
            d.notifyOnCommit(Database::Channel::Work);
            return Error::badInput(QStringLiteral("changed my mind"));
        });
        QVERIFY(!rolledBack);
        QVERIFY(d.write([&]() -> Status {
            d.notifyOnCommit(Database::Channel::Feed);
            return ok();
        }));
        QTRY_COMPARE(feed, 2);
        QCOMPARE(work, 0);

        auto pid = (*listener)->exec(QStringLiteral("SELECT pg_backend_pid()"));
        QVERIFY(pid && pid->next());
        QVERIFY(d.exec(QStringLiteral("SELECT pg_terminate_backend(?, 5000)"), {pid->value(0).toLongLong()}));
        // The listener's liveness check (a read) connects again, and listens again.
        QVERIFY((*listener)->exec(QStringLiteral("SELECT 1")));
        QCOMPARE(feed, 3);
        QCOMPARE(work, 1);
        QVERIFY(d.write([&]() -> Status {
            d.notifyOnCommit(Database::Channel::Work);
            return ok();
        }));
        QTRY_COMPARE(work, 2);
        QCOMPARE(feed, 3);
    }

    // A kept statement runs on PostgreSQL's client library itself, not through
    // Qt's driver: its values come back as the driver gives them, whatever
    // their type, and a ? in quotes is text, not a value to bind.
    void aKeptStatementReadsValuesAsAPlainOneDoes()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("SQLite's kept statements are its own C API, its types few");
        TestEnvironment env;
        auto db = Database::open(env.databasePath());
        QVERIFY(db);
        Database &d = **db;
        const QString sql = QStringLiteral("SELECT ?::text, ?::bigint, ?::double precision, ?::bytea, ?::integer, '?', true, 1 > 2,"
                                           " NULL::text, NULL::bigint, 1.5::numeric, ?::text IS NULL, 'x?'::text || ?");
        const QVariantList binds{QStringLiteral("O'Brien \\ \"Zoë\" ? 🙂"), qint64(4102444800123), 0.1, QByteArray("a\0b\xff", 4), 7,
                                 QString(), QStringLiteral("y")};
        auto plain = d.exec(sql, binds);
        QVERIFY2(plain && plain->next(), plain ? "" : qPrintable(plain.error().message));
        auto kept = d.execCached(sql, binds);
        QVERIFY2(kept && kept->next(), kept ? "" : qPrintable(kept.error().message));
        for (int i = 0; i < 13; ++i) {
            const QVariant want = plain->value(i);
            const QVariant got = kept->value(i);
            // The driver reads a bigint that is not negative as unsigned: the same number.
            QVERIFY2(got.isNull() == want.isNull() && got == want,
                     qPrintable(QStringLiteral("column %1: %2 %3, driver %4 %5")
                                    .arg(i)
                                    .arg(QString::fromLatin1(got.typeName()), got.toString(), QString::fromLatin1(want.typeName()), want.toString())));
            QCOMPARE(kept->text(i), want.isNull() ? QString() : want.toString()); // NULL reads as a null string
            QCOMPARE(kept->integer(i), want.toLongLong());
        }
        QCOMPARE(kept->value(3).toByteArray(), QByteArray("a\0b\xff", 4));
        QCOMPARE(kept->text(12), QStringLiteral("x?y"));
        QVERIFY(!kept->next());

        auto changed = d.execCached(QStringLiteral("UPDATE schema_migrations SET version = version WHERE version <= ?"), {3});
        QVERIFY(changed);
        QCOMPARE(changed->numRowsAffected(), 3);
        auto refused = d.execCached(QStringLiteral("SELECT no_such_column FROM tenants WHERE id = ?"), {1});
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("no_such_column")), qPrintable(refused.error().message));

        // A caller's mistake is an error of its own, not a connection lost and run again.
        const QString counted = QStringLiteral("SELECT COUNT(*) FROM tenants WHERE id > ? AND slug <> ?");
        auto tooFew = d.execCached(counted, {1});
        QVERIFY(!tooFew);
        QVERIFY2(tooFew.error().message.contains(QLatin1String("takes 2 values, 1 were given")), qPrintable(tooFew.error().message));
        auto strange = d.execCached(counted, {1, QStringList{QStringLiteral("a")}});
        QVERIFY(!strange);
        QVERIFY2(strange.error().message.contains(QLatin1String("QStringList")), qPrintable(strange.error().message));
        QVERIFY(!tooFew.error().transient && !strange.error().transient);
        QVERIFY(!d.connectionLost());
        auto right = d.execCached(counted, {1, QStringLiteral("x")});
        QVERIFY(right && right->next());
        QCOMPARE(right->integer(0), qint64(0));
    }

    // The engine sends its rows as one array literal per column: every text comes
    // back as it was (a NUL, which PostgreSQL's text cannot hold, left out), and
    // every whole number and NULL as it was. Its rows' nulls are typed, as the
    // engine's are; the first row's types decide the columns'.
    void rowsSentAsArraysComeBackAsTheyWere()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("SQLite takes its rows one statement at a time");
        TestEnvironment env;
        auto db = Database::open(env.databasePath());
        QVERIFY(db);
        const QStringList texts{QStringLiteral(""), QStringLiteral("NULL"), QStringLiteral("plain"), QStringLiteral("say \"hi\""),
                                QStringLiteral("C:\\path\\"), QStringLiteral("\\\""), QStringLiteral("{a,b} (c) 'd'"),
                                QStringLiteral(" spaced "), QStringLiteral("Zoë 🙂"), QStringLiteral("line\nnext\ttab"),
                                QStringLiteral("nul") + QChar(u'\0') + QStringLiteral("inside")};
        const QList<qint64> numbers{0, -1, 42, std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::min()};
        const auto numberAt = [&](qsizetype i) { return numbers.value(i, qint64(i) * -1000003); };
        QList<QVariantList> rows{{QVariant(QMetaType(QMetaType::QString)), QVariant(QMetaType(QMetaType::LongLong))}};
        for (qsizetype i = 0; i < texts.size(); ++i)
            rows.append({texts.at(i), numberAt(i)});
        const QVariantList arrays = sqlarrays::columns(rows, 2);
        auto q = (*db)->execCached(QStringLiteral("SELECT t, n, t IS NULL, n IS NULL FROM ") + sqlarrays::unnestOf(rows.first())
                                       + QStringLiteral(" WITH ORDINALITY AS a(t, n, i) ORDER BY i"),
                                   arrays);
        QVERIFY2(q, q ? "" : qPrintable(q.error().message));
        QVERIFY(q->next());
        QVERIFY(q->value(2).toBool() && q->value(3).toBool()); // NULL in both columns
        for (qsizetype i = 0; i < texts.size(); ++i) {
            QVERIFY(q->next());
            QCOMPARE(q->text(0), QString(texts.at(i)).remove(QChar(u'\0')));
            QVERIFY(!q->value(2).toBool()); // the empty text and the word NULL stay texts
            QCOMPARE(q->integer(1), numberAt(i));
        }
        QVERIFY(!q->next());

        auto n = (*db)->execCached(QStringLiteral("SELECT n FROM unnest(CAST(? AS bigint[])) WITH ORDINALITY AS a(n, i) ORDER BY i"),
                                   {sqlarrays::numbers(numbers)});
        QVERIFY2(n, n ? "" : qPrintable(n.error().message));
        for (const qint64 want : numbers) {
            QVERIFY(n->next());
            QCOMPARE(n->integer(0), want);
        }
        QVERIFY(!n->next());
        auto t = (*db)->execCached(QStringLiteral("SELECT t FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS a(t, i) ORDER BY i"),
                                   {sqlarrays::texts(texts)});
        QVERIFY2(t, t ? "" : qPrintable(t.error().message));
        for (const QString &want : texts) {
            QVERIFY(t->next());
            QCOMPARE(t->text(0), QString(want).remove(QChar(u'\0')));
        }
        QVERIFY(!t->next());
    }

    // A notification that reaches a listener while it runs a kept statement
    // (libpq reads it with the statement's answer) is heard all the same.
    void aListenerHearsANotificationThatCameWithAnAnswer()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("SQLite's watchers poll; it sends no notifications");
        TestEnvironment env;
        auto db = Database::open(env.databasePath());
        auto listener = Database::open(env.databasePath());
        QVERIFY(db && listener);
        int work = 0;
        QVERIFY((*listener)->listen(Database::Channel::Work, [&] { ++work; }));
        QCoreApplication::processEvents(); // the driver's own look for notifications after LISTEN, done before any came
        QVERIFY((*db)->write([&]() -> Status {
            (*db)->notifyOnCommit(Database::Channel::Work);
            return ok();
        }));
        // No events meanwhile: the notification waits on the socket until the statement's answer is read.
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        auto read = (*listener)->execCached(QStringLiteral("SELECT COUNT(*) FROM tenants WHERE id > ?"), {0});
        QVERIFY(read && read->next());
        QTRY_COMPARE(work, 1);
    }

    // The engine reads one statement's rows while it runs others on the same connection.
    // What a writer that holds writes back relies on: the hook runs before every
    // statement, never before its own, never before transaction control (a
    // rollback must not wait on a flush), and its error refuses the statement.
    void theStatementHookRunsBeforeEachStatementButItsOwn()
    {
        TestEnvironment env;
        auto db = Database::open(env.databasePath());
        QVERIFY(db);
        Database &d = **db;
        int calls = 0;
        bool refuse = false;
        d.setBeforeStatement([&]() -> Status {
            ++calls;
            if (refuse)
                return Error::conflict(QStringLiteral("held back"));
            // Its own statement runs without the hook.
            ORDO_CHECK(d.execCached(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES (?, 'Hook', '{}')"),
                                    {QStringLiteral("hook-%1").arg(calls)}));
            return ok();
        });
        const auto tenants = [&]() -> int {
            auto q = d.exec(QStringLiteral("SELECT COUNT(*) FROM tenants WHERE name = 'Hook'"));
            return q && q->next() ? q->value(0).toInt() : -1;
        };
        QCOMPARE(tenants(), 1); // the hook's row went in just before the count
        QCOMPARE(calls, 1);
        QCOMPARE(tenants(), 2);
        QCOMPARE(calls, 2);
        const Status written = d.write([&]() -> Status {
            ORDO_CHECK(d.execCached(QStringLiteral("SELECT 1")));
            return ok();
        });
        QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
        QCOMPARE(calls, 3); // BEGIN and COMMIT did not call it
        refuse = true;
        const Status refused = d.write([&]() -> Status {
            ORDO_CHECK(d.execCached(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES ('never', 'Hook', '{}')")));
            return ok();
        });
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().message, QStringLiteral("held back"));
        QCOMPARE(calls, 4); // and the ROLLBACK after it did not either
        d.setBeforeStatement({});
        QCOMPARE(tenants(), 3);
        QCOMPARE(calls, 4);
    }

    void queriesNest()
    {
        TestEnvironment env;
        auto db = Database::open(env.databasePath());
        QVERIFY(db);
        Database &d = **db;
        for (const char *slug : {"a", "b", "c"})
            QVERIFY(d.insert(QStringLiteral("INSERT INTO tenants(slug, name, policy) VALUES (?, 'x', '{}')"), {QString::fromLatin1(slug)}));
        auto outer = d.exec(QStringLiteral("SELECT id, slug FROM tenants ORDER BY slug"));
        QVERIFY(outer);
        QStringList seen;
        while (outer->next()) {
            auto inner = d.execCached(QStringLiteral("SELECT name FROM tenants WHERE id = ?"), {outer->value(0)});
            QVERIFY(inner && inner->next());
            QVERIFY(d.exec(QStringLiteral("UPDATE tenants SET name = ? WHERE id = ?"), {outer->value(1).toString().toUpper(), outer->value(0)}));
            seen.append(outer->value(1).toString());
        }
        QCOMPARE(seen, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        // The cached statement gives fresh rows each time it runs.
        for (const char *slug : {"a", "c"}) {
            auto name = d.execCached(QStringLiteral("SELECT name FROM tenants WHERE slug = ?"), {QString::fromLatin1(slug)});
            QVERIFY(name && name->next());
            QCOMPARE(name->text(0), QString::fromLatin1(slug).toUpper());
            QVERIFY(!name->next());
        }
    }

    // A shared database's URL names the database; a wrong one says what is wrong, never the password.
    void aBadLocationSaysWhatIsWrong()
    {
        if (!TestEnvironment::isPostgres()) {
            auto uri = Database::open(QStringLiteral("file:ordo.db?mode=ro"));
            QVERIFY(!uri);
            QCOMPARE(uri.error().code, ErrorCode::BadInput);
            return;
        }
        auto noDatabase = Database::open(QStringLiteral("postgresql://127.0.0.1:1/"));
        QVERIFY(!noDatabase);
        QCOMPARE(noDatabase.error().code, ErrorCode::BadInput);
        QVERIFY2(noDatabase.error().message.contains(QLatin1String("names no database")), qPrintable(noDatabase.error().message));

        auto absent = Database::open(TestEnvironment::postgresUrl() + QStringLiteral("/no_such_database"));
        QVERIFY(!absent);
        QVERIFY2(absent.error().message.contains(QLatin1String("no_such_database")), qPrintable(absent.error().message));

        // A password belongs in PGPASSWORD or ~/.pgpass, not on a command line; it is never echoed.
        for (const QString &withPassword : {QStringLiteral("postgresql://ann:s3cret-word@127.0.0.1:5432/ordo"),
                                            QStringLiteral("postgresql://ann:s3cret-word@127.0.0.1:99999/ordo"),
                                            QStringLiteral("postgresql://ann:s3cret-word@/ordo")}) {
            auto refused = Database::open(withPassword);
            QVERIFY(!refused);
            QCOMPARE(refused.error().code, ErrorCode::BadInput);
            QVERIFY2(!refused.error().message.contains(QLatin1String("s3cret-word")), qPrintable(refused.error().message));
        }

        TestEnvironment env;
        auto empty = Database::open(env.databasePath(), -1, Database::OpenMode::MustExist);
        QVERIFY(!empty);
        QCOMPARE(empty.error().code, ErrorCode::NotFound);
    }

    // The PostgreSQL baseline is the SQLite schema of the same version: same
    // tables, same columns, same nullability, integers as 64-bit integers
    // (epoch milliseconds), and the same unique keys that ON CONFLICT names.
    void postgresSchemaMatchesSqlite()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("compares the PostgreSQL schema with SQLite's");
        TestEnvironment env;
        auto pg = Database::open(env.databasePath());
        QVERIFY2(pg, pg ? "" : qPrintable(pg.error().message));
        auto lite = Database::openSqlite(env.path(QStringLiteral("compare.db")));
        QVERIFY(lite);

        auto liteTables = (*lite)->exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
        QVERIFY(liteTables);
        QStringList sqliteColumns;
        QStringList tables;
        while (liteTables->next())
            tables.append(liteTables->value(0).toString());
        for (const QString &table : std::as_const(tables)) {
            auto info = (*lite)->exec(QStringLiteral("SELECT name, type, \"notnull\" OR pk FROM pragma_table_info(?) ORDER BY name"), {table});
            QVERIFY(info);
            while (info->next()) {
                // SQLite's INTEGER holds 64 bits.
                const QString type = info->value(1).toString() == QLatin1String("INTEGER") ? QStringLiteral("bigint") : info->value(1).toString().toLower();
                sqliteColumns.append(QStringLiteral("%1.%2 %3%4").arg(table, info->value(0).toString(), type,
                                                                       info->value(2).toBool() ? QStringLiteral(" not null") : QString()));
            }
        }
        auto pgColumns = (*pg)->exec(QStringLiteral(
            "SELECT table_name, column_name,"
            // The singletons' key (CHECK id = 1) is the one small integer.
            " CASE WHEN data_type = 'smallint' AND column_name = 'id' AND table_name IN ('audit_head', 'audit_keying') THEN 'bigint'"
            " ELSE data_type END,"
            // A shared database's change log holds a transaction's changes for one tenant in
            // a row (kinds, entity_ids) beside rows of one (kind, entity_id), and the feeds
            // read it by writing transaction (xid); SQLite has one writer at a time, a row
            // per change, and reads by seq alone.
            " is_nullable = 'NO' OR (table_name = 'changes' AND column_name IN ('kind', 'entity_id'))"
            " FROM information_schema.columns WHERE table_schema = 'ordo'"
            " AND NOT (table_name = 'changes' AND column_name IN ('xid', 'kinds', 'entity_ids'))"
            // People's requests to the engines (ordo.request_support, ordo.cancel_order): an
            // embedded database has no people of its own, its services act at once. The
            // marker of a shared database's unlogged queue: SQLite's queue is never emptied.
            " AND table_name NOT IN ('requests', 'step_queue_intact') ORDER BY table_name, column_name"));
        QVERIFY(pgColumns);
        QStringList postgresColumns;
        while (pgColumns->next()) {
            postgresColumns.append(QStringLiteral("%1.%2 %3%4").arg(pgColumns->value(0).toString(), pgColumns->value(1).toString(),
                                                                     pgColumns->value(2).toString(),
                                                                     pgColumns->value(3).toBool() ? QStringLiteral(" not null") : QString()));
        }
        sqliteColumns.sort();
        postgresColumns.sort();
        QCOMPARE(postgresColumns, sqliteColumns);

        // Unique keys and primary keys, as table(columns in key order).
        QStringList sqliteKeys;
        for (const QString &table : std::as_const(tables)) {
            auto indexes = (*lite)->exec(QStringLiteral("SELECT name, origin FROM pragma_index_list(?) WHERE \"unique\""), {table});
            QVERIFY(indexes);
            QStringList names;
            while (indexes->next())
                names.append(indexes->value(0).toString());
            for (const QString &index : std::as_const(names)) {
                auto columns = (*lite)->exec(QStringLiteral("SELECT name FROM pragma_index_info(?) ORDER BY seqno"), {index});
                QVERIFY(columns);
                QStringList key;
                while (columns->next())
                    key.append(columns->value(0).toString());
                sqliteKeys.append(table + QLatin1Char('(') + key.join(QLatin1Char(',')) + QLatin1Char(')'));
            }
            // A rowid alias (INTEGER PRIMARY KEY) has no index of its own.
            auto rowidKey = (*lite)->exec(QStringLiteral("SELECT name FROM pragma_table_info(?) WHERE pk = 1 AND type = 'INTEGER'"
                                                         " AND (SELECT COUNT(*) FROM pragma_table_info(?) WHERE pk > 0) = 1"),
                                          {table, table});
            QVERIFY(rowidKey);
            if (rowidKey->next())
                sqliteKeys.append(table + QLatin1Char('(') + rowidKey->value(0).toString() + QLatin1Char(')'));
        }
        auto pgKeys = (*pg)->exec(QStringLiteral(
            "SELECT c.relname || '(' || string_agg(a.attname, ',' ORDER BY k.ord) || ')'"
            " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
            " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
            " WHERE n.nspname = 'ordo' AND i.indisunique AND c.relname NOT IN ('requests', 'step_queue_intact') GROUP BY i.indexrelid, c.relname"));
        QVERIFY(pgKeys);
        QStringList postgresKeys;
        while (pgKeys->next())
            postgresKeys.append(pgKeys->value(0).toString());
        // A shared database's step log is keyed by workflow first, as its lines are read
        // (schema 33); its seq is an identity, unique by itself as SQLite's rowid is.
        QVERIFY(postgresKeys.removeOne(QStringLiteral("step_log(workflow_id,seq)")));
        QVERIFY(sqliteKeys.removeOne(QStringLiteral("step_log(seq)")));
        sqliteKeys.sort();
        postgresKeys.sort();
        QCOMPARE(postgresKeys, sqliteKeys);
    }

    // A step's run changes its state, lease, times and results, and no index of
    // steps holds any of them: its updates stay HOT (no new index entries, far
    // fewer dead rows). Engines find steps by state in step_queue instead.
    void stepsAreIndexedByTheirKeysOnly()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("PostgreSQL's HOT updates");
        TestEnvironment env;
        auto pg = Database::open(env.databasePath());
        ORDO_CHECK_FATAL(pg);
        auto indexes = (*pg)->exec(QStringLiteral("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'ordo.steps'::regclass"
                                                  " ORDER BY 1"));
        ORDO_CHECK_FATAL(indexes);
        QStringList found;
        while (indexes->next())
            found.append(indexes->value(0).toString());
        QCOMPARE(found, (QStringList{QStringLiteral("CREATE UNIQUE INDEX steps_pkey ON ordo.steps USING btree (id)"),
                                     QStringLiteral("CREATE UNIQUE INDEX steps_workflow_id_step_key_kind_key ON ordo.steps"
                                                    " USING btree (workflow_id, step_key, kind)")}));
    }

    // What an administrator sees with \d+: the tables every step changes are
    // vacuumed once a twentieth (steps) or a fiftieth (workflows) of them is
    // dead, the change log and the engines' queue after every few thousand dead
    // rows; steps and workflows keep room on their pages for HOT updates. Steps
    // and the step log, read by key, are analysed once half of their rows
    // changed, the change log after 50,000 changes.
    void theBusiestTablesAreVacuumedEarly()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("PostgreSQL's autovacuum");
        TestEnvironment env;
        auto pg = Database::open(env.databasePath());
        ORDO_CHECK_FATAL(pg);
        auto options = (*pg)->exec(QStringLiteral("SELECT relname, array_to_string(reloptions, ',') FROM pg_class"
                                                  " WHERE relnamespace = 'ordo'::regnamespace"
                                                  " AND relname IN ('steps', 'step_log', 'step_queue', 'workflows', 'changes')"
                                                  " ORDER BY relname"));
        ORDO_CHECK_FATAL(options);
        QStringList found;
        while (options->next())
            found.append(options->value(0).toString() + QLatin1Char(' ') + options->value(1).toString());
        QCOMPARE(found, (QStringList{
                            QStringLiteral("changes autovacuum_vacuum_scale_factor=0,autovacuum_vacuum_threshold=2000,"
                                           "autovacuum_vacuum_cost_delay=0,vacuum_truncate=false,autovacuum_analyze_scale_factor=0,"
                                           "autovacuum_analyze_threshold=50000"),
                            QStringLiteral("step_log autovacuum_analyze_scale_factor=0.5"),
                            QStringLiteral("step_queue autovacuum_vacuum_scale_factor=0,autovacuum_vacuum_threshold=5000,"
                                           "autovacuum_vacuum_cost_delay=0,autovacuum_analyze_scale_factor=0.2,vacuum_truncate=false"),
                            QStringLiteral("steps autovacuum_vacuum_threshold=1000,autovacuum_vacuum_cost_delay=0,fillfactor=70,"
                                           "autovacuum_vacuum_scale_factor=0.05,autovacuum_analyze_scale_factor=0.5"),
                            QStringLiteral("workflows fillfactor=90,autovacuum_vacuum_scale_factor=0.02,autovacuum_vacuum_threshold=500,"
                                           "autovacuum_vacuum_cost_delay=0")}));
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"

#include "OrdoInternals.h"
#include "TestSupport.h"

#include "client/ChangeFeed.h"
#include "client/OrdoClient.h"
#include "store/ChangeLog.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using namespace ordo;
using namespace ordo::test;

namespace {

const char *kindName(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::Order: return "order";
    case ChangeKind::Approval: return "approval";
    case ChangeKind::Workflow: return "workflow";
    case ChangeKind::Step: return "step";
    case ChangeKind::Ticket: return "ticket";
    case ChangeKind::CmdbItem: return "cmdb item";
    }
    return "?";
}

QString describe(const QList<QList<Change>> &batches)
{
    QStringList out;
    for (const QList<Change> &batch : batches) {
        QStringList items;
        for (const Change &c : batch)
            items << QStringLiteral("%1 %2 (tenant %3)").arg(QLatin1String(kindName(c.kind))).arg(c.id).arg(c.tenantId);
        out << QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    return out.join(QLatin1Char(' '));
}

bool anyBatchHas(const QList<QList<Change>> &batches, const Change &change)
{
    return std::any_of(batches.cbegin(), batches.cend(), [&](const QList<Change> &b) { return b.contains(change); });
}

// Runs one statement on a connection of its own, as another process would; the error, or empty.
QString execElsewhere(const QString &databasePath, const QString &sql)
{
    QString error;
    {
        QSqlDatabase db;
        if (TestEnvironment::isPostgres()) {
            db = addPgConnection(QStringLiteral("elsewhere"), databasePath);
        } else {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("elsewhere"));
            db.setDatabaseName(databasePath);
        }
        if (!db.open())
            error = db.lastError().text();
        else if (QSqlQuery q(db); !q.exec(sql))
            error = q.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("elsewhere"));
    return error;
}

} // namespace

class TestChangeFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ORDO_REQUIRE_BACKEND(); }

    void reportsAnOrderPlacedByAnotherProcess()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        // On PostgreSQL without its fallback poll: only the notification can bring the change.
        auto feed = TestEnvironment::isPostgres() ? ChangeFeed::open(env.databasePath(), std::chrono::hours(1)) : ChangeFeed::open(env.databasePath());
        ORDO_VERIFY_OK(feed);
        QList<QList<Change>> batches;
        connect(feed->get(), &ChangeFeed::changed, this, [&batches](const QList<Change> &c) { batches.append(c); });
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        const Id acme = alice.tenant.id;

        // First one of this process's own, so that the feed has polled before the other process commits.
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 2}, {QStringLiteral("memoryGiB"), 4}}));
        auto first = ordo->orders().checkout(alice);
        ORDO_VERIFY_OK(first);
        QTRY_VERIFY2(anyBatchHas(batches, Change{ChangeKind::Order, first->id, acme}), qPrintable(describe(batches)));

        const QString db = env.databasePath();
        QCOMPARE(ordoctl(db, QStringLiteral("alice"), {QStringLiteral("cart"), QStringLiteral("add"), QStringLiteral("linux-vm"),
                                                       QStringLiteral("--set"), QStringLiteral("cpus=4"), QStringLiteral("--set"),
                                                       QStringLiteral("memoryGiB=16")}).exitCode, 0);
        QCOMPARE(ordoctl(db, QStringLiteral("alice"), {QStringLiteral("checkout")}).exitCode, 0);
        auto orders = ordo->orders().orders(alice);
        ORDO_VERIFY_OK(orders);
        QCOMPARE(orders->size(), 2);
        const Id second = std::max(orders->at(0).id, orders->at(1).id);
        QVERIFY(second != first->id);
        QTRY_VERIFY2(anyBatchHas(batches, Change{ChangeKind::Order, second, acme}), qPrintable(describe(batches)));
    }

    // Through the client: its own writes, on its own connection, come back too.
    void theClientReportsItsOwnWrites()
    {
        TestEnvironment env;
        openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        QList<QList<Change>> batches;
        connect(&client, &OrdoClient::changed, this, [&batches](const QList<Change> &c) { batches.append(c); });
        auto placed = client.call<Order>([](Ordo &ordo) -> Result<Order> {
            ORDO_TRY(alice, ordo.login(QStringLiteral("alice"), QStringLiteral("demo")));
            ORDO_CHECK(ordo.cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 2}, {QStringLiteral("memoryGiB"), 4}}));
            return ordo.orders().checkout(alice);
        });
        QTRY_VERIFY(placed.isFinished());
        ORDO_VERIFY_OK(placed.result());
        const Order order = *placed.result();
        QTRY_VERIFY2(anyBatchHas(batches, Change{ChangeKind::Order, order.id, order.tenantId}), qPrintable(describe(batches)));
    }

    // What one transaction changed arrives together: an approval with the
    // order it moved on, a started workflow with its steps.
    void theChangesOfOneTransactionArriveInOneBatch()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session alice = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(alice, QStringLiteral("linux-vm"), {{QStringLiteral("cpus"), 4}, {QStringLiteral("memoryGiB"), 16}}));
        auto order = ordo->orders().checkout(alice);
        ORDO_VERIFY_OK(order);
        QCOMPARE(order->state, OrderState::PendingApproval);

        auto feed = ChangeFeed::open(env.databasePath());
        ORDO_VERIFY_OK(feed);
        QList<QList<Change>> batches;
        connect(feed->get(), &ChangeFeed::changed, this, [&batches](const QList<Change> &c) { batches.append(c); });

        ORDO_VERIFY_OK(ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("bob")), order->id, Decision::Approve, QStringLiteral("ok")));
        QTRY_VERIFY(!batches.isEmpty());
        const Change approval{ChangeKind::Approval, order->id, order->tenantId};
        const Change moved{ChangeKind::Order, order->id, order->tenantId};
        QVERIFY2(batches.size() == 1 && batches.first().contains(approval) && batches.first().contains(moved), qPrintable(describe(batches)));

        batches.clear();
        auto started = ordo->workflows().start(sessionFor(*ordo, QStringLiteral("admin")),
                                               R"({"name": "by-hand", "version": 1, "steps": [{"id": "a", "action": "test.noop"},
                                                   {"id": "b", "action": "test.noop"}]})",
                                               {});
        ORDO_VERIFY_OK(started);
        QTRY_VERIFY(!batches.isEmpty());
        QCOMPARE(batches.size(), 1);
        const QList<Change> &batch = batches.first();
        QVERIFY2(batch.contains(Change{ChangeKind::Workflow, *started, order->tenantId}), qPrintable(describe(batches)));
        const auto steps = std::count_if(batch.cbegin(), batch.cend(), [&](const Change &c) {
            return c.kind == ChangeKind::Step && c.tenantId == order->tenantId;
        });
        QVERIFY2(steps == 2, qPrintable(describe(batches)));
    }

    // A transaction's changes reach a feed in one batch, each once, each tenant's
    // in the order noted. A shared database keeps them as one row per tenant: an
    // engine's pump notes two or three a step, and a row each was a third of the
    // server's WAL records.
    void aTransactionsChangesAreReadAsNoted()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto feed = ChangeFeed::open(env.databasePath());
        ORDO_VERIFY_OK(feed);
        QList<QList<Change>> batches;
        connect(feed->get(), &ChangeFeed::changed, this, [&batches](const QList<Change> &c) { batches.append(c); });
        Database &db = OrdoInternals::database(*ordo);
        const auto rows = [&db]() -> int {
            auto q = db.exec(QStringLiteral("SELECT COUNT(*) FROM changes"));
            return q && q->next() ? q->value(0).toInt() : -1;
        };
        const int rowsBefore = rows();

        const Change workflow{ChangeKind::Workflow, 7, 1};
        const Change first{ChangeKind::Step, 70, 1};
        const Change elsewhere{ChangeKind::Step, 80, 2};
        const Change second{ChangeKind::Step, 71, 1};
        const Change providers{ChangeKind::Workflow, 9, 0};
        const QList<Change> noted{workflow, first, elsewhere, second, first, providers};
        ORDO_VERIFY_OK(db.write([&]() -> Status { return recordChanges(db, noted); }));

        QTRY_VERIFY(!batches.isEmpty());
        QVERIFY2(batches.size() == 1, qPrintable(describe(batches)));
        const QList<Change> &batch = batches.first();
        QVERIFY2(batch.size() == 5 && QSet<Change>(batch.cbegin(), batch.cend()) == QSet<Change>(noted.cbegin(), noted.cend()),
                 qPrintable(describe(batches)));
        QList<Change> firstTenants;
        std::copy_if(batch.cbegin(), batch.cend(), std::back_inserter(firstTenants), [](const Change &c) { return c.tenantId == 1; });
        QCOMPARE(firstTenants, (QList<Change>{workflow, first, second}));
        QCOMPARE(rows() - rowsBefore, TestEnvironment::isPostgres() ? 3 : int(noted.size()));
    }

    // A change log that cannot be read for longer than a moment stops the
    // feed, once, with why; readable again, it resumes and reports again.
    void saysWhenItStopsAndWhenItResumes()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto feed = ChangeFeed::open(env.databasePath());
        ORDO_VERIFY_OK(feed);
        QSignalSpy stopped(feed->get(), &ChangeFeed::stopped);
        QSignalSpy resumed(feed->get(), &ChangeFeed::resumed);
        QList<QList<Change>> batches;
        connect(feed->get(), &ChangeFeed::changed, this, [&batches](const QList<Change> &c) { batches.append(c); });
        QTest::qWait(200);
        QCOMPARE(stopped.count(), 0);

        const QString changes = TestEnvironment::isPostgres() ? QStringLiteral("ordo.changes") : QStringLiteral("changes");
        QCOMPARE(execElsewhere(env.databasePath(), QStringLiteral("ALTER TABLE %1 RENAME TO changes_away").arg(changes)), QString());
        QTest::qWait(ChangeFeed::kStoppedAfter.count() / 2);
        QCOMPARE(stopped.count(), 0); // a moment is no news
        QTRY_COMPARE(stopped.count(), 1);
        QVERIFY2(stopped.first().first().toString().contains(QStringLiteral("cannot read the change log")),
                 qPrintable(stopped.first().first().toString()));
        QTest::qWait(300);
        QCOMPARE(stopped.count(), 1);
        QCOMPARE(resumed.count(), 0);

        QCOMPARE(execElsewhere(env.databasePath(), QStringLiteral("ALTER TABLE %1_away RENAME TO changes").arg(changes)), QString());
        QTRY_COMPARE(resumed.count(), 1);
        const Order order = checkOut(*ordo, QStringLiteral("alice"));
        QTRY_VERIFY2(anyBatchHas(batches, Change{ChangeKind::Order, order.id, order.tenantId}), qPrintable(describe(batches)));
        QCOMPARE(stopped.count(), 1);
    }

    // A shared database's server ends the feed's connections (a restart, an
    // administrator): the feed connects again by itself and misses nothing
    // committed meanwhile.
    void reconnectsWhenItsConnectionsEnd()
    {
        if (!TestEnvironment::isPostgres())
            QSKIP("an embedded database has no connection to lose");
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto feed = ChangeFeed::open(env.databasePath());
        ORDO_VERIFY_OK(feed);
        QList<QList<Change>> batches;
        connect(feed->get(), &ChangeFeed::changed, this, [&batches](const QList<Change> &c) { batches.append(c); });
        const Order before = checkOut(*ordo, QStringLiteral("alice"));
        QTRY_VERIFY2(anyBatchHas(batches, Change{ChangeKind::Order, before.id, before.tenantId}), qPrintable(describe(batches)));

        // Every connection to this test's database but the one that asks: the feed's reader and listener too.
        const QString database = QUrl(env.databasePath()).path().mid(1);
        QCOMPARE(execElsewhere(env.databasePath(), QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                                                  " WHERE datname = '%1' AND pid <> pg_backend_pid()").arg(database)),
                 QString());
        // The demo's own connection went too: it connects again for this checkout.
        const Order after = checkOut(*ordo, QStringLiteral("alice"));
        QTRY_VERIFY2(anyBatchHas(batches, Change{ChangeKind::Order, after.id, after.tenantId}), qPrintable(describe(batches)));
    }

    // A database file that is gone stops the feed for good; the client says so too.
    void saysWhenTheDatabaseIsGone()
    {
        ORDO_REQUIRE_SQLITE("a shared database is no file that can go");
        TestEnvironment env;
        openDemo(env.databasePath());
        auto feed = ChangeFeed::open(env.databasePath());
        ORDO_VERIFY_OK(feed);
        OrdoClient client(env.databasePath());
        auto opened = client.opened();
        QTRY_VERIFY(opened.isFinished());
        QSignalSpy stopped(feed->get(), &ChangeFeed::stopped);
        QSignalSpy clientStopped(&client, &OrdoClient::feedStopped);
        QVERIFY(QFile::remove(env.databasePath()));
        QTRY_COMPARE(stopped.count(), 1);
        QVERIFY2(stopped.first().first().toString().contains(QStringLiteral("is gone")), qPrintable(stopped.first().first().toString()));
        QTRY_COMPARE(clientStopped.count(), 1);
        QCOMPARE(clientStopped.first().first().toString(), stopped.first().first().toString());
    }
};

QTEST_GUILESS_MAIN(TestChangeFeed)
#include "tst_changefeed.moc"

#include "TestSupport.h"

#include "store/Migrations.h"
#include "store/TenantColumn.h"

using namespace ordo;
using namespace ordo::test;

class TestMigrations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newDatabaseIsAtLatestWithDurableSettings()
    {
        TestEnvironment env;
        auto db = Database::openSqlite(env.databasePath());
        QVERIFY(db);
        QCOMPARE((*db)->schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE(Database::latestSchemaVersion(), int(migrations().size()));
        const auto pragma = [&](const char *name) {
            auto q = (*db)->exec(QStringLiteral("PRAGMA ") + QString::fromLatin1(name));
            return q && q->next() ? q->value(0).toString() : QString();
        };
        QCOMPARE(pragma("journal_mode"), QStringLiteral("wal"));
        QCOMPARE(pragma("synchronous"), QStringLiteral("2")); // FULL
        QCOMPARE(pragma("foreign_keys"), QStringLiteral("1"));
    }

    void migratesADatabaseMadeBySchemaOne()
    {
        TestEnvironment env;
        {
            auto old = Database::openSqlite(env.databasePath(), 1);
            QVERIFY(old);
            Database &db = **old;
            QCOMPARE(db.schemaVersion(), 1);
            // Data as Ordo with schema 1 wrote it, audit chain included.
            auto filled = db.write([&]() -> Status {
                ORDO_CHECK(db.exec(QStringLiteral("INSERT INTO tenants(id, slug, name) VALUES (1, 'acme', 'ACME')")));
                ORDO_CHECK(db.exec(QStringLiteral("INSERT INTO users(id, name, display_name, email, password_hash, created_at)"
                                                  " VALUES (1, 'alice', 'Alice', 'a@x', 'h', '2026-01-01T00:00:00.000Z')")));
                ORDO_CHECK(db.exec(QStringLiteral("INSERT INTO orders(id, tenant_id, requester_id, request_id, state, version,"
                                                  " monthly_cents, currency, vcpus, memory_gib, vms, created_at, updated_at)"
                                                  " VALUES (7, 1, 1, 'r1', 'pending-approval', 2, 10900, 'EUR', 4, 16, 1,"
                                                  " '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')")));
                QByteArray previous;
                for (qint64 seq = 1; seq <= 2; ++seq) {
                    AuditEntry e;
                    e.seq = seq;
                    e.at = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
                    e.actor = QStringLiteral("alice");
                    e.tenantId = 1;
                    e.entity = QStringLiteral("order");
                    e.entityId = QStringLiteral("7");
                    e.action = QStringLiteral("transition");
                    e.fromState = QStringLiteral("x");
                    e.toState = QStringLiteral("y");
                    e.reason = QStringLiteral("r");
                    e.prevHash = previous;
                    e.hash = AuditLog::legacyHashOf(e);
                    previous = e.hash;
                    ORDO_CHECK(db.exec(QStringLiteral("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?)"),
                                       {e.seq, toDbTime(e.at), e.actor, e.tenantId, e.entity, e.entityId, e.action,
                                        e.fromState, e.toState, e.reason, seq == 1 ? QStringLiteral("") : QString::fromLatin1(e.prevHash),
                                        QString::fromLatin1(e.hash)}));
                }
                return ok();
            });
            ORDO_VERIFY_OK(filled);
        }
        auto opened = Ordo::open(env.databasePath());
        ORDO_VERIFY_OK(opened);
        Ordo &ordo = **opened;
        QCOMPARE(ordo.database().schemaVersion(), Database::latestSchemaVersion());
        auto order = ordo.store().order(7);
        ORDO_VERIFY_OK(order);
        QVERIFY(order->has_value());
        QCOMPARE((*order)->requestId, QStringLiteral("r1"));
        QCOMPARE((*order)->state, OrderState::PendingApproval);
        QCOMPARE((*order)->monthlyCents, 10900);
        QVERIFY(!(*order)->approvalExpiresAt.isValid()); // the new column, empty for old orders
        // The audit head starts at the newest entry, so the old trail verifies and new entries chain on.
        auto verified = ordo.audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
        QCOMPARE(verified->entriesChecked, 2);
        auto recorded = ordo.database().write([&] {
            return ordo.audit().record({QStringLiteral("bob"), 1, QStringLiteral("order"), QStringLiteral("7"),
                                        QStringLiteral("note"), {}, {}, {}, {}});
        });
        ORDO_VERIFY_OK(recorded);
        verified = ordo.audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
        QCOMPARE(verified->entriesChecked, 3);
        // The old entries keep their unkeyed hashes; the new one is keyed and seals them.
        QCOMPARE(verified->legacyEntries, 2);
    }

    void reopeningAppliesNothingTwice()
    {
        TestEnvironment env;
        for (int i = 0; i < 3; ++i) {
            auto db = Database::openSqlite(env.databasePath());
            QVERIFY(db);
            auto q = (*db)->exec(QStringLiteral("SELECT COUNT(*) FROM schema_migrations"));
            QVERIFY(q && q->next());
            QCOMPARE(q->value(0).toInt(), Database::latestSchemaVersion());
        }
    }

    void refusesADatabaseFromANewerOrdo()
    {
        TestEnvironment env;
        {
            auto db = Database::openSqlite(env.databasePath());
            QVERIFY(db);
            ORDO_VERIFY_OK((*db)->exec(QStringLiteral("INSERT INTO schema_migrations VALUES (99, 'future')")));
        }
        auto db = Database::openSqlite(env.databasePath());
        QVERIFY(!db);
        QCOMPARE(db.error().code, ErrorCode::Conflict);
        QVERIFY2(db.error().message.contains(QStringLiteral("schema version 99")), qPrintable(db.error().message));
    }

    // The workflows listing for one tenant, as Runtime::workflows asks for it,
    // searches workflows_tenant instead of reading every workflow.
    void tenantListingUsesItsIndex_data()
    {
        QTest::addColumn<qint64>("tenant");
        QTest::newRow("a tenant's") << qint64(7);
        QTest::newRow("the provider's own") << qint64(0);
    }

    void tenantListingUsesItsIndex()
    {
        QFETCH(qint64, tenant);
        TestEnvironment env;
        auto db = Database::openSqlite(env.databasePath());
        QVERIFY(db);
        QVariantList binds;
        const QString listing = QStringLiteral("SELECT * FROM workflows WHERE 1 = 1 AND ")
                                + tenantColumnIs(QStringLiteral("tenant_id"), tenant, binds) + QStringLiteral(" ORDER BY id");
        auto plan = (*db)->exec(QStringLiteral("EXPLAIN QUERY PLAN ") + listing, binds);
        ORDO_VERIFY_OK(plan);
        QStringList steps;
        while (plan->next())
            steps.append(plan->value(3).toString());
        QVERIFY2(steps.contains(QStringLiteral("SEARCH workflows USING INDEX workflows_tenant (tenant_id=?)")),
                 qPrintable(steps.join(QStringLiteral("; "))));
    }

    void failedWriteLeavesNothingBehind()
    {
        TestEnvironment env;
        auto db = Database::openSqlite(env.databasePath());
        QVERIFY(db);
        auto failed = (*db)->write([&]() -> Status {
            ORDO_CHECK((*db)->exec(QStringLiteral("INSERT INTO tenants(slug, name) VALUES ('a', 'A')")));
            return Error::badInput(QStringLiteral("changed my mind"));
        });
        QVERIFY(!failed);
        auto q = (*db)->exec(QStringLiteral("SELECT COUNT(*) FROM tenants"));
        QVERIFY(q && q->next());
        QCOMPARE(q->value(0).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"

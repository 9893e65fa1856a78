#include "TestSupport.h"
#include "OrdoInternals.h"

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
                    // Milliseconds too: the hash covers the time as the ISO text it was stored as.
                    e.at = QDateTime(QDate(2026, 1, 1), QTime(0, 0, 0, 123), Qt::UTC);
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
                                       {e.seq, e.at.toString(Qt::ISODateWithMs), e.actor, e.tenantId, e.entity, e.entityId, e.action,
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
        QCOMPARE(OrdoInternals::database(ordo).schemaVersion(), Database::latestSchemaVersion());
        auto order = OrdoInternals::store(ordo).order(7);
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
        auto recorded = OrdoInternals::database(ordo).write([&] {
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

    void timesWrittenAsIsoTextKeepTheirMillisecond()
    {
        TestEnvironment env;
        const int beforeEpochMs = 12;
        // One distinct time per column, each as Ordo up to schema 11 stored it.
        struct Stored
        {
            const char *table;
            const char *column;
            const char *where;
            QString iso;
        };
        const auto iso = [](int second, int ms, int offsetHours = 0) {
            QDateTime t(QDate(2026, 3, 4), QTime(5, 6, second, ms), Qt::UTC);
            return offsetHours ? t.toOffsetFromUtc(offsetHours * 3600).toString(Qt::ISODateWithMs) : t.toString(Qt::ISODateWithMs);
        };
        const QList<Stored> stored = {
            {"users", "created_at", "id = 1", iso(1, 1)},
            {"cart_lines", "added_at", "id = 1", iso(2, 2)},
            {"orders", "created_at", "id = 7", iso(3, 3)},
            {"orders", "updated_at", "id = 7", iso(4, 4, 2)}, // an offset other than UTC, read as that instant
            {"orders", "approval_expires_at", "id = 7", iso(5, 5)},
            {"approval_decisions", "decided_at", "order_id = 7", iso(6, 6)},
            {"connector_settings", "updated_at", "name = 'mail'", iso(7, 7)},
            {"cmdb_items", "created_at", "id = 1", iso(8, 8)},
            {"cmdb_items", "removed_at", "id = 1", iso(9, 9)},
            {"tickets", "created_at", "id = 1", iso(10, 10)},
            {"ticket_comments", "created_at", "id = 1", iso(11, 11)},
            {"mail_outbox", "created_at", "id = 1", iso(12, 12)},
            {"mail_outbox", "next_attempt_at", "id = 1", iso(13, 13)},
            {"mail_outbox", "sent_at", "id = 1", iso(14, 999)},
            {"guest_host_keys", "first_seen_at", "identity = 'vm1'", iso(15, 15)},
            {"schema_migrations", "applied_at", "version = 1", iso(16, 16)},
        };
        {
            auto old = Database::openSqlite(env.databasePath(), beforeEpochMs);
            QVERIFY(old);
            Database &db = **old;
            auto filled = db.write([&]() -> Status {
                for (const char *sql : {
                         "INSERT INTO tenants(id, slug, name) VALUES (1, 'acme', 'ACME')",
                         "INSERT INTO users(id, name, display_name, email, password_hash, created_at) VALUES (1, 'alice', 'A', 'a@x', 'h', '')",
                         "INSERT INTO catalog_items(id, definition, position) VALUES ('vm', '{}', 0)",
                         "INSERT INTO cart_lines(id, user_id, tenant_id, item_id, parameters, quantity, added_at) VALUES (1, 1, 1, 'vm', '{}', 1, '')",
                         "INSERT INTO orders(id, tenant_id, requester_id, request_id, state, version, monthly_cents, currency, vcpus,"
                         " memory_gib, vms, created_at, updated_at) VALUES (7, 1, 1, 'r1', 'pending-approval', 1, 1, 'EUR', 1, 1, 1, '', '')",
                         "INSERT INTO orders(id, tenant_id, requester_id, request_id, state, version, monthly_cents, currency, vcpus,"
                         " memory_gib, vms, created_at, updated_at, approval_expires_at)"
                         " VALUES (8, 1, 1, 'r2', 'approved', 1, 1, 'EUR', 1, 1, 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '')",
                         "INSERT INTO approval_decisions(order_id, level, approver_id, decision, comment, decided_at) VALUES (7, 1, 1, 'approve', '', '')",
                         "INSERT INTO connector_settings(name, settings, updated_at, updated_by) VALUES ('mail', '{}', '', 'admin')",
                         "INSERT INTO cmdb_items(id, correlation, class, name, ip, attributes, created_at) VALUES (1, 'c1', 'vm', 'n', 'ip', '{}', '')",
                         "INSERT INTO tickets(id, correlation, title, description, severity, created_at) VALUES (1, 't1', 't', 'd', 'low', '')",
                         "INSERT INTO ticket_comments(id, ticket_id, correlation, comment, created_at) VALUES (1, 1, 'k1', 'c', '')",
                         "INSERT INTO mail_outbox(id, correlation, created_at, recipients, subject, body, template, state)"
                         " VALUES (1, 'm1', '', 'a@x', 's', 'b', 't', 'sent')",
                         "INSERT INTO mail_outbox(id, correlation, created_at, recipients, subject, body, template, state)"
                         " VALUES (2, 'm2', '2026-01-01T00:00:00.000Z', 'a@x', 's', 'b', 't', 'queued')",
                         "INSERT INTO guest_host_keys(identity, key_type, fingerprint, first_seen_at, address) VALUES ('vm1', 'ed25519', 'f', '', 'h:22')",
                     })
                    ORDO_CHECK(db.exec(QString::fromLatin1(sql)));
                for (const Stored &s : stored)
                    ORDO_CHECK(db.exec(QStringLiteral("UPDATE %1 SET %2 = ? WHERE %3").arg(QLatin1String(s.table), QLatin1String(s.column),
                                                                                          QLatin1String(s.where)),
                                       {s.iso}));
                return ok();
            });
            ORDO_VERIFY_OK(filled);
        }
        auto opened = Ordo::open(env.databasePath());
        ORDO_VERIFY_OK(opened);
        Ordo &ordo = **opened;
        for (const Stored &s : stored) {
            auto q = OrdoInternals::database(ordo).exec(QStringLiteral("SELECT typeof(%2), %2 FROM %1 WHERE %3")
                                              .arg(QLatin1String(s.table), QLatin1String(s.column), QLatin1String(s.where)));
            ORDO_VERIFY_OK(q);
            QVERIFY(q->next());
            const QString where = QStringLiteral("%1.%2").arg(QLatin1String(s.table), QLatin1String(s.column));
            QVERIFY2(q->value(0).toString() == QLatin1String("integer"), qPrintable(where + QStringLiteral(" is ") + q->value(0).toString()));
            QVERIFY2(fromDbTime(q->value(1)) == QDateTime::fromString(s.iso, Qt::ISODateWithMs),
                     qPrintable(where + QStringLiteral(": ") + fromDbTime(q->value(1)).toString(Qt::ISODateWithMs) + QStringLiteral(" for ") + s.iso));
        }
        // An empty optional time is no time, not 1970.
        auto empty = OrdoInternals::database(ordo).exec(QStringLiteral("SELECT (SELECT approval_expires_at FROM orders WHERE id = 8) IS NULL,"
                                                         " (SELECT sent_at FROM mail_outbox WHERE id = 2) IS NULL"));
        ORDO_VERIFY_OK(empty);
        QVERIFY(empty->next());
        QVERIFY(empty->value(0).toBool());
        QVERIFY(empty->value(1).toBool());
        // And the services read them back as the same instants.
        auto order = OrdoInternals::store(ordo).order(7);
        ORDO_VERIFY_OK(order);
        QVERIFY(order->has_value());
        QCOMPARE((*order)->createdAt, QDateTime::fromString(stored.at(2).iso, Qt::ISODateWithMs));
        QCOMPARE((*order)->updatedAt, QDateTime::fromString(stored.at(3).iso, Qt::ISODateWithMs));
        QCOMPARE((*order)->approvalExpiresAt, QDateTime::fromString(stored.at(4).iso, Qt::ISODateWithMs));
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

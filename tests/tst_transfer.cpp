// A team that began on the embedded demo moves to a shared database:
// `ordoctl export` writes the embedded database to a file, `ordoctl import`
// fills a new PostgreSQL database from it. Everything arrives (ids, password
// hashes, the audit trail, workflows under way), the work goes on there, and a
// damaged file or a database in use takes nothing in.

#include "OrdoInternals.h"
#include "PsqlAs.h"
#include "TestSupport.h"
#include "engine/Action.h"
#include "engine/Runtime.h"
#include "services/Transfer.h"
#include "util/Clock.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlRecord>

using namespace ordo;
using namespace ordo::test;

namespace {

// A table's rows as text, each "column=value" in the order of the column names.
QStringList rowsOf(Database &db, const QString &table, const QString &where = {})
{
    auto query = db.exec(QStringLiteral("SELECT * FROM %1%2").arg(table, where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where));
    if (!query)
        qFatal("%s: %s", qPrintable(table), qPrintable(query.error().message));
    QStringList rows;
    while (query->next()) {
        const QSqlRecord record = query->record();
        QStringList fields;
        for (int i = 0; i < record.count(); ++i) {
            const QVariant value = query->value(i);
            fields.append(record.fieldName(i) + QLatin1Char('=') + (value.isNull() ? QStringLiteral("NULL") : value.toString()));
        }
        fields.sort();
        rows.append(fields.join(QLatin1Char(' ')));
    }
    rows.sort();
    return rows;
}

QList<QByteArray> linesOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    QList<QByteArray> lines = file.readAll().split('\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

void writeLines(const QString &path, const QList<QByteArray> &lines)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    for (const QByteArray &line : lines)
        file.write(line + '\n');
}

QString tableOf(const QByteArray &line)
{
    return QJsonDocument::fromJson(line).object().value(QLatin1String("table")).toString();
}

} // namespace

class TestTransfer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ORDO_REQUIRE_BACKEND();
        m_source = m_env.path(QStringLiteral("embedded.db"));
        m_export = m_env.path(QStringLiteral("ordo-export.jsonl"));
        auto opened = Ordo::open(m_source);
        ORDO_CHECK_FATAL(opened);
        m_embedded = std::move(*opened);
        Ordo &ordo = *m_embedded;
        ORDO_CHECK_FATAL(ordo.createDemo(QStringLiteral("demo")));
        // Work in every state: provisioned (a VM workflow, its CMDB record, usage and mails),
        // approved and not yet provisioned (its workflow under way), and waiting.
        const Session bob = sessionFor(ordo, QStringLiteral("bob"));
        m_provisioned = checkOut(ordo, QStringLiteral("alice")).id;
        ORDO_CHECK_FATAL(ordo.approvals().decide(bob, m_provisioned, Decision::Approve, QStringLiteral("fine")));
        // A step that failed once before it succeeded: its failed attempt has a row of its own.
        {
            engine::ActionRegistry actions;
            actions.addBuiltinActions();
            const Clock clock;
            engine::Runtime runtime(OrdoInternals::database(ordo), ordo.audit(), actions, clock);
            ORDO_CHECK_FATAL(runtime.start(R"({"name": "retried", "version": 1, "steps": [
                {"id": "flaky", "action": "test.fail", "with": {"times": 1}, "retry": {"maxAttempts": 2, "initialIntervalMs": 1}}]})",
                                           {}, QStringLiteral("admin")));
        }
        const CommandResult run = ordoctl(m_source, {}, {QStringLiteral("engine"), QStringLiteral("run"), QStringLiteral("--until-idle")});
        if (run.exitCode != 0)
            qFatal("the embedded engine failed: %s", qPrintable(run.err));
        m_approved = checkOut(ordo, QStringLiteral("alice")).id;
        ORDO_CHECK_FATAL(ordo.approvals().decide(bob, m_approved, Decision::Approve, QStringLiteral("fine")));
        m_waiting = checkOut(ordo, QStringLiteral("dave")).id;
    }

    // A table a migration adds fails here until the export carries it (or says why not).
    void everyTableIsMoved()
    {
        auto shared = Database::open(m_env.databasePath());
        ORDO_CHECK_FATAL(shared);
        auto tables = (*shared)->exec(QStringLiteral("SELECT table_name FROM information_schema.tables "
                                                     "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"));
        ORDO_CHECK_FATAL(tables);
        QStringList notMoved;
        while (tables->next()) {
            if (!DataTransfer::tables().contains(tables->value(0).toString()))
                notMoved.append(tables->value(0).toString());
        }
        notMoved.sort();
        // The change feed and people's requests to the engines are their own database's; the
        // schema's version is compared, not copied; the engines' queue is derived from the steps,
        // and its marker says only that the server kept it.
        QCOMPARE(notMoved, (QStringList{QStringLiteral("changes"), QStringLiteral("requests"), QStringLiteral("schema_migrations"),
                                        QStringLiteral("step_queue"), QStringLiteral("step_queue_intact")}));
    }

    void exportingIsForAdmins()
    {
        const CommandResult refused = ordoctl(m_source, QStringLiteral("bob"), {QStringLiteral("export"), m_export});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains(QStringLiteral("only admins export the database")), qPrintable(refused.err));
        QVERIFY(!QFile::exists(m_export));

        const CommandResult exported = ordoctl(m_source, QStringLiteral("admin"), {QStringLiteral("export"), m_export});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        QVERIFY(QFile::exists(m_export));
        QCOMPARE(QFile::permissions(m_export) & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
        // The export is audited in the embedded database, and holds that entry itself.
        const QStringList entries = rowsOf(OrdoInternals::database(*m_embedded), QStringLiteral("audit_log"),
                                           QStringLiteral("entity = 'database' AND action = 'export' AND actor = 'admin'"));
        QCOMPARE(entries.size(), 1);
    }

    // Each damage is found before anything is kept: the shared database stays empty.
    void aDamagedExportImportsNothing_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("said");
        QTest::newRow("cut short") << QStringLiteral("cut") << QStringLiteral("it was cut short");
        QTest::newRow("an audit entry changed") << QStringLiteral("audit") << QStringLiteral("is not sealed");
        QTest::newRow("a provider admin slipped in") << QStringLiteral("admin") << QStringLiteral("is not sealed");
        QTest::newRow("the trail left out") << QStringLiteral("trail") << QStringLiteral("is not sealed");
        QTest::newRow("a row removed") << QStringLiteral("row") << QStringLiteral("rows, and");
        QTest::newRow("rows out of order") << QStringLiteral("order") << QStringLiteral("out of order");
        QTest::newRow("a row that refers to none") << QStringLiteral("reference") << QStringLiteral("order_lines row not taken");
        QTest::newRow("an unknown column") << QStringLiteral("column") << QStringLiteral("has no column 'shoe_size'");
        QTest::newRow("another schema version") << QStringLiteral("version") << QStringLiteral("exported at schema version 1 ");
        QTest::newRow("not an export") << QStringLiteral("garbage") << QStringLiteral("not an Ordo export");
    }

    void aDamagedExportImportsNothing()
    {
        QFETCH(QString, damage);
        QFETCH(QString, said);
        QList<QByteArray> lines = linesOf(m_export);
        const auto firstOf = [&](const QString &table) {
            for (qsizetype i = 0; i < lines.size(); ++i) {
                if (tableOf(lines.at(i)) == table)
                    return i;
            }
            qFatal("no row of %s", qPrintable(table));
        };
        const auto setInFirstRow = [&](const QString &table, const QString &column, const QJsonValue &value) {
            const qsizetype at = firstOf(table);
            QJsonObject line = QJsonDocument::fromJson(lines.at(at)).object();
            QJsonObject row = line.value(QLatin1String("row")).toObject();
            row.insert(column, value);
            line.insert(QStringLiteral("row"), row);
            lines[at] = QJsonDocument(line).toJson(QJsonDocument::Compact);
        };
        // A forger fixes the count of rows in the last line, too.
        const auto recount = [&](qint64 by) {
            QJsonObject end = QJsonDocument::fromJson(lines.constLast()).object();
            end.insert(QStringLiteral("rows"), end.value(QLatin1String("rows")).toInteger() + by);
            lines.last() = QJsonDocument(end).toJson(QJsonDocument::Compact);
        };
        if (damage == QLatin1String("cut")) {
            lines.removeLast();
        } else if (damage == QLatin1String("audit")) {
            setInFirstRow(QStringLiteral("audit_log"), QStringLiteral("reason"), QStringLiteral("nothing to see here"));
        } else if (damage == QLatin1String("admin")) {
            const QString bob = QString::number(m_embedded->login(QStringLiteral("bob"), QStringLiteral("demo"))->user.id);
            lines.insert(firstOf(QStringLiteral("approver_groups")),
                         QStringLiteral("{\"table\":\"provider_roles\",\"row\":{\"user_id\":%1,\"role\":\"admin\"}}").arg(bob).toUtf8());
            recount(1);
        } else if (damage == QLatin1String("trail")) {
            const qsizetype before = lines.size();
            lines.removeIf([](const QByteArray &line) {
                return tableOf(line) == QLatin1String("audit_log") || tableOf(line) == QLatin1String("audit_head");
            });
            recount(lines.size() - before);
        } else if (damage == QLatin1String("row")) {
            lines.removeAt(firstOf(QStringLiteral("approval_decisions")));
        } else if (damage == QLatin1String("order")) {
            // Decisions, which nothing refers to, after the steps.
            lines.move(firstOf(QStringLiteral("approval_decisions")), firstOf(QStringLiteral("steps")));
        } else if (damage == QLatin1String("reference")) {
            // The line of an order that is not in the file.
            setInFirstRow(QStringLiteral("order_lines"), QStringLiteral("order_id"), 999999);
        } else if (damage == QLatin1String("column")) {
            setInFirstRow(QStringLiteral("tenants"), QStringLiteral("shoe_size"), 44);
        } else if (damage == QLatin1String("version")) {
            QJsonObject header = QJsonDocument::fromJson(lines.first()).object();
            header.insert(QStringLiteral("schemaVersion"), 1);
            lines[0] = QJsonDocument(header).toJson(QJsonDocument::Compact);
        } else {
            lines = {QByteArrayLiteral("{\"hello\": \"world\"}")};
        }
        const QString damaged = m_env.path(QStringLiteral("damaged.jsonl"));
        writeLines(damaged, lines);
        const CommandResult refused = ordoctl(m_env.databasePath(), {}, {QStringLiteral("import"), damaged});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(said), qPrintable(refused.err));
        auto shared = Database::open(m_env.databasePath());
        ORDO_CHECK_FATAL(shared);
        for (const QString &table : DataTransfer::tables()) {
            if (table != QLatin1String("audit_keying") && table != QLatin1String("audit_head"))
                QVERIFY2(rowsOf(**shared, table).isEmpty(), qPrintable(table));
        }
    }

    // Every row arrives as it was; the trail verifies and says where it came from.
    void anImportKeepsEverything()
    {
        const CommandResult imported = ordoctl(m_env.databasePath(), {}, {QStringLiteral("--json"), QStringLiteral("import"), m_export});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        auto sharedOpened = Ordo::open(m_env.databasePath());
        ORDO_CHECK_FATAL(sharedOpened);
        m_shared = std::move(*sharedOpened);
        Database &shared = OrdoInternals::database(*m_shared);
        Database &embedded = OrdoInternals::database(*m_embedded);
        // Tables the walkthrough fills, each with something in it, so that equal means arrived.
        const QStringList filled{QStringLiteral("tenants"), QStringLiteral("users"), QStringLiteral("user_roles"), QStringLiteral("provider_roles"),
                                 QStringLiteral("approver_groups"), QStringLiteral("catalog_items"), QStringLiteral("orders"),
                                 QStringLiteral("order_lines"), QStringLiteral("approval_decisions"), QStringLiteral("workflow_definitions"),
                                 QStringLiteral("workflows"), QStringLiteral("steps"), QStringLiteral("step_log"), QStringLiteral("step_attempts"),
                                 QStringLiteral("usage_records"), QStringLiteral("cmdb_items"), QStringLiteral("mail_outbox"),
                                 QStringLiteral("audit_keying")};
        qint64 rows = 0;
        for (const QString &table : DataTransfer::tables()) {
            if (table == QLatin1String("audit_log") || table == QLatin1String("audit_head"))
                continue; // the import's own entry follows
            const QStringList before = rowsOf(embedded, table);
            QVERIFY2(!filled.contains(table) || !before.isEmpty(), qPrintable(table + QStringLiteral(" is empty: nothing to compare")));
            QCOMPARE(rowsOf(shared, table), before);
            rows += before.size();
        }
        // Provisioning workflows are children of their order's: the parent arrives first.
        QVERIFY(!rowsOf(shared, QStringLiteral("workflows"), QStringLiteral("parent_id IS NOT NULL")).isEmpty());
        const QString exportedSeqs = QStringLiteral("seq <= (SELECT max(seq) FROM audit_log WHERE action = 'export')");
        const QStringList trail = rowsOf(embedded, QStringLiteral("audit_log"), exportedSeqs);
        QCOMPARE(rowsOf(shared, QStringLiteral("audit_log"), exportedSeqs), trail);
        rows += trail.size() + 1; // and the head
        QCOMPARE(QJsonDocument::fromJson(imported.out.toUtf8()).object().value(QLatin1String("rows")).toInteger(), rows);
        auto verified = m_shared->audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
        QCOMPARE(verified->entriesChecked, qint64(trail.size() + 1));
        QCOMPARE(rowsOf(shared, QStringLiteral("audit_log"), QStringLiteral("action = 'import' AND actor = 'system'")).size(), 1);
        // The people log in as before: their password hashes came along.
        const CommandResult alice = ordoctl(m_env.databasePath(), QStringLiteral("alice"),
                                            {QStringLiteral("orders"), QStringLiteral("show"), QString::number(m_approved)});
        QVERIFY2(alice.exitCode == 0, qPrintable(alice.err));
    }

    // The workflow under way finishes on the shared database, and new rows get new ids.
    void theWorkGoesOnThere()
    {
        QVERIFY(m_shared);
        const CommandResult run = ordoctl(m_env.databasePath(), {}, {QStringLiteral("engine"), QStringLiteral("run"), QStringLiteral("--until-idle")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        auto approved = m_shared->orders().order(sessionFor(*m_shared, QStringLiteral("alice")), m_approved);
        ORDO_VERIFY_OK(approved);
        QCOMPARE(orderStateName(approved->state), orderStateName(OrderState::Completed));
        auto waiting = m_shared->orders().order(sessionFor(*m_shared, QStringLiteral("dave")), m_waiting);
        ORDO_VERIFY_OK(waiting);
        QCOMPARE(orderStateName(waiting->state), orderStateName(OrderState::PendingApproval));
        const Order next = checkOut(*m_shared, QStringLiteral("dave"));
        QVERIFY2(next.id > std::max(m_approved, m_waiting), qPrintable(QString::number(next.id)));
        auto verified = m_shared->audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
    }

    // Imported people have no login roles yet: init --shared, then a password each.
    void importedPeopleGetTheirOwnLogins()
    {
        QVERIFY(m_shared);
        dropRoles();
        const QString url = m_env.databasePath();
        const CommandResult shared = ordoctl(url, {}, {QStringLiteral("init"), QStringLiteral("--shared"), url, QStringLiteral("--role-prefix"), kPrefix});
        QVERIFY2(shared.exitCode == 0, qPrintable(shared.err));
        const QString role = kPrefix + QStringLiteral("alice");
        QVERIFY(psqlAs(url, role, QStringLiteral("demo"), {QStringLiteral("SELECT 1")}).exitCode != 0);
        qputenv("ORDO_NEW_PASSWORD", "alice's own");
        const CommandResult set = ordoctl(url, QStringLiteral("admin"), {QStringLiteral("users"), QStringLiteral("password"), QStringLiteral("alice")});
        qunsetenv("ORDO_NEW_PASSWORD");
        QVERIFY2(set.exitCode == 0, qPrintable(set.err));
        const PsqlOutcome orders = psqlAs(url, role, QStringLiteral("alice's own"), {QStringLiteral("SELECT id FROM ordo.orders ORDER BY id")});
        QVERIFY2(orders.exitCode == 0, qPrintable(orders.errorText));
        QCOMPARE(orders.rows, (QStringList{QString::number(m_provisioned), QString::number(m_approved)}));
    }

    // Only into a new, empty shared database.
    void anImportGoesIntoANewSharedDatabaseOnly()
    {
        QVERIFY(m_shared);
        const QStringList before = rowsOf(OrdoInternals::database(*m_shared), QStringLiteral("orders"));
        const CommandResult again = ordoctl(m_env.databasePath(), {}, {QStringLiteral("import"), m_export});
        QCOMPARE(again.exitCode, 5);
        QVERIFY2(again.err.contains(QStringLiteral("holds data already")), qPrintable(again.err));
        QCOMPARE(rowsOf(OrdoInternals::database(*m_shared), QStringLiteral("orders")), before);

        const CommandResult embedded = ordoctl(m_source, {}, {QStringLiteral("import"), m_export});
        QCOMPARE(embedded.exitCode, 2);
        QVERIFY2(embedded.err.contains(QStringLiteral("is an embedded database")), qPrintable(embedded.err));
    }

    void cleanupTestCase() { dropRoles(); }

private:
    // Roles are the server's and outlive the test's database: this test's go.
    void dropRoles()
    {
        auto admin = Database::open(m_env.databasePath());
        ORDO_CHECK_FATAL(admin);
        auto roles = (*admin)->exec(QStringLiteral("SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?)"), {kPrefix});
        ORDO_CHECK_FATAL(roles);
        QStringList names;
        while (roles->next())
            names.append(roles->value(0).toString());
        for (const QString &role : std::as_const(names)) {
            auto dropped = (*admin)->exec(QStringLiteral("DROP OWNED BY \"%1\"").arg(role));
            if (dropped)
                dropped = (*admin)->exec(QStringLiteral("DROP ROLE \"%1\"").arg(role));
            if (!dropped)
                qWarning("cannot drop the role %s: %s", qPrintable(role), qPrintable(dropped.error().message));
        }
    }

    const QString kPrefix = QStringLiteral("trf_");
    TestEnvironment m_env;
    QString m_source;
    QString m_export;
    std::unique_ptr<Ordo> m_embedded;
    std::unique_ptr<Ordo> m_shared;
    Id m_provisioned = 0;
    Id m_approved = 0;
    Id m_waiting = 0;
};

QTEST_GUILESS_MAIN(TestTransfer)
#include "tst_transfer.moc"

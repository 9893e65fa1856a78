// The shared database's read rules: each person, reading the tables with
// psql as their own role, gets exactly what Ordo's services show them.

#include "PsqlAs.h"
#include "SharedDemo.h"

#include <QDeadlineTimer>
#include <QSet>
#include <QThread>

#include <atomic>
#include <functional>
#include <thread>

using namespace ordo;
using namespace ordo::test;

namespace {

const QStringList kPeople = {QStringLiteral("alice"), QStringLiteral("bob"),  QStringLiteral("carol"),
                             QStringLiteral("admin"), QStringLiteral("dave"), QStringLiteral("erin"),
                             QStringLiteral("pat"),   QStringLiteral("gina")};

// Tables people never read: audit keys and heads, connector settings (which
// name hosts and accounts), the engines' concurrency limits and queue.
const QStringList kClosedTables = {QStringLiteral("audit_head"), QStringLiteral("audit_keying"),
                                   QStringLiteral("connector_settings"), QStringLiteral("concurrency_limits"),
                                   QStringLiteral("step_queue"), QStringLiteral("step_queue_intact")};

template <typename T, typename IdOf>
void addIds(QSet<qint64> &ids, const Result<QList<T>> &listed, IdOf idOf)
{
    if (!listed)
        return; // the service refuses this person: nothing to see
    for (const T &item : *listed)
        ids.insert(idOf(item));
}

QList<qint64> sorted(const QSet<qint64> &ids)
{
    QList<qint64> list(ids.begin(), ids.end());
    std::sort(list.begin(), list.end());
    return list;
}

} // namespace

class TestRls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ORDO_REQUIRE_BACKEND();
        m_demo = makeSharedDemo(m_env, QStringLiteral("rls_"));
    }

    void eachPersonReadsWhatTheServicesShow_data()
    {
        QTest::addColumn<QString>("person");
        for (const QString &person : kPeople)
            QTest::newRow(qPrintable(person)) << person;
    }

    // Orders, workflows, audit entries, mails, carts and tenants: the rows the
    // person's role reads are those the services show in any of the person's
    // sessions (each tenant, and every tenant for the provider's staff).
    void eachPersonReadsWhatTheServicesShow()
    {
        QFETCH(QString, person);
        Ordo &ordo = *m_demo.owner;
        QSet<qint64> orders, workflows, steps, audit, mails, cartLines, tenants;
        for (const Session &session : sessionsOf(person)) {
            if (session.tenant.id != 0)
                tenants.insert(session.tenant.id);
            auto visibleOrders = ordo.orders().orders(session);
            addIds(orders, visibleOrders, [](const Order &o) { return qint64(o.id); });
            auto visibleWorkflows = ordo.workflows().list(session);
            addIds(workflows, visibleWorkflows, [](const engine::WorkflowSummary &w) { return w.id; });
            if (visibleWorkflows) {
                for (const engine::WorkflowSummary &w : *visibleWorkflows)
                    addIds(steps, ordo.workflows().steps(session, w.id), [](const engine::StepInfo &s) { return s.rowId; });
            }
            addIds(audit, ordo.auditTrail().entries(session), [](const AuditEntry &e) { return e.seq; });
            if (visibleOrders) {
                for (const Order &o : *visibleOrders)
                    addIds(audit, ordo.auditTrail().entries(session, o.id), [](const AuditEntry &e) { return e.seq; });
            }
            addIds(mails, ordo.mail().outbox(session), [](const OutboxEntry &m) { return m.id; });
            if (session.can(Role::Customer))
                addIds(cartLines, ordo.cart().lines(session), [](const CartLine &l) { return qint64(l.id); });
        }
        if (person == QLatin1String("pat")) // the provider's staff: every tenant
            tenants = {m_demo.tenantId(QStringLiteral("acme")), m_demo.tenantId(QStringLiteral("globex"))};

        QCOMPARE(readIds(person, QStringLiteral("SELECT id FROM ordo.orders ORDER BY id")), sorted(orders));
        QCOMPARE(readIds(person, QStringLiteral("SELECT id FROM ordo.workflows ORDER BY id")), sorted(workflows));
        // A step is read by its own tenant column: every step of each workflow, none of another's.
        QCOMPARE(readIds(person, QStringLiteral("SELECT id FROM ordo.steps ORDER BY id")), sorted(steps));
        QCOMPARE(readIds(person, QStringLiteral("SELECT seq FROM ordo.audit_log ORDER BY seq")), sorted(audit));
        QCOMPARE(readIds(person, QStringLiteral("SELECT id FROM ordo.mail_outbox ORDER BY id")), sorted(mails));
        QCOMPARE(readIds(person, QStringLiteral("SELECT id FROM ordo.cart_lines ORDER BY id")), sorted(cartLines));
        QCOMPARE(readIds(person, QStringLiteral("SELECT id FROM ordo.tenants ORDER BY id")), sorted(tenants));
    }

    // The fixture is not empty where it matters: otherwise the comparisons above would prove nothing.
    void theFixtureHasSomethingInEveryTenant()
    {
        QCOMPARE(readIds(QStringLiteral("alice"), QStringLiteral("SELECT id FROM ordo.orders")), QList<qint64>{m_demo.acmeOrder});
        QCOMPARE(readIds(QStringLiteral("gina"), QStringLiteral("SELECT id FROM ordo.workflows WHERE name = 'provision'")),
                 QList<qint64>{m_demo.globexWorkflow});
        QCOMPARE(readIds(QStringLiteral("carol"), QStringLiteral("SELECT id FROM ordo.workflows WHERE name = 'provision'")),
                 QList<qint64>{m_demo.acmeWorkflow});
        QVERIFY(!readIds(QStringLiteral("carol"), QStringLiteral("SELECT id FROM ordo.mail_outbox")).isEmpty());
        QVERIFY(!readIds(QStringLiteral("gina"), QStringLiteral("SELECT id FROM ordo.mail_outbox")).isEmpty());
        QCOMPARE(readIds(QStringLiteral("pat"), QStringLiteral("SELECT id FROM ordo.workflows WHERE name = 'provision' ORDER BY id")),
                 (QList<qint64>{m_demo.acmeWorkflow, m_demo.globexWorkflow}));
    }

    // A step and its log go with their workflow.
    void stepsGoWithTheirWorkflow()
    {
        const QString steps = QStringLiteral("SELECT DISTINCT w.order_id FROM ordo.steps s JOIN ordo.workflows w ON w.id = s.workflow_id "
                                             "WHERE w.name = 'provision' ORDER BY 1");
        const QString log = QStringLiteral("SELECT count(*) FROM ordo.step_log WHERE workflow_id = %1");
        QCOMPARE(readIds(QStringLiteral("carol"), steps), QList<qint64>{m_demo.acmeOrder});
        QCOMPARE(readIds(QStringLiteral("gina"), steps), QList<qint64>{m_demo.globexOrder});
        QVERIFY(readIds(QStringLiteral("carol"), log.arg(m_demo.acmeWorkflow)).first() > 0);
        QCOMPARE(readIds(QStringLiteral("carol"), log.arg(m_demo.globexWorkflow)), QList<qint64>{0});
        QCOMPARE(readIds(QStringLiteral("alice"), QStringLiteral("SELECT count(*) FROM ordo.steps")), QList<qint64>{0});
        QCOMPARE(readIds(QStringLiteral("erin"), QStringLiteral("SELECT count(*) FROM ordo.step_log")), QList<qint64>{0});
    }

    // An approver reads the lines and decisions of the tenant's orders, a customer only their own.
    void orderPartsGoWithTheirOrder()
    {
        const QString lines = QStringLiteral("SELECT DISTINCT order_id FROM ordo.order_lines ORDER BY 1");
        QCOMPARE(readIds(QStringLiteral("bob"), lines), QList<qint64>{m_demo.acmeOrder});
        QCOMPARE(readIds(QStringLiteral("dave"), lines), QList<qint64>{m_demo.globexOrder});
        QCOMPARE(readIds(QStringLiteral("pat"), lines), (QList<qint64>{m_demo.acmeOrder, m_demo.globexOrder}));
    }

    // A customer sees themselves and their approvers; the tenant's staff see its people; nobody a password hash.
    void peopleSeeTheirTenantsPeopleWithoutPasswords()
    {
        const QString names = QStringLiteral("SELECT name FROM ordo.users ORDER BY name");
        QCOMPARE(psql(QStringLiteral("dave"), {names}).rows, (QStringList{QStringLiteral("dave"), QStringLiteral("erin")}));
        QCOMPARE(psql(QStringLiteral("gina"), {names}).rows, (QStringList{QStringLiteral("dave"), QStringLiteral("erin"), QStringLiteral("gina")}));
        const PsqlOutcome hash = psql(QStringLiteral("bob"), {QStringLiteral("SELECT password_hash FROM ordo.users")});
        QCOMPARE(hash.sqlState, QStringLiteral("42501"));
        QVERIFY(hash.rows.isEmpty());
    }

    // Every table has row-level security, forced; people read a table only through a
    // policy of theirs, or not at all. A table a migration adds fails here until it is placed.
    void everyTableIsGuarded()
    {
        auto db = Database::open(m_demo.url);
        ORDO_CHECK_FATAL(db);
        auto tables = (*db)->exec(QStringLiteral(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "       has_table_privilege(?, c.oid, 'SELECT'), "
            "       has_table_privilege(?, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER'), "
            "       EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'person_read'), "
            "       pg_get_userbyid(c.relowner) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'ordo' AND c.relkind = 'r'"),
            {m_demo.role(QStringLiteral("pat")), m_demo.role(QStringLiteral("pat"))});
        ORDO_CHECK_FATAL(tables);
        int count = 0;
        while (tables->next()) {
            ++count;
            const QString table = tables->value(0).toString();
            QVERIFY2(tables->value(1).toBool() && tables->value(2).toBool(), qPrintable(table));
            QCOMPARE(tables->value(6).toString(), m_demo.ownerRole);
            QVERIFY2(!tables->value(4).toBool(), qPrintable(table + QStringLiteral(": people may change it")));
            // users is read through its columns (without the password hash), not the whole table.
            const bool readable = tables->value(3).toBool() || table == QLatin1String("users");
            const bool hasPolicy = tables->value(5).toBool();
            if (kClosedTables.contains(table)) {
                QVERIFY2(!readable && !hasPolicy, qPrintable(table + QStringLiteral(" is closed to people")));
            } else {
                QVERIFY2(readable && hasPolicy, qPrintable(table + QStringLiteral(": place it, readable with a policy or closed")));
            }
        }
        QVERIFY2(count >= 25, qPrintable(QString::number(count)));
        // Only the owner and this database's people connect: roles are the whole server's.
        auto open = (*db)->exec(QStringLiteral("SELECT has_database_privilege('public', current_database(), 'CONNECT') "
                                               "OR has_database_privilege('public', current_database(), 'TEMPORARY')"));
        ORDO_CHECK_FATAL(open);
        QVERIFY(open->next());
        QVERIFY2(!open->value(0).toBool(), "PUBLIC may connect to the database or make temporary tables in it");
        // And no policy but those, each for its one role (engines read the carts of queued checkouts
        // only, and lock the limits and the customers' role rows, which are the carts' locks, without
        // changing them).
        auto policies = (*db)->exec(QStringLiteral(
            "SELECT c.relname || ' ' || p.polname || ' ' || array_to_string(ARRAY(SELECT pg_get_userbyid(r) FROM unnest(p.polroles) r), ',') "
            "FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = 'ordo'::regnamespace"));
        ORDO_CHECK_FATAL(policies);
        int policyCount = 0;
        while (policies->next()) {
            ++policyCount;
            const QStringList words = policies->value(0).toString().split(QLatin1Char(' '));
            const QHash<QString, QString> roleOfPolicy{{QStringLiteral("owner_all"), m_demo.ownerRole},
                                                       {QStringLiteral("person_read"), shared::personGroupRole(m_demo.prefix)},
                                                       {QStringLiteral("engine_all"), m_demo.engineRole()},
                                                       {QStringLiteral("engine_checkouts"), m_demo.engineRole()},
                                                       {QStringLiteral("engine_locks_only"), m_demo.engineRole()}};
            QVERIFY2(roleOfPolicy.contains(words.at(1)), qPrintable(words.join(QLatin1Char(' '))));
            QCOMPARE(words.at(2), roleOfPolicy.value(words.at(1)));
        }
        QCOMPARE(policyCount, 2 * count + int(count - kClosedTables.size()) + 2);
        // People's policies only ever read.
        auto commands = (*db)->exec(QStringLiteral("SELECT count(*) FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
                                                   "WHERE c.relnamespace = 'ordo'::regnamespace AND p.polname = 'person_read' AND p.polcmd <> 'r'"));
        ORDO_CHECK_FATAL(commands);
        QVERIFY(commands->next());
        QCOMPARE(commands->value(0).toInt(), 0);
    }

    // Who is asking is looked up once per query (an InitPlan), not once per row.
    void policiesAskWhoYouAreOncePerQuery()
    {
        const PsqlOutcome plan = psql(QStringLiteral("bob"), {QStringLiteral("EXPLAIN SELECT id FROM ordo.orders")});
        QVERIFY2(plan.sqlState.isEmpty(), qPrintable(plan.errorText));
        const QString text = plan.rows.join(QLatin1Char('\n'));
        QVERIFY2(text.contains(QLatin1String("InitPlan")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("SubPlan")), qPrintable(text));
    }

    // The server holds a SCRAM verifier; the demo password logs in, another does not.
    void peopleLogInWithTheirOwnPassword()
    {
        const PsqlOutcome wrong = psqlAs(m_demo.url, m_demo.role(QStringLiteral("alice")), QStringLiteral("not-demo"),
                                         {QStringLiteral("SELECT 1")});
        QVERIFY(wrong.exitCode != 0);
        QVERIFY2(wrong.errorText.contains(QLatin1String("password authentication failed")), qPrintable(wrong.errorText));
        QCOMPARE(psql(QStringLiteral("alice"), {QStringLiteral("SELECT session_user")}).rows,
                 QStringList{m_demo.role(QStringLiteral("alice"))});
        auto db = Database::open(m_demo.url);
        ORDO_CHECK_FATAL(db);
        auto stored = (*db)->exec(QStringLiteral("SELECT rolpassword FROM pg_authid WHERE rolname = ?"), {m_demo.role(QStringLiteral("alice"))});
        ORDO_CHECK_FATAL(stored);
        QVERIFY(stored->next());
        QVERIFY2(stored->value(0).toString().startsWith(QLatin1String("SCRAM-SHA-256$4096:")), qPrintable(stored->value(0).toString()));
    }

    // A role of a person's login name that this database did not make is never taken
    // over: a DBA's, nor another database's person of the same name (roles are the server's).
    void anotherRoleIsNeverTakenOver_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("attributes");
        QTest::newRow("a DBA's role") << QStringLiteral("dba") << QStringLiteral("LOGIN CREATEROLE");
        QTest::newRow("another database's person") << QStringLiteral("eve")
                                                   << QStringLiteral("LOGIN IN ROLE %1").arg(shared::personGroupRole(m_demo.prefix));
    }

    void anotherRoleIsNeverTakenOver()
    {
        QFETCH(QString, name);
        QFETCH(QString, attributes);
        auto db = Database::open(m_demo.url);
        ORDO_CHECK_FATAL(db);
        const QString foreign = m_demo.role(name);
        ORDO_CHECK_FATAL((*db)->exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(foreign)));
        ORDO_CHECK_FATAL((*db)->exec(QStringLiteral("CREATE ROLE %1 %2").arg(foreign, attributes)));
        ORDO_CHECK_FATAL(m_demo.owner->accounts().createUser(name, {}, name + QStringLiteral("@acme.example"), QStringLiteral("demo")));
        ORDO_CHECK_FATAL(m_demo.owner->accounts().grant(name, QStringLiteral("acme"), Role::Support));
        ORDO_VERIFY_ERROR(shared::setPersonLogin(**db, m_demo.prefix, name, QStringLiteral("demo")), ErrorCode::Conflict);
        // Whoever logs in with that role is nobody here: it reads nothing.
        ORDO_CHECK_FATAL((*db)->exec(QStringLiteral("ALTER ROLE %1 PASSWORD 'theirs'").arg(foreign)));
        ORDO_CHECK_FATAL((*db)->exec(QStringLiteral("GRANT CONNECT ON DATABASE %1 TO %2").arg(QUrl(m_demo.url).path().mid(1), foreign)));
        if (name == QLatin1String("eve"))
            QCOMPARE(psqlAs(m_demo.url, foreign, QStringLiteral("theirs"), {QStringLiteral("SELECT count(*) FROM ordo.orders")}).rows,
                     QStringList{QStringLiteral("0")});
        ORDO_VERIFY_ERROR(shared::setPersonLogin(**db, m_demo.prefix, QStringLiteral("nobody"), QStringLiteral("demo")), ErrorCode::NotFound);
        ORDO_CHECK_FATAL((*db)->exec(QStringLiteral("DROP OWNED BY %1").arg(foreign)));
        ORDO_CHECK_FATAL((*db)->exec(QStringLiteral("DROP ROLE %1").arg(foreign)));
    }

    // The policies' helpers, the trail's append and the decision run as their
    // owner with a pinned search_path, and nobody may call them who was not granted it. The
    // HMAC is pure arithmetic and runs as its caller, who must be one of them.
    void helpersArePinned()
    {
        auto db = Database::open(m_demo.url);
        ORDO_CHECK_FATAL(db);
        auto helpers = (*db)->exec(QStringLiteral(
            "SELECT n.nspname || '.' || p.proname, p.prosecdef, array_to_string(p.proconfig, ','), "
            "       has_function_privilege('public', p.oid, 'EXECUTE'), pg_get_userbyid(p.proowner) "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname IN ('ordo', 'ordo_private') ORDER BY 1"));
        ORDO_CHECK_FATAL(helpers);
        QStringList names;
        while (helpers->next()) {
            const QString name = helpers->value(0).toString();
            names.append(name);
            if (name != QLatin1String("ordo_private.hmac_sha256"))
                QVERIFY2(helpers->value(1).toBool(), qPrintable(name + QStringLiteral(" is not SECURITY DEFINER")));
            QCOMPARE(helpers->value(2).toString(), QStringLiteral("search_path=pg_catalog, pg_temp"));
            QVERIFY2(!helpers->value(3).toBool(), qPrintable(name + QStringLiteral(" is PUBLIC's to call")));
            QCOMPARE(helpers->value(4).toString(), m_demo.ownerRole);
        }
        QCOMPARE(names, (QStringList{QStringLiteral("ordo.audit_append"), QStringLiteral("ordo.audit_chain"), QStringLiteral("ordo.cancel_order"),
                                     QStringLiteral("ordo.cart_add"), QStringLiteral("ordo.cart_clear"), QStringLiteral("ordo.cart_remove"),
                                     QStringLiteral("ordo.cart_set_parameters"), QStringLiteral("ordo.cart_set_quantity"),
                                     QStringLiteral("ordo.checkout"), QStringLiteral("ordo.decide"),
                                     QStringLiteral("ordo.request_support"),
                                     QStringLiteral("ordo_private.admit_request"), QStringLiteral("ordo_private.audit_append_one"),
                                     QStringLiteral("ordo_private.auto_approves"),
                                     QStringLiteral("ordo_private.cart_parameters"), QStringLiteral("ordo_private.check_customer"),
                                     QStringLiteral("ordo_private.check_quantity"), QStringLiteral("ordo_private.check_reason"), QStringLiteral("ordo_private.checkout_queued"),
                                     QStringLiteral("ordo_private.guard_engine_checkouts"),
                                     QStringLiteral("ordo_private.guard_engine_orders"), QStringLiteral("ordo_private.guard_requests"),
                                     QStringLiteral("ordo_private.hmac_sha256"), QStringLiteral("ordo_private.is_engine"),
                                     QStringLiteral("ordo_private.lock_cart"), QStringLiteral("ordo_private.me"), QStringLiteral("ordo_private.my_cart_line"), QStringLiteral("ordo_private.my_tenant_slugs"),
                                     QStringLiteral("ordo_private.my_tenants"), QStringLiteral("ordo_private.provider_staff"),
                                     QStringLiteral("ordo_private.sees_order"), QStringLiteral("ordo_private.tenant_footprint")}));
    }

    // Running init --shared again changes nothing a person can read.
    void applyingTheRulesAgainKeepsThem()
    {
        const QString orders = QStringLiteral("SELECT id FROM ordo.orders ORDER BY id");
        const QList<qint64> before = readIds(QStringLiteral("dave"), orders);
        auto db = Database::open(m_demo.ownerUrl);
        ORDO_CHECK_FATAL(db);
        ORDO_CHECK_FATAL(shared::applyAccessRules(**db, m_demo.prefix));
        QCOMPARE(readIds(QStringLiteral("dave"), orders), before);
        QCOMPARE(before, QList<qint64>{m_demo.globexOrder});
    }

    // On a database in use, the rules wait for every table before they change
    // anything: an automatic vacuum that waited for a change of theirs would
    // hold a table they wait for (tst_transfer met that deadlock once).
    void applyingTheRulesChangesNothingWhileWaitingForATable()
    {
        auto watcher = Database::open(m_demo.ownerUrl);
        ORDO_CHECK_FATAL(watcher);
        bool waited = false;
        QString changedWhileWaiting;
        const Status applied = applyRulesWhileStepsHeld([&](const std::atomic<bool> &finished) -> Status {
            QDeadlineTimer deadline(30000);
            while (!waited && !finished && !deadline.hasExpired()) {
                // A row another transaction changes shows that transaction as its xmax.
                ORDO_TRY(waiting, (*watcher)->exec(QStringLiteral(
                                       "SELECT (SELECT string_agg(c.relname, ', ') FROM pg_catalog.pg_class c WHERE c.xmax = a.backend_xid), "
                                       "       (SELECT string_agg(d.datname, ', ') FROM pg_catalog.pg_database d WHERE d.xmax = a.backend_xid) "
                                       "FROM pg_stat_activity a WHERE a.wait_event_type = 'Lock' AND a.backend_type = 'client backend' "
                                       "AND a.datname = current_database() AND a.pid <> pg_backend_pid()")));
                if (waiting.next()) {
                    waited = true;
                    changedWhileWaiting = QStringList{waiting.value(0).toString(), waiting.value(1).toString()}.join(QLatin1Char(' ')).trimmed();
                } else {
                    QThread::msleep(20);
                }
            }
            return ok();
        });
        ORDO_VERIFY_OK(applied);
        QVERIFY2(waited, "the rules never waited for the table held");
        QVERIFY2(changedWhileWaiting.isEmpty(), qPrintable(QStringLiteral("changed while waiting: %1").arg(changedWhileWaiting)));
    }

    // A table held longer than the rules wait for it: they let go of every
    // table, so that engines and consoles go on, and then try again.
    void applyingTheRulesOutlastsATableHeldLong()
    {
        ORDO_VERIFY_OK(applyRulesWhileStepsHeld([](const std::atomic<bool> &) -> Status {
            QThread::msleep(7000); // past the rules' five seconds of waiting for a table
            return ok();
        }));
    }

    // Schemas 37 and 38 on a database set up before them, without init --shared
    // again: carts and requests no longer take advisory locks; engines may lock
    // a limit's row and a customer's role row (a cart's lock), and still change
    // neither.
    void anUpgradeLetsEnginesLockTheLimitsAndCartsOnly()
    {
        const QString alice = QString::number(m_demo.userId(QStringLiteral("alice")));
        const QString acme = QString::number(m_demo.tenantId(QStringLiteral("acme")));
        {
            auto db = Database::open(m_demo.ownerUrl);
            ORDO_CHECK_FATAL(db);
            ORDO_CHECK_FATAL((*db)->write([&]() -> Status {
                for (const QString &table : {QStringLiteral("concurrency_limits"), QStringLiteral("user_roles")})
                    ORDO_CHECK((*db)->exec(QStringLiteral("DROP POLICY engine_locks_only ON ordo.%1").arg(table)));
                ORDO_CHECK((*db)->exec(QStringLiteral("REVOKE UPDATE (key) ON ordo.concurrency_limits FROM %1").arg(m_demo.engineRole())));
                ORDO_CHECK((*db)->exec(QStringLiteral("REVOKE UPDATE (user_id) ON ordo.user_roles FROM %1").arg(m_demo.engineRole())));
                // As schema 37 left them: advisory locks, and no gates for requests.
                for (const QString &function : {QStringLiteral("lock_cart(p_me bigint, p_tenant bigint)"),
                                                QStringLiteral("admit_request(p_asker bigint)")})
                    ORDO_CHECK((*db)->exec(QStringLiteral("CREATE OR REPLACE FUNCTION ordo_private.%1 RETURNS void LANGUAGE plpgsql"
                                                          " SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
                                                          " AS $$ BEGIN PERFORM pg_catalog.pg_advisory_xact_lock(1); END $$")
                                               .arg(function)));
                ORDO_CHECK((*db)->exec(QStringLiteral("DROP TABLE ordo_private.request_gates")));
                ORDO_CHECK((*db)->exec(QStringLiteral("DELETE FROM schema_migrations WHERE version >= 37")));
                ORDO_CHECK((*db)->exec(QStringLiteral("INSERT INTO concurrency_limits VALUES ('upgrade.check', 1)")));
                return ok();
            }));
        }
        const QStringList locks{QStringLiteral("SELECT key FROM ordo.concurrency_limits WHERE key = 'upgrade.check' FOR NO KEY UPDATE"),
                                QStringLiteral("SELECT role FROM ordo.user_roles WHERE user_id = %1 AND tenant_id = %2 AND role = 'customer'"
                                               " FOR NO KEY UPDATE")
                                    .arg(alice, acme)};
        for (const QString &lock : locks)
            QCOMPARE(psqlAs(m_demo.url, m_demo.engineRole(), QStringLiteral("demo"), {lock}).sqlState, QStringLiteral("42501"));
        auto upgraded = Database::open(m_demo.ownerUrl);
        ORDO_CHECK_FATAL(upgraded);
        QCOMPARE((*upgraded)->schemaVersion(), Database::latestSchemaVersion());
        auto advisory = (*upgraded)->exec(QStringLiteral("SELECT string_agg(proname, ' ') FROM pg_proc WHERE pronamespace = 'ordo_private'::regnamespace"
                                                         " AND proname IN ('lock_cart', 'admit_request') AND prosrc LIKE '%advisory%'"));
        ORDO_CHECK_FATAL(advisory);
        QVERIFY(advisory->next());
        QVERIFY2(advisory->value(0).isNull(), qPrintable(advisory->value(0).toString() + QStringLiteral(" still take advisory locks")));
        const QList<QStringList> lockedRows{{QStringLiteral("upgrade.check")}, {QStringLiteral("customer")}};
        for (qsizetype i = 0; i < locks.size(); ++i) {
            const PsqlOutcome locked = psqlAs(m_demo.url, m_demo.engineRole(), QStringLiteral("demo"), {locks.at(i)});
            QVERIFY2(locked.sqlState.isEmpty(), qPrintable(locked.errorText));
            QCOMPARE(locked.rows, lockedRows.at(i));
        }
        for (const QString &change : {QStringLiteral("UPDATE ordo.concurrency_limits SET key = 'escaped' WHERE key = 'upgrade.check'"),
                                      QStringLiteral("UPDATE ordo.user_roles SET user_id = user_id WHERE user_id = %1 AND tenant_id = %2").arg(alice, acme)}) {
            const PsqlOutcome changed = psqlAs(m_demo.url, m_demo.engineRole(), QStringLiteral("demo"), {change});
            QVERIFY2(changed.sqlState == QStringLiteral("42501"), qPrintable(change + QStringLiteral(": ") + changed.sqlState + changed.errorText));
        }
        ORDO_VERIFY_OK((*upgraded)->exec(QStringLiteral("DELETE FROM concurrency_limits WHERE key = 'upgrade.check'")));
    }

private:
    // Applies the access rules on a thread of their own while a reader holds
    // steps and runs whileHeld (told when the rules have finished); the rules'
    // outcome, or the reader's error.
    Status applyRulesWhileStepsHeld(const std::function<Status(const std::atomic<bool> &finished)> &whileHeld)
    {
        auto holder = Database::open(m_demo.ownerUrl);
        if (!holder)
            return holder.error();
        Status applied = Error::internal(QStringLiteral("the rules did not run"));
        std::atomic<bool> finished = false;
        std::thread applying;
        const Status held = (*holder)->read([&]() -> Status {
            ORDO_CHECK((*holder)->exec(QStringLiteral("SELECT count(*) FROM ordo.steps")));
            applying = std::thread([&] {
                auto db = Database::open(m_demo.ownerUrl);
                applied = db ? shared::applyAccessRules(**db, m_demo.prefix) : Status(db.error());
                finished = true;
            });
            return whileHeld(finished);
        });
        if (applying.joinable())
            applying.join();
        return held.ok() ? applied : held;
    }

    QList<Session> sessionsOf(const QString &person)
    {
        QList<Session> sessions;
        auto user = OrdoInternals::store(*m_demo.owner).userByName(person);
        if (!user)
            qFatal("no user %s", qPrintable(person));
        for (const QString &tenant : {QString(), QStringLiteral("acme"), QStringLiteral("globex")}) {
            if (auto session = m_demo.owner->accounts().openSession(*user, tenant))
                sessions.append(*session);
        }
        if (sessions.isEmpty())
            qFatal("%s has no session", qPrintable(person));
        return sessions;
    }

    PsqlOutcome psql(const QString &person, const QStringList &statements)
    {
        return psqlAs(m_demo.url, m_demo.role(person), QStringLiteral("demo"), statements);
    }

    QList<qint64> readIds(const QString &person, const QString &sql)
    {
        const PsqlOutcome outcome = psql(person, {sql});
        if (outcome.exitCode != 0)
            qFatal("%s: %s failed: %s %s", qPrintable(person), qPrintable(sql), qPrintable(outcome.sqlState), qPrintable(outcome.errorText));
        QList<qint64> ids;
        for (const QString &row : outcome.rows)
            ids.append(row.toLongLong());
        return ids;
    }

    TestEnvironment m_env;
    SharedDemo m_demo;
};

QTEST_GUILESS_MAIN(TestRls)
#include "tst_rls.moc"

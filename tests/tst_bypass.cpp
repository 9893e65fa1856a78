// The bypass suite: a person with their own credentials and psql tries to get
// past the rules that the console applies. Every attempt is refused with
// the SQLSTATE PostgreSQL gives for it, or reads nothing of another tenant's;
// afterwards nothing has changed and the audit trail verifies.

#include "PsqlAs.h"
#include "SharedDemo.h"

#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QUrl>

using namespace ordo;
using namespace ordo::test;

namespace {

const QString kDenied = QStringLiteral("42501"); // insufficient_privilege

} // namespace

class TestBypass : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ORDO_REQUIRE_BACKEND();
        m_demo = makeSharedDemo(m_env, QStringLiteral("byp_"));
        m_before = ownerView();
        QVERIFY(m_before.size() > 20);
    }

    void attempt_data()
    {
        QTest::addColumn<QString>("person");
        QTest::addColumn<QStringList>("statements");
        QTest::addColumn<QString>("sqlState");   // the refusal expected; empty when the statements run
        QTest::addColumn<QStringList>("rows");   // what they may read then (of their own tenant only)

        const QString A = QString::number(m_demo.acmeOrder);
        const QString G = QString::number(m_demo.globexOrder);
        const QString acme = QString::number(m_demo.tenantId(QStringLiteral("acme")));
        const QString globex = QString::number(m_demo.tenantId(QStringLiteral("globex")));
        const QString alice = QString::number(m_demo.userId(QStringLiteral("alice")));
        const QString bob = QString::number(m_demo.userId(QStringLiteral("bob")));
        const QString dave = QString::number(m_demo.userId(QStringLiteral("dave")));
        const QString acmeWorkflow = QString::number(m_demo.acmeWorkflow);
        const QString globexWorkflow = QString::number(m_demo.globexWorkflow);
        const QString davesOwnOnly = G;
        auto denied = [&](const char *name, const QString &person, const QStringList &statements) {
            QTest::newRow(name) << person << statements << kDenied << QStringList{};
        };
        auto reads = [&](const char *name, const QString &person, const QStringList &statements, const QStringList &rows) {
            QTest::newRow(name) << person << statements << QString() << rows;
        };

        // Changing orders, decisions, steps and the audit trail directly.
        denied("update an order", QStringLiteral("alice"), {QStringLiteral("UPDATE ordo.orders SET state = 'approved' WHERE id = %1").arg(A)});
        denied("insert an order", QStringLiteral("alice"),
               {QStringLiteral("INSERT INTO ordo.orders(tenant_id, requester_id, request_id, state, version, monthly_cents, currency, "
                               "vcpus, memory_gib, vms) VALUES (%1, %2, 'forged', 'approved', 1, 0, 'EUR', 1, 1, 1)")
                    .arg(acme, alice)});
        denied("delete orders", QStringLiteral("dave"), {QStringLiteral("DELETE FROM ordo.orders")});
        denied("truncate orders", QStringLiteral("dave"), {QStringLiteral("TRUNCATE ordo.orders")});
        denied("approve by writing the order", QStringLiteral("bob"),
               {QStringLiteral("UPDATE ordo.orders SET state = 'approved' WHERE id = %1").arg(A)});
        denied("insert a decision", QStringLiteral("bob"),
               {QStringLiteral("INSERT INTO ordo.approval_decisions(order_id, level, approver_id, decision, comment) "
                               "VALUES (%1, 0, %2, 'approve', 'fine')")
                    .arg(A, bob)});
        denied("update decisions", QStringLiteral("bob"), {QStringLiteral("UPDATE ordo.approval_decisions SET decision = 'approve'")});
        denied("complete a step", QStringLiteral("carol"),
               {QStringLiteral("UPDATE ordo.steps SET state = 'succeeded' WHERE workflow_id = %1").arg(acmeWorkflow)});
        denied("delete the step log", QStringLiteral("carol"), {QStringLiteral("DELETE FROM ordo.step_log")});
        denied("delete audit entries", QStringLiteral("carol"), {QStringLiteral("DELETE FROM ordo.audit_log")});
        denied("insert an audit entry", QStringLiteral("admin"),
               {QStringLiteral("INSERT INTO ordo.audit_log(seq, actor, entity, entity_id, action, from_state, to_state, reason, "
                               "details, prev_hash, hash) VALUES (100000, 'admin', 'order', '%1', 'transition', "
                               "'pending-approval', 'approved', '', '{}', '', '')")
                    .arg(A)});
        denied("rewrite the audit head", QStringLiteral("admin"), {QStringLiteral("UPDATE ordo.audit_head SET last_hash = ''")});
        denied("append to the audit trail through its function", QStringLiteral("bob"),
               {QStringLiteral("SELECT ordo.audit_append('bob', %1, 'order', '%2', 'transition', 'pending-approval', 'approved', "
                               "'', '{}', 0)")
                    .arg(acme, A)});
        denied("read the audit key", QStringLiteral("admin"), {QStringLiteral("SELECT key FROM ordo_private.audit_key")});
        denied("write from a DO block", QStringLiteral("alice"),
               {QStringLiteral("DO $$ BEGIN UPDATE ordo.orders SET state = 'approved'; END $$")});
        denied("copy rows in", QStringLiteral("alice"), {QStringLiteral("COPY ordo.orders FROM STDIN")});
        denied("lock a table", QStringLiteral("dave"),
               {QStringLiteral("BEGIN"), QStringLiteral("LOCK TABLE ordo.orders IN ACCESS EXCLUSIVE MODE")});

        // Reading another tenant's rows, or another person's.
        reads("another tenant's orders", QStringLiteral("dave"), {QStringLiteral("SELECT id FROM ordo.orders WHERE tenant_id = %1").arg(acme)}, {});
        reads("another tenant's order by id", QStringLiteral("dave"), {QStringLiteral("SELECT id, state FROM ordo.orders WHERE id = %1").arg(A)}, {});
        reads("copy a query", QStringLiteral("dave"), {QStringLiteral("COPY (SELECT id FROM ordo.orders ORDER BY id) TO STDOUT")}, {davesOwnOnly});
        reads("copy the table", QStringLiteral("dave"), {QStringLiteral("COPY ordo.orders (id) TO STDOUT")}, {davesOwnOnly});
        reads("another tenant's changes", QStringLiteral("dave"),
              {QStringLiteral("SELECT count(*) FROM ordo.changes WHERE tenant_id = %1").arg(acme)}, {QStringLiteral("0")});
        reads("another tenant's workflows", QStringLiteral("carol"),
              {QStringLiteral("SELECT id FROM ordo.workflows WHERE tenant_id = %1").arg(globex)}, {});
        reads("another tenant's step log", QStringLiteral("carol"),
              {QStringLiteral("SELECT count(*) FROM ordo.step_log WHERE workflow_id = %1").arg(globexWorkflow)}, {QStringLiteral("0")});
        reads("workflows as a customer", QStringLiteral("alice"), {QStringLiteral("SELECT count(*) FROM ordo.workflows")}, {QStringLiteral("0")});
        reads("another tenant's audit trail", QStringLiteral("gina"),
              {QStringLiteral("SELECT count(*) FROM ordo.audit_log WHERE tenant_id = %1").arg(acme)}, {QStringLiteral("0")});
        reads("another person's cart", QStringLiteral("dave"),
              {QStringLiteral("SELECT count(*) FROM ordo.cart_lines WHERE user_id = %1").arg(alice)}, {QStringLiteral("0")});

        // Becoming someone else, or switching the rules off.
        denied("become the owner", QStringLiteral("alice"), {QStringLiteral("SET ROLE %1").arg(m_demo.ownerRole)});
        denied("become another person", QStringLiteral("alice"), {QStringLiteral("SET ROLE %1").arg(m_demo.role(QStringLiteral("bob")))});
        denied("session authorization", QStringLiteral("alice"), {QStringLiteral("SET SESSION AUTHORIZATION %1").arg(m_demo.ownerRole)});
        denied("disable row-level security", QStringLiteral("dave"), {QStringLiteral("ALTER TABLE ordo.orders DISABLE ROW LEVEL SECURITY")});
        denied("row_security off", QStringLiteral("dave"), {QStringLiteral("SET row_security = off"), QStringLiteral("SELECT id FROM ordo.orders")});
        denied("drop a policy", QStringLiteral("dave"), {QStringLiteral("DROP POLICY person_read ON ordo.orders")});
        denied("BYPASSRLS for oneself", QStringLiteral("dave"), {QStringLiteral("ALTER ROLE %1 BYPASSRLS").arg(m_demo.role(QStringLiteral("dave")))});
        denied("create in Ordo's schema", QStringLiteral("dave"), {QStringLiteral("CREATE TABLE ordo.orders_copy (id bigint)")});
        denied("replace a policy helper", QStringLiteral("dave"),
               {QStringLiteral("CREATE OR REPLACE FUNCTION ordo_private.me() RETURNS bigint LANGUAGE sql AS 'SELECT %1'").arg(alice)});

        // Shadowing what the policies read with temporary tables and functions: people make none.
        denied("pg_temp tables", QStringLiteral("dave"),
               {QStringLiteral("CREATE TEMP TABLE user_roles (user_id bigint, tenant_id bigint, role text)"),
                QStringLiteral("INSERT INTO pg_temp.user_roles VALUES (%1, %2, 'admin')").arg(dave, acme),
                QStringLiteral("SET search_path = pg_temp, ordo, pg_catalog"), QStringLiteral("SELECT id FROM ordo.orders ORDER BY id")});
        denied("pg_temp functions", QStringLiteral("dave"),
               {QStringLiteral("CREATE FUNCTION pg_temp.starts_with(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT true'"),
                QStringLiteral("SET search_path = pg_temp, ordo, pg_catalog"), QStringLiteral("SELECT id FROM ordo.orders ORDER BY id")});

        // Error side channels: a filter that would fail on a hidden row never sees one.
        reads("division by zero on hidden rows", QStringLiteral("dave"),
              {QStringLiteral("SELECT 1 / (CASE WHEN tenant_id = %1 THEN 0 ELSE 1 END) FROM ordo.orders").arg(acme)}, {QStringLiteral("1")});
        reads("a bad cast on hidden rows", QStringLiteral("dave"),
              {QStringLiteral("SELECT id FROM ordo.orders WHERE (CASE WHEN tenant_id = %1 THEN 'x' ELSE '1' END)::int = 1").arg(acme)},
              {davesOwnOnly});

        // Secrets, settings and the server itself.
        denied("password hashes", QStringLiteral("dave"), {QStringLiteral("SELECT password_hash FROM ordo.users")});
        denied("role passwords", QStringLiteral("dave"), {QStringLiteral("SELECT rolpassword FROM pg_catalog.pg_authid")});
        denied("connector settings", QStringLiteral("admin"), {QStringLiteral("SELECT settings FROM ordo.connector_settings")});
        denied("Ordo's private schema", QStringLiteral("admin"), {QStringLiteral("SELECT role_prefix FROM ordo_private.meta")});
        denied("server files", QStringLiteral("admin"), {QStringLiteral("SELECT pg_read_file('postgresql.conf')")});
        denied("run a program", QStringLiteral("admin"), {QStringLiteral("COPY (SELECT 1) TO PROGRAM 'id'")});
        denied("end the engine's sessions", QStringLiteral("dave"),
               {QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid()")});

        // The engines' role runs workflows and moves orders along provisioning; it never decides.
        const QString engine = QStringLiteral("engine");
        denied("engine: insert a decision", engine,
               {QStringLiteral("INSERT INTO ordo.approval_decisions(order_id, level, approver_id, decision, comment) "
                               "VALUES (%1, 0, %2, 'approve', 'fine')")
                    .arg(A, bob)});
        for (const char *to : {"approved", "rejected", "cancelled", "provisioning", "completed"}) {
            const QByteArray name = QByteArray("engine: move a waiting order to ") + to;
            denied(name.constData(), engine,
                   {QStringLiteral("UPDATE ordo.orders SET state = '%1', version = version + 1 WHERE id = %2").arg(QLatin1String(to), A)});
        }
        denied("engine: change the approval level", engine,
               {QStringLiteral("UPDATE ordo.orders SET approval_level = approval_level + 1 WHERE id = %1").arg(A)});
        denied("engine: change who ordered", engine, {QStringLiteral("UPDATE ordo.orders SET requester_id = %1 WHERE id = %2").arg(bob, A)});
        denied("engine: change the price", engine, {QStringLiteral("UPDATE ordo.orders SET monthly_cents = 0 WHERE id = %1").arg(A)});
        denied("engine: place an order", engine,
               {QStringLiteral("INSERT INTO ordo.orders(tenant_id, requester_id, request_id, state, version, monthly_cents, currency, "
                               "vcpus, memory_gib, vms) VALUES (%1, %2, 'forged', 'approved', 1, 0, 'EUR', 1, 1, 1)")
                    .arg(acme, alice)});
        denied("engine: delete an order", engine, {QStringLiteral("DELETE FROM ordo.orders WHERE id = %1").arg(A)});
        denied("engine: edit the audit trail", engine, {QStringLiteral("UPDATE ordo.audit_log SET reason = ''")});
        denied("engine: delete audit entries", engine, {QStringLiteral("DELETE FROM ordo.audit_log")});
        denied("engine: password hashes", engine, {QStringLiteral("SELECT password_hash FROM ordo.users")});
        denied("engine: grant itself a tenant role", engine,
               {QStringLiteral("INSERT INTO ordo.user_roles(user_id, tenant_id, role) VALUES (%1, %2, 'approver')").arg(dave, acme)});
        denied("engine: change a person's address", engine, {QStringLiteral("UPDATE ordo.users SET email = 'x@evil.example'")});
        denied("engine: change the catalog", engine, {QStringLiteral("UPDATE ordo.catalog_items SET definition = '{}'")});
        // It sees no cart nobody asked it to check out.
        reads("engine: empty a cart", engine, {QStringLiteral("DELETE FROM ordo.cart_lines RETURNING id")}, {});
        denied("engine: change a tenant's policy", engine, {QStringLiteral("UPDATE ordo.tenants SET policy = '{}'")});
        denied("engine: become the owner", engine, {QStringLiteral("SET ROLE %1").arg(m_demo.ownerRole)});
        denied("engine: switch its guard off", engine, {QStringLiteral("ALTER TABLE ordo.orders DISABLE TRIGGER guard_engine_orders")});
        denied("engine: replace its guard", engine,
               {QStringLiteral("CREATE OR REPLACE FUNCTION ordo_private.guard_engine_orders() RETURNS trigger LANGUAGE plpgsql "
                               "AS 'BEGIN RETURN NEW; END'")});
        denied("engine: Ordo's private schema", engine, {QStringLiteral("SELECT engine_role FROM ordo_private.meta")});
        denied("engine: bump an order's version", engine, {QStringLiteral("UPDATE ordo.orders SET version = version + 1 WHERE id = %1").arg(A)});
        denied("engine: rewind the audit head", engine, {QStringLiteral("UPDATE ordo.audit_head SET last_seq = 1")});
        denied("engine: an audit entry beyond the head", engine,
               {QStringLiteral("INSERT INTO ordo.audit_log(seq, actor, entity, entity_id, action, from_state, to_state, reason, "
                               "details, prev_hash, hash) VALUES (100000, 'bob', 'order', '%1', 'transition', "
                               "'pending-approval', 'approved', '', '{}', '', '')")
                    .arg(A)});
        denied("engine: an audit entry right after the head, by hand", engine,
               {QStringLiteral("INSERT INTO ordo.audit_log(seq, actor, entity, entity_id, action, from_state, to_state, reason, "
                               "details, prev_hash, hash) SELECT last_seq + 1, 'bob', 'order', '%1', 'transition', "
                               "'pending-approval', 'approved', '', '{}', last_hash, '' FROM ordo.audit_head")
                    .arg(A)});
        denied("engine: read the audit key", engine, {QStringLiteral("SELECT key FROM ordo_private.audit_key")});
        denied("engine: compute an entry's hash", engine,
               {QStringLiteral("SELECT ordo_private.hmac_sha256('\\x00'::bytea, '\\x00'::bytea)")});
        denied("engine: define a workflow", engine,
               {QStringLiteral("INSERT INTO ordo.workflow_definitions(name, version, definition) VALUES ('vm', 999, '{}')")});
        denied("engine: delete workflows", engine, {QStringLiteral("DELETE FROM ordo.workflows")});
        denied("engine: change a bill", engine, {QStringLiteral("UPDATE ordo.usage_records SET unit_monthly_cents = 0")});
        denied("engine: raise a limit", engine, {QStringLiteral("INSERT INTO ordo.concurrency_limits(key, max_running) VALUES ('x', 1000)")});
        denied("engine: BYPASSRLS for itself", engine, {QStringLiteral("ALTER ROLE %1 BYPASSRLS").arg(m_demo.engineRole())});

        // Deciding through ordo.decide, the one way to decide: each rule of
        // ApprovalService::decide holds against the caller's own login.
        const QString kNoOrder = QStringLiteral("P0002");
        const QString kConflict = QStringLiteral("23514");
        const QString kBadInput = QStringLiteral("22023");
        const QString kNoWorkflow = QStringLiteral("P0002");
        const auto refused = [&](const char *name, const QString &person, const QString &sql, const QString &state) {
            QTest::newRow(name) << person << QStringList{sql} << state << QStringList{};
        };
        denied("decide as a customer, one's own order", QStringLiteral("alice"),
               {QStringLiteral("SELECT ordo.decide(%1, 'approve', 'mine')").arg(A)});
        denied("decide as the tenant's support", QStringLiteral("carol"),
               {QStringLiteral("SELECT ordo.decide(%1, 'approve', 'looks fine')").arg(A)});
        denied("decide as the provider's support", QStringLiteral("pat"),
               {QStringLiteral("SELECT ordo.decide(%1, 'approve', 'looks fine')").arg(A)});
        refused("decide another tenant's order as a customer", QStringLiteral("alice"),
                QStringLiteral("SELECT ordo.decide(%1, 'approve', 'ok')").arg(G), kNoOrder);
        refused("decide another tenant's order", QStringLiteral("bob"), QStringLiteral("SELECT ordo.decide(%1, 'approve', 'ok')").arg(G),
                kNoOrder);
        // The same answer as for an order nobody has: the refusal tells nothing of globex.
        refused("decide an order nobody has", QStringLiteral("bob"), QStringLiteral("SELECT ordo.decide(987654321, 'approve', 'ok')"),
                kNoOrder);
        denied("decide in another's name", QStringLiteral("dave"),
               {QStringLiteral("SELECT ordo.decide(%1, 'approve', 'ok', NULL, 'erin', NULL)").arg(G)});
        denied("decide at another time", QStringLiteral("erin"),
               {QStringLiteral("SELECT ordo.decide(%1, 'approve', 'ok', NULL, NULL, 0)").arg(G)});
        refused("reject without a reason", QStringLiteral("erin"), QStringLiteral("SELECT ordo.decide(%1, 'reject', E' \\t\\n')").arg(G),
                kBadInput);
        refused("reject with Unicode spaces for a reason", QStringLiteral("erin"),
                QStringLiteral("SELECT ordo.decide(%1, 'reject', E'\\u00a0\\u3000\\u202f')").arg(G), kBadInput);
        // 1,001 characters, 2,002 UTF-16 units: the console's limit counts the latter.
        refused("a comment over 2000 units", QStringLiteral("erin"),
                QStringLiteral("SELECT ordo.decide(%1, 'approve', repeat(E'\\U0001F600', 1001))").arg(G), kBadInput);
        refused("decide on an old version", QStringLiteral("erin"), QStringLiteral("SELECT ordo.decide(%1, 'approve', 'ok', 0)").arg(G),
                kConflict);
        refused("decide something else than approve or reject", QStringLiteral("erin"),
                QStringLiteral("SELECT ordo.decide(%1, 'approved', 'ok')").arg(G), kBadInput);
        denied("read what decisions leave to mail", QStringLiteral("bob"), {QStringLiteral("SELECT * FROM ordo_private.decision_mails")});
        denied("engine: decide", QStringLiteral("engine"), {QStringLiteral("SELECT ordo.decide(%1, 'approve', 'ok')").arg(A)});
        denied("engine: append past the queued entries", QStringLiteral("engine"),
               {QStringLiteral("SELECT ordo_private.audit_append_one('system', %1, 'order', '%2', 'note', '', '', '', '{}', 0)").arg(acme, A)});
        // The rows that carts' and requests' functions hold each person's cart and requests under.
        denied("hold another's cart", QStringLiteral("dave"), {QStringLiteral("SELECT 1 FROM ordo.user_roles FOR KEY SHARE")});
        denied("hold another's requests", QStringLiteral("dave"), {QStringLiteral("SELECT * FROM ordo_private.request_gates FOR KEY SHARE")});
        denied("engine: hold people's requests", QStringLiteral("engine"),
               {QStringLiteral("SELECT * FROM ordo_private.request_gates FOR KEY SHARE")});

        // Support requests: asked for through ordo.request_support only, by staff of the workflow's tenant.
        const auto request = [](const QString &workflow, const QString &rest) {
            return QStringLiteral("SELECT ordo.request_support(%1, %2)").arg(workflow, rest);
        };
        denied("a customer asks support to continue", QStringLiteral("dave"), {request(globexWorkflow, QStringLiteral("'continue', 'go on'"))});
        denied("an approver asks support to cancel", QStringLiteral("bob"), {request(acmeWorkflow, QStringLiteral("'cancel', 'stop it'"))});
        refused("support asks about another tenant's workflow", QStringLiteral("gina"), request(acmeWorkflow, QStringLiteral("'continue', 'go on'")),
                kNoWorkflow);
        refused("support asks about a workflow nobody has", QStringLiteral("gina"), request(QStringLiteral("987654321"), QStringLiteral("'continue', 'go on'")),
                kNoWorkflow);
        refused("a support request without a reason", QStringLiteral("carol"), request(acmeWorkflow, QStringLiteral("'cancel', E'\\u2003 '")),
                kBadInput);
        refused("a support request's reason over 2000 units", QStringLiteral("carol"),
                request(acmeWorkflow, QStringLiteral("'cancel', repeat(E'\\U0001F600', 1001)")), kBadInput);
        refused("a support operation nobody knows", QStringLiteral("carol"), request(acmeWorkflow, QStringLiteral("'reboot', 'why not'")),
                kBadInput);
        refused("a step for a whole-workflow operation", QStringLiteral("carol"), request(acmeWorkflow, QStringLiteral("'pause', 'hold', 'check'")),
                kBadInput);
        refused("a skip without a step", QStringLiteral("carol"), request(acmeWorkflow, QStringLiteral("'skip', 'done by hand'")), kBadInput);
        refused("outputs that are no JSON object", QStringLiteral("carol"),
                request(acmeWorkflow, QStringLiteral("'skip', 'done by hand', 'check', '[1, 2]'")), kBadInput);
        refused("outputs that are no JSON", QStringLiteral("carol"),
                request(acmeWorkflow, QStringLiteral("'skip', 'done by hand', 'check', '{\"a\": '")), kBadInput);
        refused("a reason for a human task's answer", QStringLiteral("carol"),
                request(acmeWorkflow, QStringLiteral("'complete', 'because', 'check', '{}'")), kBadInput);
        refused("inputs for a pause", QStringLiteral("carol"),
                request(acmeWorkflow, QStringLiteral("'pause', 'hold', '', '{\"vcpus\": 64}'")), kBadInput);
        denied("queue a support request by hand", QStringLiteral("carol"),
               {QStringLiteral("INSERT INTO ordo.requests(workflow_id, tenant_id, requested_by, kind, reason, requested_at) "
                               "VALUES (%1, %2, %3, 'cancel', 'forged', 0)")
                    .arg(acmeWorkflow, acme, alice)});
        denied("settle a support request by hand", QStringLiteral("carol"),
               {QStringLiteral("UPDATE ordo.requests SET state = 'done'")});
        denied("engine: ask for a support operation", QStringLiteral("engine"), {request(acmeWorkflow, QStringLiteral("'cancel', 'stop'"))});

        // Carts: filled through ordo.cart_add and its kin, each person their own, as a customer of the tenant.
        const QString alicesLine = QString::number(cartLineOf(QStringLiteral("alice")));
        refused("fill a cart in another tenant", QStringLiteral("alice"),
                QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{}')").arg(globex), kDenied);
        refused("an approver fills a cart", QStringLiteral("bob"), QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{}')").arg(acme),
                kDenied);
        refused("add an item nobody has", QStringLiteral("alice"), QStringLiteral("SELECT ordo.cart_add(%1, 'mainframe', '{}')").arg(acme),
                kNoOrder);
        refused("add a thousand at once", QStringLiteral("alice"),
                QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{}', 1000)").arg(acme), kBadInput);
        refused("parameters that are no JSON object", QStringLiteral("alice"),
                QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '[4, 16]')").arg(acme), kBadInput);
        refused("parameters nested more than 64 deep", QStringLiteral("alice"),
                QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{\"a\": ' || repeat('[', 70) || repeat(']', 70) || '}')").arg(acme),
                kBadInput);
        refused("a number beyond a double's range", QStringLiteral("alice"),
                QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{\"cpus\": 1e400}')").arg(acme), kBadInput);
        // 1.8 KB as given, 90 KB as PostgreSQL writes the numbers out.
        refused("parameters that grow past 64 KiB when stored", QStringLiteral("alice"),
                QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{\"a\": [' || rtrim(repeat('1e300,', 300), ',') || ']}')").arg(acme),
                kBadInput);
        refused("parameters over 64 KiB", QStringLiteral("alice"),
                QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{\"note\": \"' || repeat('x', 70000) || '\"}')").arg(acme), kBadInput);
        refused("change another person's cart line", QStringLiteral("dave"),
                QStringLiteral("SELECT ordo.cart_set_quantity(%1, 5)").arg(alicesLine), kNoOrder);
        refused("edit another person's cart line", QStringLiteral("bob"),
                QStringLiteral("SELECT ordo.cart_set_parameters(%1, '{\"cpus\": 16}')").arg(alicesLine), kNoOrder);
        refused("remove another person's cart line", QStringLiteral("dave"), QStringLiteral("SELECT ordo.cart_remove(%1)").arg(alicesLine),
                kNoOrder);
        refused("a quantity of zero", QStringLiteral("alice"), QStringLiteral("SELECT ordo.cart_set_quantity(%1, 0)").arg(alicesLine),
                kBadInput);
        refused("empty another tenant's carts", QStringLiteral("dave"), QStringLiteral("SELECT ordo.cart_clear(%1)").arg(acme), kDenied);
        denied("fill a cart by hand", QStringLiteral("alice"),
               {QStringLiteral("INSERT INTO ordo.cart_lines(user_id, tenant_id, item_id, parameters, quantity) "
                               "VALUES (%1, %2, 'linux-vm', '{}', 1)")
                    .arg(alice, acme)});
        denied("change one's own cart line by hand", QStringLiteral("alice"),
               {QStringLiteral("UPDATE ordo.cart_lines SET quantity = 100 WHERE id = %1").arg(alicesLine)});
        denied("engine: fill a cart", engine, {QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{}')").arg(acme)});
        reads("engine: carts nobody asked to check out", engine, {QStringLiteral("SELECT count(*) FROM ordo.cart_lines")},
              {QStringLiteral("0")});

        // Checking out: asked for through ordo.checkout, by a customer of the tenant, of their own cart.
        refused("check out in another tenant", QStringLiteral("alice"), QStringLiteral("SELECT ordo.checkout(%1)").arg(globex), kDenied);
        refused("support checks out", QStringLiteral("carol"), QStringLiteral("SELECT ordo.checkout(%1)").arg(acme), kDenied);
        refused("a request id over 128 characters", QStringLiteral("alice"),
                QStringLiteral("SELECT ordo.checkout(%1, repeat('r', 129))").arg(acme), kBadInput);
        denied("engine: check out", engine, {QStringLiteral("SELECT ordo.checkout(%1)").arg(acme)});
        denied("engine: lines for an order it did not place", engine,
               {QStringLiteral("INSERT INTO ordo.order_lines(order_id, line_no, item_id, item_name, parameters, quantity, "
                               "unit_monthly_cents, price_snapshot, vcpus, memory_gib, vms) "
                               "VALUES (%1, 9, 'linux-vm', 'Linux VM', '{}', 1, 0, '{}', 64, 256, 1)")
                    .arg(A)});
        denied("engine: place an order for a checkout, at once approved", engine,
               {QStringLiteral("INSERT INTO ordo.orders(tenant_id, requester_id, request_id, state, version, monthly_cents, currency, "
                               "vcpus, memory_gib, vms) VALUES (%1, %2, 'forged', 'submitted', 2, 0, 'EUR', 1, 1, 1)")
                    .arg(acme, alice)});

        // Cancelling an order: asked for through ordo.cancel_order, by its customer or an admin of its tenant.
        refused("cancel another tenant's order", QStringLiteral("alice"), QStringLiteral("SELECT ordo.cancel_order(%1, 'mine now')").arg(G),
                kNoOrder);
        denied("an approver cancels an order", QStringLiteral("bob"), {QStringLiteral("SELECT ordo.cancel_order(%1, 'too big')").arg(A)});
        denied("support cancels an order", QStringLiteral("carol"), {QStringLiteral("SELECT ordo.cancel_order(%1, 'too big')").arg(A)});
        refused("cancel without a reason", QStringLiteral("alice"), QStringLiteral("SELECT ordo.cancel_order(%1, E'\\n')").arg(A), kBadInput);
        denied("engine: cancel an order nobody asked to cancel", QStringLiteral("engine"),
               {QStringLiteral("UPDATE ordo.orders SET state = 'cancelled', version = version + 1 WHERE id = %1").arg(G)});
        denied("engine: ask to cancel an order", QStringLiteral("engine"), {QStringLiteral("SELECT ordo.cancel_order(%1, 'stop')").arg(G)});
        denied("engine: queue a support request", QStringLiteral("engine"),
               {QStringLiteral("INSERT INTO ordo.requests(workflow_id, tenant_id, requested_by, kind, reason, requested_at) "
                               "VALUES (%1, %2, %3, 'cancel', 'forged', 0)")
                    .arg(acmeWorkflow, acme, alice)});
    }

    void attempt()
    {
        QFETCH(QString, person);
        QFETCH(QStringList, statements);
        QFETCH(QString, sqlState);
        QFETCH(QStringList, rows);
        const QString role = person == QLatin1String("engine") ? m_demo.engineRole() : m_demo.role(person);
        const PsqlOutcome outcome = psqlAs(m_demo.url, role, QStringLiteral("demo"), statements);
        QVERIFY2(outcome.sqlState == sqlState,
                 qPrintable(QStringLiteral("expected '%1', got '%2' %3").arg(sqlState, outcome.sqlState, outcome.errorText)));
        QCOMPARE(outcome.rows, rows);
        ++m_attempts;
    }

    // After every attempt: the same rows as before, and an audit trail that verifies.
    void nothingChanged()
    {
        QCOMPARE(ownerView(), m_before);
        auto verified = m_demo.owner->audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
        QVERIFY(verified->entriesChecked > 0);
        qInfo("bypass suite: %d attempts, each refused or confined to the person's own rows", m_attempts);
    }

    // What the roles are for: bob approves with his own login, once; an engine
    // that logs in as the engines' role provisions the order to the end; the
    // audit trail verifies.
    void anEngineProvisionsWhatAPersonApproved()
    {
        Ordo &ordo = *m_demo.owner;
        const QString decide = QStringLiteral("SELECT ordo.decide(%1, 'approve', 'fine')").arg(m_demo.acmeOrder);
        const PsqlOutcome approved = psqlAs(m_demo.url, m_demo.role(QStringLiteral("bob")), QStringLiteral("demo"), {decide});
        QVERIFY2(approved.sqlState.isEmpty(), qPrintable(approved.errorText));
        const PsqlOutcome again = psqlAs(m_demo.url, m_demo.role(QStringLiteral("bob")), QStringLiteral("demo"), {decide});
        QCOMPARE(again.sqlState, QStringLiteral("23514"));
        QVERIFY2(again.errorText.contains(QStringLiteral("already approved")), qPrintable(again.errorText));
        auto decisions = ordo.approvals().decisions(sessionFor(ordo, QStringLiteral("bob")), m_demo.acmeOrder);
        ORDO_VERIFY_OK(decisions);
        QCOMPARE(decisions->size(), 1);
        QCOMPARE(decisions->at(0).approverName, QStringLiteral("bob"));
        const CommandResult run = runEngineUntilIdle(m_demo);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        auto order = OrdoInternals::store(ordo).order(m_demo.acmeOrder);
        ORDO_VERIFY_OK(order);
        QVERIFY(*order);
        QCOMPARE(orderStateName((*order)->state), orderStateName(OrderState::Completed));
        // bob's entry, chained by the engine, tells his approval before what followed from it.
        QCOMPARE(movesOf(QStringLiteral("acme"), m_demo.acmeOrder), (QStringList{QStringLiteral("alice submitted"), QStringLiteral("policy pending-approval"), QStringLiteral("bob approved"),
                                     QStringLiteral("system provisioning"), QStringLiteral("system completed")}));
        auto verified = ordo.audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
    }

    // The one decision an engine applies: the policy's default, once the approval has expired by the server's clock.
    void anEngineAppliesOnlyAnExpiredApprovalsDefault()
    {
        Database &db = OrdoInternals::database(*m_demo.owner);
        const QString G = QString::number(m_demo.globexOrder);
        const auto asEngine = [&](const QString &to) {
            return psqlAs(m_demo.url, m_demo.engineRole(), QStringLiteral("demo"),
                          {QStringLiteral("UPDATE ordo.orders SET state = '%1', version = version + 1 WHERE id = %2 RETURNING state").arg(to, G)});
        };
        const auto expiresIn = [&](qint64 ms) {
            ORDO_VERIFY_OK(db.exec(QStringLiteral("UPDATE orders SET approval_expires_at = ? WHERE id = ?"),
                                   {QDateTime::currentMSecsSinceEpoch() + ms, m_demo.globexOrder}));
        };
        const auto defaultDecision = [&](const QString &decision) {
            ORDO_VERIFY_OK(db.exec(QStringLiteral("UPDATE tenants SET policy = jsonb_set(policy::jsonb, '{expiry}', "
                                                  "COALESCE(policy::jsonb -> 'expiry', '{}') || jsonb_build_object('defaultDecision', ?::text))::text "
                                                  "WHERE slug = 'globex'"),
                                   {decision}));
        };
        defaultDecision(QStringLiteral("reject"));
        expiresIn(3600 * 1000);
        QCOMPARE(asEngine(QStringLiteral("rejected")).sqlState, kDenied);
        expiresIn(-1000);
        QCOMPARE(asEngine(QStringLiteral("approved")).sqlState, kDenied);
        defaultDecision(QStringLiteral("approve"));
        QCOMPARE(asEngine(QStringLiteral("rejected")).sqlState, kDenied);
        const PsqlOutcome applied = asEngine(QStringLiteral("approved"));
        QVERIFY2(applied.sqlState.isEmpty(), qPrintable(applied.errorText));
        QCOMPARE(applied.rows, QStringList{QStringLiteral("approved")});
    }

    // Another login made a member of the engines' role is held by the same rules.
    void theEnginesMembersAreEngines()
    {
        auto admin = Database::open(m_demo.url);
        ORDO_CHECK_FATAL(admin);
        const QString member = m_demo.prefix + QStringLiteral("second_engine");
        ORDO_CHECK_FATAL((*admin)->exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'demo' IN ROLE %2").arg(member, m_demo.engineRole())));
        // Completed, as the test before left it: provisioned again, it would be billed again.
        const QString A = QString::number(m_demo.acmeOrder);
        const PsqlOutcome moved = psqlAs(m_demo.url, member, QStringLiteral("demo"),
                                         {QStringLiteral("UPDATE ordo.orders SET state = 'provisioning', version = version + 1 WHERE id = %1").arg(A)});
        QCOMPARE(moved.sqlState, kDenied);
        const PsqlOutcome reads = psqlAs(m_demo.url, member, QStringLiteral("demo"), {QStringLiteral("SELECT state FROM ordo.orders WHERE id = %1").arg(A)});
        QCOMPARE(reads.rows, QStringList{QStringLiteral("completed")});
        ORDO_CHECK_FATAL((*admin)->exec(QStringLiteral("DROP ROLE %1").arg(member)));
    }

    // Segregation of duties inside ordo.decide: an approver who ordered does not
    // decide their own order. A rejection made with one's own login reaches the
    // requester: the engine mails what the database cannot render.
    void aPersonsDecisionKeepsTheRulesAndItsMails()
    {
        Ordo &ordo = *m_demo.owner;
        // A second approver, so that checkout lets bob order at all.
        Accounts &accounts = ordo.accounts();
        ORDO_VERIFY_OK(accounts.createUser(QStringLiteral("hank"), QStringLiteral("Hank Approver"), QStringLiteral("hank@acme.example"),
                                           QStringLiteral("demo")));
        ORDO_VERIFY_OK(accounts.grant(QStringLiteral("hank"), QStringLiteral("acme"), Role::Approver));
        ORDO_VERIFY_OK(accounts.addToGroup(QStringLiteral("hank"), QStringLiteral("acme"), QStringLiteral("acme-approvers")));
        ORDO_VERIFY_OK(accounts.grant(QStringLiteral("bob"), QStringLiteral("acme"), Role::Customer));
        const Id bobsOrder = checkoutBigVm(ordo, QStringLiteral("bob"));
        const PsqlOutcome own = psqlAs(m_demo.url, m_demo.role(QStringLiteral("bob")), QStringLiteral("demo"),
                                       {QStringLiteral("SELECT ordo.decide(%1, 'approve', 'mine')").arg(bobsOrder)});
        QCOMPARE(own.sqlState, kDenied);
        QVERIFY2(own.errorText.contains(QStringLiteral("yourself")), qPrintable(own.errorText));

        // An approver whose address is no mail address gets no mail; the others still do.
        ORDO_VERIFY_OK(accounts.createUser(QStringLiteral("ivan"), QStringLiteral("Ivan Approver"), QStringLiteral("ivan at globex"),
                                           QStringLiteral("demo")));
        ORDO_VERIFY_OK(accounts.grant(QStringLiteral("ivan"), QStringLiteral("globex"), Role::Approver));
        ORDO_VERIFY_OK(accounts.addToGroup(QStringLiteral("ivan"), QStringLiteral("globex"), QStringLiteral("globex-approvers")));
        const Id davesOrder = checkoutBigVm(ordo, QStringLiteral("dave"));
        const PsqlOutcome rejected = psqlAs(m_demo.url, m_demo.role(QStringLiteral("erin")), QStringLiteral("demo"),
                                            {QStringLiteral("SELECT ordo.decide(%1, 'reject', 'too big for a test')").arg(davesOrder)});
        QVERIFY2(rejected.sqlState.isEmpty(), qPrintable(rejected.errorText));
        auto order = OrdoInternals::store(ordo).order(davesOrder);
        ORDO_VERIFY_OK(order);
        QCOMPARE(orderStateName((*order)->state), orderStateName(OrderState::Rejected));

        const CommandResult run = runEngineUntilIdle(m_demo);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        Database &db = OrdoInternals::database(ordo);
        auto mail = db.exec(QStringLiteral("SELECT recipients, template, body FROM mail_outbox WHERE correlation = ?"),
                            {QStringLiteral("order/%1/rejected").arg(davesOrder)});
        ORDO_VERIFY_OK(mail);
        QVERIFY2(mail->next(), "no rejection mail for dave");
        QVERIFY2(mail->value(0).toString().contains(QStringLiteral("dave@globex.example")), qPrintable(mail->value(0).toString()));
        QCOMPARE(mail->value(1).toString(), QStringLiteral("order-rejected"));
        QVERIFY2(mail->value(2).toString().contains(QStringLiteral("too big for a test")), qPrintable(mail->value(2).toString()));
        auto left = db.exec(QStringLiteral("SELECT count(*) FROM ordo_private.decision_mails"));
        ORDO_VERIFY_OK(left);
        QVERIFY(left->next());
        QCOMPARE(left->value(0).toInt(), 0);
        auto verified = ordo.audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
    }

    // A person's transaction may stay open as long as they like. A decision left
    // open in it holds that order's row, and nothing that others need: the trail
    // takes other entries, another order is decided, and the expiry of the held
    // order passes it by. With a second's patience, a held lock would answer 55P03.
    void aDecisionLeftOpenHoldsUpNobody()
    {
        Ordo &ordo = *m_demo.owner;
        Database &db = OrdoInternals::database(ordo);
        const Id held = checkoutBigVm(ordo, QStringLiteral("dave"));
        const Id other = checkoutBigVm(ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(db.exec(QStringLiteral("UPDATE orders SET approval_expires_at = ? WHERE id = ?"),
                               {QDateTime::currentMSecsSinceEpoch() + 3000, held}));
        auto version = db.exec(QStringLiteral("SELECT version FROM orders WHERE id = ?"), {held});
        ORDO_VERIFY_OK(version);
        QVERIFY(version->next());
        const qint64 heldVersion = version->value(0).toLongLong();

        QProcess holder;
        startPsqlAs(holder, m_demo.url, m_demo.role(QStringLiteral("erin")), QStringLiteral("demo"),
                    {QStringLiteral("BEGIN"), QStringLiteral("SELECT ordo.decide(%1, 'approve', 'holding on')").arg(held),
                     QStringLiteral("SELECT pg_sleep(120)")});
        const auto holding = [&] { return sleeps(db, m_demo.role(QStringLiteral("erin"))); };
        QTRY_VERIFY_WITH_TIMEOUT(holding(), 20000);

        auto patience = db.exec(QStringLiteral("SHOW lock_timeout"));
        ORDO_VERIFY_OK(patience);
        QVERIFY(patience->next());
        const QString usualPatience = patience->value(0).toString();
        ORDO_VERIFY_OK(db.exec(QStringLiteral("SET lock_timeout = '1s'")));
        ORDO_VERIFY_OK(ordo.approvals().decide(sessionFor(ordo, QStringLiteral("bob")), other, Decision::Approve, QStringLiteral("fine")));
        auto trail = ordo.audit().entries(m_demo.tenantId(QStringLiteral("acme")), QStringLiteral("order"), QString::number(other));
        ORDO_VERIFY_OK(trail);
        QCOMPARE(trail->constLast().actor, QStringLiteral("bob"));
        const auto expired = [&] {
            auto q = db.exec(QStringLiteral("SELECT approval_expires_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint"
                                            " FROM orders WHERE id = ?"),
                             {held});
            return q && q->next() && q->value(0).toBool();
        };
        QTRY_VERIFY_WITH_TIMEOUT(expired(), 10000);
        auto expiredNow = ordo.approvals().expireDue();
        ORDO_VERIFY_OK(expiredNow);
        QCOMPARE(*expiredNow, 0);
        ORDO_VERIFY_OK(db.exec(QStringLiteral("SET lock_timeout = '%1'").arg(usualPatience)));
        QVERIFY(holding());

        // Ended by the server, as a dropped connection would be: never committed.
        ORDO_VERIFY_OK(endSessionsOf(db, m_demo.role(QStringLiteral("erin"))));
        QVERIFY(holder.waitForFinished(20000));
        // Ended without a commit: erin's decision never happened.
        auto order = OrdoInternals::store(ordo).order(held);
        ORDO_VERIFY_OK(order);
        QCOMPARE((*order)->version, heldVersion);
        auto decisions = OrdoInternals::store(ordo).decisions(held);
        ORDO_VERIFY_OK(decisions);
        QVERIFY(decisions->isEmpty());
        auto verified = ordo.audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
    }

    // A person's decision reaches the trail after it commits (through the queue);
    // whoever appends next chains it first, so the trail still tells the
    // approval before the cancellation that followed it, with no engine running.
    void theTrailKeepsTheOrderOfChanges()
    {
        Ordo &ordo = *m_demo.owner;
        const Id order = checkoutBigVm(ordo, QStringLiteral("dave"));
        const PsqlOutcome approved = psqlAs(m_demo.url, m_demo.role(QStringLiteral("erin")), QStringLiteral("demo"),
                                            {QStringLiteral("SELECT ordo.decide(%1, 'approve', 'fine')").arg(order)});
        QVERIFY2(approved.sqlState.isEmpty(), qPrintable(approved.errorText));
        ORDO_VERIFY_OK(ordo.orders().cancel(sessionFor(ordo, QStringLiteral("dave")), order, QStringLiteral("not needed after all")));
        QCOMPARE(movesOf(QStringLiteral("globex"), order), (QStringList{QStringLiteral("dave submitted"), QStringLiteral("policy pending-approval"),
                                     QStringLiteral("erin approved"), QStringLiteral("dave cancelled")}));
        auto verified = ordo.audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
    }

    // Support staff ask with their own login for what the console's support
    // actions do. An engine applies each request in the asker's name, and
    // refuses with why what the workflow's state no longer allows, and what
    // the asker may no longer do. Each asker reads their own requests, staff of
    // another tenant none of them.
    void supportAsksAndAnEngineActsInTheirName()
    {
        Ordo &ordo = *m_demo.owner;
        Database &db = OrdoInternals::database(ordo);
        const qint64 toSkip = pausedWorkflow(ordo, checkoutBigVm(ordo, QStringLiteral("alice")));
        const qint64 toKeep = pausedWorkflow(ordo, checkoutBigVm(ordo, QStringLiteral("alice")));
        const CommandResult paused = runEngineUntilIdle(m_demo);
        QVERIFY2(paused.exitCode == 0, qPrintable(paused.out + paused.err));
        Accounts &accounts = ordo.accounts();
        ORDO_VERIFY_OK(accounts.createUser(QStringLiteral("kim"), QStringLiteral("Kim Support"), QStringLiteral("kim@acme.example"),
                                           QStringLiteral("demo")));
        ORDO_VERIFY_OK(accounts.grant(QStringLiteral("kim"), QStringLiteral("acme"), Role::Support));
        ORDO_VERIFY_OK(shared::setPersonLogin(db, m_demo.prefix, QStringLiteral("kim"), QStringLiteral("demo")));
        const auto ask = [&](const QString &person, qint64 workflow, const QString &rest) -> qint64 {
            const PsqlOutcome asked = psqlAs(m_demo.url, m_demo.role(person), QStringLiteral("demo"),
                                             {QStringLiteral("SELECT ordo.request_support(%1, %2)").arg(workflow).arg(rest)});
            if (!asked.sqlState.isEmpty())
                qWarning("%s was refused: %s", qPrintable(person), qPrintable(asked.errorText));
            return asked.rows.value(0).toLongLong();
        };
        const qint64 skip = ask(QStringLiteral("carol"), toSkip, QStringLiteral("'skip', 'checked by hand', 'check', '{\"checked\": true}'"));
        // The provider's support asks to continue the same workflow: by the time an engine looks, there is nothing to continue.
        const qint64 tooLate = ask(QStringLiteral("pat"), toSkip, QStringLiteral("'continue', 'fixed the template'"));
        const qint64 byKim = ask(QStringLiteral("kim"), toKeep, QStringLiteral("'cancel', 'not needed'"));
        QVERIFY(skip > 0 && tooLate > 0 && byKim > 0);
        // Kim leaves before any engine looks: her request goes with her rights.
        ORDO_VERIFY_OK(accounts.disable(sessionFor(ordo, QStringLiteral("admin")), QStringLiteral("kim")));

        const CommandResult run = runEngineUntilIdle(m_demo);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        const auto settled = [&](qint64 id) {
            auto q = db.exec(QStringLiteral("SELECT state, result FROM requests WHERE id = ?"), {id});
            return q && q->next() ? q->value(0).toString() + QLatin1Char(' ') + q->value(1).toString() : QString();
        };
        const auto stateOf = [&](qint64 workflow) {
            auto q = db.exec(QStringLiteral("SELECT state FROM workflows WHERE id = ?"), {workflow});
            return q && q->next() ? q->value(0).toString() : QString();
        };
        QCOMPARE(settled(skip), QStringLiteral("done "));
        QCOMPARE(stateOf(toSkip), QStringLiteral("succeeded"));
        QVERIFY2(settled(tooLate).startsWith(QStringLiteral("refused ")) && settled(tooLate).contains(QStringLiteral("not paused")),
                 qPrintable(settled(tooLate)));
        QVERIFY2(settled(byKim).startsWith(QStringLiteral("refused ")) && settled(byKim).contains(QStringLiteral("no longer")),
                 qPrintable(settled(byKim)));
        QCOMPARE(stateOf(toKeep), QStringLiteral("paused"));
        // The trail names carol, with her reason and the outputs she gave.
        auto entry = db.exec(QStringLiteral("SELECT actor, reason, details FROM audit_log WHERE entity = 'workflow' AND entity_id = ? AND action = 'skip'"),
                             {QString::number(toSkip)});
        ORDO_VERIFY_OK(entry);
        QVERIFY(entry->next());
        QCOMPARE(entry->value(0).toString(), QStringLiteral("carol"));
        QCOMPARE(entry->value(1).toString(), QStringLiteral("checked by hand"));
        QVERIFY2(entry->value(2).toString().contains(QStringLiteral("checked")), qPrintable(entry->value(2).toString()));
        QVERIFY(!entry->next());

        const auto readsRequests = [&](const QString &person) {
            return psqlAs(m_demo.url, m_demo.role(person), QStringLiteral("demo"),
                          {QStringLiteral("SELECT id || ' ' || state FROM ordo.requests ORDER BY id")})
                .rows;
        };
        const QStringList all{QStringLiteral("%1 done").arg(skip), QStringLiteral("%1 refused").arg(tooLate),
                              QStringLiteral("%1 refused").arg(byKim)};
        QCOMPARE(readsRequests(QStringLiteral("carol")), all); // acme's support: the tenant's requests
        QCOMPARE(readsRequests(QStringLiteral("pat")), all);   // the provider's support: every tenant's
        QCOMPARE(readsRequests(QStringLiteral("gina")), QStringList{});
        QCOMPARE(readsRequests(QStringLiteral("alice")), QStringList{});

        // A settled request stays settled: no engine host puts it back to have it applied again.
        const auto asEngine = [&](const QString &sql) { return psqlAs(m_demo.url, m_demo.engineRole(), QStringLiteral("demo"), {sql}); };
        QCOMPARE(asEngine(QStringLiteral("UPDATE ordo.requests SET state = 'queued' WHERE id = %1").arg(skip)).sqlState, kDenied);
        QCOMPARE(asEngine(QStringLiteral("UPDATE ordo.requests SET result = 'all fine' WHERE id = %1").arg(byKim)).sqlState, kDenied);
        QCOMPARE(settled(byKim).left(8), QStringLiteral("refused "));
        auto verified = ordo.audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
    }

    // Requests wait for engines one at a time: nobody queues more than a hundred.
    void nobodyFloodsTheEngines()
    {
        const QString flood = QStringLiteral("SELECT count(ordo.request_support(%1, 'pause', 'hold ' || n)) FROM generate_series(1, %2) n");
        const PsqlOutcome hundred = psqlAs(m_demo.url, m_demo.role(QStringLiteral("gina")), QStringLiteral("demo"),
                                           {flood.arg(m_demo.globexWorkflow).arg(100)});
        QVERIFY2(hundred.sqlState.isEmpty(), qPrintable(hundred.errorText));
        QCOMPARE(hundred.rows, QStringList{QStringLiteral("100")});
        const PsqlOutcome more = psqlAs(m_demo.url, m_demo.role(QStringLiteral("gina")), QStringLiteral("demo"),
                                        {flood.arg(m_demo.globexWorkflow).arg(1)});
        QCOMPARE(more.sqlState, QStringLiteral("23514"));
        QVERIFY2(more.errorText.contains(QStringLiteral("100 requests waiting")), qPrintable(more.errorText));
        const CommandResult run = runEngineUntilIdle(m_demo);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        auto left = OrdoInternals::database(*m_demo.owner).exec(QStringLiteral("SELECT count(*) FROM requests WHERE state = 'queued'"));
        ORDO_VERIFY_OK(left);
        QVERIFY(left->next());
        QCOMPARE(left->value(0).toInt(), 0);
        const PsqlOutcome again = psqlAs(m_demo.url, m_demo.role(QStringLiteral("gina")), QStringLiteral("demo"),
                                         {flood.arg(m_demo.globexWorkflow).arg(1)});
        QVERIFY2(again.sqlState.isEmpty(), qPrintable(again.errorText));
    }

    // A customer cancels with their own login, once: an engine applies it in
    // their name. An engine cancels only what somebody asked it to.
    void aCustomerCancelsThroughAnEngine()
    {
        Ordo &ordo = *m_demo.owner;
        Database &db = OrdoInternals::database(ordo);
        const Id order = checkoutBigVm(ordo, QStringLiteral("alice"));
        const QString cancel = QStringLiteral("SELECT ordo.cancel_order(%1, 'ordered the wrong size')").arg(order);
        const PsqlOutcome asked = psqlAs(m_demo.url, m_demo.role(QStringLiteral("alice")), QStringLiteral("demo"), {cancel});
        QVERIFY2(asked.sqlState.isEmpty(), qPrintable(asked.errorText));
        const PsqlOutcome again = psqlAs(m_demo.url, m_demo.role(QStringLiteral("alice")), QStringLiteral("demo"), {cancel});
        QCOMPARE(again.sqlState, QStringLiteral("23514"));
        auto before = OrdoInternals::store(ordo).order(order);
        ORDO_VERIFY_OK(before);
        QCOMPARE(orderStateName((*before)->state), orderStateName(OrderState::PendingApproval)); // nothing happens until an engine looks

        const CommandResult run = runEngineUntilIdle(m_demo);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        auto after = OrdoInternals::store(ordo).order(order);
        ORDO_VERIFY_OK(after);
        QCOMPARE(orderStateName((*after)->state), orderStateName(OrderState::Cancelled));
        auto request = db.exec(QStringLiteral("SELECT state, result FROM requests WHERE id = ?"), {asked.rows.value(0).toLongLong()});
        ORDO_VERIFY_OK(request);
        QVERIFY(request->next());
        QCOMPARE(request->value(0).toString() + request->value(1).toString(), QStringLiteral("done"));
        QCOMPARE(movesOf(QStringLiteral("acme"), order).last(), QStringLiteral("alice cancelled"));
        const PsqlOutcome late = psqlAs(m_demo.url, m_demo.role(QStringLiteral("alice")), QStringLiteral("demo"), {cancel});
        QCOMPARE(late.sqlState, QStringLiteral("23514"));
        QVERIFY2(late.errorText.contains(QStringLiteral("already cancelled")), qPrintable(late.errorText));
        auto verified = ordo.audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
    }

    // A decision made with one's own login at the first of two levels: the
    // engine mails the second level's approvers, as the console would. Another
    // customer of the same tenant neither decides nor cancels the order: for
    // them it does not exist.
    void theNextLevelHearsOfAPersonsDecision()
    {
        Ordo &ordo = *m_demo.owner;
        Database &db = OrdoInternals::database(ordo);
        Accounts &accounts = ordo.accounts();
        ORDO_VERIFY_OK(accounts.createUser(QStringLiteral("fred"), QStringLiteral("Fred Finance"), QStringLiteral("fred@globex.example"),
                                           QStringLiteral("demo")));
        ORDO_VERIFY_OK(accounts.grant(QStringLiteral("fred"), QStringLiteral("globex"), Role::Approver));
        ORDO_VERIFY_OK(accounts.addToGroup(QStringLiteral("fred"), QStringLiteral("globex"), QStringLiteral("globex-finance")));
        ORDO_VERIFY_OK(accounts.createUser(QStringLiteral("lena"), QStringLiteral("Lena Customer"), QStringLiteral("lena@globex.example"),
                                           QStringLiteral("demo")));
        ORDO_VERIFY_OK(accounts.grant(QStringLiteral("lena"), QStringLiteral("globex"), Role::Customer));
        ORDO_VERIFY_OK(shared::setPersonLogin(db, m_demo.prefix, QStringLiteral("lena"), QStringLiteral("demo")));
        ORDO_VERIFY_OK(db.exec(QStringLiteral("UPDATE tenants SET policy = jsonb_set(policy::jsonb, '{levels}', "
                                              "'[{\"name\": \"Manager\", \"group\": \"globex-approvers\", \"mode\": \"any\"},"
                                              "  {\"name\": \"Finance\", \"group\": \"globex-finance\", \"mode\": \"any\"}]')::text "
                                              "WHERE slug = 'globex'")));
        const Id order = checkoutBigVm(ordo, QStringLiteral("dave"));
        for (const QString &sql : {QStringLiteral("SELECT ordo.decide(%1, 'approve', 'mine now')").arg(order),
                                   QStringLiteral("SELECT ordo.cancel_order(%1, 'not needed')").arg(order)}) {
            const PsqlOutcome other = psqlAs(m_demo.url, m_demo.role(QStringLiteral("lena")), QStringLiteral("demo"), {sql});
            QCOMPARE(other.sqlState, QStringLiteral("P0002"));
        }
        const PsqlOutcome first = psqlAs(m_demo.url, m_demo.role(QStringLiteral("erin")), QStringLiteral("demo"),
                                         {QStringLiteral("SELECT ordo.decide(%1, 'approve', 'fine by me')").arg(order)});
        QVERIFY2(first.sqlState.isEmpty(), qPrintable(first.errorText));
        auto waiting = OrdoInternals::store(ordo).order(order);
        ORDO_VERIFY_OK(waiting);
        QCOMPARE((*waiting)->approvalLevel, 1);

        const CommandResult run = runEngineUntilIdle(m_demo);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        auto mail = db.exec(QStringLiteral("SELECT recipients, template FROM mail_outbox WHERE correlation LIKE ? ORDER BY id"),
                            {QStringLiteral("order/%1/approval/1/%").arg(order)});
        ORDO_VERIFY_OK(mail);
        QStringList asked;
        while (mail->next()) {
            QCOMPARE(mail->value(1).toString(), QStringLiteral("approval-request"));
            asked.append(mail->value(0).toString());
        }
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.first().contains(QStringLiteral("fred@globex.example")), qPrintable(asked.first()));
        auto verified = ordo.audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
    }

    // A customer fills her cart and checks out with her own login: an engine
    // prices it and places the order in her name, once per request id; what
    // the catalog refuses is refused with why, and stays in the cart.
    void aCustomerChecksOutThroughAnEngine()
    {
        Ordo &ordo = *m_demo.owner;
        Database &db = OrdoInternals::database(ordo);
        const QString acme = QString::number(m_demo.tenantId(QStringLiteral("acme")));
        const auto asAlice = [&](const QString &sql) {
            return psqlAs(m_demo.url, m_demo.role(QStringLiteral("alice")), QStringLiteral("demo"), {sql});
        };
        const auto settled = [&](const PsqlOutcome &asked) {
            auto q = db.exec(QStringLiteral("SELECT state, result FROM requests WHERE id = ?"), {asked.rows.value(0).toLongLong()});
            return q && q->next() ? q->value(0).toString() + QLatin1Char(' ') + q->value(1).toString() : QString();
        };
        const Session alice = sessionFor(ordo, QStringLiteral("alice"));
        const PsqlOutcome cleared = asAlice(QStringLiteral("SELECT ordo.cart_clear(%1)").arg(acme));
        QVERIFY2(cleared.sqlState.isEmpty(), qPrintable(cleared.errorText));
        QVERIFY(cleared.rows.value(0).toInt() >= 1); // the demo left her a line
        const PsqlOutcome added = asAlice(QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{\"cpus\": 4, \"memoryGiB\": 16}')").arg(acme));
        QVERIFY2(added.sqlState.isEmpty(), qPrintable(added.errorText));
        const PsqlOutcome two = asAlice(QStringLiteral("SELECT ordo.cart_set_quantity(%1, 2)").arg(added.rows.value(0)));
        QVERIFY2(two.sqlState.isEmpty(), qPrintable(two.errorText));
        auto lines = ordo.cart().lines(alice);
        ORDO_VERIFY_OK(lines);
        QCOMPARE(lines->size(), 1);
        QCOMPARE(lines->first().quantity, 2);
        QCOMPARE(lines->first().parameters.value(QStringLiteral("cpus")).toLongLong(), 4);

        const QString checkout = QStringLiteral("SELECT ordo.checkout(%1, 'alice-bypass-1')").arg(acme);
        const PsqlOutcome asked = asAlice(checkout);
        QVERIFY2(asked.sqlState.isEmpty(), qPrintable(asked.errorText));
        const auto ordersFor = [&](const QString &requestId) {
            auto q = db.exec(QStringLiteral("SELECT id FROM orders WHERE request_id = ?"), {requestId});
            QList<Id> ids;
            while (q && q->next())
                ids.append(q->value(0).toLongLong());
            return ids;
        };
        QCOMPARE(ordersFor(QStringLiteral("alice-bypass-1")).size(), 0); // nothing is ordered until an engine looks
        CommandResult run = runEngineUntilIdle(m_demo);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        const QList<Id> placed = ordersFor(QStringLiteral("alice-bypass-1"));
        QCOMPARE(placed.size(), 1);
        QCOMPARE(settled(asked), QStringLiteral("done %1").arg(placed.first()));
        auto order = OrdoInternals::store(ordo).order(placed.first());
        ORDO_VERIFY_OK(order);
        QVERIFY(order->has_value());
        QCOMPARE((*order)->requesterName, QStringLiteral("alice"));
        QCOMPARE(orderStateName((*order)->state), orderStateName(OrderState::PendingApproval)); // 8 vCPUs need a manager
        QCOMPARE((*order)->lines.size(), 1);
        QCOMPARE((*order)->lines.first().quantity, 2);
        QCOMPARE((*order)->footprint.vcpus, 8);
        QVERIFY((*order)->monthlyCents > 0);
        QCOMPARE(movesOf(QStringLiteral("acme"), placed.first()),
                 (QStringList{QStringLiteral("alice submitted"), QStringLiteral("policy pending-approval")}));
        auto started = db.exec(QStringLiteral("SELECT count(*) FROM workflows WHERE order_id = ? AND parent_id IS NULL"), {placed.first()});
        ORDO_VERIFY_OK(started);
        QVERIFY(started->next());
        QCOMPARE(started->value(0).toInt(), 1); // its workflow waits for the manager
        QCOMPARE(ordo.cart().lines(alice)->size(), 0);

        // Asking again for the same request places nothing more: the answer is the same order.
        const PsqlOutcome again = asAlice(checkout);
        QVERIFY2(again.sqlState.isEmpty(), qPrintable(again.errorText));
        run = runEngineUntilIdle(m_demo);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QCOMPARE(settled(again), QStringLiteral("done %1").arg(placed.first()));
        QCOMPARE(ordersFor(QStringLiteral("alice-bypass-1")), placed);
        QCOMPARE(asAlice(QStringLiteral("SELECT ordo.checkout(%1, 'alice-bypass-2')").arg(acme)).sqlState, QStringLiteral("22023"));

        // Parameters the item's schema refuses get into the cart as they are, shown
        // as the line's problem; the checkout is refused with why, and the line stays.
        const PsqlOutcome odd = asAlice(QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{\"cpus\": 999}')").arg(acme));
        QVERIFY2(odd.sqlState.isEmpty(), qPrintable(odd.errorText));
        auto problems = ordo.cart().problems(alice);
        ORDO_VERIFY_OK(problems);
        QVERIFY2(problems->value(odd.rows.value(0).toLongLong()).contains(QStringLiteral("999")), qPrintable(problems->value(odd.rows.value(0).toLongLong())));
        const PsqlOutcome refused = asAlice(QStringLiteral("SELECT ordo.checkout(%1, 'alice-bypass-3')").arg(acme));
        QVERIFY2(refused.sqlState.isEmpty(), qPrintable(refused.errorText));
        run = runEngineUntilIdle(m_demo);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        const QString why = settled(refused);
        QVERIFY2(why.startsWith(QStringLiteral("refused ")) && why.contains(QStringLiteral("'cpus': 999 is above the maximum 16")), qPrintable(why));
        QCOMPARE(ordersFor(QStringLiteral("alice-bypass-3")).size(), 0);
        QCOMPARE(ordo.cart().lines(alice)->size(), 1);
        auto verified = ordo.audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
    }

    // Two engines at once given two checkouts of one cart place one order; the
    // other is refused for an empty cart. A cart its customer holds in an open
    // transaction is passed by, and nobody else waits for it. An engine host,
    // even with a checkout queued, neither chooses an order's id nor approves
    // what the policy sends to the approvers.
    void oneCartMakesOneOrder()
    {
        Ordo &ordo = *m_demo.owner;
        Database &db = OrdoInternals::database(ordo);
        const QString acme = QString::number(m_demo.tenantId(QStringLiteral("acme")));
        const QString globex = QString::number(m_demo.tenantId(QStringLiteral("globex")));
        const QString alice = QString::number(m_demo.userId(QStringLiteral("alice")));
        const auto as = [&](const QString &person, const QString &sql) {
            return psqlAs(m_demo.url, person == QLatin1String("engine") ? m_demo.engineRole() : m_demo.role(person), QStringLiteral("demo"),
                          sql.split(QStringLiteral(";\n")));
        };
        const auto settled = [&](const PsqlOutcome &asked) {
            auto q = db.exec(QStringLiteral("SELECT state, result FROM requests WHERE id = ?"), {asked.rows.value(0).toLongLong()});
            return q && q->next() ? q->value(0).toString() + QLatin1Char(' ') + q->value(1).toString() : QString();
        };
        QVERIFY(as(QStringLiteral("alice"), QStringLiteral("SELECT ordo.cart_clear(%1)").arg(acme)).sqlState.isEmpty());
        const PsqlOutcome line = as(QStringLiteral("alice"),
                                    QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{\"cpus\": 1, \"memoryGiB\": 2}')").arg(acme));
        QVERIFY2(line.sqlState.isEmpty(), qPrintable(line.errorText));
        const PsqlOutcome first = as(QStringLiteral("alice"), QStringLiteral("SELECT ordo.checkout(%1, 'twice-a')").arg(acme));
        const PsqlOutcome second = as(QStringLiteral("alice"), QStringLiteral("SELECT ordo.checkout(%1, 'twice-b')").arg(acme));
        QVERIFY2(first.sqlState.isEmpty() && second.sqlState.isEmpty(), qPrintable(first.errorText + second.errorText));
        // Asked again before an engine got to it: the same request.
        QCOMPARE(as(QStringLiteral("alice"), QStringLiteral("SELECT ordo.checkout(%1, 'twice-a')").arg(acme)).rows, first.rows);

        const QString order = QStringLiteral("INSERT INTO ordo.orders(%1tenant_id, requester_id, request_id, state, version, monthly_cents, "
                                             "currency, vcpus, memory_gib, vms) VALUES (%2%3, %4, 'twice-a', 'submitted', 1, 0, 'EUR', 64, 256, 1)");
        QCOMPARE(as(QStringLiteral("engine"), order.arg(QStringLiteral("id, "), QStringLiteral("900000001, "), acme, alice)).sqlState, kDenied);
        const PsqlOutcome approved = as(QStringLiteral("engine"),
            QStringLiteral("BEGIN;\n") + order.arg(QString(), QString(), acme, alice)
                + QStringLiteral(";\nINSERT INTO ordo.order_lines(order_id, line_no, item_id, item_name, parameters, quantity, unit_monthly_cents, "
                                 "price_snapshot, vcpus, memory_gib, vms) SELECT max(id), 1, 'linux-vm', 'Linux VM', '{}', 1, 0, '{}', 64, 256, 1 "
                                 "FROM ordo.orders WHERE request_id = 'twice-a'"
                                 ";\nUPDATE ordo.orders SET state = 'approved', version = 2 WHERE request_id = 'twice-a'"));
        QCOMPARE(approved.sqlState, kDenied);
        QVERIFY2(approved.errorText.contains(QStringLiteral("does not move order")), qPrintable(approved.errorText));

        // alice holds her cart in a transaction of her own; dave checks out meanwhile.
        QProcess holder;
        startPsqlAs(holder, m_demo.url, m_demo.role(QStringLiteral("alice")), QStringLiteral("demo"),
                    {QStringLiteral("BEGIN"), QStringLiteral("SELECT ordo.cart_set_quantity(%1, 1)").arg(line.rows.value(0)),
                     QStringLiteral("SELECT pg_sleep(120)")});
        const auto holding = [&] { return sleeps(db, m_demo.role(QStringLiteral("alice"))); };
        QTRY_VERIFY_WITH_TIMEOUT(holding(), 20000);
        QVERIFY(as(QStringLiteral("dave"), QStringLiteral("SELECT ordo.cart_clear(%1)").arg(globex)).sqlState.isEmpty());
        QVERIFY(as(QStringLiteral("dave"), QStringLiteral("SELECT ordo.cart_add(%1, 'postgresql', '{}')").arg(globex)).sqlState.isEmpty());
        const PsqlOutcome daves = as(QStringLiteral("dave"), QStringLiteral("SELECT ordo.checkout(%1, 'dave-meanwhile')").arg(globex));
        QVERIFY2(daves.sqlState.isEmpty(), qPrintable(daves.errorText));
        QElapsedTimer took;
        took.start();
        CommandResult run = runEngineUntilIdle(m_demo);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(took.elapsed() < 20000, qPrintable(QString::number(took.elapsed()))); // never waited for alice's 120 s
        QCOMPARE(settled(daves).left(5), QStringLiteral("done "));
        QCOMPARE(settled(first), QStringLiteral("queued "));
        QCOMPARE(settled(second), QStringLiteral("queued "));
        ORDO_VERIFY_OK(endSessionsOf(db, m_demo.role(QStringLiteral("alice"))));
        QVERIFY(holder.waitForFinished(20000));

        // Two engines at once, then one for what they put off.
        QList<std::shared_ptr<QProcess>> engines;
        for (int i = 0; i < 2; ++i) {
            auto process = std::make_shared<QProcess>();
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("demo"));
            process->setProcessEnvironment(env);
            process->start(QStringLiteral(ORDOCTL_PATH), {QStringLiteral("--db"), m_demo.engineUrl, QStringLiteral("engine"),
                                                          QStringLiteral("run"), QStringLiteral("--until-idle")});
            engines.append(process);
        }
        for (const auto &process : std::as_const(engines)) {
            QVERIFY(process->waitForFinished(120000));
            QVERIFY2(process->exitCode() == 0, process->readAllStandardError().constData());
        }
        run = runEngineUntilIdle(m_demo);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        auto placed = db.exec(QStringLiteral("SELECT count(*), sum(vcpus) FROM orders WHERE request_id IN ('twice-a', 'twice-b')"));
        ORDO_VERIFY_OK(placed);
        QVERIFY(placed->next());
        QCOMPARE(placed->value(0).toInt(), 1);
        QCOMPARE(placed->value(1).toInt(), 1); // the line as alice left it: one small VM
        QStringList outcomes{settled(first), settled(second)};
        outcomes.sort();
        QVERIFY2(outcomes.at(0).startsWith(QStringLiteral("done ")) && outcomes.at(1).startsWith(QStringLiteral("refused "))
                     && outcomes.at(1).contains(QStringLiteral("the cart is empty")),
                 qPrintable(outcomes.join(QStringLiteral(" / "))));
        auto verified = ordo.audit().verify();
        ORDO_VERIFY_OK(verified);
        QVERIFY2(verified->intact, qPrintable(verified->problem));
    }

    // Engines count a concurrency limit in turn under a lock of the limit's row.
    // An advisory lock is anyone's to take, and its key shows in pg_locks: a
    // person who held the one engines once used would stall every engine's
    // pump. The row is engines' alone to lock, and they cannot change it.
    void aPersonsLockHoldsUpNoEngine()
    {
        Ordo &ordo = *m_demo.owner;
        Database &db = OrdoInternals::database(ordo);
        ORDO_VERIFY_OK(db.exec(QStringLiteral("INSERT INTO concurrency_limits VALUES ('test.noop', 4)")));
        // The server's superuser, who sees and ends every session (the owner only its people's).
        auto watcher = Database::open(m_demo.url);
        ORDO_VERIFY_OK(watcher);
        // Also when a check fails half way: no holder left behind, no limit for the tests after.
        const auto removeLimit = qScopeGuard([&] {
            (void)(*watcher)->exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'"
                                         " AND pid <> pg_backend_pid()"));
            (void)db.exec(QStringLiteral("DELETE FROM concurrency_limits WHERE key = 'test.noop'"));
        });
        engine::ActionRegistry actions;
        actions.addBuiltinActions();
        const Clock clock;
        engine::Runtime starter(db, ordo.audit(), actions, clock);
        auto started = starter.start(R"({"name": "limited", "version": 1, "steps": [{"id": "only", "action": "test.noop"}]})", {},
                                     QStringLiteral("admin"));
        ORDO_VERIFY_OK(started);
        // An engine logged in as the engines' role, patient for a second only.
        qputenv("PGPASSWORD", "demo");
        auto opened = Ordo::open(m_demo.engineUrl);
        qputenv("PGPASSWORD", "owner-password");
        ORDO_VERIFY_OK(opened);
        Database &engineDb = OrdoInternals::database(**opened);
        ORDO_VERIFY_OK(engineDb.exec(QStringLiteral("SET lock_timeout = '1s'")));
        engine::Runtime engine(engineDb, (*opened)->audit(), actions, clock);

        // Another engine that holds the limit's row holds this one's count up.
        QProcess otherEngine;
        startPsqlAs(otherEngine, m_demo.url, m_demo.engineRole(), QStringLiteral("demo"),
                    {QStringLiteral("BEGIN"), QStringLiteral("SELECT key FROM ordo.concurrency_limits WHERE key = 'test.noop' FOR NO KEY UPDATE"),
                     QStringLiteral("SELECT pg_sleep(120)")});
        QTRY_VERIFY_WITH_TIMEOUT(sleeps(**watcher, m_demo.engineRole()), 20000);
        auto waited = engine.claim(QStringLiteral("limited-engine"), 64, 60000);
        QVERIFY(!waited);
        QVERIFY2(waited.error().message.contains(QStringLiteral("lock timeout")), qPrintable(waited.error().message));
        ORDO_VERIFY_OK((*watcher)->exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?"
                                                       " AND query LIKE 'SELECT pg_sleep%'"),
                                        {m_demo.engineRole()}));
        QVERIFY(otherEngine.waitForFinished(20000));

        // A person who holds the advisory lock engines once took holds up nothing.
        QProcess holder;
        startPsqlAs(holder, m_demo.url, m_demo.role(QStringLiteral("erin")), QStringLiteral("demo"),
                    {QStringLiteral("SELECT pg_advisory_lock(hashtextextended('ordo.limit:test.noop', 0))"),
                     QStringLiteral("SELECT pg_sleep(120)")});
        QTRY_VERIFY_WITH_TIMEOUT(sleeps(**watcher, m_demo.role(QStringLiteral("erin"))), 20000);
        const PsqlOutcome rowLock = psqlAs(m_demo.url, m_demo.role(QStringLiteral("erin")), QStringLiteral("demo"),
                                           {QStringLiteral("SELECT 1 FROM ordo.concurrency_limits FOR NO KEY UPDATE")});
        QCOMPARE(rowLock.sqlState, kDenied);
        auto claimed = engine.claim(QStringLiteral("limited-engine"), 64, 60000);
        ORDO_VERIFY_OK(claimed);
        const auto ours = std::find_if(claimed->cbegin(), claimed->cend(), [&](const engine::Claim &c) { return c.workflowId == *started; });
        QVERIFY(ours != claimed->cend());
        ORDO_VERIFY_OK(engine.complete({{ours->rowId, ours->attempt, QJsonObject{}, {}, ours->workflowId}}, QStringLiteral("limited-engine")));
        ORDO_VERIFY_OK(engine.releaseLeases(QStringLiteral("limited-engine"))); // any other step it took
        ORDO_VERIFY_OK(endSessionsOf(**watcher, m_demo.role(QStringLiteral("erin"))));
        QVERIFY(holder.waitForFinished(20000));

        for (const QString &change : {QStringLiteral("UPDATE ordo.concurrency_limits SET max_running = 1000"),
                                      QStringLiteral("UPDATE ordo.concurrency_limits SET key = 'escaped' WHERE key = 'test.noop'")}) {
            const PsqlOutcome changed = psqlAs(m_demo.url, m_demo.engineRole(), QStringLiteral("demo"), {change});
            QVERIFY2(changed.sqlState == kDenied, qPrintable(change + QStringLiteral(": ") + changed.sqlState + changed.errorText));
        }
    }

    // A cart and a person's requests are held under locks of rows (the
    // customer's role row, the person's row in request_gates), not advisory
    // locks: those are anyone's to take, and dave, holding the ones fay's cart
    // and requests once took, made her cart changes and checkouts wait as long
    // as he liked, and engines put her checkout off. He cannot lock the rows.
    void aPersonsLockHoldsUpNobodysCart()
    {
        Ordo &ordo = *m_demo.owner;
        Database &db = OrdoInternals::database(ordo);
        const QString acme = QString::number(m_demo.tenantId(QStringLiteral("acme")));
        const QString fay = freshCustomer(QStringLiteral("fay"));
        const QString fayId = QString::number(m_demo.userId(fay));
        const auto leaveNoHolder = qScopeGuard([&] { (void)endSessionsOf(db, m_demo.role(QStringLiteral("dave"))); });
        QProcess holder;
        startPsqlAs(holder, m_demo.url, m_demo.role(QStringLiteral("dave")), QStringLiteral("demo"),
                    {QStringLiteral("SELECT pg_advisory_lock(hashtextextended('ordo.cart:%1:%2', 0)),"
                                    " pg_advisory_lock(hashtextextended('ordo.requests:%1', 0))")
                         .arg(fayId, acme),
                     QStringLiteral("SELECT pg_sleep(120)")});
        const auto holding = [&] { return sleeps(db, m_demo.role(QStringLiteral("dave"))); };
        QTRY_VERIFY_WITH_TIMEOUT(holding(), 20000);
        for (const QString &rows : {QStringLiteral("SELECT 1 FROM ordo.user_roles FOR KEY SHARE"),
                                    QStringLiteral("SELECT id FROM ordo.users FOR KEY SHARE")}) {
            const PsqlOutcome locked = psqlAs(m_demo.url, m_demo.role(QStringLiteral("dave")), QStringLiteral("demo"), {rows});
            QVERIFY2(locked.sqlState == kDenied, qPrintable(rows + QStringLiteral(": ") + locked.sqlState + locked.errorText));
        }

        // fay, patient for two seconds a statement, fills her cart and checks out.
        const auto asFay = [&](const QString &sql) {
            return psqlAs(m_demo.url, m_demo.role(fay), QStringLiteral("demo"),
                          {QStringLiteral("SET lock_timeout = '2s'"), sql});
        };
        for (const QString &change : {QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{}')").arg(acme),
                                      QStringLiteral("SELECT ordo.cart_clear(%1)").arg(acme),
                                      QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{\"cpus\": 1, \"memoryGiB\": 2}')").arg(acme)}) {
            const PsqlOutcome changed = asFay(change);
            QVERIFY2(changed.sqlState.isEmpty(), qPrintable(change + QStringLiteral(": ") + changed.errorText));
        }
        const PsqlOutcome asked = asFay(QStringLiteral("SELECT ordo.checkout(%1, 'fay-despite-dave')").arg(acme));
        QVERIFY2(asked.sqlState.isEmpty(), qPrintable(asked.errorText));
        const CommandResult run = runEngineUntilIdle(m_demo);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        auto settled = db.exec(QStringLiteral("SELECT r.state, r.result, count(o.id) FROM requests r"
                                              " LEFT JOIN orders o ON o.request_id = 'fay-despite-dave' WHERE r.id = ? GROUP BY r.state, r.result"),
                               {asked.rows.value(0).toLongLong()});
        ORDO_VERIFY_OK(settled);
        QVERIFY(settled->next());
        QVERIFY2(settled->value(0).toString() == QLatin1String("done"), qPrintable(settled->value(1).toString()));
        QCOMPARE(settled->value(2).toInt(), 1);
        QVERIFY(holding()); // all along
        ORDO_VERIFY_OK(endSessionsOf(db, m_demo.role(QStringLiteral("dave"))));
        QVERIFY(holder.waitForFinished(20000));
    }

    // A person's request left open in a transaction holds a row of their own
    // (ordo_private.request_gates), not their users row: an admin still sets
    // their password and disables them, which ends that transaction.
    void aPersonsOpenRequestHoldsUpNoAdmin()
    {
        const QString hal = freshCustomer(QStringLiteral("hal"));
        const QString acme = QString::number(m_demo.tenantId(QStringLiteral("acme")));
        QProcess holder;
        startPsqlAs(holder, m_demo.url, m_demo.role(hal), QStringLiteral("demo"),
                    {QStringLiteral("BEGIN"), QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{}')").arg(acme),
                     QStringLiteral("SELECT ordo.checkout(%1, 'hal-left-open')").arg(acme), QStringLiteral("SELECT pg_sleep(120)")});
        const auto leaveNoHolder = qScopeGuard([&] { (void)endSessionsOf(OrdoInternals::database(*m_demo.owner), m_demo.role(hal)); });
        QTRY_VERIFY_WITH_TIMEOUT(sleeps(OrdoInternals::database(*m_demo.owner), m_demo.role(hal)), 20000);
        // The admin's console, patient for two seconds a lock.
        auto opened = Ordo::open(m_demo.ownerUrl);
        ORDO_VERIFY_OK(opened);
        Ordo &console = **opened;
        ORDO_VERIFY_OK(OrdoInternals::database(console).exec(QStringLiteral("SET lock_timeout = '2s'")));
        const Session admin = sessionFor(console, QStringLiteral("admin"));
        ORDO_VERIFY_OK(console.accounts().setPassword(admin, hal, QStringLiteral("a-new-password-42")));
        ORDO_VERIFY_OK(console.accounts().disable(admin, hal));
        QVERIFY(holder.waitForFinished(20000)); // disabling ended hal's sessions
        QVERIFY(holder.exitCode() != 0);
    }

    // The superuser's step (docs/deployment.md, section 3b), run twice from the
    // file the package installs: nobody but the schema's owner, for its upgrades,
    // takes an advisory lock in this database any more (a person could fill the
    // server's lock table with them), and people and engines go on as before.
    void theSuperusersStepTakesAdvisoryLocksAway()
    {
        QFile file(QStringLiteral(ORDO_SUPERUSER_SQL));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QString script = QString::fromUtf8(file.readAll());
        const QString superuser = QUrl(m_demo.url).userName();
        const QStringList takes{QStringLiteral("SELECT pg_advisory_lock(1)"), QStringLiteral("SELECT pg_try_advisory_xact_lock(1, 2)"),
                                QStringLiteral("SELECT pg_advisory_lock_shared(3)"), QStringLiteral("SELECT pg_advisory_xact_lock(hashtext('ordo.migrate'))")};
        // Given back at the end, for whatever runs after.
        const auto giveBack = qScopeGuard([&] {
            (void)psqlAs(m_demo.url, superuser, QString(),
                         {QStringLiteral("DO $$ DECLARE f regprocedure; BEGIN FOR f IN SELECT p.oid::regprocedure FROM pg_proc p"
                                         " WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname LIKE 'pg\\_%advisory%lock%' LOOP"
                                         " EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f); END LOOP; END $$")});
        });
        for (int run = 0; run < 2; ++run) {
            const PsqlOutcome ran = psqlAs(m_demo.url, superuser, QString(), {script});
            QVERIFY2(ran.sqlState.isEmpty(), qPrintable(ran.errorText));
        }
        for (const QString &role : {m_demo.role(QStringLiteral("dave")), m_demo.engineRole()}) {
            for (const QString &take : takes) {
                const PsqlOutcome taken = psqlAs(m_demo.url, role, QStringLiteral("demo"), {take});
                QVERIFY2(taken.sqlState == kDenied, qPrintable(role + QStringLiteral(": ") + take + QStringLiteral(": ") + taken.sqlState));
            }
        }
        // The owner keeps the lock its upgrades take, and that one only.
        const PsqlOutcome upgrading = psqlAs(m_demo.url, m_demo.ownerRole, QStringLiteral("owner-password"), {takes.last()});
        QVERIFY2(upgrading.sqlState.isEmpty(), qPrintable(upgrading.errorText));
        QCOMPARE(psqlAs(m_demo.url, m_demo.ownerRole, QStringLiteral("owner-password"), {takes.first()}).sqlState, kDenied);

        // A customer fills her cart and checks out; an engine places the order.
        const QString ida = freshCustomer(QStringLiteral("ida"));
        const QString acme = QString::number(m_demo.tenantId(QStringLiteral("acme")));
        const PsqlOutcome added = psqlAs(m_demo.url, m_demo.role(ida), QStringLiteral("demo"),
                                         {QStringLiteral("SELECT ordo.cart_add(%1, 'linux-vm', '{\"cpus\": 1, \"memoryGiB\": 2}')").arg(acme)});
        QVERIFY2(added.sqlState.isEmpty(), qPrintable(added.errorText));
        const PsqlOutcome asked = psqlAs(m_demo.url, m_demo.role(ida), QStringLiteral("demo"),
                                         {QStringLiteral("SELECT ordo.checkout(%1, 'ida-hardened')").arg(acme)});
        QVERIFY2(asked.sqlState.isEmpty(), qPrintable(asked.errorText));
        const CommandResult run = runEngineUntilIdle(m_demo);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        auto settled = OrdoInternals::database(*m_demo.owner).exec(QStringLiteral("SELECT state, result FROM requests WHERE id = ?"),
                                                                   {asked.rows.value(0).toLongLong()});
        ORDO_VERIFY_OK(settled);
        QVERIFY(settled->next());
        QVERIFY2(settled->value(0).toString() == QLatin1String("done"), qPrintable(settled->value(1).toString()));
    }

private:
    // Whether one psql session of the role sleeps (startPsqlAs, holding what it
    // took before), as db may see it: the owner sees its people's sessions only.
    static bool sleeps(Database &db, const QString &role)
    {
        auto q = db.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE usename = ? AND state = 'active'"
                                        " AND query LIKE 'SELECT pg_sleep%'"),
                         {role});
        return q && q->next() && q->value(0).toInt() == 1;
    }

    // Ends every session of the role that db may end (the owner its people's only).
    static Status endSessionsOf(Database &db, const QString &role)
    {
        ORDO_CHECK(db.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?"), {role}));
        return ok();
    }

    // A customer of acme with no orders yet (alice's earlier ones count against
    // her quota), who logs in with their own role, password "demo".
    QString freshCustomer(const QString &name)
    {
        Ordo &ordo = *m_demo.owner;
        if (auto made = ordo.accounts().createUser(name, name, name + QStringLiteral("@acme.example"), QStringLiteral("demo")); !made)
            qFatal("%s", qPrintable(made.error().message));
        if (auto granted = ordo.accounts().grant(name, QStringLiteral("acme"), Role::Customer); !granted)
            qFatal("%s", qPrintable(granted.error().message));
        if (auto login = shared::setPersonLogin(OrdoInternals::database(ordo), m_demo.prefix, name, QStringLiteral("demo")); !login)
            qFatal("%s", qPrintable(login.error().message));
        return name;
    }

    // The order's audit trail as "actor state" per entry, oldest first.
    QStringList movesOf(const QString &tenant, Id order)
    {
        QStringList moves;
        auto trail = m_demo.owner->audit().entries(m_demo.tenantId(tenant), QStringLiteral("order"), QString::number(order));
        if (!trail)
            return {trail.error().message};
        for (const AuditEntry &e : std::as_const(*trail))
            moves.append(e.actor + QLatin1Char(' ') + e.toState);
        return moves;
    }

    // A line of the customer's cart: the demo leaves one in each (checkoutBigVm).
    Id cartLineOf(const QString &customer)
    {
        auto q = OrdoInternals::database(*m_demo.owner).exec(QStringLiteral("SELECT min(id) FROM cart_lines WHERE user_id = ?"),
                                                             {m_demo.userId(customer)});
        if (!q || !q->next() || q->value(0).isNull())
            qFatal("%s has no cart line", qPrintable(customer));
        return q->value(0).toLongLong();
    }

    // What the owner reads of the rows the attempts aim at.
    QStringList ownerView()
    {
        QStringList rows;
        Database &db = OrdoInternals::database(*m_demo.owner);
        for (const QString &sql : {QStringLiteral("SELECT id || ' ' || state || ' ' || version FROM orders ORDER BY id"),
                                   QStringLiteral("SELECT order_id || ' ' || level || ' ' || decision FROM approval_decisions ORDER BY 1"),
                                   QStringLiteral("SELECT id || ' ' || state || ' ' || attempt FROM steps ORDER BY id"),
                                   QStringLiteral("SELECT seq || ' ' || hash FROM audit_log ORDER BY seq"),
                                   QStringLiteral("SELECT last_seq || ' ' || last_hash FROM audit_head"),
                                   QStringLiteral("SELECT count(*)::text FROM step_log"),
                                   QStringLiteral("SELECT count(*)::text FROM requests"),
                                   QStringLiteral("SELECT id || ' ' || user_id || ' ' || quantity || ' ' || parameters FROM cart_lines ORDER BY id"),
                                   QStringLiteral("SELECT relname || ' ' || relrowsecurity || relforcerowsecurity FROM pg_class "
                                                  "WHERE relnamespace = 'ordo'::regnamespace AND relkind = 'r' ORDER BY 1"),
                                   QStringLiteral("SELECT rolname || ' ' || rolbypassrls FROM pg_roles WHERE rolname LIKE 'byp\\_%' ORDER BY 1")}) {
            auto query = db.exec(sql);
            if (!query)
                qFatal("%s: %s", qPrintable(sql), qPrintable(query.error().message));
            while (query->next())
                rows.append(query->value(0).toString());
        }
        return rows;
    }

    TestEnvironment m_env;
    SharedDemo m_demo;
    QStringList m_before;
    int m_attempts = 0;
};

QTEST_GUILESS_MAIN(TestBypass)
#include "tst_bypass.moc"

#include "store/Migrations.h"

#include "store/Database.h"

namespace ordo {

namespace {

// Statements that turn one ISO-text time column into epoch milliseconds
// (INTEGER, UTC), keeping NULL and '' as NULL. SQLite cannot change a
// column's type, so the value moves to a new column that takes the old name.
// Digits-only text is what an INTEGER written into a TEXT column became.
QStringList timeColumnToEpochMs(const QString &table, const QString &column, bool notNull)
{
    const QString converted = QStringLiteral("_ms_") + column;
    // ADD COLUMN needs a default for NOT NULL; every row gets its value next.
    const QString type = notNull ? QStringLiteral("INTEGER NOT NULL DEFAULT 0") : QStringLiteral("INTEGER");
    return {
        QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 %3").arg(table, converted, type),
        QStringLiteral("UPDATE %1 SET %2 = CASE"
                       " WHEN %3 IS NULL OR %3 = '' THEN NULL"
                       " WHEN typeof(%3) = 'integer' OR %3 NOT GLOB '*[^0-9]*' THEN CAST(%3 AS INTEGER)"
                       " ELSE CAST(ROUND((julianday(%3) - 2440587.5) * 86400000) AS INTEGER) END")
            .arg(table, converted, column),
        QStringLiteral("ALTER TABLE %1 DROP COLUMN %2").arg(table, column),
        QStringLiteral("ALTER TABLE %1 RENAME COLUMN %2 TO %3").arg(table, converted, column),
    };
}

QStringList timesToEpochMs()
{
    struct Column
    {
        const char *table;
        const char *column;
        bool notNull;
    };
    static const Column columns[] = {
        {"users", "created_at", true},
        {"cart_lines", "added_at", true},
        {"orders", "created_at", true},
        {"orders", "updated_at", true},
        {"orders", "approval_expires_at", false},
        {"approval_decisions", "decided_at", true},
        {"audit_log", "at", true},
        {"connector_settings", "updated_at", true},
        {"cmdb_items", "created_at", true},
        {"cmdb_items", "removed_at", false},
        {"tickets", "created_at", true},
        {"ticket_comments", "created_at", true},
        {"mail_outbox", "created_at", true},
        {"mail_outbox", "next_attempt_at", false},
        {"mail_outbox", "sent_at", false},
        {"guest_host_keys", "first_seen_at", true},
        {"schema_migrations", "applied_at", true},
    };
    // Indexed columns cannot be dropped: the indexes come back afterwards.
    QStringList statements{QStringLiteral("DROP INDEX orders_expiry"), QStringLiteral("DROP INDEX mail_outbox_state")};
    for (const Column &c : columns)
        statements += timeColumnToEpochMs(QLatin1String(c.table), QLatin1String(c.column), c.notNull);
    statements += QStringLiteral("CREATE INDEX orders_expiry ON orders(state, approval_expires_at)");
    statements += QStringLiteral("CREATE INDEX mail_outbox_state ON mail_outbox(state, next_attempt_at)");
    return statements;
}

} // namespace

QStringList scriptStatements(const QString &script)
{
    QStringList statements;
    QString current;
    bool inBody = false;
    for (const QString &line : script.split(QLatin1Char('\n'))) {
        if (!inBody && line.trimmed().startsWith(QLatin1String("--")))
            continue;
        current += line + QLatin1Char('\n');
        if (line.count(QLatin1String("$$")) % 2 == 1)
            inBody = !inBody;
        if (!inBody && line.trimmed().endsWith(QLatin1Char(';'))) {
            statements.append(current.trimmed().chopped(1));
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        statements.append(current.trimmed());
    return statements;
}

namespace {

// step_queue: a row for each step in a state that engines look for (ready,
// running, retry-wait, waiting, paused), with the columns they look by. Runtime
// keeps it with every step change (Runtime::Impl::syncQueue). Its indexes are
// small, and steps keeps only its keys: a state change is no longer an update
// of an indexed column, so on PostgreSQL it stays HOT (no new index entries,
// far fewer dead ones).
QStringList stepQueueMigration(Database::Dialect dialect)
{
    const bool sqlite = dialect == Database::Dialect::Sqlite;
    const QString integer = sqlite ? QStringLiteral("INTEGER") : QStringLiteral("bigint");
    const QString text = sqlite ? QStringLiteral("TEXT") : QStringLiteral("text COLLATE \"C\"");
    QStringList statements{
        // No foreign key: its check would cost every queued step a lookup, and
        // only Runtime writes the queue, beside the step (a step deleted is never queued).
        QStringLiteral("CREATE TABLE step_queue ("
                       " step_id %1 PRIMARY KEY,"
                       " workflow_id %1 NOT NULL,"
                       " kind %2 NOT NULL,"
                       " state %2 NOT NULL CHECK (state IN ('ready', 'running', 'retry-wait', 'waiting', 'paused')),"
                       " attempt %1 NOT NULL,"
                       " ready_at %1, due_at %1, probe_due %1, lease_owner %2, lease_expires %1, resource_key %2, resource %2)")
            .arg(integer, text),
        // The claim's order (Runtime::claim): the oldest ready steps straight off the index.
        sqlite ? QStringLiteral("CREATE INDEX step_queue_ready ON step_queue (ready_at, step_id) WHERE state = 'ready'")
               : QStringLiteral("CREATE INDEX step_queue_ready ON step_queue (ready_at NULLS FIRST, step_id) WHERE state = 'ready'"),
        QStringLiteral("CREATE INDEX step_queue_leases ON step_queue (lease_expires) WHERE state = 'running'"),
        QStringLiteral("CREATE INDEX step_queue_due ON step_queue (due_at) WHERE state IN ('retry-wait', 'waiting')"),
        QStringLiteral("CREATE INDEX step_queue_probes ON step_queue (probe_due) WHERE state = 'paused'"),
        // Order steps wait for their order's decision (resolveOrderSteps, every pump).
        QStringLiteral("CREATE INDEX step_queue_waiting ON step_queue (resource_key) WHERE state = 'waiting'"),
        // Its own words, not stepQueueFill(): that one follows the queue's later shapes, this one stays.
        QStringLiteral("INSERT INTO step_queue(step_id, workflow_id, kind, state, attempt, ready_at, due_at, probe_due, lease_owner,"
                       " lease_expires, resource_key, resource)"
                       " SELECT id, workflow_id, kind, state, attempt, ready_at, due_at, probe_due, lease_owner, lease_expires,"
                       " resource_key, resource FROM steps WHERE state IN ('ready', 'running', 'retry-wait', 'waiting', 'paused')"),
        QStringLiteral("DROP INDEX steps_state"),
        QStringLiteral("DROP INDEX steps_resource"),
    };
    if (!sqlite) {
        statements += {
            QStringLiteral("DROP INDEX steps_ready"),
            QStringLiteral("DROP INDEX steps_leases"),
            // Room on each page for a step's new versions: its updates stay on the page (HOT).
            QStringLiteral("ALTER TABLE steps SET (fillfactor = 70)"),
            // Every claim reads it: vacuumed after every few thousand changes, whatever its size.
            // Never truncated: the lock that takes would stop every claim, and the
            // empty pages at its end are refilled at once.
            QStringLiteral("ALTER TABLE step_queue SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,"
                           " autovacuum_vacuum_cost_delay = 0, autovacuum_analyze_scale_factor = 0.2, vacuum_truncate = false)"),
            QStringLiteral("ALTER TABLE changes SET (vacuum_truncate = false)"),
        };
    }
    return statements;
}

// Statements for the engines' role of a database that init --shared set up, as
// postgres-access.sql grants them, for engines of a database upgraded without
// running it again; nothing on a database without engines. Each statement is a
// format() string: %I is the role's name. The role is read through to_jsonb: a
// meta table older than the engines' role has no column for it.
QString forTheEngines(const QStringList &statements)
{
    QString run;
    for (QString statement : statements)
        run += QStringLiteral("   EXECUTE format('%1', engine);").arg(statement.replace(QLatin1Char('\''), QStringLiteral("''")));
    return QStringLiteral("DO $$ DECLARE engine name; BEGIN"
                          " IF to_regclass('ordo_private.meta') IS NOT NULL THEN"
                          "  SELECT r.rolname INTO engine FROM ordo_private.meta m"
                          "   JOIN pg_catalog.pg_roles r ON r.oid = (to_jsonb(m) ->> 'engine_role')::oid WHERE m.id = 1;"
                          "  IF engine IS NOT NULL THEN")
        + run + QStringLiteral("  END IF; END IF; END $$");
}

// ordo_private.admit_request (`create`: CREATE or CREATE OR REPLACE): at most 100 of a
// person's requests wait for engines, and 1,000 come an hour, counted under `lock`, a
// lock of the asker's own, so that requests sent at once count each other.
QString admitRequest(const QString &create, const QString &lock)
{
    return create + QStringLiteral(R"SQL( FUNCTION ordo_private.admit_request(p_asker bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    )SQL") + lock + QStringLiteral(R"SQL(
    IF (SELECT count(*) FROM ordo.requests q WHERE q.requested_by = p_asker AND q.state = 'queued') >= 100 THEN
        RAISE EXCEPTION 'you have 100 requests waiting for an engine: wait for them first' USING ERRCODE = '23514';
    END IF;
    IF (SELECT count(*) FROM ordo.requests q WHERE q.requested_by = p_asker
          AND q.requested_at > (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 3600000) >= 1000 THEN
        RAISE EXCEPTION 'you sent 1000 requests in the last hour: wait a while' USING ERRCODE = '23514';
    END IF;
END
$$)SQL");
}

} // namespace

QString stepQueueFill()
{
    return QStringLiteral("INSERT INTO step_queue(step_id, workflow_id, kind, state, attempt, ready_at, due_at, probe_due, lease_owner,"
                          " lease_expires, resource_key, resource)"
                          " SELECT id, workflow_id, kind, state, attempt, ready_at, due_at, probe_due, lease_owner, lease_expires,"
                          " resource_key, resource"
                          " FROM steps WHERE state IN ('ready', 'running', 'retry-wait', 'waiting', 'paused')");
}

const QList<Migration> &migrations()
{
    static const QList<Migration> all = {
        {1,
         QStringLiteral("tenants, users, catalog, carts, orders, approvals, audit"),
         {
             QStringLiteral("CREATE TABLE tenants ("
                            " id INTEGER PRIMARY KEY,"
                            " slug TEXT NOT NULL UNIQUE,"
                            " name TEXT NOT NULL,"
                            " policy TEXT NOT NULL DEFAULT '{}')"),
             QStringLiteral("CREATE TABLE users ("
                            " id INTEGER PRIMARY KEY,"
                            " name TEXT NOT NULL UNIQUE,"
                            " display_name TEXT NOT NULL,"
                            " email TEXT NOT NULL,"
                            " password_hash TEXT NOT NULL,"
                            " created_at TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE user_roles ("
                            " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                            " tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,"
                            " role TEXT NOT NULL CHECK (role IN ('customer','approver','support','admin')),"
                            " PRIMARY KEY (user_id, tenant_id, role))"),
             QStringLiteral("CREATE TABLE approver_groups ("
                            " tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,"
                            " name TEXT NOT NULL,"
                            " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                            " PRIMARY KEY (tenant_id, name, user_id))"),
             QStringLiteral("CREATE TABLE catalog_items ("
                            " id TEXT PRIMARY KEY,"
                            " definition TEXT NOT NULL,"
                            " position INTEGER NOT NULL)"),
             QStringLiteral("CREATE TABLE cart_lines ("
                            " id INTEGER PRIMARY KEY,"
                            " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                            " tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,"
                            " item_id TEXT NOT NULL REFERENCES catalog_items(id),"
                            " parameters TEXT NOT NULL,"
                            " quantity INTEGER NOT NULL CHECK (quantity > 0),"
                            " added_at TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX cart_lines_owner ON cart_lines(user_id, tenant_id)"),
             QStringLiteral("CREATE TABLE orders ("
                            " id INTEGER PRIMARY KEY,"
                            " tenant_id INTEGER NOT NULL REFERENCES tenants(id),"
                            " requester_id INTEGER NOT NULL REFERENCES users(id),"
                            " request_id TEXT NOT NULL,"
                            " state TEXT NOT NULL,"
                            " version INTEGER NOT NULL,"
                            " approval_level INTEGER NOT NULL DEFAULT 0,"
                            " monthly_cents INTEGER NOT NULL,"
                            " currency TEXT NOT NULL,"
                            " vcpus INTEGER NOT NULL,"
                            " memory_gib INTEGER NOT NULL,"
                            " vms INTEGER NOT NULL,"
                            " created_at TEXT NOT NULL,"
                            " updated_at TEXT NOT NULL,"
                            " UNIQUE (requester_id, request_id))"),
             QStringLiteral("CREATE INDEX orders_tenant_state ON orders(tenant_id, state)"),
             QStringLiteral("CREATE TABLE order_lines ("
                            " order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,"
                            " line_no INTEGER NOT NULL,"
                            " item_id TEXT NOT NULL,"
                            " item_name TEXT NOT NULL,"
                            " parameters TEXT NOT NULL,"
                            " quantity INTEGER NOT NULL,"
                            " unit_monthly_cents INTEGER NOT NULL,"
                            " price_snapshot TEXT NOT NULL,"
                            " vcpus INTEGER NOT NULL,"
                            " memory_gib INTEGER NOT NULL,"
                            " vms INTEGER NOT NULL,"
                            " PRIMARY KEY (order_id, line_no))"),
             QStringLiteral("CREATE TABLE approval_decisions ("
                            " order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,"
                            " level INTEGER NOT NULL,"
                            " approver_id INTEGER NOT NULL REFERENCES users(id),"
                            " decision TEXT NOT NULL CHECK (decision IN ('approve','reject')),"
                            " comment TEXT NOT NULL,"
                            " decided_at TEXT NOT NULL,"
                            " PRIMARY KEY (order_id, level, approver_id))"),
             QStringLiteral("CREATE TABLE audit_log ("
                            " seq INTEGER PRIMARY KEY,"
                            " at TEXT NOT NULL,"
                            " actor TEXT NOT NULL,"
                            " tenant_id INTEGER,"
                            " entity TEXT NOT NULL,"
                            " entity_id TEXT NOT NULL,"
                            " action TEXT NOT NULL,"
                            " from_state TEXT NOT NULL,"
                            " to_state TEXT NOT NULL,"
                            " reason TEXT NOT NULL,"
                            " details TEXT NOT NULL,"
                            " prev_hash TEXT NOT NULL,"
                            " hash TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX audit_log_entity ON audit_log(entity, entity_id)"),
         }},
        {2,
         QStringLiteral("approval expiry; audit head so that a cut-off tail of the audit trail is detected"),
         {
             QStringLiteral("ALTER TABLE orders ADD COLUMN approval_expires_at TEXT"),
             QStringLiteral("CREATE INDEX orders_expiry ON orders(state, approval_expires_at)"),
             QStringLiteral("CREATE TABLE audit_head ("
                            " id INTEGER PRIMARY KEY CHECK (id = 1),"
                            " last_seq INTEGER NOT NULL,"
                            " last_hash TEXT NOT NULL)"),
             // Databases from schema 1 start their head at what they hold now.
             QStringLiteral("INSERT INTO audit_head(id, last_seq, last_hash)"
                            " SELECT 1, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"),
         }},
        {3,
         QStringLiteral("the workflow engine: definitions, runs, step instances with leases, step log, limits"),
         {
             QStringLiteral("CREATE TABLE workflow_definitions ("
                            " name TEXT NOT NULL,"
                            " version INTEGER NOT NULL,"
                            " definition TEXT NOT NULL,"
                            " created_at INTEGER NOT NULL,"
                            " PRIMARY KEY (name, version))"),
             QStringLiteral("CREATE TABLE workflows ("
                            " id INTEGER PRIMARY KEY,"
                            " uuid TEXT NOT NULL UNIQUE,"
                            " name TEXT NOT NULL,"
                            " def_version INTEGER NOT NULL,"
                            " state TEXT NOT NULL,"
                            " inputs TEXT NOT NULL,"
                            " order_id INTEGER REFERENCES orders(id),"
                            " started_by TEXT NOT NULL,"
                            " created_at INTEGER NOT NULL,"
                            " updated_at INTEGER NOT NULL,"
                            " finished_at INTEGER,"
                            " error TEXT NOT NULL,"
                            " open_steps INTEGER NOT NULL,"
                            " FOREIGN KEY (name, def_version) REFERENCES workflow_definitions(name, version))"),
             QStringLiteral("CREATE INDEX workflows_state ON workflows(state)"),
             // Times are milliseconds since the epoch: compared on every claim.
             QStringLiteral("CREATE TABLE steps ("
                            " id INTEGER PRIMARY KEY,"
                            " workflow_id INTEGER NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,"
                            " step_key TEXT NOT NULL,"
                            " kind TEXT NOT NULL CHECK (kind IN ('step', 'compensation')),"
                            " state TEXT NOT NULL,"
                            " waiting_on INTEGER NOT NULL DEFAULT 0,"
                            " attempt INTEGER NOT NULL DEFAULT 0,"
                            " budget_start INTEGER NOT NULL DEFAULT 0,"
                            " due_at INTEGER,"
                            " ready_at INTEGER,"
                            " lease_owner TEXT,"
                            " lease_expires INTEGER,"
                            " cancel_requested INTEGER NOT NULL DEFAULT 0,"
                            " resource_key TEXT,"
                            " resource TEXT,"
                            " inputs TEXT,"
                            " outputs TEXT,"
                            " error TEXT,"
                            " error_kind TEXT,"
                            " manual INTEGER NOT NULL DEFAULT 0,"
                            " overrides TEXT,"
                            " first_started_at INTEGER,"
                            " started_at INTEGER,"
                            " finished_at INTEGER,"
                            " probe_due INTEGER,"
                            " probe_since INTEGER,"
                            " probe_attempt INTEGER NOT NULL DEFAULT 0,"
                            " UNIQUE (workflow_id, step_key, kind))"),
             // One index serves every lookup by state; each extra index is pages written per commit.
             QStringLiteral("CREATE INDEX steps_state ON steps(state, ready_at)"),
             QStringLiteral("CREATE TABLE step_log ("
                            " seq INTEGER PRIMARY KEY,"
                            " workflow_id INTEGER NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,"
                            " step_key TEXT NOT NULL,"
                            " at INTEGER NOT NULL,"
                            " kind TEXT NOT NULL,"
                            " message TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX step_log_workflow ON step_log(workflow_id, seq)"),
             QStringLiteral("CREATE INDEX steps_resource ON steps(resource) WHERE resource IS NOT NULL"),
             QStringLiteral("CREATE TABLE concurrency_limits ("
                            " key TEXT PRIMARY KEY,"
                            " max_running INTEGER NOT NULL CHECK (max_running > 0))"),
         }},
        {4,
         QStringLiteral("connection settings of the connectors (never secrets: those stay in the keychain)"),
         {
             QStringLiteral("CREATE TABLE connector_settings ("
                            " name TEXT PRIMARY KEY,"
                            " settings TEXT NOT NULL,"
                            " updated_at TEXT NOT NULL,"
                            " updated_by TEXT NOT NULL)"),
         }},
        {5,
         QStringLiteral("the embedded CMDB and ticket store, for when no external one is configured"),
         {
             QStringLiteral("CREATE TABLE cmdb_items ("
                            " id INTEGER PRIMARY KEY,"
                            " correlation TEXT NOT NULL UNIQUE,"
                            " class TEXT NOT NULL,"
                            " name TEXT NOT NULL,"
                            " ip TEXT NOT NULL,"
                            " attributes TEXT NOT NULL,"
                            " created_at TEXT NOT NULL,"
                            " removed_at TEXT)"),
             QStringLiteral("CREATE TABLE tickets ("
                            " id INTEGER PRIMARY KEY,"
                            " correlation TEXT NOT NULL UNIQUE,"
                            " title TEXT NOT NULL,"
                            " description TEXT NOT NULL,"
                            " severity TEXT NOT NULL,"
                            " created_at TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE ticket_comments ("
                            " id INTEGER PRIMARY KEY,"
                            " ticket_id INTEGER NOT NULL REFERENCES tickets(id),"
                            " correlation TEXT NOT NULL UNIQUE,"
                            " comment TEXT NOT NULL,"
                            " created_at TEXT NOT NULL)"),
         }},
        {6,
         QStringLiteral("the mail outbox: queued with the change that causes a mail"),
         {
             QStringLiteral("CREATE TABLE mail_outbox ("
                            " id INTEGER PRIMARY KEY,"
                            " correlation TEXT NOT NULL UNIQUE,"
                            " created_at TEXT NOT NULL,"
                            " recipients TEXT NOT NULL,"
                            " subject TEXT NOT NULL,"
                            " body TEXT NOT NULL,"
                            " template TEXT NOT NULL,"
                            " state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'kept', 'failed')),"
                            " attempts INTEGER NOT NULL DEFAULT 0,"
                            " next_attempt_at TEXT,"
                            " last_error TEXT NOT NULL DEFAULT '',"
                            " sent_at TEXT)"),
             QStringLiteral("CREATE INDEX mail_outbox_state ON mail_outbox(state, next_attempt_at)"),
         }},
        {7,
         QStringLiteral("SSH host keys of guests, recorded at first contact"),
         {
             QStringLiteral("CREATE TABLE guest_host_keys ("
                            " identity TEXT NOT NULL,"
                            " key_type TEXT NOT NULL,"
                            " fingerprint TEXT NOT NULL,"
                            " first_seen_at TEXT NOT NULL,"
                            " address TEXT NOT NULL,"
                            " PRIMARY KEY (identity, key_type))"),
         }},
        {8,
         QStringLiteral("attempts of a step lost in a row with their engine, to stop a step that kills engines"),
         {
             QStringLiteral("ALTER TABLE steps ADD COLUMN lost_attempts INTEGER NOT NULL DEFAULT 0"),
         }},
        {9,
         QStringLiteral("the tenant of every row of tenant data, and the provider-wide grants of the cloud provider's own staff"),
         {
             // NULL: the provider's own, seen only by provider-wide staff.
             QStringLiteral("ALTER TABLE workflows ADD COLUMN tenant_id INTEGER REFERENCES tenants(id)"),
             QStringLiteral("UPDATE workflows SET tenant_id = (SELECT o.tenant_id FROM orders o WHERE o.id = workflows.order_id)"),
             QStringLiteral("CREATE INDEX workflows_tenant ON workflows(tenant_id, id)"),
             QStringLiteral("ALTER TABLE mail_outbox ADD COLUMN tenant_id INTEGER REFERENCES tenants(id)"),
             // Approval requests name their order in the correlation.
             QStringLiteral("UPDATE mail_outbox SET tenant_id = (SELECT o.tenant_id FROM orders o"
                            " WHERE mail_outbox.correlation LIKE 'order/' || o.id || '/%')"),
             QStringLiteral("ALTER TABLE cmdb_items ADD COLUMN tenant_id INTEGER REFERENCES tenants(id)"),
             QStringLiteral("ALTER TABLE tickets ADD COLUMN tenant_id INTEGER REFERENCES tenants(id)"),
             QStringLiteral("ALTER TABLE guest_host_keys ADD COLUMN tenant_id INTEGER REFERENCES tenants(id)"),
             QStringLiteral("CREATE TABLE provider_roles ("
                            " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                            " role TEXT NOT NULL CHECK (role IN ('support','admin')),"
                            " PRIMARY KEY (user_id, role))"),
         }},
        {10,
         QStringLiteral("audit chain keyed with an HMAC: the database's (not secret) id names its key in the keychain; "
                        "entries written before stay checked with their unkeyed hash"),
         {
             QStringLiteral("CREATE TABLE audit_keying ("
                            " id INTEGER PRIMARY KEY CHECK (id = 1),"
                            " database_id TEXT NOT NULL,"
                            " legacy_until INTEGER NOT NULL)"),
             QStringLiteral("INSERT INTO audit_keying(id, database_id, legacy_until)"
                            " SELECT 1, lower(hex(randomblob(16))), COALESCE(MAX(seq), 0) FROM audit_log"),
         }},
        {11,
         QStringLiteral("the change log the change feeds read: which order, approval, workflow or step changed"),
         {
             // No foreign keys: an entry outlives nothing it names for long, and the writes stay cheap.
             QStringLiteral("CREATE TABLE changes ("
                            " seq INTEGER PRIMARY KEY,"
                            " kind INTEGER NOT NULL,"
                            " entity_id INTEGER NOT NULL,"
                            " tenant_id INTEGER)"),
         }},
        {12,
         QStringLiteral("an order's workflows: the provisioning workflows an order's workflow started, found by parent and by order"),
         {
             QStringLiteral("ALTER TABLE workflows ADD COLUMN parent_id INTEGER REFERENCES workflows(id)"),
             QStringLiteral("CREATE INDEX workflows_parent ON workflows(parent_id) WHERE parent_id IS NOT NULL"),
             QStringLiteral("CREATE INDEX workflows_order ON workflows(order_id) WHERE order_id IS NOT NULL"),
         }},
        {13,
         QStringLiteral("every time stored one way: epoch milliseconds, UTC, where ISO text was before"),
         timesToEpochMs()},
        {14,
         QStringLiteral("usage records: one per metered resource, priced as its order line was, started and stopped to the ms"),
         {
             QStringLiteral("CREATE TABLE usage_records ("
                            " id INTEGER PRIMARY KEY,"
                            " correlation TEXT NOT NULL UNIQUE,"
                            " tenant_id INTEGER REFERENCES tenants(id),"
                            " order_id INTEGER NOT NULL REFERENCES orders(id),"
                            " line_no INTEGER NOT NULL,"
                            " item_id TEXT NOT NULL,"
                            " resource TEXT NOT NULL,"
                            " unit_monthly_cents INTEGER NOT NULL CHECK (unit_monthly_cents >= 0),"
                            " currency TEXT NOT NULL,"
                            " price_snapshot TEXT NOT NULL,"
                            " started_at INTEGER NOT NULL," // epoch ms, UTC
                            " stopped_at INTEGER CHECK (stopped_at >= started_at),"
                            " FOREIGN KEY (order_id, line_no) REFERENCES order_lines(order_id, line_no))"),
             QStringLiteral("CREATE INDEX usage_records_tenant ON usage_records(tenant_id, id)"),
             QStringLiteral("CREATE INDEX usage_records_order ON usage_records(order_id)"),
         }},
        {15,
         QStringLiteral("ticket requests: tickets to open and comments to add, written with the failure or support action "
                        "that causes them and delivered to the ticketing connector by the host"),
         {
             // Times in epoch milliseconds (UTC). ticket: the ticketing system's id, once known.
             QStringLiteral("CREATE TABLE ticket_requests ("
                            " id INTEGER PRIMARY KEY,"
                            " correlation TEXT NOT NULL UNIQUE,"
                            " kind TEXT NOT NULL CHECK (kind IN ('open','comment')),"
                            " opens_id INTEGER REFERENCES ticket_requests(id),"
                            " workflow_id INTEGER NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,"
                            " step_key TEXT NOT NULL,"
                            " title TEXT NOT NULL,"
                            " body TEXT NOT NULL,"
                            " state TEXT NOT NULL CHECK (state IN ('queued','done','failed')),"
                            " attempts INTEGER NOT NULL DEFAULT 0,"
                            " next_attempt_at INTEGER,"
                            " last_error TEXT NOT NULL DEFAULT '',"
                            " ticket TEXT,"
                            " created_at INTEGER NOT NULL,"
                            " done_at INTEGER,"
                            " tenant_id INTEGER REFERENCES tenants(id))"),
             QStringLiteral("CREATE INDEX ticket_requests_state ON ticket_requests(state, next_attempt_at)"),
             QStringLiteral("CREATE INDEX ticket_requests_workflow ON ticket_requests(workflow_id)"),
         }},
        {16,
         QStringLiteral("a user's SSH public key, installed in the guests of the VMs they order"),
         {
             QStringLiteral("ALTER TABLE users ADD COLUMN ssh_public_key TEXT NOT NULL DEFAULT ''"),
         }},
        {17,
         QStringLiteral("every attempt of a step kept: a retried step's row is overwritten, its attempts are not"),
         {
             // Written with the step row change that ends the attempt. No UNIQUE: a compensation made anew counts again.
             QStringLiteral("CREATE TABLE step_attempts ("
                            " id INTEGER PRIMARY KEY,"
                            " workflow_id INTEGER NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,"
                            " step_key TEXT NOT NULL,"
                            " kind TEXT NOT NULL CHECK (kind IN ('step', 'compensation')),"
                            " attempt INTEGER NOT NULL,"
                            " state TEXT NOT NULL CHECK (state IN ('succeeded','failed','lost','cancelled','skipped')),"
                            " inputs TEXT,"
                            " outputs TEXT,"
                            " error TEXT,"
                            " error_kind TEXT,"
                            " started_at INTEGER," // epoch ms, UTC
                            " finished_at INTEGER NOT NULL)"),
             QStringLiteral("CREATE INDEX step_attempts_step ON step_attempts(workflow_id, step_key, id)"),
         }},
        {18,
         QStringLiteral("the workflow monitor filters by owner in the database, newest first"),
         {
             // The owner filter compares lower(started_by); the other filters have their index already.
             QStringLiteral("CREATE INDEX workflows_owner ON workflows(lower(started_by), id)"),
         }},
        {19,
         QStringLiteral("a person can be disabled: they no longer log in, and what they did stays theirs"),
         {
             QStringLiteral("ALTER TABLE users ADD COLUMN disabled_at INTEGER"), // epoch ms, UTC; NULL while enabled
         },
         {
             QStringLiteral("ALTER TABLE users ADD COLUMN disabled_at bigint"),
         }},
        {20,
         QStringLiteral("a step carries its workflow's tenant, so that a shared database's rules read it from the step itself"),
         {
             QStringLiteral("ALTER TABLE steps ADD COLUMN tenant_id INTEGER REFERENCES tenants(id)"), // NULL: the provider's own
             QStringLiteral("UPDATE steps SET tenant_id = (SELECT w.tenant_id FROM workflows w WHERE w.id = steps.workflow_id)"),
         },
         {
             QStringLiteral("ALTER TABLE steps ADD COLUMN tenant_id bigint REFERENCES tenants(id)"),
             QStringLiteral("UPDATE steps SET tenant_id = w.tenant_id FROM workflows w WHERE w.id = steps.workflow_id"),
         }},
        {21,
         QStringLiteral("a shared database extends its audit trail itself, with a key that only it holds"),
         {
             // An embedded database keeps its key in the keychain (AuditLog.cpp).
         },
         {
             QStringLiteral("CREATE SCHEMA IF NOT EXISTS ordo_private"),
             QStringLiteral("REVOKE ALL ON SCHEMA ordo_private FROM PUBLIC"),
             QStringLiteral("CREATE TABLE ordo_private.audit_key (id smallint PRIMARY KEY CHECK (id = 1),"
                            " key bytea NOT NULL CHECK (octet_length(key) = 32))"),
             // Forced row-level security with a policy for the owner alone: roles that
             // read every table (pg_read_all_data) read no key.
             QStringLiteral("ALTER TABLE ordo_private.audit_key ENABLE ROW LEVEL SECURITY"),
             QStringLiteral("ALTER TABLE ordo_private.audit_key FORCE ROW LEVEL SECURITY"),
             QStringLiteral("CREATE POLICY owner_only ON ordo_private.audit_key TO CURRENT_USER USING (true) WITH CHECK (true)"),
             // A trail not keyed yet gets its key here: 244 bits from the server's strong
             // random source (two version 4 UUIDs). A trail keyed already keeps its key
             // in the keychain of the hosts that wrote it, and appends fail until it is
             // put here (docs/audit.md).
             QStringLiteral("INSERT INTO ordo_private.audit_key(id, key)"
                            " SELECT 1, decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex')"
                            " FROM audit_head h JOIN audit_keying k ON k.id = h.id WHERE h.id = 1 AND h.last_seq <= k.legacy_until"),
             // RFC 2104 over the built-in sha256(), so that no extension is needed.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo_private.hmac_sha256(p_key bytea, p_message bytea) RETURNS bytea
    LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_key bytea := p_key;
    v_inner bytea;
    v_outer bytea;
BEGIN
    IF octet_length(v_key) > 64 THEN
        v_key := sha256(v_key);
    END IF;
    v_key := v_key || decode(repeat('00', 64 - octet_length(v_key)), 'hex');
    v_inner := v_key;
    v_outer := v_key;
    FOR i IN 0..63 LOOP
        v_inner := set_byte(v_inner, i, get_byte(v_key, i) # 54);
        v_outer := set_byte(v_outer, i, get_byte(v_key, i) # 92);
    END LOOP;
    RETURN sha256(v_outer || sha256(v_inner || p_message));
END
$$)SQL"),
             // AuditLog's entry hash (hashInput in AuditLog.cpp): length-prefixed UTF-8
             // fields, the time as Qt's ISO text with milliseconds, the details as stored.
             // Times are those Qt writes in four-digit years from 1970 on, details a JSON
             // object. The head's row lock orders appends; callers never see the key.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo.audit_append(p_actor text, p_tenant bigint, p_entity text, p_entity_id text,
    p_action text, p_from text, p_to text, p_reason text, p_details text, p_at bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_key bytea;
    v_seq bigint;
    v_prev text;
    v_hash text;
    v_input bytea := ''::bytea;
    v_field text;
    v_bytes bytea;
BEGIN
    IF p_at IS NULL OR p_at < 0 OR p_at >= 253402300800000 THEN
        RAISE EXCEPTION 'an audit entry''s time is milliseconds since 1970 before the year 10000, not %', p_at
            USING ERRCODE = '22023';
    END IF;
    IF p_details IS NULL OR pg_catalog.jsonb_typeof(p_details::jsonb) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'an audit entry''s details are a JSON object' USING ERRCODE = '22023';
    END IF;
    SELECT k.key INTO v_key FROM ordo_private.audit_key k WHERE k.id = 1;
    IF v_key IS NULL THEN
        RAISE EXCEPTION 'the audit key of this database is not in it: its trail was keyed in the keychain of the hosts that wrote it'
            USING ERRCODE = '55000';
    END IF;
    SELECT h.last_seq, h.last_hash INTO STRICT v_seq, v_prev FROM ordo.audit_head h WHERE h.id = 1 FOR UPDATE;
    v_seq := v_seq + 1;
    FOREACH v_field IN ARRAY ARRAY[v_prev, v_seq::text,
        to_char(timestamp '1970-01-01' + (p_at / 1000) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS')
            || '.' || lpad((p_at % 1000)::text, 3, '0') || 'Z', -- p_at >= 0: no rounding toward zero
        p_actor, COALESCE(p_tenant, 0)::text, p_entity, p_entity_id, p_action, p_from, p_to, p_reason, p_details] LOOP
        v_bytes := convert_to(COALESCE(v_field, ''), 'UTF8');
        v_input := v_input || convert_to(octet_length(v_bytes)::text || ':', 'UTF8') || v_bytes;
    END LOOP;
    v_hash := encode(ordo_private.hmac_sha256(v_key, v_input), 'hex');
    INSERT INTO ordo.audit_log(seq, at, actor, tenant_id, entity, entity_id, action, from_state, to_state, reason, details,
                               prev_hash, hash)
    VALUES (v_seq, p_at, COALESCE(p_actor, ''), NULLIF(p_tenant, 0), COALESCE(p_entity, ''), COALESCE(p_entity_id, ''),
            COALESCE(p_action, ''), COALESCE(p_from, ''), COALESCE(p_to, ''), COALESCE(p_reason, ''), p_details,
            v_prev, v_hash);
    UPDATE ordo.audit_head SET last_seq = v_seq, last_hash = v_hash WHERE id = 1;
    RETURN v_seq;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo_private.hmac_sha256(bytea, bytea) FROM PUBLIC"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo.audit_append(text, bigint, text, text, text, text, text, text, text, bigint) FROM PUBLIC"),
         }},
        {22,
         QStringLiteral("a shared database takes approval decisions itself: segregation of duties and one decision per person and level"),
         {
             // An embedded database decides in ApprovalService::decide alone.
         },
         {
             // What a decision leaves for the engines to mail, since SQL renders no mail:
             // the rejection to the requester, the request to the next level's approvers.
             QStringLiteral("CREATE TABLE ordo_private.decision_mails (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                            " order_id bigint NOT NULL REFERENCES ordo.orders(id) ON DELETE CASCADE,"
                            " kind text NOT NULL CHECK (kind IN ('approval-request', 'order-rejected')),"
                            " actor text NOT NULL, reason text NOT NULL)"),
             // A person's audit entries wait here, written with their change: appending
             // locks the trail's head until the transaction ends, and a person's
             // transaction may stay open as long as they like.
             QStringLiteral("CREATE TABLE ordo_private.audit_queue (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                            " actor text NOT NULL, tenant_id bigint, entity text NOT NULL, entity_id text NOT NULL,"
                            " action text NOT NULL, from_state text NOT NULL, to_state text NOT NULL, reason text NOT NULL,"
                            " details text NOT NULL, at bigint NOT NULL)"),
             // Schema 21's append becomes the private step of chaining one entry; the
             // callable ones chain the queue first, oldest first, so that the trail tells
             // the changes in the order they were committed.
             QStringLiteral("ALTER FUNCTION ordo.audit_append(text, bigint, text, text, text, text, text, text, text, bigint)"
                            " RENAME TO audit_append_one"),
             QStringLiteral("ALTER FUNCTION ordo.audit_append_one(text, bigint, text, text, text, text, text, text, text, bigint)"
                            " SET SCHEMA ordo_private"),
             QStringLiteral(R"SQL(CREATE FUNCTION ordo.audit_chain(p_limit integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_entry ordo_private.audit_queue;
    v_chained integer := 0;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM ordo_private.audit_queue) THEN
        RETURN 0;
    END IF;
    -- The head first: whoever chains holds it until their transaction ends, so the
    -- queue is read only once theirs is in the trail, and nothing passes it by.
    PERFORM 1 FROM ordo.audit_head h WHERE h.id = 1 FOR UPDATE;
    FOR v_entry IN SELECT * FROM ordo_private.audit_queue q ORDER BY q.id LIMIT p_limit FOR UPDATE LOOP
        PERFORM ordo_private.audit_append_one(v_entry.actor, v_entry.tenant_id, v_entry.entity, v_entry.entity_id,
                                              v_entry.action, v_entry.from_state, v_entry.to_state, v_entry.reason,
                                              v_entry.details, v_entry.at);
        DELETE FROM ordo_private.audit_queue q WHERE q.id = v_entry.id;
        v_chained := v_chained + 1;
    END LOOP;
    RETURN v_chained;
END
$$)SQL"),
             QStringLiteral(R"SQL(CREATE FUNCTION ordo.audit_append(p_actor text, p_tenant bigint, p_entity text, p_entity_id text,
    p_action text, p_from text, p_to text, p_reason text, p_details text, p_at bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ordo.audit_chain(1000);
    RETURN ordo_private.audit_append_one(p_actor, p_tenant, p_entity, p_entity_id, p_action, p_from, p_to, p_reason,
                                         p_details, p_at);
END
$$)SQL"),
             // ApprovalService::decide, in the database: the person is session_user's
             // (ordo_private.me()), the time the server's. Only the owner, whose services
             // check the same first with translated messages, names the person and the
             // time (its clock may be a test's). Refusals: 42501 not permitted, P0002 no
             // such order for the caller, 23514 a conflict with the order's state, 22023
             // bad input. Every check that may refuse runs before the order's row is
             // locked, so that nobody learns of an order by waiting on it; they run again
             // on the locked row where it may have changed.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo.decide(p_order bigint, p_decision text, p_comment text,
    p_expected_version bigint DEFAULT NULL, p_acting_for text DEFAULT NULL, p_at bigint DEFAULT NULL) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_owner boolean := session_user = current_user
        OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = session_user AND r.rolsuper);
    v_me bigint;
    v_name text;
    v_at bigint;
    v_order ordo.orders;
    v_levels jsonb;
    v_level jsonb;
    v_level_name text;
    v_group text;
    v_mode text;
    v_earlier bigint;
    v_next text;
    v_next_level bigint;
BEGIN
    IF v_owner THEN
        IF p_acting_for IS NULL OR p_at IS NULL THEN
            RAISE EXCEPTION 'the database''s owner decides in a named person''s name, at a given time' USING ERRCODE = '22023';
        END IF;
        SELECT u.id, u.name INTO v_me, v_name FROM ordo.users u WHERE u.name = p_acting_for AND u.disabled_at IS NULL;
        v_at := p_at;
        IF v_at < 0 OR v_at >= 253402300800000 THEN
            RAISE EXCEPTION 'a decision''s time is milliseconds since 1970 before the year 10000, not %', v_at USING ERRCODE = '22023';
        END IF;
    ELSE
        IF p_acting_for IS NOT NULL OR p_at IS NOT NULL THEN
            RAISE EXCEPTION 'only the database''s owner decides in another''s name or at another time' USING ERRCODE = '42501';
        END IF;
        v_me := ordo_private.me();
        SELECT u.name INTO v_name FROM ordo.users u WHERE u.id = v_me;
        v_at := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
    END IF;
    IF v_me IS NULL THEN
        RAISE EXCEPTION 'only the people of this database decide' USING ERRCODE = '42501';
    END IF;
    IF p_decision IS NULL OR p_decision NOT IN ('approve', 'reject') THEN
        RAISE EXCEPTION 'a decision is ''approve'' or ''reject'', not %', COALESCE(p_decision, 'NULL') USING ERRCODE = '22023';
    END IF;
    -- QString::trimmed's white space (Unicode White_Space), whatever the database's locale.
    -- E'' strings, so that no caller's standard_conforming_strings changes the patterns.
    IF p_decision = 'reject'
       AND COALESCE(p_comment, '') ~ E'^[ \\t\\n\\v\\f\\r\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*$' THEN
        RAISE EXCEPTION 'a rejection needs a reason' USING ERRCODE = '22023';
    END IF;
    -- Counted as QString counts: characters beyond U+FFFF are two.
    IF char_length(p_comment) + (SELECT count(*) FROM regexp_matches(p_comment, E'[\\U00010000-\\U0010FFFF]', 'g')) > 2000 THEN
        RAISE EXCEPTION 'the comment is longer than 2000 characters' USING ERRCODE = '22023';
    END IF;

    FOR attempt IN 1..2 LOOP
        IF attempt = 1 THEN
            SELECT * INTO v_order FROM ordo.orders o WHERE o.id = p_order;
        ELSE
            -- Locked only while still pending: a person never holds the row of an order
            -- that engines move on (an order decided meanwhile is not locked, and not found).
            SELECT * INTO v_order FROM ordo.orders o WHERE o.id = p_order AND o.state = 'pending-approval' FOR NO KEY UPDATE;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'order % was decided by somebody else meanwhile', p_order USING ERRCODE = '23514';
            END IF;
            -- A person may have waited for the row: their decision is made now.
            IF NOT v_owner THEN
                v_at := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
            END IF;
        END IF;
        -- What the caller may not read (orders' person_read policy) does not exist.
        IF NOT FOUND OR NOT ((v_order.requester_id = v_me
                              AND EXISTS (SELECT 1 FROM ordo.user_roles r WHERE r.user_id = v_me AND r.tenant_id = v_order.tenant_id))
                             OR EXISTS (SELECT 1 FROM ordo.user_roles r WHERE r.user_id = v_me AND r.tenant_id = v_order.tenant_id
                                           AND r.role IN ('approver', 'support', 'admin'))
                             OR EXISTS (SELECT 1 FROM ordo.provider_roles r WHERE r.user_id = v_me)) THEN
            RAISE EXCEPTION 'no order %', p_order USING ERRCODE = 'P0002';
        END IF;
        IF v_order.requester_id = v_me THEN
            RAISE EXCEPTION 'you requested order % yourself: another approver must decide on it', p_order USING ERRCODE = '42501';
        END IF;
        IF NOT (EXISTS (SELECT 1 FROM ordo.user_roles r
                         WHERE r.user_id = v_me AND r.tenant_id = v_order.tenant_id AND r.role = 'approver')
                OR EXISTS (SELECT 1 FROM ordo.provider_roles r WHERE r.user_id = v_me AND r.role = 'approver')) THEN
            RAISE EXCEPTION 'only approvers of the order''s tenant decide on it' USING ERRCODE = '42501';
        END IF;
        IF v_order.state <> 'pending-approval' THEN
            RAISE EXCEPTION 'order % is already %', p_order, v_order.state USING ERRCODE = '23514';
        END IF;
        IF v_order.approval_expires_at IS NOT NULL AND v_order.approval_expires_at <= v_at THEN
            RAISE EXCEPTION 'the approval of order % has expired: the tenant''s default decision applies', p_order USING ERRCODE = '23514';
        END IF;
        IF p_expected_version IS NOT NULL AND p_expected_version <> v_order.version THEN
            RAISE EXCEPTION 'order % changed since you looked at it (version %, now %): look again',
                p_order, p_expected_version, v_order.version USING ERRCODE = '23514';
        END IF;
        SELECT t.policy::jsonb -> 'levels' INTO v_levels FROM ordo.tenants t WHERE t.id = v_order.tenant_id;
        IF jsonb_typeof(v_levels) = 'array' AND v_order.approval_level >= 0 THEN
            v_level := v_levels -> v_order.approval_level::int;
        ELSE
            v_level := NULL;
        END IF;
        IF v_level IS NULL THEN
            RAISE EXCEPTION 'order % waits at approval level %, which the policy no longer has: ask an admin',
                p_order, v_order.approval_level + 1 USING ERRCODE = '23514';
        END IF;
        -- ApprovalPolicy::fromJson's rules: a group, a name or the group's, any (the default) or all.
        v_group := CASE WHEN jsonb_typeof(v_level -> 'group') = 'string' THEN v_level ->> 'group' END;
        v_mode := CASE WHEN COALESCE(jsonb_typeof(v_level -> 'mode'), 'null') = 'null' THEN 'any'
                       WHEN jsonb_typeof(v_level -> 'mode') = 'string' THEN v_level ->> 'mode' END;
        IF COALESCE(v_group, '') = '' OR v_mode IS NULL OR v_mode NOT IN ('any', 'all') THEN
            RAISE EXCEPTION 'approval level % of order % is not a valid policy level: ask an admin',
                v_order.approval_level + 1, p_order USING ERRCODE = '23514';
        END IF;
        v_level_name := CASE WHEN jsonb_typeof(v_level -> 'name') = 'string' THEN v_level ->> 'name' ELSE v_group END;
        -- Disabled people are no group's members (Store::groupMembers).
        IF NOT EXISTS (SELECT 1 FROM ordo.approver_groups g JOIN ordo.users u ON u.id = g.user_id
                        WHERE g.tenant_id = v_order.tenant_id AND g.name = v_group AND g.user_id = v_me AND u.disabled_at IS NULL) THEN
            RAISE EXCEPTION 'approval level ''%'' of order % is decided by group ''%'', which you are not in',
                v_level_name, p_order, v_group USING ERRCODE = '42501';
        END IF;
        SELECT max(d.level) INTO v_earlier FROM ordo.approval_decisions d
         WHERE d.order_id = p_order AND d.approver_id = v_me AND d.level <= v_order.approval_level;
        IF v_earlier = v_order.approval_level THEN
            RAISE EXCEPTION 'you already decided on order % at level ''%''', p_order, v_level_name USING ERRCODE = '23514';
        ELSIF v_earlier IS NOT NULL THEN
            -- Each level is a pair of eyes of its own: one person in two groups approves once.
            RAISE EXCEPTION 'you approved order % at an earlier level: approval level ''%'' needs another approver',
                p_order, v_level_name USING ERRCODE = '42501';
        END IF;
    END LOOP;

    INSERT INTO ordo.approval_decisions(order_id, level, approver_id, decision, comment, decided_at)
    VALUES (p_order, v_order.approval_level, v_me, p_decision, COALESCE(p_comment, ''), v_at);
    v_next := 'pending-approval';
    v_next_level := v_order.approval_level;
    IF p_decision = 'reject' THEN
        v_next := 'rejected';
    -- A level is done with its first approval ("any"), or once every member who
    -- may decide (not the requester, nobody who approved an earlier level) has approved.
    ELSIF v_mode = 'any'
          OR NOT EXISTS (SELECT 1 FROM ordo.approver_groups g JOIN ordo.users u ON u.id = g.user_id
                          WHERE g.tenant_id = v_order.tenant_id AND g.name = v_group AND u.disabled_at IS NULL
                            AND g.user_id <> v_order.requester_id
                            AND NOT EXISTS (SELECT 1 FROM ordo.approval_decisions d
                                             WHERE d.order_id = p_order AND d.approver_id = g.user_id
                                               AND (d.level < v_order.approval_level
                                                    OR (d.level = v_order.approval_level AND d.decision = 'approve')))) THEN
        v_next_level := v_next_level + 1;
        IF v_next_level >= jsonb_array_length(v_levels) THEN
            v_next := 'approved';
        END IF;
    END IF;
    UPDATE ordo.orders SET state = v_next, approval_level = v_next_level, version = version + 1, updated_at = v_at
     WHERE id = p_order;
    -- The change feed's kinds (ChangeKind): 2 an approval, 1 an order.
    INSERT INTO ordo.changes(kind, entity_id, tenant_id) VALUES (2, p_order, v_order.tenant_id), (1, p_order, v_order.tenant_id);
    INSERT INTO ordo_private.audit_queue(actor, tenant_id, entity, entity_id, action, from_state, to_state, reason, details, at)
    VALUES (v_name, v_order.tenant_id, 'order', p_order::text, 'transition', v_order.state, v_next, COALESCE(p_comment, ''),
            jsonb_build_object('decision', p_decision, 'level', v_level_name, 'version', v_order.version + 1)::text, v_at);
    IF v_next = 'rejected' THEN
        INSERT INTO ordo_private.decision_mails(order_id, kind, actor, reason)
        VALUES (p_order, 'order-rejected', v_name, COALESCE(p_comment, ''));
    ELSIF v_next = 'pending-approval' AND v_next_level <> v_order.approval_level THEN
        INSERT INTO ordo_private.decision_mails(order_id, kind, actor, reason) VALUES (p_order, 'approval-request', v_name, '');
    END IF;
    -- Both channels carry nothing: listeners re-read through their own rules.
    PERFORM pg_notify('ordo_feed', ''), pg_notify('ordo_work', '');
    RETURN v_order.version + 1;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo.decide(bigint, text, text, bigint, text, bigint) FROM PUBLIC"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo.audit_chain(integer) FROM PUBLIC"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo.audit_append(text, bigint, text, text, text, text, text, text, text, bigint) FROM PUBLIC"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo_private.audit_append_one(text, bigint, text, text, text, text, text, text, text, bigint)"
                            " FROM PUBLIC"),
         }},
        {23,
         QStringLiteral("a shared database's busiest tables are vacuumed early and at full speed"),
         {
             // SQLite has no dead rows to wait for: its pages are reused at once.
         },
         {
             // Every step changes state two or three times, each an update of an indexed
             // column (never HOT): a dead row each time. PostgreSQL's defaults vacuum a table
             // once a fifth of it is dead, which lets a queue of a million steps carry
             // 200,000 dead rows that every claim steps over.
             QStringLiteral("ALTER TABLE steps SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,"
                            " autovacuum_vacuum_cost_delay = 0, autovacuum_analyze_scale_factor = 0.02)"),
             // A workflow's counters change with every step, off its indexes: room on
             // each page keeps those updates HOT (no new index entries).
             QStringLiteral("ALTER TABLE workflows SET (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02,"
                            " autovacuum_vacuum_threshold = 500, autovacuum_vacuum_cost_delay = 0)"),
             // The change log keeps its newest 10,000 rows and drops a thousand at a time
             // (ChangeLog.cpp): vacuumed after every few drops, whatever its size.
             QStringLiteral("ALTER TABLE changes SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,"
                            " autovacuum_vacuum_cost_delay = 0)"),
         }},
        {24,
         QStringLiteral("people on a shared database ask engines for support operations and cancellations, which apply them in their name"),
         {
             // An embedded database has no people of its own: its services act at once.
         },
         {
             // What people ask engines to do with their own login (ordo.request_support):
             // an engine applies it in their name, as the console's services would, or
             // refuses it with why. Workflows keep one engine of truth, the C++ runtime.
             QStringLiteral("CREATE TABLE requests (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                            " kind text COLLATE \"C\" NOT NULL"
                            "  CHECK (kind IN ('pause', 'continue', 'cancel', 'rollback', 'retry', 'skip', 'complete', 'cancel-order')),"
                            " workflow_id bigint REFERENCES workflows(id) ON DELETE CASCADE,"
                            " order_id bigint REFERENCES orders(id) ON DELETE CASCADE,"
                            " tenant_id bigint REFERENCES tenants(id),"
                            " requested_by bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                            " step_key text COLLATE \"C\" NOT NULL DEFAULT '', payload text COLLATE \"C\" NOT NULL DEFAULT '{}',"
                            " reason text NOT NULL DEFAULT '',"
                            " state text COLLATE \"C\" NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'refused')),"
                            " result text NOT NULL DEFAULT '', attempts integer NOT NULL DEFAULT 0, requested_at bigint NOT NULL, settled_at bigint,"
                            " CHECK ((kind = 'cancel-order') = (order_id IS NOT NULL)), CHECK ((workflow_id IS NULL) = (order_id IS NOT NULL)))"),
             QStringLiteral("CREATE INDEX requests_queued ON requests(id) WHERE state = 'queued'"),
             QStringLiteral("CREATE INDEX requests_asker ON requests(requested_by, requested_at)"),
             QStringLiteral("CREATE INDEX requests_workflow ON requests(workflow_id)"),
             QStringLiteral("CREATE INDEX requests_order ON requests(order_id)"),
             // One cancellation of an order waits at a time, however many ask at once.
             QStringLiteral("CREATE UNIQUE INDEX requests_one_cancellation ON requests(order_id) WHERE state = 'queued'"),
             // A request is settled once, for good: nobody (an engine host least) puts it back
             // in the queue to have it applied again, or rewrites what became of it.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo_private.guard_requests() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF OLD.state <> 'queued' OR NEW.state NOT IN ('queued', 'done', 'refused')
       OR (NEW.state = 'queued' AND NEW.attempts <> OLD.attempts + 1) THEN
        RAISE EXCEPTION 'request % is %: a request is settled once', OLD.id, OLD.state USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END
$$)SQL"),
             QStringLiteral("CREATE TRIGGER guard_requests BEFORE UPDATE ON requests FOR EACH ROW EXECUTE FUNCTION ordo_private.guard_requests()"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo_private.guard_requests() FROM PUBLIC"),
             // Engines apply requests one at a time, each a transaction that wakes every engine:
             // nobody queues more than they could wait for, or floods the engines. Taken under
             // a lock of the asker's own, so that requests sent at once count each other.
             admitRequest(QStringLiteral("CREATE"),
                          QStringLiteral("PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('ordo.requests:' || p_asker, 0));")),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo_private.admit_request(bigint) FROM PUBLIC"),
             // A reason as the console takes one, or 22023 with `missing`: not blank by
             // QString::trimmed's white space (Unicode White_Space, whatever the database's
             // locale; E'' strings, so that no standard_conforming_strings changes the
             // patterns), and at most 2000 UTF-16 units, as QString counts.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo_private.check_reason(p_reason text, p_missing text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF p_reason ~ E'^[ \\t\\n\\v\\f\\r\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*$' THEN
        RAISE EXCEPTION '%', p_missing USING ERRCODE = '22023';
    END IF;
    IF char_length(p_reason) + (SELECT count(*) FROM regexp_matches(p_reason, E'[\\U00010000-\\U0010FFFF]', 'g')) > 2000 THEN
        RAISE EXCEPTION 'the reason is longer than 2000 characters' USING ERRCODE = '22023';
    END IF;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo_private.check_reason(text, text) FROM PUBLIC"),
             // Refusals: 42501 not staff, P0002 no such workflow for the caller, 22023 bad
             // input, 23514 too many waiting or sent. What the workflow's state allows is the engine's
             // to say, when it applies the request.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo.request_support(p_workflow bigint, p_operation text, p_reason text, p_step_key text DEFAULT '',
    p_payload text DEFAULT '{}') RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_me bigint := ordo_private.me();
    v_found boolean;
    v_tenant bigint;
    v_step_key text := COALESCE(p_step_key, '');
    v_payload jsonb;
    v_reason text := COALESCE(p_reason, '');
    v_id bigint;
BEGIN
    -- StaffScope: a tenant's support staff and admins, and the provider's.
    IF v_me IS NULL OR NOT (EXISTS (SELECT 1 FROM ordo.user_roles r WHERE r.user_id = v_me AND r.role IN ('support', 'admin'))
                            OR EXISTS (SELECT 1 FROM ordo.provider_roles p WHERE p.user_id = v_me)) THEN
        RAISE EXCEPTION 'only support staff and admins work with workflows' USING ERRCODE = '42501';
    END IF;
    SELECT true, w.tenant_id INTO v_found, v_tenant FROM ordo.workflows w WHERE w.id = p_workflow;
    -- A workflow the caller may not read (workflows' person_read policy) does not exist.
    IF v_found IS NULL OR NOT (EXISTS (SELECT 1 FROM ordo.user_roles r
                                        WHERE r.user_id = v_me AND r.tenant_id = v_tenant AND r.role IN ('support', 'admin'))
                               OR EXISTS (SELECT 1 FROM ordo.provider_roles p WHERE p.user_id = v_me)) THEN
        RAISE EXCEPTION 'no workflow %', p_workflow USING ERRCODE = 'P0002';
    END IF;
    IF p_operation IS NULL OR p_operation NOT IN ('pause', 'continue', 'cancel', 'rollback', 'retry', 'skip', 'complete') THEN
        RAISE EXCEPTION 'a support operation is pause, continue, cancel, rollback, retry, skip or complete, not %',
            COALESCE(p_operation, 'NULL') USING ERRCODE = '22023';
    END IF;
    -- Every operation but a human task's answer says why.
    IF p_operation = 'complete' AND v_reason <> '' THEN
        RAISE EXCEPTION 'a human task''s answer takes no reason: give it in the outputs' USING ERRCODE = '22023';
    END IF;
    IF p_operation <> 'complete' THEN
        PERFORM ordo_private.check_reason(v_reason, 'a support action needs a reason: say why');
    END IF;
    IF p_operation IN ('retry', 'skip', 'complete') THEN
        IF v_step_key = '' OR char_length(v_step_key) > 256 THEN
            RAISE EXCEPTION '% needs the key of one of the workflow''s steps', p_operation USING ERRCODE = '22023';
        END IF;
    ELSIF v_step_key <> '' THEN
        RAISE EXCEPTION '% acts on the whole workflow: it takes no step', p_operation USING ERRCODE = '22023';
    END IF;
    IF octet_length(COALESCE(p_payload, '{}')) > 262144 THEN
        RAISE EXCEPTION 'the inputs or outputs given are longer than 256 KiB' USING ERRCODE = '22023';
    END IF;
    BEGIN
        v_payload := COALESCE(p_payload, '{}')::jsonb;
    EXCEPTION WHEN OTHERS THEN
        RAISE EXCEPTION 'the inputs or outputs given are no JSON object' USING ERRCODE = '22023';
    END;
    IF jsonb_typeof(v_payload) <> 'object' THEN
        RAISE EXCEPTION 'the inputs or outputs given are no JSON object' USING ERRCODE = '22023';
    END IF;
    IF p_operation NOT IN ('retry', 'skip', 'complete') AND v_payload <> '{}'::jsonb THEN
        RAISE EXCEPTION '% takes no inputs or outputs', p_operation USING ERRCODE = '22023';
    END IF;
    PERFORM ordo_private.admit_request(v_me);
    INSERT INTO ordo.requests(kind, workflow_id, tenant_id, requested_by, step_key, payload, reason, requested_at)
    VALUES (p_operation, p_workflow, v_tenant, v_me, v_step_key, COALESCE(p_payload, '{}'), v_reason,
            (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
    RETURNING id INTO v_id;
    -- Carries nothing: engines read the queue through their own rules.
    PERFORM pg_notify('ordo_work', '');
    RETURN v_id;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo.request_support(bigint, text, text, text, text) FROM PUBLIC"),
             // The orders' person_read policy, for one order: its customer while still in its
             // tenant, the tenant's approvers, support and admins, the provider's staff.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo_private.sees_order(p_me bigint, p_order ordo.orders) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (p_order.requester_id = p_me
            AND EXISTS (SELECT 1 FROM ordo.user_roles r WHERE r.user_id = p_me AND r.tenant_id = p_order.tenant_id))
        OR EXISTS (SELECT 1 FROM ordo.user_roles r WHERE r.user_id = p_me AND r.tenant_id = p_order.tenant_id
                      AND r.role IN ('approver', 'support', 'admin'))
        OR EXISTS (SELECT 1 FROM ordo.provider_roles r WHERE r.user_id = p_me);
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo_private.sees_order(bigint, ordo.orders) FROM PUBLIC"),
             // OrderService::cancel's rules, checked when asked; an engine stops what the
             // order started (OrderService::cancelAs) in the asker's name.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo.cancel_order(p_order bigint, p_reason text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_me bigint := ordo_private.me();
    v_order ordo.orders;
    v_reason text := COALESCE(p_reason, '');
    v_id bigint;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION 'only the people of this database cancel orders' USING ERRCODE = '42501';
    END IF;
    PERFORM ordo_private.check_reason(v_reason, 'a cancellation needs a reason');
    SELECT * INTO v_order FROM ordo.orders o WHERE o.id = p_order;
    -- What the caller may not read does not exist.
    IF NOT FOUND OR NOT ordo_private.sees_order(v_me, v_order) THEN
        RAISE EXCEPTION 'no order %', p_order USING ERRCODE = 'P0002';
    END IF;
    -- OrderService::cancel: the customer who ordered it, or an admin of its tenant (or the provider's).
    IF NOT ((v_order.requester_id = v_me
             AND EXISTS (SELECT 1 FROM ordo.user_roles r WHERE r.user_id = v_me AND r.tenant_id = v_order.tenant_id
                            AND r.role = 'customer'))
            OR EXISTS (SELECT 1 FROM ordo.user_roles r WHERE r.user_id = v_me AND r.tenant_id = v_order.tenant_id AND r.role = 'admin')
            OR EXISTS (SELECT 1 FROM ordo.provider_roles r WHERE r.user_id = v_me AND r.role = 'admin')) THEN
        RAISE EXCEPTION 'only the customer who ordered %, or an admin of its tenant, cancels it', p_order USING ERRCODE = '42501';
    END IF;
    IF v_order.state = 'completed' THEN
        RAISE EXCEPTION 'order % is completed: what it provisioned is removed through support, not by a cancellation', p_order
            USING ERRCODE = '23514';
    END IF;
    IF v_order.state IN ('rejected', 'cancelled') THEN
        RAISE EXCEPTION 'order % is already %', p_order, v_order.state USING ERRCODE = '23514';
    END IF;
    PERFORM ordo_private.admit_request(v_me);
    BEGIN
        INSERT INTO ordo.requests(kind, order_id, tenant_id, requested_by, reason, requested_at)
        VALUES ('cancel-order', p_order, v_order.tenant_id, v_me, v_reason, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
        RETURNING id INTO v_id;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION 'order % is being cancelled already', p_order USING ERRCODE = '23514';
    END;
    PERFORM pg_notify('ordo_work', '');
    RETURN v_id;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo.cancel_order(bigint, text) FROM PUBLIC"),
         }},
        {25,
         QStringLiteral("people on a shared database fill their carts through functions and ask engines to check them out"),
         {
             // An embedded database has no people of its own: CartService and OrderService act at once.
         },
         {
             // A checkout is a request too: an engine prices the cart and places the order
             // in the customer's name (OrderService::checkout), so that prices, quotas and
             // approval routes have one engine of truth, the C++ domain.
             QStringLiteral("ALTER TABLE requests DROP CONSTRAINT requests_kind_check, DROP CONSTRAINT requests_check,"
                            " DROP CONSTRAINT requests_check1,"
                            " ADD CONSTRAINT requests_kind_check CHECK (kind IN ('pause', 'continue', 'cancel', 'rollback', 'retry', 'skip',"
                            "  'complete', 'cancel-order', 'checkout')),"
                            " ADD CONSTRAINT requests_target_check CHECK (CASE kind"
                            "  WHEN 'cancel-order' THEN order_id IS NOT NULL AND workflow_id IS NULL"
                            "  WHEN 'checkout' THEN order_id IS NULL AND workflow_id IS NULL AND tenant_id IS NOT NULL"
                            "  ELSE workflow_id IS NOT NULL AND order_id IS NULL END)"),
             QStringLiteral("CREATE INDEX requests_checkouts ON requests(requested_by, tenant_id) WHERE kind = 'checkout' AND state = 'queued'"),
             // CartService::checkCustomer, for a tenant named by id: the caller is one of
             // its customers, or gets 42501 (an id names no tenant to a stranger).
             QStringLiteral(R"SQL(CREATE FUNCTION ordo_private.check_customer(p_me bigint, p_tenant bigint) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF p_me IS NULL OR NOT EXISTS (SELECT 1 FROM ordo.user_roles r
                                    WHERE r.user_id = p_me AND r.tenant_id = p_tenant AND r.role = 'customer') THEN
        RAISE EXCEPTION 'only customers of tenant % have a cart', COALESCE(p_tenant::text, 'NULL') USING ERRCODE = '42501';
    END IF;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo_private.check_customer(bigint, bigint) FROM PUBLIC"),
             // One person's cart in one tenant changes or is checked out by one
             // transaction at a time (OrderService::checkout takes the same lock): no line
             // is lost, or ordered twice. Engines only try it, and pass a held cart by.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo_private.lock_cart(p_me bigint, p_tenant bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('ordo.cart:' || p_me || ':' || p_tenant, 0));
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo_private.lock_cart(bigint, bigint) FROM PUBLIC"),
             // CartService::kMaxQuantity: 1 to 100 units a line.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo_private.check_quantity(p_quantity integer) RETURNS void
    LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF p_quantity IS NULL OR p_quantity < 1 OR p_quantity > 100 THEN
        RAISE EXCEPTION 'quantity % is out of range: order 1 to 100 at a time', COALESCE(p_quantity::text, 'NULL') USING ERRCODE = '22023';
    END IF;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo_private.check_quantity(integer) FROM PUBLIC"),
             // What a cart line's parameters are: a JSON object of at most 64 KiB as given
             // and as stored, which Qt reads as the console does (numbers within a double's
             // range, nested at most 64 deep), returned as stored. Whether they suit the item is the C++ schema's
             // to say: CartService::problems shows it, and the engine that checks the
             // cart out checks them again.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo_private.cart_parameters(p_parameters text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_parameters jsonb;
BEGIN
    IF octet_length(COALESCE(p_parameters, '{}')) > 65536 THEN
        RAISE EXCEPTION 'the parameters are longer than 64 KiB' USING ERRCODE = '22023';
    END IF;
    BEGIN
        v_parameters := COALESCE(p_parameters, '{}')::jsonb;
    EXCEPTION WHEN OTHERS THEN
        RAISE EXCEPTION 'the parameters are no JSON object' USING ERRCODE = '22023';
    END;
    IF jsonb_typeof(v_parameters) <> 'object' THEN
        RAISE EXCEPTION 'the parameters are no JSON object' USING ERRCODE = '22023';
    END IF;
    IF jsonb_path_exists(v_parameters, 'strict $.**{65 to last}') THEN
        RAISE EXCEPTION 'the parameters are nested more than 64 deep' USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_path_query(v_parameters, 'strict $.**') AS n(v)
                WHERE jsonb_typeof(n.v) = 'number' AND abs(n.v::text::numeric) > 1.7976931348623157e308) THEN
        RAISE EXCEPTION 'the parameters hold a number beyond a double''s range' USING ERRCODE = '22023';
    END IF;
    -- jsonb writes numbers out in full: 1e300 takes 301 characters.
    IF octet_length(v_parameters::text) > 65536 THEN
        RAISE EXCEPTION 'the parameters are longer than 64 KiB' USING ERRCODE = '22023';
    END IF;
    RETURN v_parameters::text;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo_private.cart_parameters(text) FROM PUBLIC"),
             // CartService::add: an item the tenant is entitled to (CatalogItem::entitles;
             // any other does not exist), at most 100 lines a cart.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo.cart_add(p_tenant bigint, p_item text, p_parameters text, p_quantity integer DEFAULT 1)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_me bigint := ordo_private.me();
    v_parameters text;
    v_slug text;
    v_id bigint;
BEGIN
    PERFORM ordo_private.check_customer(v_me, p_tenant);
    PERFORM ordo_private.check_quantity(p_quantity);
    v_parameters := ordo_private.cart_parameters(p_parameters);
    SELECT t.slug INTO v_slug FROM ordo.tenants t WHERE t.id = p_tenant;
    IF NOT EXISTS (SELECT 1 FROM ordo.catalog_items c
                    WHERE c.id = p_item
                      AND (COALESCE(jsonb_array_length(c.definition::jsonb -> 'tenants'), 0) = 0
                           OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(c.definition::jsonb -> 'tenants') AS s(slug)
                                       WHERE s.slug = v_slug))) THEN
        RAISE EXCEPTION 'no catalog item ''%''', COALESCE(left(p_item, 200), 'NULL') USING ERRCODE = 'P0002';
    END IF;
    PERFORM ordo_private.lock_cart(v_me, p_tenant);
    IF (SELECT count(*) FROM ordo.cart_lines l WHERE l.user_id = v_me AND l.tenant_id = p_tenant) >= 100 THEN
        RAISE EXCEPTION 'the cart holds 100 lines: check it out or remove some first' USING ERRCODE = '23514';
    END IF;
    INSERT INTO ordo.cart_lines(user_id, tenant_id, item_id, parameters, quantity, added_at)
    VALUES (v_me, p_tenant, p_item, v_parameters, p_quantity, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo.cart_add(bigint, text, text, integer) FROM PUBLIC"),
             // One of the caller's own lines, its cart locked, in a tenant where they still
             // are a customer; someone else's line does not exist.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo_private.my_cart_line(p_me bigint, p_line bigint) RETURNS ordo.cart_lines
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_line ordo.cart_lines;
BEGIN
    IF p_me IS NULL THEN
        RAISE EXCEPTION 'only the people of this database have carts' USING ERRCODE = '42501';
    END IF;
    SELECT * INTO v_line FROM ordo.cart_lines l WHERE l.id = p_line AND l.user_id = p_me;
    IF FOUND THEN
        PERFORM ordo_private.lock_cart(p_me, v_line.tenant_id);
        -- Read again under the cart's lock: a checkout may have taken it meanwhile.
        SELECT * INTO v_line FROM ordo.cart_lines l WHERE l.id = p_line AND l.user_id = p_me;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no cart line %', COALESCE(p_line::text, 'NULL') USING ERRCODE = 'P0002';
    END IF;
    PERFORM ordo_private.check_customer(p_me, v_line.tenant_id);
    RETURN v_line;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo_private.my_cart_line(bigint, bigint) FROM PUBLIC"),
             QStringLiteral(R"SQL(CREATE FUNCTION ordo.cart_set_quantity(p_line bigint, p_quantity integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_line ordo.cart_lines := ordo_private.my_cart_line(ordo_private.me(), p_line);
BEGIN
    PERFORM ordo_private.check_quantity(p_quantity);
    UPDATE ordo.cart_lines SET quantity = p_quantity WHERE id = v_line.id;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo.cart_set_quantity(bigint, integer) FROM PUBLIC"),
             QStringLiteral(R"SQL(CREATE FUNCTION ordo.cart_set_parameters(p_line bigint, p_parameters text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_line ordo.cart_lines := ordo_private.my_cart_line(ordo_private.me(), p_line);
BEGIN
    UPDATE ordo.cart_lines SET parameters = ordo_private.cart_parameters(p_parameters) WHERE id = v_line.id;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo.cart_set_parameters(bigint, text) FROM PUBLIC"),
             QStringLiteral(R"SQL(CREATE FUNCTION ordo.cart_remove(p_line bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_line ordo.cart_lines := ordo_private.my_cart_line(ordo_private.me(), p_line);
BEGIN
    DELETE FROM ordo.cart_lines WHERE id = v_line.id;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo.cart_remove(bigint) FROM PUBLIC"),
             // Returns how many lines it removed.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo.cart_clear(p_tenant bigint) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_me bigint := ordo_private.me();
    v_removed integer;
BEGIN
    PERFORM ordo_private.check_customer(v_me, p_tenant);
    PERFORM ordo_private.lock_cart(v_me, p_tenant);
    DELETE FROM ordo.cart_lines l WHERE l.user_id = v_me AND l.tenant_id = p_tenant;
    GET DIAGNOSTICS v_removed = ROW_COUNT;
    RETURN v_removed;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo.cart_clear(bigint) FROM PUBLIC"),
             // OrderService::checkout, asked for: an engine prices the cart, checks quotas
             // and the approval route, and places the order in the customer's name, or
             // refuses with why. The request id makes asking again safe: the order placed
             // for it is the answer (empty: a new one). The cart version, when given, is
             // the preview's: a cart changed since is refused.
             QStringLiteral(R"SQL(CREATE FUNCTION ordo.checkout(p_tenant bigint, p_request_id text DEFAULT '', p_cart_version text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_me bigint := ordo_private.me();
    v_request text := COALESCE(p_request_id, '');
    v_id bigint;
BEGIN
    PERFORM ordo_private.check_customer(v_me, p_tenant);
    IF v_request = '' THEN
        v_request := gen_random_uuid()::text;
    END IF;
    IF char_length(v_request) > 128 THEN
        RAISE EXCEPTION 'the request id is longer than 128 characters' USING ERRCODE = '22023';
    END IF;
    IF char_length(p_cart_version) > 256 THEN
        RAISE EXCEPTION 'the cart version is longer than 256 characters' USING ERRCODE = '22023';
    END IF;
    PERFORM ordo_private.lock_cart(v_me, p_tenant);
    -- Asked again before an engine got to it: the same request.
    SELECT q.id INTO v_id FROM ordo.requests q
     WHERE q.kind = 'checkout' AND q.state = 'queued' AND q.requested_by = v_me AND q.tenant_id = p_tenant
       AND q.payload::jsonb ->> 'requestId' = v_request;
    IF FOUND THEN
        RETURN v_id;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ordo.cart_lines l WHERE l.user_id = v_me AND l.tenant_id = p_tenant)
       AND NOT EXISTS (SELECT 1 FROM ordo.orders o WHERE o.requester_id = v_me AND o.request_id = v_request) THEN
        RAISE EXCEPTION 'the cart is empty: add an item first' USING ERRCODE = '22023';
    END IF;
    PERFORM ordo_private.admit_request(v_me);
    INSERT INTO ordo.requests(kind, tenant_id, requested_by, payload, requested_at)
    VALUES ('checkout', p_tenant, v_me,
            jsonb_build_object('requestId', v_request, 'cartVersion', NULLIF(p_cart_version, ''))::text,
            (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
    RETURNING id INTO v_id;
    PERFORM pg_notify('ordo_work', '');
    RETURN v_id;
END
$$)SQL"),
             QStringLiteral("REVOKE ALL ON FUNCTION ordo.checkout(bigint, text, text) FROM PUBLIC"),
         }},
        {26,
         QStringLiteral("engines on a shared database find ready steps and lapsed leases through small indexes of their own"),
         {
             // SQLite's steps_state serves both: it sorts NULL first by itself, and one writer claims.
         },
         {
             // The claim's order (Runtime::claim), so that the oldest ready steps come
             // straight off the index: steps_state sorts NULL last and holds every step,
             // so each claim sorted all ready steps first.
             QStringLiteral("CREATE INDEX steps_ready ON steps (ready_at NULLS FIRST, id) WHERE state = 'ready'"),
             // Every claim looks for leases that lapsed first: only running steps count.
             QStringLiteral("CREATE INDEX steps_leases ON steps (lease_expires) WHERE state = 'running'"),
         }},
        {27,
         QStringLiteral("ready, running and waiting steps are found in a small table of their own, and steps' updates stay HOT"),
         stepQueueMigration(Database::Dialect::Sqlite),
         stepQueueMigration(Database::Dialect::Postgres)},
        {28,
         QStringLiteral("a step's log lines and attempts are written without a look into workflows"),
         {
             // SQLite drops a constraint only by copying the table; its single writer pays little for the check.
         },
         {
             // Only the engine writes them, inside the transaction that holds the workflow, and
             // no workflow is ever deleted: the check cost every line and attempt a lookup
             // and a lock of the workflow's row (+4 % no-op steps/s on a shared database).
             QStringLiteral("ALTER TABLE step_log DROP CONSTRAINT step_log_workflow_id_fkey"),
             QStringLiteral("ALTER TABLE step_attempts DROP CONSTRAINT step_attempts_workflow_id_fkey"),
         }},
        {29,
         QStringLiteral("a shared database notes a transaction's changes as one row per tenant"),
         {
             // SQLite's one writer pays little for a row per change.
         },
         {
             // An engine's pump notes two or three changes a step: as a row each, they cost
             // the server an insert with two index entries, a delete and a vacuum, a third
             // of its WAL records in the engine benchmark. The definer functions go on
             // noting one change a row (kind, entity_id); ChangeLog.cpp reads both.
             QStringLiteral("ALTER TABLE changes ALTER COLUMN kind DROP NOT NULL, ALTER COLUMN entity_id DROP NOT NULL,"
                            " ADD COLUMN kinds bigint[], ADD COLUMN entity_ids bigint[],"
                            " ADD CONSTRAINT changes_named CHECK (CASE WHEN kinds IS NULL"
                            " THEN entity_ids IS NULL AND kind IS NOT NULL AND entity_id IS NOT NULL"
                            // An empty array has no dimensions: NULL, refused like false.
                            " ELSE COALESCE(kind IS NULL AND entity_id IS NULL AND array_ndims(kinds) = 1 AND array_ndims(entity_ids) = 1"
                            " AND cardinality(kinds) = cardinality(entity_ids) AND array_position(kinds, NULL) IS NULL"
                            " AND array_position(entity_ids, NULL) IS NULL, false) END)"),
         }},
        {30,
         QStringLiteral("a shared database's steps are analysed at PostgreSQL's usual pace"),
         {
             // SQLite analyses nothing by itself.
         },
         {
             // Analysed after every 2 % of its rows changed (schema 23), for claims that looked
             // for steps by state: since schema 27 they look in step_queue, and steps are read
             // by key. Each analysis read a 30,000-row sample, every second under load (half of
             // autovacuum's CPU in the engine benchmark), and made every engine plan its
             // statements on steps again.
             QStringLiteral("ALTER TABLE steps RESET (autovacuum_analyze_scale_factor)"),
         }},
        {31,
         QStringLiteral("a workflow keeps no count of its open steps: its end is found from its steps"),
         {
             QStringLiteral("ALTER TABLE workflows DROP COLUMN open_steps"),
         },
         {
             // Counted down at every step, the workflow's row took an update per step: a
             // tenth of the WAL records in the engine benchmark, and a vacuum of workflows
             // about once a second over ten minutes. A workflow's steps are now read when
             // none of them is known to be open (Runtime::Impl::checkFinished).
             QStringLiteral("ALTER TABLE workflows DROP COLUMN open_steps"),
         }},
        {32,
         QStringLiteral("a shared database's change notes are analysed without their arrays"),
         {
             // SQLite analyses nothing by itself.
         },
         {
             // The log keeps 10,000 rows, each a transaction's notes as two arrays of a hundred
             // or so: every analysis (about every 12 s under load) read all of them and counted
             // their elements, 0.75 s of CPU each, a fifth of autovacuum's over ten minutes of
             // the engine benchmark. The feeds read notes by sequence, never by element.
             QStringLiteral("ALTER TABLE changes ALTER COLUMN kinds SET STATISTICS 0, ALTER COLUMN entity_ids SET STATISTICS 0"),
         }},
        {33,
         QStringLiteral("a shared database's step log has one index, by workflow"),
         {
             // SQLite's key is the row itself: its log line costs one index entry already.
         },
         {
             // Every line is read by its workflow, in order; the sequence alone found none.
             // Its own key cost each line (one a step) a second index entry: a WAL record in
             // nineteen. Building the new key reads the whole log once.
             QStringLiteral("ALTER TABLE step_log DROP CONSTRAINT step_log_pkey"),
             QStringLiteral("DROP INDEX step_log_workflow"),
             QStringLiteral("ALTER TABLE step_log ADD PRIMARY KEY (workflow_id, seq)"),
         }},
        {34,
         QStringLiteral("a shared database's steps are vacuumed once a twentieth of them is dead, and its step log and change notes analysed less often"),
         {
             // SQLite has no autovacuum.
         },
         {
             // A vacuum of steps reads nearly all of the table whatever it finds dead: the
             // workflows that run change pages spread all over it, closer together than the
             // 32 untouched pages in a row that let a vacuum skip any (85-89 % of 167,000
             // pages read each time in the engine benchmark, 3 s of CPU, 18 times in ten
             // minutes). The dead rows themselves are few: most updates are HOT, and their
             // pages prune themselves.
             QStringLiteral("ALTER TABLE steps SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.5)"),
             // Read by workflow through its key only: a 30,000-row sample at every tenth
             // more rows (23 times in ten minutes, 0.4 s each) told the planner nothing new.
             QStringLiteral("ALTER TABLE step_log SET (autovacuum_analyze_scale_factor = 0.5)"),
             // Its 10,000 rows were analysed after every 1,000 changes (59 times in ten
             // minutes); the feeds read it by sequence.
             QStringLiteral("ALTER TABLE changes SET (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 50000)"),
         }},
        {35,
         QStringLiteral("a shared database's step log implies a success's line by its step's row"),
         {
             // Always empty here: SQLite writes every line (a row on pages already written).
             QStringLiteral("ALTER TABLE steps ADD COLUMN log_seq INTEGER"),
         },
         {
             // The seq of the step's success line, drawn from the log's sequence when the
             // row became 'succeeded', while no row in step_log holds that line: a row and
             // its index entry fewer for nearly every step (WAL records a step 13.0 -> 11.2,
             // buffer hits 64.5 -> 61.5). Runtime::log reads it with the stored lines.
             QStringLiteral("ALTER TABLE steps ADD COLUMN log_seq bigint"),
             // Engines draw that seq themselves: granted here too, so that engines of a
             // database upgraded without running init --shared again go on (postgres-access.sql).
             forTheEngines({QStringLiteral("GRANT USAGE ON SEQUENCE ordo.step_log_seq_seq TO %I")}),
         }},
        {36,
         QStringLiteral("a shared database's step queue is unlogged: engines refill it from steps after a crash of the server"),
         {
             // SQLite's queue is written with its steps, in the same file and journal.
         },
         {
             // The queue is derived from steps (stepQueueFill), which stay logged and are the
             // truth; its rows were 5.7 of a step's 10 WAL records in the engine benchmark
             // (a handed-off step's insert, two index entries and delete). A crash of the
             // server empties an unlogged table, and a standby never has its rows: the marker
             // below is emptied with it, and the first engine to see it gone refills the
             // queue (Runtime::Impl::refillQueue). A clean shutdown keeps both.
             QStringLiteral("ALTER TABLE step_queue SET UNLOGGED"),
             QStringLiteral("CREATE UNLOGGED TABLE step_queue_intact (intact boolean PRIMARY KEY DEFAULT true CHECK (intact))"),
             QStringLiteral("INSERT INTO step_queue_intact DEFAULT VALUES"),
             // Granted here too, as schema 35 did, for engines of a database upgraded without init --shared.
             forTheEngines({QStringLiteral("GRANT SELECT, INSERT ON ordo.step_queue_intact TO %I")}),
         }},
        {37,
         QStringLiteral("engines count a concurrency limit under a lock of its row, which no person can take"),
         {
             // SQLite has one writer: its engines count in turn anyway.
         },
         {
             // As postgres-access.sql says it, for engines of a database upgraded without init --shared.
             forTheEngines({QStringLiteral("DROP POLICY IF EXISTS engine_locks_only ON ordo.concurrency_limits"),
                            QStringLiteral("CREATE POLICY engine_locks_only ON ordo.concurrency_limits AS RESTRICTIVE FOR UPDATE TO %I"
                                           " USING (true) WITH CHECK (false)"),
                            QStringLiteral("GRANT UPDATE (key) ON ordo.concurrency_limits TO %I")}),
         }},
        {38,
         QStringLiteral("carts and people's requests are held under locks of rows, which no person can take"),
         {
             // SQLite has one writer: carts and requests change in turn anyway.
         },
         {
             // Any role may take any advisory lock: a person who held another's cart or
             // requests lock made that person's cart changes and requests wait, and engines
             // put their checkouts off, for as long as they liked. A row lock asks for
             // UPDATE, which people do not have. The customer's role row is the cart's
             // (CartLock.cpp takes the same). A person's requests get a row of their own:
             // their users row would be held against an admin who disables them or sets
             // their password, by a request left open in a transaction.
             QStringLiteral("CREATE TABLE IF NOT EXISTS ordo_private.request_gates (user_id bigint PRIMARY KEY)"),
             QStringLiteral(R"SQL(CREATE OR REPLACE FUNCTION ordo_private.lock_cart(p_me bigint, p_tenant bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM 1 FROM ordo.user_roles r WHERE r.user_id = p_me AND r.tenant_id = p_tenant AND r.role = 'customer' FOR NO KEY UPDATE;
END
$$)SQL"),
             admitRequest(QStringLiteral("CREATE OR REPLACE"),
                          QStringLiteral("INSERT INTO ordo_private.request_gates(user_id) VALUES (p_asker) ON CONFLICT DO NOTHING;\n"
                                         "    PERFORM 1 FROM ordo_private.request_gates g WHERE g.user_id = p_asker FOR NO KEY UPDATE;")),
             // Engines lock a cart they check out (lockCartUnlessHeld), and change no role.
             forTheEngines({QStringLiteral("DROP POLICY IF EXISTS engine_locks_only ON ordo.user_roles"),
                            QStringLiteral("CREATE POLICY engine_locks_only ON ordo.user_roles AS RESTRICTIVE FOR UPDATE TO %I"
                                           " USING (true) WITH CHECK (false)"),
                            QStringLiteral("GRANT UPDATE (user_id) ON ordo.user_roles TO %I")}),
         }},
    };
    return all;
}

} // namespace ordo

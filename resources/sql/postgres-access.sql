-- Who may read what in a shared (PostgreSQL) database: the group role that
-- every person's login role belongs to, its grants, and row-level security on
-- every table. Applied by `ordoctl init --shared` as the schema's owner, and
-- again whenever it runs: every statement replaces what it finds.
--
-- People read through these policies and nothing else: they have no INSERT,
-- UPDATE or DELETE on any table. The policies mirror the C++ services' rules
-- (OrderService::orders, StaffScope, AuditService::entries, ...); tst_rls
-- compares the two person by person. The owner (which consoles still use
-- today) keeps every row through its own policy, since FORCE binds it too.
-- Engines log in with a role of their own that runs workflows and decides
-- nothing (its grants at the end, its triggers below).
--
-- @PERSON@ is replaced by the quoted name of the people's group role,
-- @ENGINE@ by that of the engines' role.
-- Statements end with a semicolon at the end of a line, outside $$ bodies.

CREATE SCHEMA IF NOT EXISTS ordo_private;
REVOKE ALL ON SCHEMA ordo_private FROM PUBLIC;
REVOKE ALL ON SCHEMA ordo FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA ordo TO @PERSON@, @ENGINE@;
-- Roles are the server's, not one database's: only this database's people
-- (and its owner) connect, and nobody makes temporary tables or functions.
DO $$
BEGIN
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %s, %s', current_database(), '@PERSON@', '@ENGINE@');
END
$$;

-- The prefix that turns a user name into a login role (ordo_ + alice), and
-- the group role this database made (another database's is never taken over).
CREATE TABLE IF NOT EXISTS ordo_private.meta (
    id smallint PRIMARY KEY CHECK (id = 1),
    role_prefix text NOT NULL CHECK (role_prefix <> ''),
    person_group oid NOT NULL
);
-- The engines' login role, which this database made (recorded like the group).
ALTER TABLE ordo_private.meta ADD COLUMN IF NOT EXISTS engine_role oid;

-- Which login role is which person of this database: by the role's oid, so
-- that a role of the same name made for another database maps to nobody here.
CREATE TABLE IF NOT EXISTS ordo_private.people (
    role_oid oid PRIMARY KEY,
    user_id bigint NOT NULL UNIQUE REFERENCES ordo.users(id) ON DELETE CASCADE
);

-- The policies' helpers. SECURITY DEFINER, because a policy may not read a
-- table its caller cannot; a pinned search_path and qualified names, so that
-- nothing a caller creates (pg_temp included) stands in for Ordo's tables;
-- session_user, because current_user is the owner in here. Policies call them
-- as (SELECT f()), so that they run once per query, not once per row.
CREATE OR REPLACE FUNCTION ordo_private.me() RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (SELECT p.user_id FROM ordo_private.people p
              JOIN pg_catalog.pg_roles r ON r.oid = p.role_oid
              JOIN ordo.users u ON u.id = p.user_id
              JOIN ordo_private.meta m ON m.id = 1
             WHERE r.rolname = session_user AND r.rolname = m.role_prefix || u.name AND u.disabled_at IS NULL);
END
$$;

-- The tenants where the caller holds one of the roles (any role when NULL).
-- Each helper asks me() once, into a variable: in a WHERE clause it ran once
-- per row scanned, which made a monitor page through the policies 30% slower.
CREATE OR REPLACE FUNCTION ordo_private.my_tenants(p_roles text[] DEFAULT NULL) RETURNS bigint[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_me bigint := ordo_private.me();
BEGIN
    RETURN COALESCE((SELECT array_agg(DISTINCT r.tenant_id) FROM ordo.user_roles r
                      WHERE r.user_id = v_me AND (p_roles IS NULL OR r.role = ANY (p_roles))),
                    '{}'::bigint[]);
END
$$;

CREATE OR REPLACE FUNCTION ordo_private.my_tenant_slugs() RETURNS text[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_tenants bigint[] := ordo_private.my_tenants();
BEGIN
    RETURN COALESCE((SELECT array_agg(t.slug) FROM ordo.tenants t WHERE t.id = ANY (v_tenants)), '{}'::text[]);
END
$$;

-- The cloud provider's own support staff and admins: every tenant.
CREATE OR REPLACE FUNCTION ordo_private.provider_staff() RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_me bigint := ordo_private.me();
BEGIN
    RETURN EXISTS (SELECT 1 FROM ordo.provider_roles p WHERE p.user_id = v_me);
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ordo_private FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ordo_private.me(), ordo_private.my_tenants(text[]), ordo_private.my_tenant_slugs(),
    ordo_private.provider_staff() TO @PERSON@;
-- So that a console on a person's own login asks me() who signed in; the
-- schema's tables and other functions stay closed to people.
GRANT USAGE ON SCHEMA ordo_private TO @PERSON@;

-- Whether the session is an engine's: the engines' role or a member of it
-- (pg_has_role says yes to superusers, who pass every rule anyway).
-- session_user, because current_user is the owner inside definer functions.
CREATE OR REPLACE FUNCTION ordo_private.is_engine() RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM ordo_private.meta m, pg_catalog.pg_roles r
                    WHERE m.id = 1 AND m.engine_role IS NOT NULL AND r.rolname = session_user AND NOT r.rolsuper
                      AND pg_catalog.pg_has_role(session_user, m.engine_role, 'MEMBER'));
END
$$;

-- Whether the person asked to check out their cart in the tenant and an engine
-- has yet to place it (ordo.checkout, schema 25); for that request id, if given.
CREATE OR REPLACE FUNCTION ordo_private.checkout_queued(p_user bigint, p_tenant bigint, p_request text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM ordo.requests q
                    WHERE q.kind = 'checkout' AND q.state = 'queued' AND q.requested_by = p_user AND q.tenant_id = p_tenant
                      AND (p_request IS NULL OR q.payload::jsonb ->> 'requestId' = p_request));
END
$$;

-- ApprovalPolicy::autoApproves for an order whose totals are its lines' sums:
-- no approval levels, or within every threshold the policy sets (and it sets one).
CREATE OR REPLACE FUNCTION ordo_private.auto_approves(p_order ordo.orders) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_policy jsonb;
    v_limits jsonb;
    v_cents numeric;
    v_vcpus numeric;
    v_memory numeric;
    v_vms numeric;
BEGIN
    SELECT COALESCE(sum(l.unit_monthly_cents * l.quantity), 0), COALESCE(sum(l.vcpus), 0), COALESCE(sum(l.memory_gib), 0),
           COALESCE(sum(l.vms), 0)
      INTO v_cents, v_vcpus, v_memory, v_vms FROM ordo.order_lines l WHERE l.order_id = p_order.id;
    IF (v_cents, v_vcpus, v_memory, v_vms) IS DISTINCT FROM
       (p_order.monthly_cents::numeric, p_order.vcpus::numeric, p_order.memory_gib::numeric, p_order.vms::numeric) THEN
        RETURN false;
    END IF;
    SELECT t.policy::jsonb INTO v_policy FROM ordo.tenants t WHERE t.id = p_order.tenant_id;
    IF COALESCE(jsonb_array_length(v_policy -> 'levels'), 0) = 0 THEN
        RETURN true;
    END IF;
    v_limits := COALESCE(v_policy -> 'autoApprove', '{}'::jsonb);
    IF jsonb_typeof(v_limits -> 'maxMonthlyCents') IS DISTINCT FROM 'number' AND jsonb_typeof(v_limits -> 'maxVcpus') IS DISTINCT FROM 'number'
       AND jsonb_typeof(v_limits -> 'maxMemoryGiB') IS DISTINCT FROM 'number' AND jsonb_typeof(v_limits -> 'maxVms') IS DISTINCT FROM 'number' THEN
        RETURN false;
    END IF;
    RETURN (jsonb_typeof(v_limits -> 'maxMonthlyCents') IS DISTINCT FROM 'number' OR v_cents <= (v_limits ->> 'maxMonthlyCents')::numeric)
       AND (jsonb_typeof(v_limits -> 'maxVcpus') IS DISTINCT FROM 'number' OR v_vcpus <= (v_limits ->> 'maxVcpus')::numeric)
       AND (jsonb_typeof(v_limits -> 'maxMemoryGiB') IS DISTINCT FROM 'number' OR v_memory <= (v_limits ->> 'maxMemoryGiB')::numeric)
       AND (jsonb_typeof(v_limits -> 'maxVms') IS DISTINCT FROM 'number' OR v_vms <= (v_limits ->> 'maxVms')::numeric);
EXCEPTION WHEN OTHERS THEN
    RETURN false; -- a policy PostgreSQL cannot read: to the approvers
END
$$;

-- An engine places an order only for a checkout somebody asked for: new, at
-- its first version and level, its id the sequence's, with its lines while it
-- is new and its checkout queued, and empties only that person's cart in that
-- tenant.
CREATE OR REPLACE FUNCTION ordo_private.guard_engine_checkouts() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT ordo_private.is_engine() THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    -- One IF per table: PL/pgSQL plans a condition whole, and each table's row has its own fields.
    IF TG_TABLE_NAME = 'orders' THEN
        IF NEW.state = 'submitted' AND NEW.version = 1 AND NEW.approval_level = 0
           AND ordo_private.checkout_queued(NEW.requester_id, NEW.tenant_id, NEW.request_id) THEN
            -- An id of the engine's choosing would take one the sequence hands out later.
            BEGIN
                IF NEW.id = pg_catalog.currval(pg_catalog.pg_get_serial_sequence('ordo.orders', 'id')) THEN
                    RETURN NEW;
                END IF;
            EXCEPTION WHEN object_not_in_prerequisite_state THEN
                NULL; -- no id drawn in this session: chosen
            END;
        END IF;
    ELSIF TG_TABLE_NAME = 'order_lines' THEN
        IF EXISTS (SELECT 1 FROM ordo.orders o WHERE o.id = NEW.order_id AND o.state = 'submitted'
                      AND ordo_private.checkout_queued(o.requester_id, o.tenant_id, o.request_id)) THEN
            RETURN NEW;
        END IF;
    ELSIF TG_TABLE_NAME = 'cart_lines' THEN
        IF ordo_private.checkout_queued(OLD.user_id, OLD.tenant_id, NULL) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'an engine changes %.% only for a checkout somebody asked for', TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = '42501';
END
$$;
DROP TRIGGER IF EXISTS guard_engine_checkouts ON ordo.orders;
CREATE TRIGGER guard_engine_checkouts BEFORE INSERT ON ordo.orders
    FOR EACH ROW EXECUTE FUNCTION ordo_private.guard_engine_checkouts();
DROP TRIGGER IF EXISTS guard_engine_checkouts ON ordo.order_lines;
CREATE TRIGGER guard_engine_checkouts BEFORE INSERT ON ordo.order_lines
    FOR EACH ROW EXECUTE FUNCTION ordo_private.guard_engine_checkouts();
DROP TRIGGER IF EXISTS guard_engine_checkouts ON ordo.cart_lines;
CREATE TRIGGER guard_engine_checkouts BEFORE DELETE ON ordo.cart_lines
    FOR EACH ROW EXECUTE FUNCTION ordo_private.guard_engine_checkouts();

-- What an engine may do to an order: move it along provisioning, cancel it
-- when a person asked for that, and apply the policy's default decision once
-- its approval has expired by the server's clock, each move one version on. Never decide it, change its
-- approval level, or touch another column (the column grants see to that).
CREATE OR REPLACE FUNCTION ordo_private.guard_engine_orders() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    expired_to text := 'rejected';
BEGIN
    IF NOT ordo_private.is_engine() THEN
        RETURN NEW;
    END IF;
    IF NEW.approval_level IS DISTINCT FROM OLD.approval_level OR NEW.version IS DISTINCT FROM OLD.version + 1 THEN
        RAISE EXCEPTION 'an engine moves order % one version on, at the same approval level', OLD.id USING ERRCODE = '42501';
    END IF;
    IF (OLD.state = 'approved' AND NEW.state = 'provisioning')
       OR (OLD.state = 'provisioning' AND NEW.state IN ('completed', 'failed', 'cancelled')) THEN
        RETURN NEW;
    END IF;
    -- Its customer asked to check out (ordo.checkout): the engine places the order as the policy says,
    -- approved at once only within the policy's thresholds (ApprovalPolicy::autoApproves), by its lines' figures.
    IF OLD.state = 'submitted' AND NEW.state IN ('approved', 'pending-approval')
       AND ordo_private.checkout_queued(OLD.requester_id, OLD.tenant_id, OLD.request_id)
       AND (NEW.state = 'pending-approval' OR ordo_private.auto_approves(NEW)) THEN
        RETURN NEW;
    END IF;
    -- Its customer or an admin asked to cancel it (ordo.cancel_order): the engine applies that request now.
    IF NEW.state = 'cancelled' AND OLD.state IN ('pending-approval', 'approved', 'failed')
       AND EXISTS (SELECT 1 FROM ordo.requests q WHERE q.order_id = OLD.id AND q.kind = 'cancel-order' AND q.state = 'queued') THEN
        RETURN NEW;
    END IF;
    IF OLD.state = 'pending-approval' AND OLD.approval_expires_at IS NOT NULL
       AND OLD.approval_expires_at <= (extract(epoch FROM pg_catalog.clock_timestamp()) * 1000)::bigint THEN
        BEGIN
            SELECT CASE WHEN t.policy::jsonb -> 'expiry' ->> 'defaultDecision' = 'approve' THEN 'approved' ELSE 'rejected' END
              INTO expired_to FROM ordo.tenants t WHERE t.id = OLD.tenant_id;
        EXCEPTION WHEN OTHERS THEN
            expired_to := 'rejected'; -- a policy PostgreSQL cannot read: the safe default
        END;
        IF NEW.state = expired_to THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'an engine does not move order % from % to %', OLD.id, OLD.state, NEW.state USING ERRCODE = '42501';
END
$$;
DROP TRIGGER IF EXISTS guard_engine_orders ON ordo.orders;
CREATE TRIGGER guard_engine_orders BEFORE UPDATE ON ordo.orders
    FOR EACH ROW EXECUTE FUNCTION ordo_private.guard_engine_orders();

-- The audit trail grows only through ordo.audit_append() and ordo.audit_chain()
-- (migrations 21 and 22), which hold the key: nobody else writes the trail or its head. Databases
-- from before it had a guard for the engines' own appends.
DROP TRIGGER IF EXISTS guard_engine_audit ON ordo.audit_log;
DROP TRIGGER IF EXISTS guard_engine_audit ON ordo.audit_head;
DROP FUNCTION IF EXISTS ordo_private.guard_engine_audit();

-- What the tenant's active orders take, summed (Store::activeFootprint): the
-- tenant's quota in a customer's checkout preview, whose own login reads only
-- their own orders. Totals only, and only for people of the tenant.
CREATE OR REPLACE FUNCTION ordo_private.tenant_footprint(p_tenant bigint, OUT vcpus bigint, OUT memory_gib bigint, OUT vms bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF p_tenant IS NULL OR NOT (p_tenant = ANY (ordo_private.my_tenants()) OR ordo_private.provider_staff()) THEN
        RAISE EXCEPTION 'no tenant %', p_tenant USING ERRCODE = 'P0002';
    END IF;
    SELECT COALESCE(sum(o.vcpus), 0), COALESCE(sum(o.memory_gib), 0), COALESCE(sum(o.vms), 0) INTO vcpus, memory_gib, vms
      FROM ordo.orders o
     WHERE o.tenant_id = p_tenant AND o.state IN ('submitted', 'pending-approval', 'approved', 'provisioning', 'completed');
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ordo_private FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ordo_private.tenant_footprint(bigint) TO @PERSON@;

-- Every table: row-level security, forced (the owner too), and a policy that
-- lets the table's owner keep every row. Tables a later migration adds get the same
-- when this runs again; tst_rls fails on a table without a person policy or
-- an entry in its list of tables people never read.
DO $$
DECLARE
    t text;
    owner text;
BEGIN
    FOR t, owner IN SELECT c.relname, pg_catalog.pg_get_userbyid(c.relowner)
                      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'ordo' AND c.relkind IN ('r', 'p') LOOP
        EXECUTE format('REVOKE ALL ON ordo.%I FROM PUBLIC', t);
        EXECUTE format('ALTER TABLE ordo.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE ordo.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS owner_all ON ordo.%I', t);
        EXECUTE format('CREATE POLICY owner_all ON ordo.%I TO %I USING (true) WITH CHECK (true)', t, owner);
        EXECUTE format('DROP POLICY IF EXISTS person_read ON ordo.%I', t);
        -- The engines' grants below say what they may do; their rows are all rows.
        EXECUTE format('DROP POLICY IF EXISTS engine_all ON ordo.%I', t);
        EXECUTE format('CREATE POLICY engine_all ON ordo.%I TO %s USING (true) WITH CHECK (true)', t, '@ENGINE@');
    END LOOP;
END
$$;
REVOKE ALL ON ALL TABLES IN SCHEMA ordo FROM @PERSON@, @ENGINE@;
-- Of the carts, engines read only those somebody asked them to check out.
DROP POLICY IF EXISTS engine_all ON ordo.cart_lines;
DROP POLICY IF EXISTS engine_checkouts ON ordo.cart_lines;
CREATE POLICY engine_checkouts ON ordo.cart_lines TO @ENGINE@
    USING (ordo_private.checkout_queued(user_id, tenant_id, NULL));

-- What people read, each table with the rule of the service that shows it.
GRANT SELECT ON ordo.schema_migrations, ordo.tenants, ordo.user_roles, ordo.provider_roles, ordo.approver_groups,
    ordo.catalog_items, ordo.cart_lines, ordo.orders, ordo.order_lines, ordo.approval_decisions, ordo.usage_records,
    ordo.workflows, ordo.steps, ordo.step_log, ordo.step_attempts, ordo.ticket_requests, ordo.workflow_definitions,
    ordo.audit_log, ordo.changes, ordo.mail_outbox, ordo.tickets, ordo.ticket_comments, ordo.cmdb_items,
    ordo.guest_host_keys TO @PERSON@;
-- Never the password hash. Whether someone is disabled, as the console shows it.
GRANT SELECT (id, name, display_name, email, created_at, ssh_public_key, disabled_at) ON ordo.users TO @PERSON@;

CREATE POLICY person_read ON ordo.schema_migrations FOR SELECT TO @PERSON@ USING (true);

CREATE POLICY person_read ON ordo.tenants FOR SELECT TO @PERSON@
    USING (id = ANY ((SELECT ordo_private.my_tenants())::bigint[]) OR (SELECT ordo_private.provider_staff()));

-- Oneself; the people of the tenants one approves for or looks after; and
-- the approvers of one's tenants (their names show on one's orders).
CREATE POLICY person_read ON ordo.users FOR SELECT TO @PERSON@
    USING (id = (SELECT ordo_private.me()) OR (SELECT ordo_private.provider_staff())
           OR EXISTS (SELECT 1 FROM ordo.user_roles r WHERE r.user_id = users.id
                       AND (r.tenant_id = ANY ((SELECT ordo_private.my_tenants('{approver,support,admin}'))::bigint[])
                            OR (r.role = 'approver' AND r.tenant_id = ANY ((SELECT ordo_private.my_tenants())::bigint[])))));

CREATE POLICY person_read ON ordo.user_roles FOR SELECT TO @PERSON@
    USING (user_id = (SELECT ordo_private.me()) OR (SELECT ordo_private.provider_staff())
           OR tenant_id = ANY ((SELECT ordo_private.my_tenants('{approver,support,admin}'))::bigint[])
           OR (role = 'approver' AND tenant_id = ANY ((SELECT ordo_private.my_tenants())::bigint[])));

CREATE POLICY person_read ON ordo.provider_roles FOR SELECT TO @PERSON@
    USING (user_id = (SELECT ordo_private.me()) OR (SELECT ordo_private.provider_staff()));

-- Customers too: the approvers of their orders' levels show in their checkout preview.
CREATE POLICY person_read ON ordo.approver_groups FOR SELECT TO @PERSON@
    USING (tenant_id = ANY ((SELECT ordo_private.my_tenants())::bigint[]) OR (SELECT ordo_private.provider_staff()));

-- CatalogItem::entitles: no "tenants" list, or one that names a tenant of the caller's.
CREATE POLICY person_read ON ordo.catalog_items FOR SELECT TO @PERSON@
    USING ((SELECT ordo_private.provider_staff())
           OR COALESCE(jsonb_array_length(definition::jsonb -> 'tenants'), 0) = 0
           OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(definition::jsonb -> 'tenants') AS s(slug)
                       WHERE s.slug = ANY ((SELECT ordo_private.my_tenant_slugs())::text[])));

CREATE POLICY person_read ON ordo.cart_lines FOR SELECT TO @PERSON@
    USING (user_id = (SELECT ordo_private.me()));

-- OrderService::orders: one's own orders, in a tenant one still belongs to; a
-- tenant's approvers, support and admins see all of its orders.
CREATE POLICY person_read ON ordo.orders FOR SELECT TO @PERSON@
    USING ((requester_id = (SELECT ordo_private.me()) AND tenant_id = ANY ((SELECT ordo_private.my_tenants())::bigint[]))
           OR tenant_id = ANY ((SELECT ordo_private.my_tenants('{approver,support,admin}'))::bigint[])
           OR (SELECT ordo_private.provider_staff()));

-- An order's parts go with the order, a workflow's with the workflow (their
-- policies apply inside EXISTS).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['order_lines', 'approval_decisions', 'usage_records'] LOOP
        EXECUTE format('CREATE POLICY person_read ON ordo.%I FOR SELECT TO %s '
                       'USING (EXISTS (SELECT 1 FROM ordo.orders o WHERE o.id = %I.order_id))', t, '@PERSON@', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['step_log', 'step_attempts', 'ticket_requests'] LOOP
        EXECUTE format('CREATE POLICY person_read ON ordo.%I FOR SELECT TO %s '
                       'USING (EXISTS (SELECT 1 FROM ordo.workflows w WHERE w.id = %I.workflow_id))', t, '@PERSON@', t);
    END LOOP;
    -- StaffScope: the tenant's support staff and admins, and the provider's. A step
    -- carries its workflow's tenant: the monitor counts steps of each workflow
    -- it lists, and a check through workflows for every step doubled its time.
    FOREACH t IN ARRAY ARRAY['workflows', 'steps', 'mail_outbox', 'tickets', 'cmdb_items', 'guest_host_keys'] LOOP
        EXECUTE format('CREATE POLICY person_read ON ordo.%I FOR SELECT TO %s '
                       'USING (tenant_id = ANY ((SELECT ordo_private.my_tenants(''{support,admin}''))::bigint[]) '
                       '       OR (SELECT ordo_private.provider_staff()))', t, '@PERSON@');
    END LOOP;
END
$$;

-- A definition goes with the workflows that run it.
CREATE POLICY person_read ON ordo.workflow_definitions FOR SELECT TO @PERSON@
    USING (EXISTS (SELECT 1 FROM ordo.workflows w
                    WHERE w.name = workflow_definitions.name AND w.def_version = workflow_definitions.version));

-- AuditService::entries: the tenant's trail for its staff; an order's history for whoever sees the order.
CREATE POLICY person_read ON ordo.audit_log FOR SELECT TO @PERSON@
    USING (tenant_id = ANY ((SELECT ordo_private.my_tenants('{support,admin}'))::bigint[]) OR (SELECT ordo_private.provider_staff())
           OR (entity = 'order' AND EXISTS (SELECT 1 FROM ordo.orders o
                                             WHERE o.id::text = audit_log.entity_id AND o.tenant_id = audit_log.tenant_id)));

-- The change feed holds ids only; each console re-reads what changed through the policies above.
CREATE POLICY person_read ON ordo.changes FOR SELECT TO @PERSON@
    USING (tenant_id = ANY ((SELECT ordo_private.my_tenants())::bigint[]) OR (SELECT ordo_private.provider_staff()));

-- A ticket's comments go with the ticket.
CREATE POLICY person_read ON ordo.ticket_comments FOR SELECT TO @PERSON@
    USING (EXISTS (SELECT 1 FROM ordo.tickets t WHERE t.id = ticket_comments.ticket_id));

-- A request to the engines: whoever asked for it, and the staff of its tenant.
CREATE POLICY person_read ON ordo.requests FOR SELECT TO @PERSON@
    USING (requested_by = (SELECT ordo_private.me())
           OR tenant_id = ANY ((SELECT ordo_private.my_tenants('{support,admin}'))::bigint[])
           OR (SELECT ordo_private.provider_staff()));
GRANT SELECT ON ordo.requests TO @PERSON@;

-- People change things only through Ordo's functions, which check session_user.
GRANT EXECUTE ON FUNCTION ordo.decide(bigint, text, text, bigint, text, bigint) TO @PERSON@;
GRANT EXECUTE ON FUNCTION ordo.request_support(bigint, text, text, text, text), ordo.cancel_order(bigint, text) TO @PERSON@;
GRANT EXECUTE ON FUNCTION ordo.cart_add(bigint, text, text, integer), ordo.cart_set_quantity(bigint, integer),
    ordo.cart_set_parameters(bigint, text), ordo.cart_remove(bigint), ordo.cart_clear(bigint), ordo.checkout(bigint, text, text) TO @PERSON@;

-- Engines run workflows: they claim, run and complete steps, and write what
-- steps leave behind (mails, tickets, CMDB records, usage, host keys, the
-- audit trail, the change feed). They read orders, people and workflow
-- definitions, move orders only as guard_engine_orders allows, append to the
-- trail only through ordo.audit_append, place orders only for checkouts
-- people asked for, and never decide, fill carts, grant roles, define workflows, change the catalog, bills or limits,
-- or read password hashes. Secrets are not in the database: each engine host
-- keeps its own keychain.
GRANT SELECT ON ordo.schema_migrations, ordo.tenants, ordo.user_roles, ordo.provider_roles, ordo.approver_groups,
    ordo.catalog_items, ordo.orders, ordo.order_lines, ordo.approval_decisions, ordo.connector_settings,
    ordo.audit_keying, ordo.audit_head, ordo.audit_log, ordo.workflow_definitions, ordo.concurrency_limits TO @ENGINE@;
GRANT SELECT (id, name, display_name, email, created_at, ssh_public_key, disabled_at) ON ordo.users TO @ENGINE@;
-- approval_level too, since the one UPDATE of orders names it; the trigger keeps it unchanged.
GRANT UPDATE (state, approval_level, version, updated_at) ON ordo.orders TO @ENGINE@;
-- Checkouts people asked for (ordo.checkout), as guard_engine_checkouts allows.
GRANT INSERT ON ordo.orders, ordo.order_lines TO @ENGINE@;
GRANT SELECT, DELETE ON ordo.cart_lines TO @ENGINE@;
GRANT EXECUTE ON FUNCTION ordo_private.checkout_queued(bigint, bigint, text) TO @ENGINE@;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ordo FROM PUBLIC;
-- Functions the owner adds later (by an upgrade) are nobody's to call until
-- granted (per-schema defaults cannot take away PUBLIC's EXECUTE, so the owner's).
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ordo.audit_append(text, bigint, text, text, text, text, text, text, text, bigint) TO @ENGINE@;
-- What people's decisions leave to engines (ApprovalService::finishDatabaseDecisions):
-- chaining their audit entries, through the function, and rendering the mails
-- they ask for. Nothing else of ordo_private is theirs.
GRANT EXECUTE ON FUNCTION ordo.audit_chain(integer) TO @ENGINE@;
GRANT USAGE ON SCHEMA ordo_private TO @ENGINE@;
-- Schema 21's append, moved there by schema 22: no longer the engines' to call.
REVOKE ALL ON FUNCTION ordo_private.audit_append_one(text, bigint, text, text, text, text, text, text, text, bigint) FROM @ENGINE@;
-- UPDATE of a column only because FOR UPDATE SKIP LOCKED asks for it: engines pass by each other's rows.
GRANT SELECT, DELETE, UPDATE (id) ON ordo_private.decision_mails TO @ENGINE@;
-- Engines count a limit's running steps in turn under a lock of its row (an
-- advisory lock would be anyone's to take). The lock asks for UPDATE; the
-- policy lets no update through.
GRANT UPDATE (key) ON ordo.concurrency_limits TO @ENGINE@;
DROP POLICY IF EXISTS engine_locks_only ON ordo.concurrency_limits;
CREATE POLICY engine_locks_only ON ordo.concurrency_limits AS RESTRICTIVE FOR UPDATE TO @ENGINE@
    USING (true) WITH CHECK (false);
-- The same for a cart an engine checks out (CartLock.cpp): its customer's role
-- row is the cart's lock, the one ordo_private.lock_cart takes.
GRANT UPDATE (user_id) ON ordo.user_roles TO @ENGINE@;
DROP POLICY IF EXISTS engine_locks_only ON ordo.user_roles;
CREATE POLICY engine_locks_only ON ordo.user_roles AS RESTRICTIVE FOR UPDATE TO @ENGINE@
    USING (true) WITH CHECK (false);
GRANT SELECT, INSERT, UPDATE ON ordo.workflows, ordo.step_log, ordo.step_attempts, ordo.mail_outbox, ordo.tickets,
    ordo.ticket_comments, ordo.ticket_requests TO @ENGINE@;
GRANT SELECT, INSERT, UPDATE, DELETE ON ordo.steps, ordo.step_queue TO @ENGINE@;
-- The unlogged queue's marker: found gone after a crash of the server, the queue is refilled.
GRANT SELECT, INSERT ON ordo.step_queue_intact TO @ENGINE@;
-- A success's implied log line takes its seq from the log's own sequence (steps.log_seq).
GRANT USAGE ON SEQUENCE ordo.step_log_seq_seq TO @ENGINE@;
GRANT SELECT, INSERT, DELETE ON ordo.changes, ordo.guest_host_keys TO @ENGINE@;
GRANT SELECT, INSERT, UPDATE (stopped_at) ON ordo.usage_records TO @ENGINE@;
GRANT SELECT, INSERT, UPDATE (removed_at) ON ordo.cmdb_items TO @ENGINE@;
-- People's requests are applied in the asker's name, or refused with why; never made or changed otherwise.
GRANT SELECT, UPDATE (state, result, settled_at, attempts) ON ordo.requests TO @ENGINE@;

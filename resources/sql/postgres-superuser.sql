-- Run once as a superuser, connected to Ordo's database, after `ordoctl init
-- --shared` (docs/deployment.md, section 3b):
--
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -d ordo -f /usr/share/ordo/postgres-superuser.sql
--
-- Any role may take any number of advisory locks, and hold them as long as it
-- is connected. Ordo holds nothing under them (a cart, a person's requests and
-- a concurrency limit are held under locks of rows that people cannot take),
-- but a person with psql could still fill the server's lock table, shared by
-- every database on the server, until other sessions fail with "out of shared
-- memory", or hold the lock that an upgrade of the schema waits for. Only the
-- functions' owner, a superuser, can take them away; this does so in this
-- database only (let people's roles into no other: pg_hba.conf). The schema's
-- owner keeps the one its upgrades take. Running it again changes nothing.
DO $$
DECLARE
    f regprocedure;
    v_owner name := (SELECT pg_catalog.pg_get_userbyid(n.nspowner) FROM pg_catalog.pg_namespace n WHERE n.nspname = 'ordo');
BEGIN
    -- Anybody else's REVOKE would only warn, and change nothing.
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE EXCEPTION 'run this as a superuser (sudo -u postgres psql ...): only the owner of PostgreSQL''s functions may take them away';
    END IF;
    IF v_owner IS NULL THEN
        RAISE EXCEPTION 'database % has no schema ordo: connect to Ordo''s database, after ordoctl init --shared', pg_catalog.current_database();
    END IF;
    FOR f IN SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
              WHERE p.pronamespace = 'pg_catalog'::regnamespace
                AND p.proname LIKE 'pg\_%advisory%lock%' AND p.proname NOT LIKE '%unlock%' LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock(bigint) TO %I', v_owner);
END
$$;

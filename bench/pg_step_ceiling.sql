-- The server's ceiling for the rows Ordo writes per no-op step, with no client
-- cost: one engine pump done by the server alone, in set-based SQL. A pgbench
-- client completes the steps it claimed (one attempt row each), makes their
-- successors ready, claims up to 32 ready steps, and writes what Ordo writes
-- beside: a log line and a change note per state change (three each per
-- step) and its workflows' open-step counters. Compare pg_engine_bench's rate
-- with what this reaches on the same machine.
--
-- This is the schema before 27 (steps found by their state in steps itself):
-- fill the database with a build from before schema 27 (git log core/store/Migrations.cpp).
-- On a database that pg_engine_bench filled (its chains' steps have
-- consecutive ids), with the engines stopped (pkill -f ordo_test_engine):
--   psql URL -c "UPDATE ordo.steps SET state = 'ready', lease_owner = NULL WHERE state = 'running'"
--   psql URL -Atc "SELECT count(*) FROM ordo.steps WHERE state = 'succeeded'"
--   pgbench -n -M prepared -f bench/pg_step_ceiling.sql -c 4 -j 2 -T 5 URL
--   psql URL -Atc "SELECT count(*) FROM ordo.steps WHERE state = 'succeeded'"
-- Steps/s: the difference of the two counts over the seconds. Keep the run
-- short enough that ready steps remain, or pgbench counts empty transactions.
BEGIN;
WITH done AS (
    UPDATE ordo.steps s SET state = 'succeeded', lease_owner = NULL, lease_expires = NULL, outputs = '{}', finished_at = 2
    WHERE s.state = 'running' AND s.lease_owner = 'pgbench-' || :client_id
    RETURNING s.id, s.workflow_id, s.step_key, s.attempt),
attempts AS (
    INSERT INTO ordo.step_attempts(workflow_id, step_key, kind, attempt, state, inputs, outputs, error, error_kind, started_at, finished_at)
    SELECT workflow_id, step_key, 'step', attempt, 'succeeded', '{}', '{}', NULL, NULL, 1, 2 FROM done),
readied AS (
    UPDATE ordo.steps s SET state = 'ready', waiting_on = 0, ready_at = 3
    FROM done d WHERE s.id = d.id + 1 AND s.workflow_id = d.workflow_id AND s.state = 'pending'
    RETURNING s.id, s.workflow_id, s.step_key),
logged AS (
    INSERT INTO ordo.step_log(workflow_id, step_key, at, kind, message)
    SELECT workflow_id, step_key, 5, 'state', 'running -> succeeded' FROM done
    UNION ALL SELECT workflow_id, step_key, 5, 'state', 'pending -> ready' FROM readied),
counted AS (
    UPDATE ordo.workflows w SET open_steps = w.open_steps - d.n
    FROM (SELECT workflow_id, count(*) AS n FROM done GROUP BY workflow_id) d WHERE w.id = d.workflow_id)
INSERT INTO ordo.changes(kind, entity_id, tenant_id)
SELECT 2, id, CAST(NULL AS bigint) FROM done UNION ALL SELECT 2, id, NULL FROM readied;
WITH claimed AS (
    UPDATE ordo.steps s SET state = 'running', attempt = s.attempt + 1, lease_owner = 'pgbench-' || :client_id, lease_expires = 9,
                            resource_key = 'test.noop', inputs = '{}', started_at = 4, first_started_at = 4
    WHERE s.id IN (SELECT id FROM ordo.steps WHERE state = 'ready' ORDER BY ready_at NULLS FIRST, id LIMIT 32 FOR UPDATE SKIP LOCKED)
    RETURNING s.id, s.workflow_id, s.step_key),
logged AS (
    INSERT INTO ordo.step_log(workflow_id, step_key, at, kind, message)
    SELECT workflow_id, step_key, 6, 'state', 'ready -> running' FROM claimed)
INSERT INTO ordo.changes(kind, entity_id, tenant_id)
SELECT 2, id, CAST(NULL AS bigint) FROM claimed;
COMMIT;

-- The server's ceiling for the rows Ordo writes per no-op step on today's
-- schema (27: ready, running and waiting steps in step_queue, steps with only
-- its key indexes): one engine pump done by the server alone, in set-based
-- SQL. A pgbench client completes the steps it claimed (an attempt row each),
-- makes their successors ready and queues them, claims up to 32 ready steps
-- from the queue, and writes what Ordo writes beside: three log lines and
-- three change notes per step, and its workflows' open-step counters.
-- pg_step_ceiling.sql and pg_step_ceiling_queue.sql are the same for the
-- schemas before 27; compare this script's rate with pg_engine_bench's on the
-- same machine to see what the engines' statements cost beyond the rows.
--
-- On a database that pg_engine_bench filled with chains long enough to last
-- (their steps have consecutive ids), for example
--   pg_engine_bench --db URL --seconds 5 --workflows 3000 --steps 200
-- with the engines stopped (pkill -f ordo_test_engine), once:
--   psql URL -c "UPDATE ordo.steps SET state = 'ready', lease_owner = NULL, lease_expires = NULL WHERE state = 'running'" \
--            -c "UPDATE ordo.step_queue SET state = 'ready', lease_owner = NULL, lease_expires = NULL WHERE state = 'running'" \
--            -c "VACUUM ANALYZE"
-- then, on a copy of it for each run (CREATE DATABASE run TEMPLATE filled):
--   psql RUN -Atc "SELECT count(*) FROM ordo.steps WHERE state = 'succeeded'"
--   pgbench -n -M prepared -f bench/pg_step_ceiling_schema27.sql -c 4 -j 2 -T 10 RUN
--   psql RUN -Atc "SELECT count(*) FROM ordo.steps WHERE state = 'succeeded'"
-- Steps/s: the difference of the two counts over the seconds.
-- Variant, one log line per step: drop the 'pending -> ready' branch of the
-- first log insert and the second log insert.
BEGIN;
WITH unleased AS (
    DELETE FROM ordo.step_queue q WHERE q.state = 'running' AND q.lease_owner = 'pgbench-' || :client_id RETURNING q.step_id),
done AS (
    UPDATE ordo.steps s SET state = 'succeeded', lease_owner = NULL, lease_expires = NULL, outputs = '{}', finished_at = 2
    FROM unleased u WHERE s.id = u.step_id
    RETURNING s.id, s.workflow_id, s.step_key, s.attempt),
attempts AS (
    INSERT INTO ordo.step_attempts(workflow_id, step_key, kind, attempt, state, inputs, outputs, error, error_kind, started_at, finished_at)
    SELECT workflow_id, step_key, 'step', attempt, 'succeeded', '{}', '{}', NULL, NULL, 1, 2 FROM done),
readied AS (
    UPDATE ordo.steps s SET state = 'ready', waiting_on = 0, ready_at = 3
    FROM done d WHERE s.id = d.id + 1 AND s.workflow_id = d.workflow_id AND s.state = 'pending'
    RETURNING s.id, s.workflow_id, s.step_key),
queued AS (
    INSERT INTO ordo.step_queue(step_id, workflow_id, kind, state, attempt, ready_at) SELECT id, workflow_id, 'step', 'ready', 0, 3 FROM readied),
logged AS (
    INSERT INTO ordo.step_log(workflow_id, step_key, at, kind, message)
    SELECT workflow_id, step_key, 5, 'state', 'running -> succeeded' FROM done
    UNION ALL SELECT workflow_id, step_key, 5, 'state', 'pending -> ready' FROM readied),
counted AS (
    UPDATE ordo.workflows w SET open_steps = w.open_steps - d.n
    FROM (SELECT workflow_id, count(*) AS n FROM done GROUP BY workflow_id) d WHERE w.id = d.workflow_id)
INSERT INTO ordo.changes(kind, entity_id, tenant_id)
SELECT 4, id, CAST(NULL AS bigint) FROM done UNION ALL SELECT 4, id, NULL FROM readied;
WITH leased AS (
    UPDATE ordo.step_queue q SET state = 'running', attempt = q.attempt + 1, lease_owner = 'pgbench-' || :client_id, lease_expires = 9
    WHERE q.step_id IN (SELECT step_id FROM ordo.step_queue WHERE state = 'ready' ORDER BY ready_at NULLS FIRST, step_id LIMIT 32 FOR UPDATE SKIP LOCKED)
    RETURNING q.step_id),
claimed AS (
    UPDATE ordo.steps s SET state = 'running', attempt = s.attempt + 1, lease_owner = 'pgbench-' || :client_id, lease_expires = 9,
                            resource_key = 'test.noop', inputs = '{}', started_at = 4, first_started_at = 4
    FROM leased l WHERE s.id = l.step_id
    RETURNING s.id, s.workflow_id, s.step_key),
logged AS (
    INSERT INTO ordo.step_log(workflow_id, step_key, at, kind, message)
    SELECT workflow_id, step_key, 6, 'state', 'ready -> running' FROM claimed)
INSERT INTO ordo.changes(kind, entity_id, tenant_id)
SELECT 4, id, CAST(NULL AS bigint) FROM claimed;
COMMIT;

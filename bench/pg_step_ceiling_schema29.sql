-- The server's ceiling for the rows Ordo writes per no-op step on schema 29:
-- pg_step_ceiling_schema27.sql brought to what the engines wrote then (up to
-- schema 30: schema 31 dropped the workflows' open_steps it counts down, so it
-- runs only on a database filled by a pg_engine_bench of that time). A
-- completion locks its workflows (in id order, as engines do), deletes its
-- steps' queue rows, marks them succeeded, keeps an attempt row and one log
-- line each, makes their successors ready and queues them, counts the
-- workflows' open steps down and notes the changes as one row of arrays per
-- tenant; a claim takes up to 32 ready steps from the queue, updating their
-- queue rows in place. No log line for pending -> ready or ready -> running.
-- Compare its rate with pg_engine_bench's on the same host, one run after the
-- other: the ratio is what the engines' statements cost beyond the rows, and
-- holds when the host's speed does not.
--
-- Set up as pg_step_ceiling_schema27.sql says (a database pg_engine_bench
-- filled, its running steps made ready again), then, on a copy for each run:
--   pgbench -n -M prepared -f bench/pg_step_ceiling_schema29.sql -c 4 -j 2 -T 10 \
--           -D attempts=1 -D logged=1 RUN
-- and count the succeeded steps before and after. attempts=0 leaves out the
-- attempt rows, logged=0 the log lines: what each costs the server.
BEGIN;
SELECT count(*) FROM (SELECT 1 FROM ordo.workflows WHERE id IN (
    SELECT workflow_id FROM ordo.step_queue WHERE state = 'running' AND lease_owner = 'pgbench-' || :client_id)
    ORDER BY id FOR UPDATE) locked;
WITH unleased AS (
    DELETE FROM ordo.step_queue q WHERE q.state = 'running' AND q.lease_owner = 'pgbench-' || :client_id RETURNING q.step_id),
done AS (
    UPDATE ordo.steps s SET state = 'succeeded', lease_owner = NULL, lease_expires = NULL, outputs = '{}', finished_at = 2
    FROM unleased u WHERE s.id = u.step_id AND s.state = 'running'
    RETURNING s.id, s.workflow_id, s.step_key, s.attempt),
attempts AS (
    INSERT INTO ordo.step_attempts(workflow_id, step_key, kind, attempt, state, inputs, outputs, error, error_kind, started_at, finished_at)
    SELECT workflow_id, step_key, 'step', attempt, 'succeeded', '{}', '{}', NULL, NULL, 1, 2 FROM done WHERE :attempts = 1),
readied AS (
    UPDATE ordo.steps s SET state = 'ready', waiting_on = 0, ready_at = 3
    FROM done d WHERE s.id = d.id + 1 AND s.workflow_id = d.workflow_id AND s.state = 'pending'
    RETURNING s.id, s.workflow_id, s.step_key),
queued AS (
    INSERT INTO ordo.step_queue(step_id, workflow_id, kind, state, attempt, ready_at) SELECT id, workflow_id, 'step', 'ready', 0, 3 FROM readied),
logged AS (
    INSERT INTO ordo.step_log(workflow_id, step_key, at, kind, message)
    SELECT workflow_id, step_key, 5, 'state', 'running -> succeeded' FROM done WHERE :logged = 1),
counted AS (
    UPDATE ordo.workflows w SET open_steps = w.open_steps - d.n
    FROM (SELECT workflow_id, count(*) AS n FROM done GROUP BY workflow_id) d WHERE w.id = d.workflow_id)
INSERT INTO ordo.changes(kinds, entity_ids, tenant_id)
SELECT array_agg(CAST(4 AS bigint)), array_agg(id), CAST(NULL AS bigint)
FROM (SELECT id FROM done UNION ALL SELECT id FROM readied) c HAVING count(*) > 0;
WITH leased AS (
    UPDATE ordo.step_queue q SET state = 'running', attempt = q.attempt + 1, lease_owner = 'pgbench-' || :client_id, lease_expires = 9
    WHERE q.step_id IN (SELECT step_id FROM ordo.step_queue WHERE state = 'ready' ORDER BY ready_at NULLS FIRST, step_id LIMIT 32 FOR UPDATE SKIP LOCKED)
    RETURNING q.step_id),
claimed AS (
    UPDATE ordo.steps s SET state = 'running', attempt = s.attempt + 1, lease_owner = 'pgbench-' || :client_id, lease_expires = 9,
                            resource_key = 'test.noop', inputs = '{}', started_at = 4, first_started_at = 4
    FROM leased l WHERE s.id = l.step_id
    RETURNING s.id)
INSERT INTO ordo.changes(kinds, entity_ids, tenant_id)
SELECT array_agg(CAST(4 AS bigint)), array_agg(id), CAST(NULL AS bigint) FROM claimed HAVING count(*) > 0;
COMMIT;

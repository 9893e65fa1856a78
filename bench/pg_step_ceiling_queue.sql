-- pg_step_ceiling.sql's work with the design the plan proposes next: ready
-- and running steps in a small table of their own (step_queue) that claims
-- and completions read and delete from, and a steps table with only its key
-- indexes, so that its updates can be HOT. Compare the two scripts' rates on
-- the same machine to see what the design would give the server; the
-- variants in the header say what fewer log lines would give besides.
--
-- Schema 27 built this design (with more columns in step_queue); the setup
-- below is for a database of schema 26, filled by a build from before it.
-- On a database that pg_engine_bench filled, with the engines stopped, as for
-- pg_step_ceiling.sql, and then (this changes the schema: use a copy):
--   psql URL -c "UPDATE ordo.steps SET state = 'ready', lease_owner = NULL WHERE state = 'running'"
--   psql URL -c "DROP INDEX ordo.steps_state, ordo.steps_ready, ordo.steps_leases, ordo.steps_resource" \
--            -c "ALTER TABLE ordo.steps SET (fillfactor = 70)" -c "VACUUM FULL ordo.steps" \
--            -c "CREATE TABLE ordo.step_queue(step_id bigint PRIMARY KEY, workflow_id bigint NOT NULL,
--                    ready_at bigint, lease_owner text, lease_expires bigint)" \
--            -c "CREATE INDEX step_queue_ready ON ordo.step_queue(ready_at, step_id) WHERE lease_owner IS NULL" \
--            -c "CREATE INDEX step_queue_leases ON ordo.step_queue(lease_expires) WHERE lease_owner IS NOT NULL" \
--            -c "INSERT INTO ordo.step_queue SELECT id, workflow_id, ready_at FROM ordo.steps WHERE state = 'ready'" \
--            -c "VACUUM ANALYZE"
--   then pgbench and the two counts as for pg_step_ceiling.sql.
-- Variants: without the 'pending -> ready' and 'ready -> running' log lines
-- (one line per step), and besides with one change note per step.
BEGIN;
WITH unleased AS (
    DELETE FROM ordo.step_queue q WHERE q.lease_owner = 'pgbench-' || :client_id RETURNING q.step_id),
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
    INSERT INTO ordo.step_queue(step_id, workflow_id, ready_at) SELECT id, workflow_id, 3 FROM readied),
logged AS (
    INSERT INTO ordo.step_log(workflow_id, step_key, at, kind, message)
    SELECT workflow_id, step_key, 5, 'state', 'running -> succeeded' FROM done
    UNION ALL SELECT workflow_id, step_key, 5, 'state', 'pending -> ready' FROM readied),
counted AS (
    UPDATE ordo.workflows w SET open_steps = w.open_steps - d.n
    FROM (SELECT workflow_id, count(*) AS n FROM done GROUP BY workflow_id) d WHERE w.id = d.workflow_id)
INSERT INTO ordo.changes(kind, entity_id, tenant_id)
SELECT 2, id, CAST(NULL AS bigint) FROM done UNION ALL SELECT 2, id, NULL FROM readied;
WITH leased AS (
    UPDATE ordo.step_queue q SET lease_owner = 'pgbench-' || :client_id, lease_expires = 9
    WHERE q.step_id IN (SELECT step_id FROM ordo.step_queue WHERE lease_owner IS NULL ORDER BY ready_at, step_id LIMIT 32 FOR UPDATE SKIP LOCKED)
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
SELECT 2, id, CAST(NULL AS bigint) FROM claimed;
COMMIT;

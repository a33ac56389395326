-- Hand-written data (re-apply as is after regenerating the schema migration): the single
-- `worker` lease of the worker before a lease per job kind (lib/worker/run-worker.ts names them
-- after its jobs). Nothing takes it any more and a worker that stops releases only its own, so
-- the row stayed forever and kept the latest worker heartbeat (readiness, the Prometheus gauge)
-- at its last renewal instead of none once every worker has stopped.
DELETE FROM `worker_leases` WHERE `name` = 'worker';

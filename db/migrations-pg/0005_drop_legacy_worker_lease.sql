-- Hand-written data, the PostgreSQL twin of db/migrations/0020_drop_legacy_worker_lease.sql
-- (re-apply as is after regenerating the schema migrations): the single `worker` lease of the
-- worker before a lease per job kind. Nothing takes it any more, so it kept the latest worker
-- heartbeat at its last renewal instead of none once every worker has stopped.
DELETE FROM "worker_leases" WHERE "name" = 'worker';

-- The operator's surface (issue #12). expected: how many records a step expects to handle, when
-- it knows (a pull: its query's total; Push New / Push Updates: the rows they will send), so that
-- a running step shows its progress; null when unknown.
ALTER TABLE sync_step ADD COLUMN expected BIGINT;
-- The status log's filters and sorts (GET /api/sync-steps), and the retention that deletes old
-- steps by start time (the index on started_at exists since V1).
CREATE INDEX sync_step_finished_at_idx ON sync_step (finished_at);
CREATE INDEX sync_step_object_idx ON sync_step (object_name, operation, status);
-- A step's failed records (GET /api/sync-steps/{id}/failed-records).
CREATE INDEX dead_letter_step_idx ON dead_letter (step_id);
-- The retention of closed dead letters (by the time they were closed).
CREATE INDEX dead_letter_resolved_idx ON dead_letter (resolved_at);

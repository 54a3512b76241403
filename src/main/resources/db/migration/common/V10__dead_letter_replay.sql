-- Replay of dead letters (requirement D2): how often a replay was tried, when last, and why the
-- newest attempt failed. A dead letter stays New until a replay succeeds (Replayed) or an
-- administrator discards it (Discarded); resolved_at is when it left New.
ALTER TABLE dead_letter ADD COLUMN attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE dead_letter ADD COLUMN last_attempt_at TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE dead_letter ADD COLUMN last_error VARCHAR(4000);

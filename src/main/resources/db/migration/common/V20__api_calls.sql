-- The API budget report (issue #16): the Salesforce API calls each step sent (null for steps closed by another
-- process, or recorded before V20), and one row per finished cycle with the calls it used in all: its steps' calls
-- and the composite requests that read the steps' first calls ahead (read_ahead_calls).
ALTER TABLE sync_step ADD COLUMN api_calls INTEGER;
CREATE TABLE sync_cycle (
  cycle_id          VARCHAR(36)  NOT NULL PRIMARY KEY,
  started_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  finished_at       TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  api_calls         INTEGER NOT NULL,
  read_ahead_calls  INTEGER NOT NULL,
  instance_name     VARCHAR(200)
);
CREATE INDEX sync_cycle_started_at_idx ON sync_cycle (started_at);

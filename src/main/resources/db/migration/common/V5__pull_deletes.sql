-- Pull Deletes (S2). A record deleted in Salesforce is kept as a tombstone: sf_deleted_at says
-- when Salesforce deleted it, so the person's history (activities, program membership) stays.
-- Tables without this column lose the row instead (see docs/operations.md).
ALTER TABLE person ADD COLUMN sf_deleted_at TIMESTAMP(3) WITH TIME ZONE;

-- Positions of the steps that read Salesforce with their own watermark, per object and
-- operation: Pull Deletes keeps the delete log's latestDateCovered (last_id empty), Pull
-- Conversions the last (SystemModstamp, Id) of a converted Lead. Saved on the step's transaction.
CREATE TABLE sync_operation_watermark (
  object_name   VARCHAR(80)  NOT NULL,
  operation     VARCHAR(40)  NOT NULL,
  watermark_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  last_id       VARCHAR(18),
  updated_at    TIMESTAMP(3) WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT sync_operation_watermark_pk PRIMARY KEY (object_name, operation)
);

-- The Salesforce ids a re-reconciliation has read so far, per step: pages are streamed in here
-- so that local rows missing from Salesforce are found with SQL, never by holding every id in
-- memory. Rows live only inside the step's transaction.
CREATE TABLE sync_id_stage (
  step_id  BIGINT      NOT NULL,
  sf_id    VARCHAR(18) NOT NULL,
  CONSTRAINT sync_id_stage_pk PRIMARY KEY (step_id, sf_id)
);

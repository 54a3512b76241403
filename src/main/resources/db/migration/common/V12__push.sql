-- Push New's bookkeeping (issue #10).
-- A random key of this database, part of the sfsync key Push New writes into a mapping's external-id field
-- ("<database key>.<table>.<row id>"): a database created anew never reuses the keys of an earlier one.
CREATE TABLE sync_database (
  database_key VARCHAR(8)                   NOT NULL PRIMARY KEY,
  created_at   TIMESTAMP(3) WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);

-- Creates sent to Salesforce without an external-id field, committed before the call and removed with the
-- answer's bookkeeping: a row left here by a process that stopped in between may have been created in Salesforce,
-- so it is not created again blindly; the next Push New sends it to the dead-letter store (CREATE_OUTCOME_UNKNOWN).
CREATE TABLE sync_push_create (
  table_name  VARCHAR(128)                NOT NULL,
  row_id      BIGINT                      NOT NULL,
  object_name VARCHAR(80)                 NOT NULL,
  step_id     BIGINT                      NOT NULL,
  sent_at     TIMESTAMP(3) WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT sync_push_create_pk PRIMARY KEY (table_name, row_id)
);

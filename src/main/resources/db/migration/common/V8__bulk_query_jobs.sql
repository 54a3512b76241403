-- A first pull through a Bulk API 2.0 query job that stops midway (a failure, the API budget
-- guard) resumes the same job at the next cycle, from the results page after the last one
-- written: the job, that page's locator and the greatest SystemModstamp / Id written so far,
-- saved with each page on the same transaction. The row goes when the pull completes.
CREATE TABLE sync_bulk_job (
  object_name      VARCHAR(80)  NOT NULL PRIMARY KEY,
  job_id           VARCHAR(18)  NOT NULL,
  next_locator     VARCHAR(200),
  max_modstamp     TIMESTAMP(3) WITH TIME ZONE,
  max_id           VARCHAR(18),
  started_at       TIMESTAMP(3) WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at       TIMESTAMP(3) WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);

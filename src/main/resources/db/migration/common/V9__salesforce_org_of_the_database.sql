-- The Salesforce org whose records this database holds, recorded at the first successful login.
-- sfsync refuses to start against any other org (the bundled emulator is an org too, with its
-- own id), so the emulator's demo data never lands among a real org's records and watermarks.
CREATE TABLE sync_org (
  id           INTEGER      NOT NULL PRIMARY KEY,
  org_id       VARCHAR(18)  NOT NULL,
  description  VARCHAR(500) NOT NULL,
  recorded_at  TIMESTAMP(3) WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT sync_org_one_row CHECK (id = 1)
);

-- Twin of hsqldb/V20_1__person_partial_key_indexes.sql. person holds Leads and Contacts: a Lead's row has no
-- sfdc_contact_id, a Contact's no sfdc_lead_id, and many rows no sfdc_account_id. The indexes on these columns held an
-- entry for every row, NULL included, and every insert paid for it (a first pull of 1,000,000 Leads by COPY: 16.2 s
-- with them, 12.7 s with these, docs/benchmarks.md). They now index only the rows that hold a value. Uniqueness is
-- unchanged (NULLs were never equal), and every look-up by these columns (=, = ANY, IN, a join) still uses them.
ALTER TABLE person DROP CONSTRAINT person_sfdc_lead_id_uq;
CREATE UNIQUE INDEX person_sfdc_lead_id_uq ON person (sfdc_lead_id) WHERE sfdc_lead_id IS NOT NULL;
ALTER TABLE person DROP CONSTRAINT person_sfdc_contact_id_uq;
CREATE UNIQUE INDEX person_sfdc_contact_id_uq ON person (sfdc_contact_id) WHERE sfdc_contact_id IS NOT NULL;
DROP INDEX person_sfdc_account_id_idx;
CREATE INDEX person_sfdc_account_id_idx ON person (sfdc_account_id) WHERE sfdc_account_id IS NOT NULL;

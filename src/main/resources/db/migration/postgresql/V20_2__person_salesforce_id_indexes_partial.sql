-- Twin of hsqldb/V20_2__person_salesforce_id_indexes_partial.sql. A person row holds a Lead id or a Contact id (both
-- after a conversion), and the unique index on the other one held a NULL entry for it, which every insert paid for:
-- each index now holds only the rows that have a value. A look-up by the id (=, = ANY, IN, a join) still reads it.
-- Push New finds the rows of its type that have no Salesforce id yet; it read them through those NULL entries (the
-- Lead's through sfdc_lead_id's, mixed with every Contact) or, for Contacts among many Leads, read the whole table.
-- An index per type now holds just those rows: on a table of 1,000,000 Leads, finding the Contacts without an id took
-- 0.06 ms instead of 0.4 s (a read of the whole table). psql, one COPY of the same 1,000,000 Leads into the emptied
-- person, four in turns: the server's CPU 7.1 to 9.0 s before, 6.8 to 8.4 s after (docs/benchmarks.md).
ALTER TABLE person DROP CONSTRAINT person_sfdc_lead_id_uq;
ALTER TABLE person DROP CONSTRAINT person_sfdc_contact_id_uq;
CREATE UNIQUE INDEX person_sfdc_lead_id_uq ON person (sfdc_lead_id) WHERE sfdc_lead_id IS NOT NULL;
CREATE UNIQUE INDEX person_sfdc_contact_id_uq ON person (sfdc_contact_id) WHERE sfdc_contact_id IS NOT NULL;
CREATE INDEX person_lead_without_id_idx ON person (id) WHERE sfdc_lead_id IS NULL AND person_type = 'Lead';
CREATE INDEX person_contact_without_id_idx ON person (id) WHERE sfdc_contact_id IS NULL AND person_type = 'Contact';

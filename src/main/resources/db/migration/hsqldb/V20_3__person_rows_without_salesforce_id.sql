-- Push New finds the rows of its type that have no Salesforce id yet: person_type = 'Contact' AND sfdc_contact_id IS
-- NULL. HSQLDB answered that through the NULL entries of the unique index on sfdc_contact_id, which hold every Lead too
-- (its planner takes a unique index for IS NULL whatever other index there is): on a table of 1,000,000 Leads, 2.5 to
-- 6.2 s in every cycle that syncs Contacts, and the same for Leads among many Contacts. HSQLDB has no partial index
-- (PostgreSQL's twin, V20_2, made them there), so each id column gets a column HSQLDB computes from the row, the type
-- of a row without that id, and an index on it. PushNew reads "without_<id-column> = <object>", which is the same
-- condition (io.sfsync.push.PushNew#newRows). On 1,000,000 persons this migration took 92 s once.
ALTER TABLE person ADD COLUMN without_sfdc_lead_id VARCHAR(16)
    GENERATED ALWAYS AS (CASE WHEN sfdc_lead_id IS NULL THEN person_type END);
ALTER TABLE person ADD COLUMN without_sfdc_contact_id VARCHAR(16)
    GENERATED ALWAYS AS (CASE WHEN sfdc_contact_id IS NULL THEN person_type END);
CREATE INDEX person_without_sfdc_lead_id_idx ON person (without_sfdc_lead_id);
CREATE INDEX person_without_sfdc_contact_id_idx ON person (without_sfdc_contact_id);

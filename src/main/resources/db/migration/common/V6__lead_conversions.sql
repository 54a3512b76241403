-- Pull Conversions (S2): a converted Lead's person row becomes its Contact (person_type
-- 'Contact', sfdc_contact_id set) and keeps its local id and history. These columns record the
-- conversion itself: the Account and Opportunity it created or used, and the day.
-- sfdc_account_id stays the Contact's current AccountId, as the Contact mapping pulls it.
ALTER TABLE person ADD COLUMN sfdc_converted_account_id VARCHAR(18);
ALTER TABLE person ADD COLUMN sfdc_converted_opportunity_id VARCHAR(18);
ALTER TABLE person ADD COLUMN converted_at DATE;

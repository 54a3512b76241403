-- The values an update's changed push columns had before it (a JSON object of texts, written by the
-- update trigger): the base a pull compares Salesforce's values with to tell a local-only change
-- from a conflict. TEXT: a long text value must never make another client's UPDATE fail.
ALTER TABLE sync_change ADD COLUMN old_values TEXT;

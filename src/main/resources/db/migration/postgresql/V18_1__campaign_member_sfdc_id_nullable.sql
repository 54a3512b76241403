-- A campaign member added locally has no Salesforce id until Push New creates it (issue #14).
ALTER TABLE campaign_member ALTER COLUMN sfdc_id DROP NOT NULL;

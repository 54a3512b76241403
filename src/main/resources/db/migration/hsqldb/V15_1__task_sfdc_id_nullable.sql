-- A task created locally has no Salesforce id until Push New creates it (issue #13).
ALTER TABLE task ALTER COLUMN sfdc_id SET NULL;

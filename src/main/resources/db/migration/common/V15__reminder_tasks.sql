-- Reminder tasks both ways (issue #13). A task can now be created locally (its sfdc_id stays NULL until
-- Push New creates it in Salesforce: V15_1 in the vendor folders), with its name (subject), status (Open or
-- Complete), priority (Normal or High), due date (activity_date), details (description) and person (person_id).
-- The bundled mappings/task.yaml maps status through values: { Open: Not Started, Complete: Completed }; rows
-- pulled before it kept Salesforce's status, which becomes the local value here (other statuses stay as
-- they are and are not pushed: the map has no Salesforce value for them).
UPDATE task SET status = 'Open' WHERE status = 'Not Started';
UPDATE task SET status = 'Complete' WHERE status = 'Completed';

-- The moment sync of an object was enabled: written by the object's first pull (no watermark yet) when its
-- mapping has first-pull-window-hours or push-created-after-enabling, never overwritten. Push New sends only
-- rows created after it (push-created-after-enabling).
CREATE TABLE sync_object_enabled (
  object_name  VARCHAR(80)                 NOT NULL PRIMARY KEY,
  enabled_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  window_from  TIMESTAMP(3) WITH TIME ZONE
);

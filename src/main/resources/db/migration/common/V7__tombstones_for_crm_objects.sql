-- Records deleted in Salesforce are tombstoned (Pull Deletes), not removed, in every synced
-- table, as in person: history and links stay, "WHERE sf_deleted_at IS NULL" filters them.
ALTER TABLE sf_user ADD COLUMN sf_deleted_at TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE account ADD COLUMN sf_deleted_at TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE campaign ADD COLUMN sf_deleted_at TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE opportunity ADD COLUMN sf_deleted_at TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE opportunity_contact_role ADD COLUMN sf_deleted_at TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE campaign_member_status ADD COLUMN sf_deleted_at TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE campaign_member ADD COLUMN sf_deleted_at TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE task ADD COLUMN sf_deleted_at TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE event ADD COLUMN sf_deleted_at TIMESTAMP(3) WITH TIME ZONE;

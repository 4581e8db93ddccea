-- A backup schedule (a database's or a named volume's) may copy its backups to one of its organisation's S3
-- targets instead of another node: the app's backup watch uploads them with the node's rclone after each pull.
-- A schedule copies to a node or to an S3 target, never both. Removing a target a schedule names is refused by
-- Homeport (S3Targets.remove names the schedules); ON DELETE SET NULL covers the organisation's removal.
ALTER TABLE backup_schedule ADD COLUMN copy_to_s3 BIGINT REFERENCES s3_target (id) ON DELETE SET NULL;
ALTER TABLE backup_schedule ADD CONSTRAINT backup_schedule_one_copy CHECK (copy_to IS NULL OR copy_to_s3 IS NULL);
ALTER TABLE volume_backup_schedule ADD COLUMN copy_to_s3 BIGINT REFERENCES s3_target (id) ON DELETE SET NULL;
ALTER TABLE volume_backup_schedule ADD CONSTRAINT volume_backup_schedule_one_copy CHECK (copy_to IS NULL OR copy_to_s3 IS NULL);

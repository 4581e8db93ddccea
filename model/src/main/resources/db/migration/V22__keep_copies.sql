-- A backup schedule (a database's or a named volume's) may keep its copies forever: the copies pulled to this
-- machine, pushed to its copy node or uploaded to its S3 target are then never pruned. Without it (the default)
-- they follow the schedule's retention after each pull and push, as the node's own backups do.
ALTER TABLE backup_schedule ADD COLUMN keep_copies BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE volume_backup_schedule ADD COLUMN keep_copies BOOLEAN NOT NULL DEFAULT FALSE;

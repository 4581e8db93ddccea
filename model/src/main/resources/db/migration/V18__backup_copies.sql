-- Copies of backups pushed to another Worker Node. A schedule (a database's or a
-- named volume's) may name the node its backups are copied to; the app pushes them
-- there over SFTP. Removing that node leaves the schedule without a copy target.
ALTER TABLE backup_schedule ADD COLUMN copy_to BIGINT REFERENCES worker_node (id) ON DELETE SET NULL;
ALTER TABLE volume_backup_schedule ADD COLUMN copy_to BIGINT REFERENCES worker_node (id) ON DELETE SET NULL;

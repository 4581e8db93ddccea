-- Homeport's own store backed up on a schedule: the schedule (one row, or none for "off"),
-- and the runs of every store backup (scheduled, by hand), newest kept by StoreBackups.
CREATE TABLE store_backup_schedule (
    id         INT DEFAULT 1 PRIMARY KEY,
    frequency  VARCHAR(16) NOT NULL,
    target     VARCHAR(4096) NOT NULL,
    keep_count INT NOT NULL,
    CONSTRAINT store_backup_schedule_one_row CHECK (id = 1)
);
CREATE TABLE store_backup_run (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    run_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    run_trigger VARCHAR(16) NOT NULL,
    backup_file VARCHAR(4096),
    ok         BOOLEAN NOT NULL,
    message    VARCHAR(4096)
);

-- Backups of a service's named volumes (a tar of the volume, made on its node like a
-- database's dump). One schedule per service and volume, with the same fields as a
-- database's (backup_schedule, V12), and whether the service's containers are stopped
-- while the tar is taken.
CREATE TABLE volume_backup_schedule (
    service_id    BIGINT       NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    volume        VARCHAR(128) NOT NULL,
    every         VARCHAR(8)   NOT NULL,
    at_hour       INT          NOT NULL,
    at_minute     INT          NOT NULL,
    keep_count    INT          NOT NULL,
    keep_days     INT          NOT NULL,
    target        VARCHAR(16)  NOT NULL,
    since         TIMESTAMP WITH TIME ZONE NOT NULL,
    stop_service  BOOLEAN      NOT NULL,
    PRIMARY KEY (service_id, volume),
    CONSTRAINT volume_backup_schedule_every CHECK (every IN ('HOURLY', 'DAILY')),
    CONSTRAINT volume_backup_schedule_target CHECK (target IN ('NODE'))
);

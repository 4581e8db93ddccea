-- Database backups. A database's schedule (written to its node as a cron entry, so
-- backups run while the laptop is closed), its retention and where copies go; and
-- the age key pair the backups are encrypted to: the identity (private key) sealed
-- by the vault, the recipient (public key) plain, as it is written to every node.
CREATE TABLE backup_schedule (
    service_id    BIGINT       PRIMARY KEY REFERENCES service (id) ON DELETE CASCADE,
    every         VARCHAR(8)   NOT NULL,
    at_hour       INT          NOT NULL,
    at_minute     INT          NOT NULL,
    keep_count    INT          NOT NULL,
    keep_days     INT          NOT NULL,
    target        VARCHAR(16)  NOT NULL,
    since         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT backup_schedule_every CHECK (every IN ('HOURLY', 'DAILY')),
    CONSTRAINT backup_schedule_target CHECK (target IN ('NODE'))
);
CREATE TABLE backup_key (
    id         INT DEFAULT 1 PRIMARY KEY,
    recipient  VARCHAR(128)  NOT NULL,
    identity   VARCHAR(512)  NOT NULL,
    CONSTRAINT backup_key_one_row CHECK (id = 1)
);

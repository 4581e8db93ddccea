-- Alerts: the thresholds of Homeport's alarms on every node (one row, or none for
-- AlarmThresholds.defaults()), and how the nodes' Netdata sends them. A method's
-- secret (a webhook address, an ntfy token) is sealed by the vault.
CREATE TABLE alert_thresholds (
    id                  INT DEFAULT 1 PRIMARY KEY,
    disk_warning        INT NOT NULL,
    disk_critical       INT NOT NULL,
    inodes_warning      INT NOT NULL,
    inodes_critical     INT NOT NULL,
    memory_warning      INT NOT NULL,
    memory_critical     INT NOT NULL,
    cpu_warning         INT NOT NULL,
    cpu_critical        INT NOT NULL,
    container_warning   INT NOT NULL,
    container_critical  INT NOT NULL,
    CONSTRAINT alert_thresholds_one_row CHECK (id = 1)
);
CREATE TABLE alert_method (
    id        BIGINT AUTO_INCREMENT PRIMARY KEY,
    kind      VARCHAR(16) NOT NULL,
    address   VARCHAR(2048),
    secret    VARCHAR(8192)
);

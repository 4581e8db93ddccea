-- A service that is a database: its engine, the major version its data is
-- pinned to, and the named volume that holds its data (kept by redeploys,
-- rollbacks and deletes unless the user asks).
CREATE TABLE service_database (
    service_id     BIGINT       PRIMARY KEY REFERENCES service (id) ON DELETE CASCADE,
    engine         VARCHAR(16)  NOT NULL,
    major_version  VARCHAR(8)   NOT NULL,
    data_volume    VARCHAR(128) NOT NULL,
    CONSTRAINT service_database_engine CHECK (engine IN ('POSTGRES', 'MARIADB', 'REDIS'))
);
-- A database's health gate: the database answers its own check.
ALTER TABLE service DROP CONSTRAINT service_health_gate;
ALTER TABLE service ADD CONSTRAINT service_health_gate CHECK (health_gate IN ('HTTP', 'TCP', 'IMAGE', 'RUNNING', 'DATABASE'));

-- How much history the store keeps: one row, or none for the defaults
-- (RetentionPolicy.defaults(), the one place they are written).
CREATE TABLE retention (
    id                INT DEFAULT 1 PRIMARY KEY,
    deployments_kept  INT NOT NULL,
    logs_kept         INT NOT NULL,
    event_days        INT NOT NULL,
    events_kept       INT NOT NULL,
    CONSTRAINT retention_one_row CHECK (id = 1)
);
-- Node events are pruned by age.
CREATE INDEX node_event_by_time ON node_event (occurred_at);

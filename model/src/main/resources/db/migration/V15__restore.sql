-- The data volumes a restore swapped out of a database: kept on the node, with
-- the data as it was, until the user drops them (homeport restore drop-volume).
CREATE TABLE database_old_volume (
    service_id   BIGINT       NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    volume       VARCHAR(128) NOT NULL,
    replaced_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    replaced_by  VARCHAR(128) NOT NULL,
    PRIMARY KEY (service_id, volume)
);

-- An environment whose nodes form one cluster, and the engine that runs it.
-- No row: the environment runs its services as containers on one node.
-- cluster_id is the engine's own ID of the cluster (Swarm's), so an attach can
-- tell the environment's cluster from another one a node is in.
CREATE TABLE environment_cluster (
    environment_id  BIGINT       PRIMARY KEY REFERENCES environment (id) ON DELETE CASCADE,
    engine          VARCHAR(16)  NOT NULL,
    cluster_id      VARCHAR(128) NOT NULL,
    formed_at       TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    -- Named, so a later migration can replace it when another engine arrives.
    CONSTRAINT environment_cluster_engine CHECK (engine IN ('SWARM'))
);

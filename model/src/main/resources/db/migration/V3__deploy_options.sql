-- How each service's releases are checked and run, and how a private git
-- repository is reached. A NULL health_gate means the default for the port.
ALTER TABLE service ADD COLUMN health_gate VARCHAR(8);
ALTER TABLE service ADD COLUMN health_timeout_s INT DEFAULT 60 NOT NULL;
ALTER TABLE service ADD COLUMN restart_policy VARCHAR(16) DEFAULT 'UNLESS_STOPPED' NOT NULL;
-- One SOURCE:TARGET[:ro] per line.
ALTER TABLE service ADD COLUMN volumes VARCHAR(16384);
ALTER TABLE service ADD COLUMN keep_releases INT DEFAULT 5 NOT NULL;
ALTER TABLE service ADD COLUMN drain_s INT DEFAULT 5 NOT NULL;
ALTER TABLE service ADD COLUMN git_deploy_key_id BIGINT REFERENCES ssh_identity (id) ON DELETE SET NULL;
ALTER TABLE service ADD COLUMN git_token_sealed VARCHAR(8192);
ALTER TABLE service ADD CONSTRAINT service_health_gate CHECK (health_gate IN ('HTTP', 'TCP', 'IMAGE', 'RUNNING'));
-- A random key that names the service on its nodes (container labels, Caddy
-- routes): row ids start at 1 in every store, so two stores (two laptops, a
-- reinstall) deploying to one node must not take each other's containers.
ALTER TABLE service ADD COLUMN node_key BIGINT;
UPDATE service SET node_key = CAST(RAND() * 9.0E18 AS BIGINT) + 1;
ALTER TABLE service ALTER COLUMN node_key SET NOT NULL;
ALTER TABLE service ADD CONSTRAINT service_node_key_unique UNIQUE (node_key);

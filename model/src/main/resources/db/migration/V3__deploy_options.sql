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

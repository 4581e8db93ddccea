-- How many replicas of a service run when its environment's nodes form a
-- cluster. A one-node environment runs one container whatever it says.
ALTER TABLE service ADD COLUMN replicas INT DEFAULT 1 NOT NULL;
ALTER TABLE service ADD CONSTRAINT service_replicas CHECK (replicas BETWEEN 1 AND 100);
-- The Worker Node all of them must run on (a database that stays where its
-- volume is), by name; NULL lets Swarm spread them.
ALTER TABLE service ADD COLUMN pinned_node VARCHAR(63);

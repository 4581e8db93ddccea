-- At most one LIVE release per service, held by the database itself. H2 has no
-- partial unique index, so a generated column carries the service id of LIVE
-- rows only (NULL otherwise, and NULLs never collide) and a unique index covers it.
-- A store left with two LIVE rows by an older Homeport keeps the newest one.
UPDATE deployment SET state = 'SUPERSEDED', finished_at = COALESCE(finished_at, updated_at),
       reason = 'replaced by deployment #' || (SELECT MAX(n.id) FROM deployment n WHERE n.service_id = deployment.service_id AND n.state = 'LIVE')
 WHERE state = 'LIVE'
   AND id < (SELECT MAX(n.id) FROM deployment n WHERE n.service_id = deployment.service_id AND n.state = 'LIVE');
ALTER TABLE deployment ADD COLUMN live_service_id BIGINT GENERATED ALWAYS AS (CASE WHEN state = 'LIVE' THEN service_id END);
CREATE UNIQUE INDEX deployment_one_live ON deployment (live_service_id);

-- A database's public port: published on every address of its node when the
-- user opted in (with a warning); NULL, the default, publishes none.
ALTER TABLE service_database ADD COLUMN public_port INT;

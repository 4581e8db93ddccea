-- The ACME directory URL of the CA that issues the certificates of an
-- organisation's public names; NULL is Caddy's default, Let's Encrypt.
ALTER TABLE organisation ADD COLUMN acme_directory VARCHAR(2048);

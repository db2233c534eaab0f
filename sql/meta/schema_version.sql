-- Which numbered migrations this warehouse file has had; created before any migration runs.
-- `checksum` (sha256 of the migration's file) came later: older rows get theirs on next open.
CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL
);
ALTER TABLE schema_version ADD COLUMN IF NOT EXISTS checksum VARCHAR;

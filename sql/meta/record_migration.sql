INSERT INTO schema_version (version, name, applied_at, checksum) VALUES ($version, $name, $applied_at, $checksum);

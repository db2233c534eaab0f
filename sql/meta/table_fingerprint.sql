-- Row count and a content hash of one table, ignoring audit timestamps (when a row was written
-- is not what it says), so two runs over the same input compare equal. The hash is the sum of
-- per-row hashes: order-free and streaming, so it costs one scan and no memory however large
-- the table (sorting and concatenating every row, as before, held the whole table as a string).
-- DuckDB's hash() may change between DuckDB versions: compare fingerprints from one version.
SELECT
    count(*) AS row_count,
    coalesce(CAST(sum(hash(CAST(r AS VARCHAR))) AS VARCHAR), '') AS content_hash
FROM (
    SELECT COLUMNS(lambda c: c NOT IN ('ingested_at', 'first_seen', 'last_seen', 'applied_at'))
    FROM query_table($table_name)
) AS r;

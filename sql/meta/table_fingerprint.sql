-- Row count and a content hash of one table, ignoring audit timestamps (when a row was written
-- is not what it says), so two runs over the same input compare equal.
SELECT
    count(*) AS row_count,
    coalesce(md5(string_agg(CAST(r AS VARCHAR), '|' ORDER BY CAST(r AS VARCHAR))), '') AS content_md5
FROM (
    SELECT COLUMNS(lambda c: c NOT IN ('ingested_at', 'first_seen', 'last_seen', 'applied_at'))
    FROM query_table($table_name)
) AS r;

-- Row count and content hash (as in table_fingerprint) of one table's rows of the given
-- batches: what one load wrote. A load's metadata hashes only its own batches, so the cost of a
-- load does not grow with the warehouse; the table's total row count is a cheap count.
SELECT
    (SELECT count(*) FROM query_table($table_name)) AS table_rows,
    count(*) AS batch_rows,
    coalesce(CAST(sum(hash(CAST(r AS VARCHAR))) AS VARCHAR), '') AS content_hash
FROM (
    SELECT COLUMNS(lambda c: c NOT IN ('ingested_at', 'first_seen', 'last_seen', 'applied_at'))
    FROM query_table($table_name)
    WHERE list_contains($batch_ids, batch_id)
) AS r;

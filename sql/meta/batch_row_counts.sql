-- Rows per batch of one batch-keyed table: each partition's own count after a range load.
SELECT batch_id, count(*) AS row_count
FROM query_table($table_name)
WHERE list_contains($batch_ids, batch_id)
GROUP BY batch_id;

-- The first few rows of each batch in one batch-keyed table: each partition's own preview.
SELECT *
FROM query_table($table_name)
WHERE list_contains($batch_ids, batch_id)
QUALIFY row_number() OVER (PARTITION BY batch_id) <= $rows;

-- The keys (columns joined by '/') that occur more than once in one table, up to 10, so a failing
-- keys_unique check names its rows. Run only after duplicate_keys came back non-zero.
SELECT concat_ws('/', *COLUMNS(lambda c: list_contains($key_columns, c))) AS row_key
FROM query_table($table_name)
GROUP BY ALL
HAVING count(*) > 1
ORDER BY row_key
LIMIT 10;

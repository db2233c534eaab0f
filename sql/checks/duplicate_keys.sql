-- Rows of one table beyond the first for each value of its key columns (must be zero). The
-- table and its key columns come from the table registry (etl/warehouse/tables.py).
SELECT
    count(*) - count(DISTINCT struct_pack(*COLUMNS(lambda c: list_contains($key_columns, c))))
        AS duplicate_keys
FROM query_table($table_name);

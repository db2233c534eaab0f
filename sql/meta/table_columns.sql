-- Each warehouse table's columns as DuckDB's catalog has them (type, nullability, comment, and
-- whether the column alone is the primary key): the column schema shown in the Dagster UI.
WITH single_column_keys AS (
    SELECT table_name, constraint_column_names[1] AS column_name
    FROM duckdb_constraints()
    WHERE schema_name = 'main'
      AND constraint_type = 'PRIMARY KEY'
      AND len(constraint_column_names) = 1
),

final AS (
    SELECT
        c.table_name,
        c.column_name,
        c.data_type,
        c.is_nullable,
        c.comment,
        k.column_name IS NOT NULL AS is_key,
        c.column_index
    FROM duckdb_columns() AS c
    LEFT JOIN single_column_keys AS k USING (table_name, column_name)
    WHERE c.schema_name = 'main' AND list_contains($table_names, c.table_name)
)

SELECT table_name, column_name, data_type, is_nullable, comment, is_key
FROM final
ORDER BY table_name, column_index;

-- A table's total rows (a count, cheap however large the table).
SELECT count(*) AS row_count FROM query_table($table_name);

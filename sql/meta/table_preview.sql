-- The first few rows of a table shared by every batch (a dimension).
SELECT * FROM query_table($table_name) LIMIT $rows;

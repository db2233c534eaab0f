-- Whether the warehouse holds its schema yet (a file just created holds nothing).
SELECT count(*) > 0 FROM duckdb_tables() WHERE table_name = 'fact_article';

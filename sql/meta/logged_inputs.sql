-- Every input the warehouse has a record of (keys only): compared with the landing folder's.
SELECT
    batch_id,
    source_path
FROM ingest_log;

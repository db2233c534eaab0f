-- `newsetl forget`: remove every row of the inputs registered as `missing_inputs` (batch_id,
-- source_path), the one way loaded data leaves the warehouse. Children before parents.
DELETE FROM fact_mention
WHERE article_id IN (
    SELECT a.article_id
    FROM fact_article AS a
    INNER JOIN missing_inputs AS m ON m.batch_id = a.batch_id AND m.source_path = a.source_path
);
DELETE FROM fact_article WHERE (batch_id, source_path) IN (SELECT batch_id, source_path FROM missing_inputs);
DELETE FROM ingest_log WHERE (batch_id, source_path) IN (SELECT batch_id, source_path FROM missing_inputs);
DELETE FROM quarantine WHERE (batch_id, source_path) IN (SELECT batch_id, source_path FROM missing_inputs);

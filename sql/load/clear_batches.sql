-- Loading replaces input by input: whatever an earlier run wrote for the inputs being loaded
-- goes first, so a re-run leaves exactly what one run leaves. An input of these batches that is
-- no longer in the landing folder is not in the load, and its rows stay: cleaning up a landing
-- folder never removes loaded data, for a deleted file as for a deleted batch folder (which is
-- not loaded at all); `newsetl forget` removes such inputs on request. Children before parents
-- for the foreign keys.
DELETE FROM fact_mention
WHERE article_id IN (
    SELECT a.article_id
    FROM fact_article AS a
    INNER JOIN staged_ingest_log AS s ON s.batch_id = a.batch_id AND s.source_path = a.source_path
);
DELETE FROM fact_article WHERE (batch_id, source_path) IN (SELECT batch_id, source_path FROM staged_ingest_log);
DELETE FROM ingest_log WHERE (batch_id, source_path) IN (SELECT batch_id, source_path FROM staged_ingest_log);
DELETE FROM quarantine
WHERE (batch_id, source_path) IN (SELECT batch_id, source_path FROM staged_ingest_log)
  AND (batch_id, source_path) NOT IN (SELECT batch_id, source_path FROM staged_quarantine);

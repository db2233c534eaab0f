-- Loading is replace-by-batch: whatever an earlier run wrote for these batches goes first, so a
-- re-run leaves exactly what one run leaves. Children before parents for the foreign keys.
DELETE FROM fact_mention WHERE batch_id IN (SELECT batch_id FROM staged_batches);
DELETE FROM fact_article WHERE batch_id IN (SELECT batch_id FROM staged_batches);
DELETE FROM ingest_log WHERE batch_id IN (SELECT batch_id FROM staged_batches);
DELETE FROM quarantine
WHERE batch_id IN (SELECT batch_id FROM staged_batches)
  AND (batch_id, source_path) NOT IN (SELECT batch_id, source_path FROM staged_quarantine);

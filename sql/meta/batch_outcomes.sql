-- Inputs of the given batches by outcome: the reconciliation of one load.
SELECT outcome, count(*) AS inputs
FROM ingest_log
WHERE list_contains($batch_ids, batch_id)
GROUP BY outcome;

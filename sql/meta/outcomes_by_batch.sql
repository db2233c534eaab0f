-- Inputs of each given batch by outcome: each partition's own reconciliation after a range load.
SELECT batch_id, outcome, count(*) AS inputs
FROM ingest_log
WHERE list_contains($batch_ids, batch_id)
GROUP BY batch_id, outcome;

-- first_seen survives re-runs; last_seen and the reason follow the latest run.
INSERT INTO quarantine
SELECT batch_id, source_path, input_id, stage, reason, $seen_at AS first_seen, $seen_at AS last_seen
FROM staged_quarantine
ON CONFLICT (batch_id, source_path) DO UPDATE SET
    input_id = excluded.input_id,
    stage = excluded.stage,
    reason = excluded.reason,
    last_seen = excluded.last_seen;

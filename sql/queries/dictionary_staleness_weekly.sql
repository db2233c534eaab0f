-- name: dictionary_staleness_weekly
-- description: Per week, the share of name-like spans in bodies that no actor claims (rising = the dictionary falls behind).
SELECT
    week_start,
    name_spans,
    unclaimed_spans,
    unclaimed_share
FROM dictionary_staleness_weekly
ORDER BY week_start;

-- name: mentions_per_actor_per_week
-- description: Mentions and distinct articles per actor per ISO week (Monday start), by publication date, raw and with each syndicated story counted once.
-- param: actor VARCHAR = NULL -- an actor_id; all actors when omitted
-- param: date_from DATE = NULL -- first publication day included
-- param: date_to DATE = NULL -- last publication day included
-- param: limit INTEGER = 1000 -- at most this many rows
-- Whole weeks are read from the mart of the same name, which every load, recount and forget
-- rebuilds (and the hourly schedule after a load that left the marts out); only the weeks a range
-- cuts through are counted from the facts, by the mart's own macro. Counting the whole of
-- fact_mention each time costs seconds at ten million mentions (see bench/queries.py).
-- A range that starts on another day than a Monday or ends on another day than a Sunday cuts
-- through at most two weeks: the first from date_from to its Sunday, the last from its Monday to
-- date_to (the same span when the range lies inside one week, which UNION counts once). A week
-- that is not cut gets a NULL bound, and so no days. The bounds are written out rather than read
-- from a CTE so that they stay constants DuckDB can push into the scan of fact_mention.
WITH first_cut_week AS (
    SELECT * FROM mentions_per_actor_per_week_between(
        CASE WHEN isodow(CAST($date_from AS DATE)) <> 1 THEN CAST($date_from AS DATE) END,
        least(CAST(date_trunc('week', CAST($date_from AS DATE)) AS DATE) + 6, CAST($date_to AS DATE))
    )
),

last_cut_week AS (
    SELECT * FROM mentions_per_actor_per_week_between(
        greatest(CAST(date_trunc('week', CAST($date_to AS DATE)) AS DATE), CAST($date_from AS DATE)),
        CASE WHEN isodow(CAST($date_to AS DATE)) <> 7 THEN CAST($date_to AS DATE) END
    )
),

whole_weeks AS (
    SELECT *
    FROM mentions_per_actor_per_week
    WHERE ($date_from IS NULL OR week_start >= $date_from)
      AND ($date_to IS NULL OR week_start + 6 <= $date_to)
),

final AS (
    SELECT * FROM whole_weeks
    UNION ALL
    (SELECT * FROM first_cut_week UNION SELECT * FROM last_cut_week)
)

SELECT * FROM final
WHERE ($actor IS NULL OR actor_id = $actor)
ORDER BY week_start, mentions DESC, actor_id
LIMIT $limit;

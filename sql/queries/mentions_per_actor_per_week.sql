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
-- through at most two weeks: those are counted by the mart's macro over the range, kept to the
-- cut weeks (DuckDB pushes that filter below the count, so it reads only their days). The bounds
-- are written out rather than read from a CTE so they stay constants it can push.
WITH cut_weeks AS (
    SELECT *
    FROM mentions_per_actor_per_week_between(
        coalesce(CAST($date_from AS DATE), DATE '-infinity'), coalesce(CAST($date_to AS DATE), DATE 'infinity')
    )
    WHERE (isodow(CAST($date_from AS DATE)) <> 1 AND week_start = date_trunc('week', CAST($date_from AS DATE)))
       OR (isodow(CAST($date_to AS DATE)) <> 7 AND week_start = date_trunc('week', CAST($date_to AS DATE)))
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
    SELECT * FROM cut_weeks
)

SELECT * FROM final
WHERE ($actor IS NULL OR actor_id = $actor)
ORDER BY week_start, mentions DESC, actor_id
LIMIT $limit;

-- name: mentions_per_actor_per_week
-- description: Mentions and distinct articles per actor per ISO week (Monday start), by publication date, raw and with each syndicated story counted once.
-- param: actor VARCHAR = NULL -- an actor id, display name or alias (newsetl resolves it to the id); all actors when omitted, else every week from the range's first to its last article is a row, 0 where the actor was not named
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

counted AS (
    SELECT * FROM whole_weeks
    WHERE $actor IS NULL OR actor_id = $actor
    UNION ALL
    SELECT * FROM cut_weeks
    WHERE $actor IS NULL OR actor_id = $actor
),

-- One actor's series is dense: a week without its name is a zero, not a gap that reads as "no
-- data". The weeks span the articles of the range (of any actor), not the actor's own mentions.
article_span AS (
    SELECT min(date_key) AS first_day, max(date_key) AS last_day
    FROM fact_article
    WHERE $actor IS NOT NULL
      AND ($date_from IS NULL OR date_key >= $date_from)
      AND ($date_to IS NULL OR date_key <= $date_to)
),

span_weeks AS (
    SELECT CAST(unnest(generate_series(date_trunc('week', first_day), last_day, INTERVAL 7 DAY)) AS DATE)
        AS week_start
    FROM article_span
),

zero_weeks AS (
    SELECT
        w.week_start,
        a.actor_id,
        coalesce(a.name_en, a.name_ar, a.actor_id) AS actor_name,
        0 AS mentions,
        0 AS articles,
        0 AS mentions_dedup,
        0 AS articles_dedup
    FROM span_weeks AS w
    INNER JOIN dim_actor AS a ON a.actor_id = $actor
    WHERE w.week_start NOT IN (SELECT week_start FROM counted)
),

final AS (
    SELECT * FROM counted
    UNION ALL BY NAME
    SELECT * FROM zero_weeks
)

SELECT * FROM final
ORDER BY week_start, mentions DESC, actor_id
LIMIT $limit;

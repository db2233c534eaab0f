-- name: mentions_per_actor_per_week
-- description: Mentions and distinct articles per actor per ISO week (Monday start), by publication date, raw and with each syndicated story counted once.
-- param: actor VARCHAR = NULL -- an actor_id; all actors when omitted
-- param: date_from DATE = NULL -- first publication day included
-- param: date_to DATE = NULL -- last publication day included
-- param: limit INTEGER = 1000 -- at most this many rows
-- Weeks wholly inside the date range are read from the mart of the same name, which every load
-- rebuilds; only the weeks a range cuts through are counted from the facts. Counting the whole
-- of fact_mention each time costs seconds at ten million mentions (see bench/queries.py).
WITH bounds AS (
    SELECT CAST($date_from AS DATE) AS date_from, CAST($date_to AS DATE) AS date_to
),

-- A range that starts on another day than a Monday or ends on another day than a Sunday cuts
-- through at most two weeks: these are those weeks' days inside the range.
cut_days AS (
    SELECT CAST(unnest(generate_series(
        date_from, least(CAST(date_trunc('week', date_from) AS DATE) + 6, date_to), INTERVAL 1 DAY
    )) AS DATE) AS date_key
    FROM bounds
    WHERE isodow(date_from) <> 1
    UNION
    SELECT CAST(unnest(generate_series(
        greatest(CAST(date_trunc('week', date_to) AS DATE), date_from), date_to, INTERVAL 1 DAY
    )) AS DATE) AS date_key
    FROM bounds
    WHERE isodow(date_to) <> 7
),

cut_weeks AS (
    SELECT
        CAST(date_trunc('week', m.date_key) AS DATE) AS week_start,
        m.actor_id,
        count(*) AS mentions,
        count(DISTINCT m.article_id) AS articles,
        count(*) FILTER (WHERE coalesce(a.is_cluster_representative, TRUE)) AS mentions_dedup,
        count(DISTINCT coalesce(a.cluster_key, m.article_id)) AS articles_dedup
    FROM fact_mention AS m
    LEFT JOIN fact_article AS a ON a.article_id = m.article_id
    WHERE ($actor IS NULL OR m.actor_id = $actor)
      AND m.date_key IN (SELECT date_key FROM cut_days)
    GROUP BY ALL
),

whole_weeks AS (
    SELECT week_start, actor_id, mentions, articles, mentions_dedup, articles_dedup
    FROM mentions_per_actor_per_week
    WHERE ($actor IS NULL OR actor_id = $actor)
      AND ($date_from IS NULL OR week_start >= $date_from)
      AND ($date_to IS NULL OR week_start + 6 <= $date_to)
),

weekly AS (
    SELECT * FROM whole_weeks
    UNION ALL
    SELECT * FROM cut_weeks
),

final AS (
    SELECT
        w.week_start,
        w.actor_id,
        coalesce(a.name_en, a.name_ar, w.actor_id) AS actor_name,
        w.mentions,
        w.articles,
        w.mentions_dedup,
        w.articles_dedup
    FROM weekly AS w
    LEFT JOIN dim_actor AS a ON a.actor_id = w.actor_id
)

SELECT * FROM final
ORDER BY week_start, mentions DESC, actor_id
LIMIT $limit;

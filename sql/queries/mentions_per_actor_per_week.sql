-- name: mentions_per_actor_per_week
-- description: Mentions and distinct articles per actor per ISO week (Monday start), by publication date.
-- param: actor VARCHAR = NULL -- an actor_id; all actors when omitted
-- param: date_from DATE = NULL -- first publication day included
-- param: date_to DATE = NULL -- last publication day included
-- param: limit INTEGER = 1000 -- at most this many rows
WITH mentions AS (
    SELECT
        m.actor_id,
        m.article_id,
        d.iso_week_start AS week_start
    FROM fact_mention AS m
    INNER JOIN dim_date AS d ON d.date_key = m.date_key
    WHERE ($actor IS NULL OR m.actor_id = $actor)
      AND ($date_from IS NULL OR m.date_key >= $date_from)
      AND ($date_to IS NULL OR m.date_key <= $date_to)
),

weekly AS (
    SELECT
        week_start,
        actor_id,
        count(*) AS mentions,
        count(DISTINCT article_id) AS articles
    FROM mentions
    GROUP BY week_start, actor_id
),

final AS (
    SELECT
        w.week_start,
        w.actor_id,
        coalesce(a.name_en, a.name_ar, w.actor_id) AS actor_name,
        w.mentions,
        w.articles
    FROM weekly AS w
    LEFT JOIN dim_actor AS a ON a.actor_id = w.actor_id
)

SELECT * FROM final
ORDER BY week_start, mentions DESC, actor_id
LIMIT $limit;

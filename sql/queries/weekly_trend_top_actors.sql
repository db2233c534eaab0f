-- name: weekly_trend_top_actors
-- description: Weekly mentions of the most-mentioned actors, every week from the range's first to its last article present (zeros included).
-- param: top INTEGER = 8 -- how many actors, by total mentions
-- param: date_from DATE = NULL -- first publication day included
-- param: date_to DATE = NULL -- last publication day included
WITH in_range AS (
    SELECT m.actor_id, m.article_id, d.iso_week_start AS week_start
    FROM fact_mention AS m
    INNER JOIN dim_date AS d ON d.date_key = m.date_key
    WHERE ($date_from IS NULL OR m.date_key >= $date_from)
      AND ($date_to IS NULL OR m.date_key <= $date_to)
),

top_actors AS (
    SELECT actor_id, count(*) AS total
    FROM in_range
    GROUP BY actor_id
    ORDER BY total DESC, actor_id
    LIMIT $top
),

-- Every week from the range's first to its last article, also a week no article was published.
article_span AS (
    SELECT min(date_key) AS first_day, max(date_key) AS last_day
    FROM fact_article
    WHERE ($date_from IS NULL OR date_key >= $date_from)
      AND ($date_to IS NULL OR date_key <= $date_to)
),

weeks AS (
    SELECT CAST(unnest(generate_series(date_trunc('week', first_day), last_day, INTERVAL 7 DAY)) AS DATE)
        AS week_start
    FROM article_span
),

counted AS (
    SELECT week_start, actor_id, count(*) AS mentions
    FROM in_range
    WHERE actor_id IN (SELECT actor_id FROM top_actors)
    GROUP BY week_start, actor_id
),

final AS (
    SELECT
        w.week_start,
        t.actor_id,
        coalesce(a.name_en, t.actor_id) AS actor_name,
        coalesce(c.mentions, 0) AS mentions
    FROM weeks AS w
    CROSS JOIN top_actors AS t
    LEFT JOIN counted AS c ON c.week_start = w.week_start AND c.actor_id = t.actor_id
    LEFT JOIN dim_actor AS a ON a.actor_id = t.actor_id
)

SELECT * FROM final
ORDER BY week_start, mentions DESC, actor_id;

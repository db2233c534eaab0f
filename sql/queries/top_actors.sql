-- name: top_actors
-- description: Actors ranked by total mentions over a date range, with distinct articles and weeks present.
-- param: date_from DATE = NULL -- first publication day included
-- param: date_to DATE = NULL -- last publication day included
-- param: limit INTEGER = 20 -- at most this many actors
WITH mentions AS (
    SELECT actor_id, article_id, date_key
    FROM fact_mention
    WHERE ($date_from IS NULL OR date_key >= $date_from)
      AND ($date_to IS NULL OR date_key <= $date_to)
),

final AS (
    SELECT
        m.actor_id,
        coalesce(a.name_en, a.name_ar, m.actor_id) AS actor_name,
        count(*) AS mentions,
        count(DISTINCT m.article_id) AS articles,
        count(DISTINCT date_trunc('week', m.date_key)) AS weeks
    FROM mentions AS m
    LEFT JOIN dim_actor AS a ON a.actor_id = m.actor_id
    GROUP BY m.actor_id, actor_name
)

SELECT * FROM final
ORDER BY mentions DESC, actor_id
LIMIT $limit;

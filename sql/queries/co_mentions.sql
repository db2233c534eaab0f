-- name: co_mentions
-- description: Pairs of actors named in the same article, per ISO week: articles naming both, raw and deduplicated (one per syndication cluster).
-- param: actor VARCHAR = NULL -- only pairs with this actor (id, display name or alias, resolved by newsetl), which is then always actor_a; all pairs when omitted
-- param: date_from DATE = NULL -- first publication day included
-- param: date_to DATE = NULL -- last publication day included
-- param: min_articles INTEGER = 1 -- leave out pairs named together in fewer articles that week
-- param: limit INTEGER = 1000 -- at most this many rows
WITH article_actors AS (
    SELECT DISTINCT article_id, actor_id, date_key
    FROM fact_mention
    WHERE ($date_from IS NULL OR date_key >= $date_from)
      AND ($date_to IS NULL OR date_key <= $date_to)
),

pairs AS (
    SELECT
        first.article_id,
        first.date_key,
        first.actor_id AS actor_a,
        second.actor_id AS actor_b
    FROM article_actors AS first
    INNER JOIN article_actors AS second
        ON second.article_id = first.article_id AND second.actor_id <> first.actor_id
    -- Each unordered pair once, unless one actor is asked for: then it leads every pair it is in.
    WHERE ($actor IS NULL AND first.actor_id < second.actor_id)
       OR first.actor_id = $actor
),

weekly AS (
    SELECT
        d.iso_week_start AS week_start,
        p.actor_a,
        p.actor_b,
        count(*) AS articles,
        count(DISTINCT coalesce(a.cluster_key, p.article_id)) AS articles_dedup
    FROM pairs AS p
    INNER JOIN dim_date AS d ON d.date_key = p.date_key
    LEFT JOIN fact_article AS a ON a.article_id = p.article_id
    GROUP BY d.iso_week_start, p.actor_a, p.actor_b
    HAVING count(*) >= $min_articles
),

final AS (
    SELECT
        w.week_start,
        w.actor_a,
        coalesce(first.name_en, first.name_ar, w.actor_a) AS actor_a_name,
        w.actor_b,
        coalesce(second.name_en, second.name_ar, w.actor_b) AS actor_b_name,
        w.articles,
        w.articles_dedup
    FROM weekly AS w
    LEFT JOIN dim_actor AS first ON first.actor_id = w.actor_a
    LEFT JOIN dim_actor AS second ON second.actor_id = w.actor_b
)

SELECT * FROM final
ORDER BY week_start, articles DESC, actor_a, actor_b
LIMIT $limit;

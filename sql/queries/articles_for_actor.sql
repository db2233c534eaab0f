-- name: articles_for_actor
-- description: The mentions behind a weekly number, one row each with its article, site, title and sentence: their count is the week's mentions of mentions_per_actor_per_week, the rows with counted_dedup its mentions_dedup.
-- param: actor VARCHAR = NULL -- an actor id, display name or alias (newsetl resolves it to the id); the week's most-mentioned actor when omitted
-- param: week DATE = NULL -- any day of the ISO week (Monday to Sunday); the latest week with mentions when omitted
-- param: limit INTEGER = 1000 -- at most this many mentions
WITH target AS (
    SELECT CAST(date_trunc('week', coalesce($week, (SELECT max(date_key) FROM fact_mention))) AS DATE)
        AS week_start
),

in_week AS (
    SELECT m.*
    FROM fact_mention AS m
    WHERE m.date_key BETWEEN (SELECT week_start FROM target) AND (SELECT week_start + 6 FROM target)
),

chosen AS (
    SELECT $actor AS actor_id
    WHERE $actor IS NOT NULL
    UNION ALL
    (
        SELECT actor_id
        FROM in_week
        WHERE $actor IS NULL
        GROUP BY actor_id
        ORDER BY count(*) DESC, actor_id
        LIMIT 1
    )
),

final AS (
    SELECT
        t.week_start,
        m.date_key AS day,
        m.actor_id,
        coalesce(d.name_en, d.name_ar, m.actor_id) AS actor_name,
        m.article_id,
        a.domain,
        a.title,
        a.original_publisher,
        -- Articles loaded before syndication clustering count as clusters of one.
        coalesce(a.is_cluster_representative, TRUE) AS counted_dedup,
        m.field,
        m.surface,
        m.snippet
    FROM in_week AS m
    CROSS JOIN target AS t
    INNER JOIN fact_article AS a ON a.article_id = m.article_id
    LEFT JOIN dim_actor AS d ON d.actor_id = m.actor_id
    WHERE m.actor_id = (SELECT actor_id FROM chosen)
)

SELECT * FROM final
ORDER BY day, article_id, field DESC, surface, snippet
LIMIT $limit;

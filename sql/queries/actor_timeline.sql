-- name: actor_timeline
-- description: One actor day by day: every article that names it, with its site, title, mention count and the sentences that name it.
-- param: actor VARCHAR = NULL -- an actor id, display name or alias (newsetl resolves it to the id); the most-mentioned actor of the date range when omitted
-- param: date_from DATE = NULL -- first publication day included
-- param: date_to DATE = NULL -- last publication day included
-- param: limit INTEGER = 500 -- at most this many articles
WITH in_range AS (
    SELECT article_id, actor_id, date_key, field, start_offset, snippet
    FROM fact_mention
    WHERE ($date_from IS NULL OR date_key >= $date_from)
      AND ($date_to IS NULL OR date_key <= $date_to)
),

chosen AS (
    SELECT $actor AS actor_id
    WHERE $actor IS NOT NULL
    UNION ALL
    (
        SELECT actor_id
        FROM in_range
        WHERE $actor IS NULL
        GROUP BY actor_id
        ORDER BY count(*) DESC, actor_id
        LIMIT 1
    )
),

snippets AS (
    SELECT
        article_id,
        snippet,
        count(*) AS mentions,
        -- Title mentions read first, then body mentions in text order.
        min(CASE WHEN field = 'title' THEN -1 ELSE start_offset END) AS first_offset
    FROM in_range
    WHERE actor_id = (SELECT actor_id FROM chosen)
    GROUP BY article_id, snippet
),

per_article AS (
    SELECT
        article_id,
        CAST(sum(mentions) AS BIGINT) AS mentions,
        string_agg(snippet, ' | ' ORDER BY first_offset) AS snippets
    FROM snippets
    GROUP BY article_id
),

final AS (
    SELECT
        a.date_key AS day,
        c.actor_id,
        coalesce(d.name_en, d.name_ar, c.actor_id) AS actor_name,
        count(*) OVER (PARTITION BY a.date_key) AS day_articles,
        CAST(sum(p.mentions) OVER (PARTITION BY a.date_key) AS BIGINT) AS day_mentions,
        a.article_id,
        a.domain,
        a.title,
        p.mentions,
        p.snippets
    FROM per_article AS p
    INNER JOIN fact_article AS a ON a.article_id = p.article_id
    CROSS JOIN chosen AS c
    LEFT JOIN dim_actor AS d ON d.actor_id = c.actor_id
)

SELECT * FROM final
ORDER BY day, mentions DESC, article_id
LIMIT $limit;

-- name: actor_first_seen
-- description: When each actor was first named: the first day, with the article, site and sentence, then the last day and the mentions and articles over the whole span (undated articles left out).
-- param: actor VARCHAR = NULL -- an actor id, display name or alias (newsetl resolves it to the id); every mentioned actor when omitted
-- param: date_from DATE = NULL -- first publication day included
-- param: date_to DATE = NULL -- last publication day included
-- param: limit INTEGER = 1000 -- at most this many actors
WITH dated AS (
    SELECT m.actor_id, m.article_id, m.date_key, m.snippet, a.published_at, a.domain, a.title
    FROM fact_mention AS m
    INNER JOIN fact_article AS a ON a.article_id = m.article_id
    WHERE m.date_key IS NOT NULL
      AND ($actor IS NULL OR m.actor_id = $actor)
      AND ($date_from IS NULL OR m.date_key >= $date_from)
      AND ($date_to IS NULL OR m.date_key <= $date_to)
),

-- The first article is the earliest published; its first mention in text order gives the snippet
-- (mention_id breaks ties, so the answer is the same on every run).
per_actor AS (
    SELECT
        actor_id,
        min(date_key) AS first_seen,
        arg_min(article_id, (published_at, article_id)) AS first_article_id,
        arg_min(domain, (published_at, article_id)) AS first_domain,
        arg_min(title, (published_at, article_id)) AS first_title,
        max(date_key) AS last_seen,
        count(*) AS mentions,
        count(DISTINCT article_id) AS articles
    FROM dated
    GROUP BY actor_id
),

first_snippets AS (
    SELECT m.actor_id, arg_min(m.snippet, (m.field = 'body', m.start_offset, m.mention_id)) AS first_snippet
    FROM fact_mention AS m
    INNER JOIN per_actor AS p ON p.actor_id = m.actor_id AND p.first_article_id = m.article_id
    GROUP BY m.actor_id
),

final AS (
    SELECT
        p.actor_id,
        coalesce(d.name_en, d.name_ar, p.actor_id) AS actor_name,
        p.first_seen,
        p.first_article_id,
        p.first_domain,
        p.first_title,
        s.first_snippet,
        p.last_seen,
        p.mentions,
        p.articles
    FROM per_actor AS p
    LEFT JOIN first_snippets AS s ON s.actor_id = p.actor_id
    LEFT JOIN dim_actor AS d ON d.actor_id = p.actor_id
)

SELECT * FROM final
ORDER BY first_seen, mentions DESC, actor_id
LIMIT $limit;

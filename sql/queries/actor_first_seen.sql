-- name: actor_first_seen
-- description: When each actor was first named: the first day, with the article, site and sentence, then the last day and the mentions and articles over the whole span (undated articles left out).
-- param: actor VARCHAR = NULL -- an actor id, display name or alias (newsetl resolves it to the id); every mentioned actor when omitted
-- param: date_from DATE = NULL -- first publication day included
-- param: date_to DATE = NULL -- last publication day included
-- param: limit INTEGER = 1000 -- at most this many actors
WITH dated AS (
    SELECT actor_id, article_id, date_key, field, start_offset, mention_id, snippet
    FROM fact_mention
    WHERE date_key IS NOT NULL
      AND ($actor IS NULL OR actor_id = $actor)
      AND ($date_from IS NULL OR date_key >= $date_from)
      AND ($date_to IS NULL OR date_key <= $date_to)
),

per_actor AS (
    SELECT
        actor_id,
        min(date_key) AS first_seen,
        max(date_key) AS last_seen,
        count(*) AS mentions,
        count(DISTINCT article_id) AS articles
    FROM dated
    GROUP BY actor_id
),

-- Only the first day's mentions are joined to their articles: the first article is the earliest
-- published of that day, its first mention (title, then body in text order) gives the snippet,
-- and ids break ties so the answer is the same on every run.
first_day AS (
    SELECT m.actor_id, m.article_id, a.domain, a.title, m.snippet,
           a.published_at, m.field, m.start_offset, m.mention_id
    FROM dated AS m
    INNER JOIN per_actor AS p ON p.actor_id = m.actor_id AND p.first_seen = m.date_key
    INNER JOIN fact_article AS a ON a.article_id = m.article_id
),

first_mentions AS (
    SELECT
        actor_id,
        arg_min(
            {'article_id': article_id, 'domain': domain, 'title': title, 'snippet': snippet},
            (published_at, article_id, field = 'body', start_offset, mention_id)
        ) AS first_mention
    FROM first_day
    GROUP BY actor_id
),

final AS (
    SELECT
        p.actor_id,
        coalesce(d.name_en, d.name_ar, p.actor_id) AS actor_name,
        p.first_seen,
        f.first_mention.article_id AS first_article_id,
        f.first_mention.domain AS first_domain,
        f.first_mention.title AS first_title,
        f.first_mention.snippet AS first_snippet,
        p.last_seen,
        p.mentions,
        p.articles
    FROM per_actor AS p
    INNER JOIN first_mentions AS f ON f.actor_id = p.actor_id
    LEFT JOIN dim_actor AS d ON d.actor_id = p.actor_id
)

SELECT * FROM final
ORDER BY first_seen, mentions DESC, actor_id
LIMIT $limit;

-- name: mentions_by_language
-- description: Mentions and articles per actor and article language, raw and with each syndicated story counted once, with the language's share of the actor's mentions.
-- param: actor VARCHAR = NULL -- an actor id, display name or alias (newsetl resolves it to the id); every actor when omitted
-- param: date_from DATE = NULL -- first publication day included
-- param: date_to DATE = NULL -- last publication day included
-- param: limit INTEGER = 1000 -- at most this many rows
WITH mentions AS (
    SELECT
        m.actor_id,
        m.article_id,
        coalesce(a.language, 'und') AS language,
        -- Articles loaded before syndication clustering count as clusters of one.
        coalesce(a.cluster_key, m.article_id) AS cluster_key,
        coalesce(a.is_cluster_representative, TRUE) AS is_representative
    FROM fact_mention AS m
    INNER JOIN fact_article AS a ON a.article_id = m.article_id
    WHERE ($actor IS NULL OR m.actor_id = $actor)
      AND ($date_from IS NULL OR m.date_key >= $date_from)
      AND ($date_to IS NULL OR m.date_key <= $date_to)
),

per_language AS (
    SELECT
        actor_id,
        language,
        count(*) AS mentions,
        count(DISTINCT article_id) AS articles,
        count(*) FILTER (WHERE is_representative) AS mentions_dedup,
        count(DISTINCT cluster_key) AS articles_dedup
    FROM mentions
    GROUP BY actor_id, language
),

final AS (
    SELECT
        p.actor_id,
        coalesce(d.name_en, d.name_ar, p.actor_id) AS actor_name,
        p.language,
        p.mentions,
        p.articles,
        p.mentions_dedup,
        p.articles_dedup,
        p.mentions / sum(p.mentions) OVER (PARTITION BY p.actor_id) AS share_of_actor_mentions
    FROM per_language AS p
    LEFT JOIN dim_actor AS d ON d.actor_id = p.actor_id
)

SELECT * FROM final
ORDER BY sum(mentions) OVER (PARTITION BY actor_id) DESC, actor_id, mentions DESC, language
LIMIT $limit;

-- name: share_of_voice_weekly
-- description: An actor's weekly mentions and articles divided by all articles published that week in the same language, raw and deduplicated (one per syndication cluster), so a busy week does not look like rising attention.
-- param: actor VARCHAR = NULL -- an actor id, display name or alias (newsetl resolves it to the id); all actors when omitted
-- param: language VARCHAR = NULL -- an ISO 639-1 code ('und' for undetected); every language when omitted
-- param: date_from DATE = NULL -- first publication day included
-- param: date_to DATE = NULL -- last publication day included
-- param: limit INTEGER = 1000 -- at most this many rows
WITH articles AS (
    SELECT
        a.article_id,
        d.iso_week_start AS week_start,
        coalesce(a.language, 'und') AS language,
        -- Articles loaded before syndication clustering count as clusters of one.
        coalesce(a.cluster_key, a.article_id) AS cluster_key,
        coalesce(a.is_cluster_representative, TRUE) AS is_representative
    FROM fact_article AS a
    INNER JOIN dim_date AS d ON d.date_key = a.date_key
    WHERE ($date_from IS NULL OR a.date_key >= $date_from)
      AND ($date_to IS NULL OR a.date_key <= $date_to)
      AND ($language IS NULL OR coalesce(a.language, 'und') = $language)
),

week_totals AS (
    SELECT
        week_start,
        language,
        count(*) AS week_articles,
        count(DISTINCT cluster_key) AS week_articles_dedup
    FROM articles
    GROUP BY week_start, language
),

actor_weeks AS (
    SELECT
        a.week_start,
        a.language,
        m.actor_id,
        count(*) AS mentions,
        count(DISTINCT m.article_id) AS articles,
        count(*) FILTER (WHERE a.is_representative) AS mentions_dedup,
        count(DISTINCT a.cluster_key) AS articles_dedup
    FROM fact_mention AS m
    INNER JOIN articles AS a ON a.article_id = m.article_id
    WHERE ($actor IS NULL OR m.actor_id = $actor)
      AND ($date_from IS NULL OR m.date_key >= $date_from)
      AND ($date_to IS NULL OR m.date_key <= $date_to)
    GROUP BY a.week_start, a.language, m.actor_id
),

final AS (
    SELECT
        w.week_start,
        w.language,
        w.actor_id,
        coalesce(d.name_en, d.name_ar, w.actor_id) AS actor_name,
        w.mentions,
        w.articles,
        t.week_articles,
        w.articles / t.week_articles AS article_share,
        w.mentions / t.week_articles AS mentions_per_week_article,
        w.mentions_dedup,
        w.articles_dedup,
        t.week_articles_dedup,
        w.articles_dedup / t.week_articles_dedup AS article_share_dedup,
        w.mentions_dedup / t.week_articles_dedup AS mentions_per_week_article_dedup
    FROM actor_weeks AS w
    INNER JOIN week_totals AS t ON t.week_start = w.week_start AND t.language = w.language
    LEFT JOIN dim_actor AS d ON d.actor_id = w.actor_id
)

SELECT * FROM final
ORDER BY week_start, language, mentions DESC, actor_id
LIMIT $limit;

-- name: source_breakdown
-- description: Articles, stories and mentions per site and original publisher (by publisher_key, so Reuters and رويترز are one; credited_as lists the names as the articles give them), split into the site's own stories and copies of a story first published elsewhere (who republished whom).
-- param: actor VARCHAR = NULL -- count only articles naming this actor (id, display name or alias, resolved by newsetl), and only its mentions; everything when omitted
-- param: date_from DATE = NULL -- first publication day included
-- param: date_to DATE = NULL -- last publication day included
-- param: limit INTEGER = 1000 -- at most this many rows
WITH articles AS (
    SELECT
        article_id,
        domain,
        site_name,
        original_publisher,
        publisher_key,
        -- Articles loaded before syndication clustering count as clusters of one.
        coalesce(cluster_key, article_id) AS cluster_key,
        coalesce(is_cluster_representative, TRUE) AS is_representative
    FROM fact_article
    WHERE ($date_from IS NULL OR date_key >= $date_from)
      AND ($date_to IS NULL OR date_key <= $date_to)
),

-- A copy's origin is its cluster's representative, wherever in time that one was published.
origins AS (
    SELECT cluster_key, domain AS origin_domain, publisher_key AS origin_publisher_key
    FROM fact_article
    WHERE is_cluster_representative
      AND cluster_key IN (SELECT cluster_key FROM articles WHERE NOT is_representative)
),

article_mentions AS (
    SELECT article_id, count(*) AS mentions
    FROM fact_mention
    WHERE ($actor IS NULL OR actor_id = $actor)
      AND ($date_from IS NULL OR date_key >= $date_from)
      AND ($date_to IS NULL OR date_key <= $date_to)
    GROUP BY article_id
),

placed AS (
    SELECT
        a.domain,
        a.site_name,
        a.publisher_key,
        a.original_publisher,
        CASE WHEN a.is_representative THEN 'own' ELSE 'republished' END AS role,
        o.origin_domain,
        o.origin_publisher_key,
        a.article_id,
        a.cluster_key,
        coalesce(m.mentions, 0) AS mentions
    FROM articles AS a
    LEFT JOIN origins AS o ON NOT a.is_representative AND o.cluster_key = a.cluster_key
    LEFT JOIN article_mentions AS m ON m.article_id = a.article_id
    WHERE $actor IS NULL OR m.mentions IS NOT NULL
),

final AS (
    SELECT
        domain,
        site_name,
        publisher_key,
        string_agg(DISTINCT original_publisher, ' = ' ORDER BY original_publisher) AS credited_as,
        role,
        origin_domain,
        origin_publisher_key,
        count(*) AS articles,
        count(DISTINCT cluster_key) AS stories,
        CAST(sum(mentions) AS BIGINT) AS mentions
    FROM placed
    GROUP BY domain, site_name, publisher_key, role, origin_domain, origin_publisher_key
)

SELECT * FROM final
ORDER BY articles DESC, domain, role, publisher_key NULLS FIRST, origin_domain NULLS FIRST,
         origin_publisher_key NULLS FIRST
LIMIT $limit;

-- The weekly trend mart: every actor-week with at least one mention, rebuilt whole from the
-- facts each time (cheap at warehouse scale, and never out of step with fact_mention). The named
-- query of the same name reads its whole weeks from here.
CREATE OR REPLACE TABLE mentions_per_actor_per_week AS
WITH weekly AS (
    SELECT
        d.iso_week_start AS week_start,
        m.actor_id,
        count(*) AS mentions,
        count(DISTINCT m.article_id) AS articles,
        -- Deduplicated: each syndication cluster once (mentions of its representative copy only;
        -- articles loaded before clustering count as clusters of one).
        count(*) FILTER (WHERE coalesce(a.is_cluster_representative, TRUE)) AS mentions_dedup,
        count(DISTINCT coalesce(a.cluster_key, m.article_id)) AS articles_dedup
    FROM fact_mention AS m
    INNER JOIN dim_date AS d ON d.date_key = m.date_key
    LEFT JOIN fact_article AS a ON a.article_id = m.article_id
    GROUP BY d.iso_week_start, m.actor_id
),

final AS (
    SELECT
        w.week_start,
        w.actor_id,
        coalesce(a.name_en, a.name_ar, w.actor_id) AS actor_name,
        w.mentions,
        w.articles,
        w.mentions_dedup,
        w.articles_dedup
    FROM weekly AS w
    LEFT JOIN dim_actor AS a ON a.actor_id = w.actor_id
)

SELECT * FROM final
ORDER BY week_start, mentions DESC, actor_id;

-- The weekly trend: every actor-week with at least one mention, raw and with each syndication
-- cluster counted once. The counting is written once, as a macro over a span of publication days;
-- the mart is all of it, rebuilt whole from the facts each time (cheap at warehouse scale, and
-- never out of step with fact_mention), and the named query of the same name reads its whole weeks
-- from the mart and counts the weeks a date range cuts through with the macro.
CREATE OR REPLACE MACRO mentions_per_actor_per_week_between(first_day, last_day) AS TABLE
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
    WHERE m.date_key BETWEEN first_day AND last_day
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

SELECT * FROM final;

CREATE OR REPLACE TABLE mentions_per_actor_per_week AS
SELECT * FROM mentions_per_actor_per_week_between(DATE '-infinity', DATE 'infinity')
ORDER BY week_start, mentions DESC, actor_id;

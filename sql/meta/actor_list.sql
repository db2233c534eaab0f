-- The warehouse's actors, most mentioned first, with the span they were named over (`newsetl
-- actors list`); actors never mentioned are listed too, with 0 mentions.
WITH mentioned AS (
    SELECT
        actor_id,
        count(*) AS mentions,
        count(DISTINCT article_id) AS articles,
        min(date_key) AS first_mention,
        max(date_key) AS last_mention
    FROM fact_mention
    GROUP BY actor_id
),

final AS (
    SELECT
        d.actor_id,
        d.actor_type,
        d.country,
        d.name_en,
        d.name_ar,
        d.wikidata_qid,
        coalesce(m.mentions, 0) AS mentions,
        coalesce(m.articles, 0) AS articles,
        m.first_mention,
        m.last_mention
    FROM dim_actor AS d
    LEFT JOIN mentioned AS m ON m.actor_id = d.actor_id
)

SELECT * FROM final
ORDER BY mentions DESC, actor_id;

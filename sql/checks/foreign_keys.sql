-- Fact rows whose references do not resolve (each must be zero). fact_mention.article_id has no
-- declared FOREIGN KEY (see migrations/001), so this is where that relationship is enforced.
SELECT
    (SELECT count(*) FROM fact_mention AS m
     WHERE NOT EXISTS (SELECT 1 FROM fact_article AS a WHERE a.article_id = m.article_id))
        AS mentions_without_article,
    (SELECT count(*) FROM fact_mention AS m
     WHERE NOT EXISTS (SELECT 1 FROM dim_actor AS d WHERE d.actor_id = m.actor_id))
        AS mentions_without_actor,
    (SELECT count(*) FROM fact_article AS a
     WHERE a.date_key IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM dim_date AS d WHERE d.date_key = a.date_key))
        AS articles_without_date,
    (SELECT count(*) FROM fact_article AS a
     WHERE a.domain IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM dim_source AS s WHERE s.domain = a.domain))
        AS articles_without_source;

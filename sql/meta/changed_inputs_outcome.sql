-- What this load did to the articles and mentions of its changed inputs (load/changed_inputs):
-- the old versions' rows removed, the new versions' rows added.
WITH now_loaded AS (
    SELECT
        c.batch_id,
        c.source_path,
        count(DISTINCT a.article_id) AS articles_after,
        count(m.mention_id) AS mentions_after
    FROM changed_inputs AS c
    LEFT JOIN fact_article AS a ON a.batch_id = c.batch_id AND a.source_path = c.source_path
    LEFT JOIN fact_mention AS m ON m.article_id = a.article_id
    GROUP BY c.batch_id, c.source_path
),

final AS (
    SELECT
        (SELECT count(*) FROM changed_inputs) AS changed_inputs,
        (SELECT coalesce(sum(articles_before), 0) FROM changed_inputs) AS changed_articles_removed,
        (SELECT coalesce(sum(articles_after), 0) FROM now_loaded) AS changed_articles_added,
        (SELECT coalesce(sum(mentions_before), 0) FROM changed_inputs) AS changed_mentions_removed,
        (SELECT coalesce(sum(mentions_after), 0) FROM now_loaded) AS changed_mentions_added
)

SELECT * FROM final;

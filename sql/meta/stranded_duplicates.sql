-- `newsetl forget`: skipped duplicates still in the landing folder whose article is going with
-- the inputs registered as `missing_inputs`, or went with an earlier forget. Their batches are
-- loaded again after the forget, so each becomes the loaded copy of its article.
WITH forgotten_articles AS (
    SELECT a.article_id
    FROM fact_article AS a
    INNER JOIN missing_inputs AS m ON m.batch_id = a.batch_id AND m.source_path = a.source_path
),

final AS (
    SELECT
        d.batch_id,
        d.source_path
    FROM ingest_log AS d
    WHERE d.outcome = 'skipped_duplicate'
      AND (d.batch_id, d.source_path) NOT IN (SELECT batch_id, source_path FROM missing_inputs)
      AND (
          d.article_id IN (SELECT article_id FROM forgotten_articles)
          OR d.article_id NOT IN (SELECT article_id FROM fact_article)
      )
)

SELECT * FROM final ORDER BY batch_id, source_path;

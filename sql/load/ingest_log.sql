-- Every input of these batches with its outcome. An article whose exact bytes were already
-- loaded from another batch is a skipped duplicate, not a second article.
INSERT INTO ingest_log
WITH loaded_elsewhere AS (
    SELECT article_id FROM fact_article
),

final AS (
    SELECT
        s.batch_id,
        s.source_path,
        s.input_id,
        s.size_bytes,
        CASE
            WHEN s.outcome = 'loaded' AND s.article_id IN (SELECT article_id FROM loaded_elsewhere)
                THEN 'skipped_duplicate'
            ELSE s.outcome
        END AS outcome,
        s.article_id,
        CASE
            WHEN s.outcome = 'loaded' AND s.article_id IN (SELECT article_id FROM loaded_elsewhere)
                THEN 'same bytes already loaded from another batch'
            ELSE s.reason
        END AS reason
    FROM staged_ingest_log AS s
)

SELECT * FROM final;

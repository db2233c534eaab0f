-- What the warehouse still holds from the inputs registered as `missing_inputs` (batch_id,
-- source_path): loaded inputs whose landing files are gone.
WITH articles AS (
    SELECT a.article_id
    FROM fact_article AS a
    INNER JOIN missing_inputs AS m ON m.batch_id = a.batch_id AND m.source_path = a.source_path
),

final AS (
    SELECT
        (SELECT count(*) FROM missing_inputs) AS inputs,
        (SELECT count(*) FROM articles) AS articles,
        (SELECT count(*) FROM fact_mention WHERE article_id IN (SELECT article_id FROM articles)) AS mentions
)

SELECT * FROM final;

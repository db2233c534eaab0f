-- Inputs of this load that an earlier load read with other bytes (the file was overwritten in
-- the landing folder), each with the articles and mentions it had, noted before the load
-- replaces them so that the run can report what the change did (meta/changed_inputs_outcome).
CREATE OR REPLACE TEMP TABLE changed_inputs AS
WITH changed AS (
    SELECT
        l.batch_id,
        l.source_path
    FROM ingest_log AS l
    INNER JOIN staged_ingest_log AS s ON s.batch_id = l.batch_id AND s.source_path = l.source_path
    WHERE l.input_id <> s.input_id
),

final AS (
    SELECT
        c.batch_id,
        c.source_path,
        count(DISTINCT a.article_id) AS articles_before,
        count(m.mention_id) AS mentions_before
    FROM changed AS c
    LEFT JOIN fact_article AS a ON a.batch_id = c.batch_id AND a.source_path = c.source_path
    LEFT JOIN fact_mention AS m ON m.article_id = a.article_id
    GROUP BY c.batch_id, c.source_path
)

SELECT * FROM final;

-- Mentions of the batches just loaded whose offsets fall outside their text, or do not slice it
-- to the surface (must be zero). Only those batches: other rows did not change, and reading every
-- body of the warehouse after every load grows with the warehouse. DuckDB's substring counts
-- characters from 1, Python offsets from 0.
WITH located AS (
    SELECT
        m.start_offset,
        m.end_offset,
        m.surface,
        CASE m.field WHEN 'title' THEN a.title ELSE a.body END AS text
    FROM fact_mention AS m
    INNER JOIN fact_article AS a ON a.article_id = m.article_id
    WHERE list_contains($batch_ids, m.batch_id)
),

final AS (
    SELECT
        count(*) AS mentions_checked,
        count(*) FILTER (WHERE end_offset > length(text)) AS outside_text,
        count(*) FILTER (
            WHERE substring(text, start_offset + 1, end_offset - start_offset) <> surface
        ) AS surface_mismatch
    FROM located
)

SELECT * FROM final;

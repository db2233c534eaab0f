-- name: load_summary
-- description: What the warehouse holds: inputs by outcome (they reconcile), articles, mentions, actors, weeks.
WITH outcomes AS (
    SELECT
        count(*) AS inputs,
        count(*) FILTER (WHERE outcome = 'loaded') AS loaded,
        count(*) FILTER (WHERE outcome = 'quarantined') AS quarantined,
        count(*) FILTER (WHERE outcome = 'skipped_duplicate') AS skipped_duplicate,
        count(*) FILTER (WHERE outcome = 'skipped_non_html') AS skipped_non_html
    FROM ingest_log
),

facts AS (
    SELECT
        (SELECT count(*) FROM fact_article) AS articles,
        (SELECT count(*) FROM fact_mention) AS mentions,
        (SELECT count(DISTINCT actor_id) FROM fact_mention) AS actors_mentioned,
        (SELECT count(DISTINCT d.iso_week_start)
         FROM fact_article AS a INNER JOIN dim_date AS d ON d.date_key = a.date_key) AS weeks
),

final AS (
    SELECT * FROM outcomes CROSS JOIN facts
)

SELECT * FROM final;

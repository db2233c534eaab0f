-- Key values that occur more than once (each must be zero).
SELECT
    (SELECT count(*) - count(DISTINCT article_id) FROM fact_article) AS duplicate_article_ids,
    (SELECT count(*) - count(DISTINCT mention_id) FROM fact_mention) AS duplicate_mention_ids,
    (SELECT count(*) - count(DISTINCT actor_id) FROM dim_actor) AS duplicate_actor_ids,
    (SELECT count(*) - count(DISTINCT (batch_id, source_path)) FROM ingest_log) AS duplicate_inputs;

-- The spans the dictionary claims (and which actor), without snippets.
SELECT
    article_id,
    actor_id,
    field,
    start_offset AS start,
    end_offset AS "end"
FROM fact_mention;

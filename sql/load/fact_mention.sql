INSERT INTO fact_mention
SELECT
    m.article_id || ':' || m.field || ':' || CAST(m.start AS VARCHAR) AS mention_id,
    m.article_id,
    m.actor_id,
    a.date_key,
    a.batch_id,
    m.field,
    m.start AS start_offset,
    m."end" AS end_offset,
    m.surface,
    m.alias,
    m.strength,
    m.snippet,
    m.dictionary_version,
    m.extractor_version
FROM staged_mentions AS m
INNER JOIN fact_article AS a ON a.article_id = m.article_id
WHERE a.batch_id IN (SELECT batch_id FROM staged_batches);

-- The keys of the rows behind non-zero integrity counts (up to 10 per count), so a failing check
-- names its rows (duplicate keys: checks/duplicate_key_rows.sql, per table). Run only after a
-- count came back non-zero: it rescans what the counts scanned.
WITH mentions_without_article AS (
    SELECT
        'foreign_keys_resolve' AS check_name,
        'mentions_without_article' AS count_name,
        m.mention_id AS row_key
    FROM fact_mention AS m
    WHERE NOT EXISTS (SELECT 1 FROM fact_article AS a WHERE a.article_id = m.article_id)
    LIMIT 10
),

mentions_without_actor AS (
    SELECT 'foreign_keys_resolve', 'mentions_without_actor', m.mention_id
    FROM fact_mention AS m
    WHERE NOT EXISTS (SELECT 1 FROM dim_actor AS d WHERE d.actor_id = m.actor_id)
    LIMIT 10
),

articles_without_date AS (
    SELECT 'foreign_keys_resolve', 'articles_without_date', a.article_id
    FROM fact_article AS a
    WHERE a.date_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dim_date AS d WHERE d.date_key = a.date_key)
    LIMIT 10
),

articles_without_source AS (
    SELECT 'foreign_keys_resolve', 'articles_without_source', a.article_id
    FROM fact_article AS a
    WHERE a.domain IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dim_source AS s WHERE s.domain = a.domain)
    LIMIT 10
),

misplaced_mentions AS (
    SELECT 'mention_offsets_in_text', 'misplaced_mentions', m.mention_id
    FROM fact_mention AS m
    INNER JOIN fact_article AS a ON a.article_id = m.article_id
    WHERE list_contains($batch_ids, m.batch_id)
      AND (
          m.end_offset > length(CASE m.field WHEN 'title' THEN a.title ELSE a.body END)
          OR substring(
              CASE m.field WHEN 'title' THEN a.title ELSE a.body END,
              m.start_offset + 1,
              m.end_offset - m.start_offset
          ) <> m.surface
      )
    LIMIT 10
),

final AS (
    SELECT * FROM mentions_without_article
    UNION ALL SELECT * FROM mentions_without_actor
    UNION ALL SELECT * FROM articles_without_date
    UNION ALL SELECT * FROM articles_without_source
    UNION ALL SELECT * FROM misplaced_mentions
)

SELECT check_name, count_name, row_key FROM final ORDER BY check_name, count_name, row_key;

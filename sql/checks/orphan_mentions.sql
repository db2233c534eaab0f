-- Mentions whose article is not in fact_article (must be zero).
SELECT count(*) AS orphan_mentions
FROM fact_mention AS m
LEFT JOIN fact_article AS a ON a.article_id = m.article_id
WHERE a.article_id IS NULL;

-- The articles of the load (view load_article_ids) that the warehouse already holds: the ones
-- whose mentions the load recounts rather than counts for the first time.
SELECT a.article_id
FROM fact_article AS a
INNER JOIN load_article_ids AS l ON l.article_id = a.article_id;

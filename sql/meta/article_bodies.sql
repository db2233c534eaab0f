-- Every article's body, in storage order (no ORDER BY: sorting would hold every body at once).
SELECT
    article_id,
    body
FROM fact_article;

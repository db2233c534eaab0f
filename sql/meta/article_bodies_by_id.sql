-- Bodies of the articles registered as `wanted_articles` (position, article_id), in position
-- order: clustering reads back only the bodies of candidate near-duplicate pairs.
SELECT
    w.position,
    f.body
FROM wanted_articles AS w
INNER JOIN fact_article AS f USING (article_id)
ORDER BY w.position;

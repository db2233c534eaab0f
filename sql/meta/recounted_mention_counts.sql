-- Mentions per actor and ISO week (by publication day; NULL week: undated) of the articles in
-- the view recounted_articles, taken before and after a load to see what its recount changed.
SELECT m.actor_id, d.iso_week_start AS week_start, count(*) AS mentions
FROM fact_mention AS m
INNER JOIN recounted_articles AS r ON r.article_id = m.article_id
LEFT JOIN dim_date AS d ON d.date_key = m.date_key
GROUP BY m.actor_id, d.iso_week_start;

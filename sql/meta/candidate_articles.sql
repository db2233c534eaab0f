-- Per loaded article: publication day, source and syndication story (a cluster counts once).
SELECT
    article_id,
    date_key AS day,
    domain,
    coalesce(cluster_key, article_id) AS story
FROM fact_article;

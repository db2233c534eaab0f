-- Every loaded article with what syndication clustering compares: URLs, body, date, publisher.
SELECT
    article_id,
    canonical_url,
    url,
    body,
    published_at,
    original_publisher,
    site_name,
    domain
FROM fact_article
ORDER BY article_id;

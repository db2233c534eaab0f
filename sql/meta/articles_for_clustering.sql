-- Every loaded article with what syndication clustering compares besides the body (which is
-- streamed separately, see meta/article_bodies): URLs, date, publisher.
SELECT
    article_id,
    canonical_url,
    url,
    published_at,
    original_publisher,
    site_name,
    domain
FROM fact_article
ORDER BY article_id;

-- Every loaded article with what syndication clustering compares besides the body (which is
-- streamed separately, see meta/article_bodies): URLs, date, publisher, and the body's length,
-- which bounds how many bodies are read back at once.
SELECT
    article_id,
    canonical_url,
    url,
    published_at,
    original_publisher,
    site_name,
    domain,
    body_chars
FROM fact_article
ORDER BY article_id;

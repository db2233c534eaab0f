-- Clusters are recomputed over the whole warehouse (copies of one story arrive in different
-- batches), then written onto every article in one statement.
UPDATE fact_article
SET
    cluster_key = c.cluster_key,
    duplicate_kind = c.duplicate_kind,
    is_cluster_representative = c.is_representative
FROM staged_clusters AS c
WHERE fact_article.article_id = c.article_id;

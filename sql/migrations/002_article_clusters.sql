-- 002: syndication clusters. Every copy of a story stays in fact_article; these columns say
-- which copies belong together and which one stands for the cluster in deduplicated counts.
ALTER TABLE fact_article ADD COLUMN duplicate_kind VARCHAR;
ALTER TABLE fact_article ADD COLUMN is_cluster_representative BOOLEAN;

-- Articles that wait for syndication clustering although their load is not the one running: a
-- load writes duplicate_kind NULL and article_clusters fills it in, so a NULL outside the
-- batches just loaded means an earlier run stopped between its load and its clustering (must
-- be zero; this run's whole-warehouse clustering repairs them).
SELECT count(*) AS awaiting_clustering
FROM fact_article
WHERE duplicate_kind IS NULL
  AND NOT list_contains($batch_ids, batch_id);

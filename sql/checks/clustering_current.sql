-- Articles that wait for syndication clustering although no running load answers for them: a
-- load writes duplicate_kind NULL and article_clusters fills it in, so a NULL outside the
-- batches just loaded, loaded before $loads_since (this load, or the first run of a backfill
-- whose clustering comes at its end), means an earlier run stopped between its load and its
-- clustering (must be zero; this run's whole-warehouse clustering repairs them).
SELECT count(*) AS awaiting_clustering
FROM fact_article
WHERE duplicate_kind IS NULL
  AND NOT list_contains($batch_ids, batch_id)
  AND ingested_at < $loads_since;

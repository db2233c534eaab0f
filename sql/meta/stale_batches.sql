-- Batches holding articles whose mentions were counted with another dictionary than
-- $dictionary_version (or before the version was recorded), with how many such articles.
SELECT batch_id, count(*) AS articles
FROM fact_article
WHERE mentions_dictionary_version IS DISTINCT FROM $dictionary_version
GROUP BY batch_id
ORDER BY batch_id;

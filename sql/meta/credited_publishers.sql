-- Every publisher name the articles credit, once each, for keying (etl/warehouse/publishers.py).
SELECT DISTINCT original_publisher
FROM fact_article
WHERE original_publisher IS NOT NULL;

-- Each article's publisher key from its credited name (staged_publisher_keys, computed from the
-- alias table etl/warehouse/data/publishers.yaml); only rows whose key is missing or changed.
UPDATE fact_article AS a
SET publisher_key = k.publisher_key
FROM staged_publisher_keys AS k
WHERE a.original_publisher = k.original_publisher
  AND a.publisher_key IS DISTINCT FROM k.publisher_key;

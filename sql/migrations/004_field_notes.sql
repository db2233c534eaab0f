-- 004: a field whose reader failed is left empty and says why, and the article is still loaded.
-- `published_at_note` says why the date is empty or which candidates were rejected before the
-- one kept (a placeholder "0001-01-01", a day before 1990 or after the crawl); `field_notes`
-- holds one (field, reason) per other field whose reader failed.
ALTER TABLE fact_article ADD COLUMN published_at_note VARCHAR;
ALTER TABLE fact_article ADD COLUMN field_notes STRUCT(field VARCHAR, reason VARCHAR)[];

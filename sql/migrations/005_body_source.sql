-- 005: which extraction gave each article's body, so an analyst can see why a text (and the
-- mentions in it) was counted. Rows loaded before this migration keep NULL.
ALTER TABLE fact_article ADD COLUMN IF NOT EXISTS body_source VARCHAR;

-- 009: one key per publisher across scripts and spellings (Reuters = رويترز), next to the name as
-- credited, so counts by publisher do not split one agency. Rows loaded before this migration
-- get their key at the next load (etl/warehouse/publishers.py keys every row that lacks one).
ALTER TABLE fact_article ADD COLUMN IF NOT EXISTS publisher_key VARCHAR;

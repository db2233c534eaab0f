-- 007: the dictionary version each article's mentions were counted with, recorded also for an
-- article with no mention, so a run can tell which stored articles a dictionary change has left
-- behind (NULL: loaded before this was recorded, recounted once).
ALTER TABLE fact_article ADD COLUMN IF NOT EXISTS mentions_dictionary_version VARCHAR;

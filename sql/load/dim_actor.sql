-- Upsert the dictionary's actors; rows of actors dropped from the dictionary stay, because
-- older mentions may still reference them.
INSERT INTO dim_actor
SELECT actor_id, wikidata_qid, actor_type, country, name_ar, name_en, valid_from, valid_to,
       dictionary_version
FROM staged_actors
ON CONFLICT (actor_id) DO UPDATE SET
    wikidata_qid = excluded.wikidata_qid,
    actor_type = excluded.actor_type,
    country = excluded.country,
    name_ar = excluded.name_ar,
    name_en = excluded.name_en,
    valid_from = excluded.valid_from,
    valid_to = excluded.valid_to,
    dictionary_version = excluded.dictionary_version;

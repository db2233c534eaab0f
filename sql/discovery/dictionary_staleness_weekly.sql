-- Rebuilt whole: every row of dictionary_staleness_weekly comes from the frame actor_candidates just computed.
DELETE FROM dictionary_staleness_weekly;
INSERT INTO dictionary_staleness_weekly BY NAME SELECT * FROM staged_dictionary_staleness_weekly;

-- Rebuilt whole: every row of candidate_places comes from the frame actor_candidates just computed.
DELETE FROM candidate_places;
INSERT INTO candidate_places BY NAME SELECT * FROM staged_candidate_places;

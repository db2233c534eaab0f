-- Rebuilt whole: every row of actor_candidates comes from the frame actor_candidates just computed.
DELETE FROM actor_candidates;
INSERT INTO actor_candidates BY NAME SELECT * FROM staged_actor_candidates;

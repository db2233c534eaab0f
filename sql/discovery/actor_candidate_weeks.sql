-- Rebuilt whole: every row of actor_candidate_weeks comes from the frame actor_candidates just computed.
DELETE FROM actor_candidate_weeks;
INSERT INTO actor_candidate_weeks BY NAME SELECT * FROM staged_actor_candidate_weeks;

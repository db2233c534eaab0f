-- Rebuilt whole: every row of actor_candidate_evidence comes from the frame actor_candidates just computed.
DELETE FROM actor_candidate_evidence;
INSERT INTO actor_candidate_evidence BY NAME SELECT * FROM staged_actor_candidate_evidence;

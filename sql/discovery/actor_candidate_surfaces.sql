-- Rebuilt whole: every row of actor_candidate_surfaces comes from the frame actor_candidates just computed.
DELETE FROM actor_candidate_surfaces;
INSERT INTO actor_candidate_surfaces BY NAME SELECT * FROM staged_actor_candidate_surfaces;

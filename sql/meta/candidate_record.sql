-- One candidate with its writings, as accept and reject need it.
SELECT
    c.candidate_id,
    c.name,
    c.proposed_type,
    list(struct_pack(surface := s.surface, language := s.language, mentions := s.mentions)
        ORDER BY s.mentions DESC, s.surface) AS surfaces
FROM actor_candidates AS c
LEFT JOIN actor_candidate_surfaces AS s ON s.candidate_id = c.candidate_id
WHERE c.candidate_id = $candidate_id
GROUP BY c.candidate_id, c.name, c.proposed_type;

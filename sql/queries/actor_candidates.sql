-- name: actor_candidates
-- description: Names the bodies repeat that no actor claims, best first (distinct stories and surge), with their writings and evidence.
-- param: limit INTEGER = 40 -- at most this many candidates
-- param: language VARCHAR = NULL -- only candidates written in this language (en, ar)
WITH ranked AS (
    SELECT *
    FROM actor_candidates
    WHERE $language IS NULL OR list_contains(languages, $language)
    ORDER BY rank
    LIMIT $limit
),

surfaces AS (
    SELECT
        s.candidate_id,
        list(s.surface ORDER BY s.mentions DESC, s.surface) AS surfaces,
        list(struct_pack(surface := s.surface, language := s.language, mentions := s.mentions)
            ORDER BY s.mentions DESC, s.surface) AS surface_counts
    FROM actor_candidate_surfaces AS s
    SEMI JOIN ranked AS r ON r.candidate_id = s.candidate_id
    GROUP BY s.candidate_id
),

evidence AS (
    SELECT
        e.candidate_id,
        list(struct_pack(article_id := e.article_id, field := e.field, snippet := e.snippet)
            ORDER BY e.article_id, e.start_offset) AS evidence
    FROM actor_candidate_evidence AS e
    SEMI JOIN ranked AS r ON r.candidate_id = e.candidate_id
    GROUP BY e.candidate_id
),

weeks AS (
    SELECT
        w.candidate_id,
        list(struct_pack(week_start := w.week_start, mentions := w.mentions) ORDER BY w.week_start) AS weekly
    FROM actor_candidate_weeks AS w
    SEMI JOIN ranked AS r ON r.candidate_id = w.candidate_id
    GROUP BY w.candidate_id
),

final AS (
    SELECT
        r.rank,
        r.candidate_id,
        r.name,
        r.proposed_type,
        s.surfaces,
        r.mentions,
        r.articles,
        r.stories,
        r.sources,
        r.languages,
        r.first_seen,
        r.last_seen,
        r.surge,
        r.proposed_role,
        r.proposed_role_from,
        r.role_conflict,
        r.co_named_actors,
        r.score,
        s.surface_counts,
        w.weekly,
        e.evidence
    FROM ranked AS r
    LEFT JOIN surfaces AS s ON s.candidate_id = r.candidate_id
    LEFT JOIN evidence AS e ON e.candidate_id = r.candidate_id
    LEFT JOIN weeks AS w ON w.candidate_id = r.candidate_id
)

SELECT * FROM final
ORDER BY rank;

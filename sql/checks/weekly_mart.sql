-- The weekly mart against the facts it is built from: actor-weeks with a negative count and
-- weeks that do not start on a Monday (both must be zero), and the mart's mentions beside the
-- dated mentions of fact_mention (must be equal; an undated mention has no week).
WITH mart AS (
    SELECT
        count(*) FILTER (
            WHERE mentions < 0 OR articles < 0 OR mentions_dedup < 0 OR articles_dedup < 0
        ) AS negative_count_rows,
        count(*) FILTER (WHERE isodow(week_start) <> 1) AS weeks_not_on_monday,
        coalesce(sum(mentions), 0) AS mart_mentions
    FROM mentions_per_actor_per_week
),

facts AS (
    SELECT
        count(*) FILTER (WHERE date_key IS NOT NULL) AS dated_mentions,
        count(*) FILTER (WHERE date_key IS NULL) AS undated_mentions
    FROM fact_mention
),

final AS (
    SELECT * FROM mart CROSS JOIN facts
)

SELECT * FROM final;

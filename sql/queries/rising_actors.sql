-- name: rising_actors
-- description: Actors ranked by how far one ISO week's mentions rose: change from the week before and a z-score against the trailing 8 weeks (weeks without mentions count as zero).
-- param: week DATE = NULL -- any day of the week to rank; the latest week with mentions when omitted
-- param: limit INTEGER = 20 -- at most this many actors
WITH target AS (
    SELECT CAST(date_trunc('week', coalesce($week, (SELECT max(date_key) FROM fact_mention))) AS DATE)
        AS week_start
),

-- The ranked week and the 8 before it, but none before the calendar starts: a warehouse's first
-- weeks are compared with the history it has, not with invented zeros.
series_weeks AS (
    SELECT CAST(t.week_start - INTERVAL (7 * r.weeks_back) DAY AS DATE) AS week_start, r.weeks_back
    FROM target AS t
    CROSS JOIN range(0, 9) AS r (weeks_back)
    WHERE t.week_start - INTERVAL (7 * r.weeks_back) DAY >= (SELECT min(iso_week_start) FROM dim_date)
),

counted AS (
    SELECT d.iso_week_start AS week_start, m.actor_id, count(*) AS mentions
    FROM fact_mention AS m
    INNER JOIN dim_date AS d ON d.date_key = m.date_key
    WHERE m.date_key >= (SELECT min(week_start) FROM series_weeks)
      AND m.date_key < (SELECT max(week_start) + 7 FROM series_weeks)
    GROUP BY d.iso_week_start, m.actor_id
),

series AS (
    SELECT w.week_start, w.weeks_back, a.actor_id, coalesce(c.mentions, 0) AS mentions
    FROM series_weeks AS w
    CROSS JOIN (SELECT DISTINCT actor_id FROM counted) AS a
    LEFT JOIN counted AS c ON c.week_start = w.week_start AND c.actor_id = a.actor_id
),

scored AS (
    SELECT
        actor_id,
        any_value(mentions) FILTER (WHERE weeks_back = 0) AS mentions,
        any_value(mentions) FILTER (WHERE weeks_back = 1) AS previous_week_mentions,
        count(*) FILTER (WHERE weeks_back > 0) AS trailing_weeks,
        avg(mentions) FILTER (WHERE weeks_back > 0) AS trailing_mean,
        stddev_pop(mentions) FILTER (WHERE weeks_back > 0) AS trailing_stddev
    FROM series
    GROUP BY actor_id
),

final AS (
    SELECT
        t.week_start,
        s.actor_id,
        coalesce(d.name_en, d.name_ar, s.actor_id) AS actor_name,
        s.mentions,
        s.previous_week_mentions,
        s.mentions - s.previous_week_mentions AS change,
        (s.mentions - s.previous_week_mentions) / nullif(s.previous_week_mentions, 0) AS change_ratio,
        s.trailing_weeks,
        s.trailing_mean,
        s.trailing_stddev,
        -- Undefined for a flat history (stddev 0): such actors rank after every scored one.
        (s.mentions - s.trailing_mean) / nullif(s.trailing_stddev, 0) AS z_score
    FROM scored AS s
    CROSS JOIN target AS t
    LEFT JOIN dim_actor AS d ON d.actor_id = s.actor_id
)

SELECT * FROM final
ORDER BY z_score DESC NULLS LAST, change DESC NULLS LAST, actor_id
LIMIT $limit;

-- A contiguous calendar over every publication day seen, so weekly series have no holes.
INSERT INTO dim_date
WITH bounds AS (
    SELECT
        least(min(CAST(published_at AS DATE)), (SELECT min(date_key) FROM dim_date)) AS first_day,
        greatest(max(CAST(published_at AS DATE)), (SELECT max(date_key) FROM dim_date)) AS last_day
    FROM staged_articles
    WHERE published_at IS NOT NULL
),

days AS (
    SELECT CAST(unnest(generate_series(first_day, last_day, INTERVAL 1 DAY)) AS DATE) AS date_key
    FROM bounds
    WHERE first_day IS NOT NULL
),

final AS (
    SELECT
        date_key,
        CAST(date_trunc('week', date_key) AS DATE) AS iso_week_start,
        CAST(isoyear(date_key) AS INTEGER) AS iso_year,
        CAST(week(date_key) AS INTEGER) AS iso_week,
        CAST(date_trunc('month', date_key) AS DATE) AS month_start,
        CAST(year(date_key) AS INTEGER) AS year,
        CAST(isodow(date_key) AS INTEGER) AS day_of_week
    FROM days
)

SELECT * FROM final
ON CONFLICT (date_key) DO NOTHING;

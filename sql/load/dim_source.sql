-- One row per domain; the site name and language are the most frequent ones seen for it.
INSERT INTO dim_source
WITH seen AS (
    SELECT domain, site_name, language FROM staged_articles WHERE domain IS NOT NULL
),

final AS (
    SELECT
        domain,
        mode(site_name) AS site_name,
        CAST(NULL AS VARCHAR) AS country,
        mode(language) AS language
    FROM seen
    GROUP BY domain
)

SELECT * FROM final
ON CONFLICT (domain) DO UPDATE SET
    site_name = coalesce(excluded.site_name, dim_source.site_name),
    language = coalesce(excluded.language, dim_source.language);

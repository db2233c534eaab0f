-- The most body characters in any $rows + 1 consecutive articles of storage order: DuckDB decodes a
-- scan that many rows at a time (one vector), so the largest such window bounds what one
-- vector of bodies holds. Reads the body_chars column only.
WITH windows AS (
    SELECT sum(body_chars) OVER (ORDER BY rowid ROWS BETWEEN $rows PRECEDING AND CURRENT ROW) AS chars
    FROM fact_article
),

final AS (
    SELECT coalesce(max(chars), 0) AS window_chars FROM windows
)

SELECT window_chars FROM final;

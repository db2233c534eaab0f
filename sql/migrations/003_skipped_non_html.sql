-- 003: WARC archives hold non-HTML responses (images, JSON); each such record is an input that
-- is skipped on purpose, recorded as `skipped_non_html` so the inputs still reconcile. DuckDB
-- cannot alter a CHECK constraint, so the table is rebuilt with its rows.
CREATE TABLE ingest_log_v3 (
    batch_id     VARCHAR NOT NULL,
    source_path  VARCHAR NOT NULL,
    input_id     VARCHAR NOT NULL,
    size_bytes   BIGINT NOT NULL,
    outcome      VARCHAR NOT NULL
        CHECK (outcome IN ('loaded', 'quarantined', 'skipped_duplicate', 'skipped_non_html')),
    article_id   VARCHAR,
    reason       VARCHAR,
    PRIMARY KEY (batch_id, source_path)
);
INSERT INTO ingest_log_v3 SELECT * FROM ingest_log;
DROP TABLE ingest_log;
ALTER TABLE ingest_log_v3 RENAME TO ingest_log;

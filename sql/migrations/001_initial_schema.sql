-- 001: the star schema. Column provenance is documented in sql/README.md.

CREATE TABLE IF NOT EXISTS dim_actor (
    actor_id            VARCHAR PRIMARY KEY,
    wikidata_qid        VARCHAR,
    actor_type          VARCHAR NOT NULL,
    country             VARCHAR,
    name_ar             VARCHAR,
    name_en             VARCHAR,
    valid_from          DATE,
    valid_to            DATE,
    dictionary_version  VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS dim_source (
    domain      VARCHAR PRIMARY KEY,
    site_name   VARCHAR,
    country     VARCHAR,
    language    VARCHAR
);

CREATE TABLE IF NOT EXISTS dim_date (
    date_key        DATE PRIMARY KEY,
    iso_week_start  DATE NOT NULL,
    iso_year        INTEGER NOT NULL,
    iso_week        INTEGER NOT NULL,
    month_start     DATE NOT NULL,
    year            INTEGER NOT NULL,
    day_of_week     INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS fact_article (
    article_id           VARCHAR PRIMARY KEY,
    batch_id             VARCHAR NOT NULL,
    source_path          VARCHAR NOT NULL,
    url                  VARCHAR,
    canonical_url        VARCHAR,
    domain               VARCHAR REFERENCES dim_source (domain),
    site_name            VARCHAR,
    original_publisher   VARCHAR,
    title                VARCHAR,
    published_at         TIMESTAMPTZ,
    date_key             DATE REFERENCES dim_date (date_key),
    published_at_source  VARCHAR NOT NULL,
    language             VARCHAR,
    authors              VARCHAR[],
    body                 VARCHAR NOT NULL,
    body_chars           INTEGER NOT NULL,
    cluster_key          VARCHAR,
    parser_version       VARCHAR NOT NULL,
    ingested_at          TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS fact_mention (
    mention_id          VARCHAR PRIMARY KEY,
    -- No FOREIGN KEY to fact_article: DuckDB refuses to delete a parent row in the transaction
    -- that deleted its children, and replace-by-batch does exactly that. The relationship is
    -- checked after every load instead (sql/checks/orphan_mentions.sql).
    article_id          VARCHAR NOT NULL,
    actor_id            VARCHAR NOT NULL REFERENCES dim_actor (actor_id),
    date_key            DATE REFERENCES dim_date (date_key),
    batch_id            VARCHAR NOT NULL,
    field               VARCHAR NOT NULL CHECK (field IN ('title', 'body')),
    start_offset        INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset          INTEGER NOT NULL CHECK (end_offset > start_offset),
    surface             VARCHAR NOT NULL,
    alias               VARCHAR NOT NULL,
    strength            VARCHAR NOT NULL,
    snippet             VARCHAR,
    dictionary_version  VARCHAR NOT NULL,
    extractor_version   VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    batch_id     VARCHAR NOT NULL,
    source_path  VARCHAR NOT NULL,
    input_id     VARCHAR NOT NULL,
    stage        VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,
    first_seen   TIMESTAMPTZ NOT NULL,
    last_seen    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (batch_id, source_path)
);

CREATE TABLE IF NOT EXISTS ingest_log (
    batch_id     VARCHAR NOT NULL,
    source_path  VARCHAR NOT NULL,
    input_id     VARCHAR NOT NULL,
    size_bytes   BIGINT NOT NULL,
    outcome      VARCHAR NOT NULL CHECK (outcome IN ('loaded', 'quarantined', 'skipped_duplicate')),
    article_id   VARCHAR,
    reason       VARCHAR,
    PRIMARY KEY (batch_id, source_path)
);

-- 008: actor candidates, names the bodies repeat that no actor of the dictionary claims, with
-- what an analyst needs to accept or reject one; the places those names turned out to be; and
-- the weekly share of name-like spans no actor claims. All rebuilt whole by `actor_candidates`.
CREATE TABLE IF NOT EXISTS actor_candidates (
    candidate_id          VARCHAR PRIMARY KEY,
    rank                  INTEGER NOT NULL,
    name                  VARCHAR NOT NULL,
    proposed_type         VARCHAR NOT NULL,
    score                 DOUBLE NOT NULL,
    mentions              INTEGER NOT NULL,
    articles              INTEGER NOT NULL,
    stories               INTEGER NOT NULL,
    sources               INTEGER NOT NULL,
    languages             VARCHAR[],
    first_seen            DATE,
    last_seen             DATE,
    latest_week_mentions  INTEGER NOT NULL,
    surge                 BOOLEAN NOT NULL,
    proposed_role         VARCHAR,
    proposed_role_from    DATE,
    role_conflict         VARCHAR,
    co_named_actors       VARCHAR[]
);

CREATE TABLE IF NOT EXISTS actor_candidate_surfaces (
    candidate_id  VARCHAR NOT NULL,
    surface       VARCHAR NOT NULL,
    language      VARCHAR NOT NULL,
    mentions      INTEGER NOT NULL,
    PRIMARY KEY (candidate_id, surface, language)
);

CREATE TABLE IF NOT EXISTS actor_candidate_evidence (
    candidate_id  VARCHAR NOT NULL,
    article_id    VARCHAR NOT NULL,
    field         VARCHAR NOT NULL,
    start_offset  INTEGER NOT NULL,
    end_offset    INTEGER NOT NULL,
    snippet       VARCHAR NOT NULL,
    PRIMARY KEY (candidate_id, article_id, field, start_offset)
);

CREATE TABLE IF NOT EXISTS actor_candidate_weeks (
    candidate_id  VARCHAR NOT NULL,
    week_start    DATE NOT NULL,
    mentions      INTEGER NOT NULL,
    articles      INTEGER NOT NULL,
    PRIMARY KEY (candidate_id, week_start)
);

CREATE TABLE IF NOT EXISTS candidate_places (
    place_name    VARCHAR NOT NULL,
    place_kind    VARCHAR NOT NULL,
    country_code  VARCHAR NOT NULL,
    mentions      INTEGER NOT NULL,
    articles      INTEGER NOT NULL,
    surfaces      VARCHAR[],
    PRIMARY KEY (place_name, place_kind, country_code)
);

CREATE TABLE IF NOT EXISTS dictionary_staleness_weekly (
    week_start       DATE PRIMARY KEY,
    name_spans       INTEGER NOT NULL,
    unclaimed_spans  INTEGER NOT NULL,
    unclaimed_share  DOUBLE NOT NULL
);

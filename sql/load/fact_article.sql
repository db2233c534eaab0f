INSERT INTO fact_article BY NAME
SELECT
    a.article_id,
    a.batch_id,
    a.source_path,
    a.url,
    a.canonical_url,
    a.domain,
    a.site_name,
    a.original_publisher,
    a.title,
    a.published_at,
    CAST(a.published_at AS DATE) AS date_key,
    a.published_at_source,
    a.published_at_note,
    a.language,
    a.authors,
    a.body,
    a.body_chars,
    a.body_source,
    a.field_notes,
    a.cluster_key,
    a.duplicate_kind,
    a.is_cluster_representative,
    a.parser_version,
    -- The version the article's mentions were counted with; for an article without any, the
    -- dictionary of this load (the mentions of one load are counted with one dictionary).
    coalesce(
        counted.dictionary_version, (SELECT any_value(dictionary_version) FROM staged_actors)
    ) AS mentions_dictionary_version,
    $ingested_at AS ingested_at
FROM staged_articles AS a
INNER JOIN ingest_log AS l
    ON l.batch_id = a.batch_id AND l.source_path = a.source_path AND l.outcome = 'loaded'
LEFT JOIN (
    SELECT article_id, any_value(dictionary_version) AS dictionary_version
    FROM staged_mentions
    GROUP BY article_id
) AS counted ON counted.article_id = a.article_id;

-- The titles and bodies the actor-candidate finder reads: loaded articles' stored text only
-- (the parse already left page furniture out), in storage order so they stream.
SELECT
    article_id,
    title,
    body,
    language
FROM fact_article;

-- Base analyst views: one row per article, one row per (article, entity) mention.
-- Files in this folder are applied in name order on every write session (CREATE OR REPLACE),
-- so a view is defined here once and used by the CLI, the reports and analysts alike.

CREATE OR REPLACE VIEW v_articles AS
SELECT
    a.article_id,
    a.published_date,
    a.published_local,
    a.published_at,
    a.outlet,
    s.kind            AS outlet_kind,
    s.tier            AS outlet_tier,
    a.title,
    a.url,
    a.author,
    a.language,
    a.tone,
    a.tone_score,
    a.page_views,
    a.is_advertorial,
    a.word_count,
    a.date_source,
    a.date_missing,
    a.cluster_id,
    a.similar_to,
    a.similarity,
    a.text
FROM articles a
LEFT JOIN sources s ON s.name = a.outlet;

CREATE OR REPLACE VIEW v_mentions AS
SELECT
    m.article_id,
    m.entity_id,
    m.kind,
    e.name            AS entity_name,
    m.paser,
    m.count,
    m.in_headline,
    m.in_lead,
    m.in_body,
    m.first_sentence,
    m.tone            AS mention_tone,
    a.tone            AS article_tone,
    a.published_date,
    a.published_at,
    a.outlet,
    a.title,
    a.url,
    a.is_advertorial,
    a.cluster_id
FROM mentions m
JOIN articles a USING (article_id)
LEFT JOIN entities e USING (entity_id);

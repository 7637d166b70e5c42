-- Output views: the one definition of "Paser coverage" used by `pantau coverage`, `pantau articles`,
-- the daily clipping, the monthly report and partner fulfilment (see docs/analyst-guide.md).
-- Only mentions with paser = TRUE count as Paser coverage. Days are WITA days (published_date).

-- Entity names for display: short_name is the first alias when the official name is long
-- ("Diskominfostaper" for "Dinas Komunikasi, Informatika, Statistik dan Persandian").
CREATE OR REPLACE VIEW v_entity_names AS
SELECT entity_id, kind, name,
       CASE WHEN length(name) > 24 AND len(aliases) > 0 AND length(aliases[1]) < length(name)
            THEN aliases[1] ELSE name END AS short_name
FROM entities;

-- One row per Paser mention, with the article and outlet facts an analyst filters on.
-- tone = the tone toward the entity (mention tone), falling back to the article's tone.
CREATE OR REPLACE VIEW v_paser_mentions AS
SELECT
    m.article_id,
    m.entity_id,
    m.kind,
    coalesce(e.name, m.entity_id)        AS entity_name,
    coalesce(e.short_name, m.entity_id)  AS short_name,
    m.count,
    m.in_headline,
    m.in_lead,
    m.in_body,
    m.first_sentence,
    coalesce(m.tone, a.tone, 'netral')   AS tone,
    coalesce(a.tone, 'netral')           AS article_tone,
    a.published_date,
    a.published_at,
    a.outlet,
    s.kind                               AS outlet_kind,
    s.tier                               AS outlet_tier,
    a.title,
    a.url,
    a.is_advertorial,
    coalesce(a.cluster_id, a.article_id) AS cluster_id,
    a.page_views
FROM mentions m
JOIN articles a USING (article_id)
LEFT JOIN v_entity_names e USING (entity_id)
LEFT JOIN sources s ON s.name = a.outlet
WHERE m.paser;

-- One row per article about the regency (at least one Paser mention): a "story".
CREATE OR REPLACE VIEW v_paser_articles AS
SELECT
    a.article_id,
    a.published_date,
    a.published_local,
    a.published_at,
    a.outlet,
    s.kind                               AS outlet_kind,
    s.tier                               AS outlet_tier,
    s.monthly_visitors,
    s.value_per_story,
    a.title,
    a.url,
    a.text,
    coalesce(a.tone, 'netral')           AS tone,
    a.page_views,
    a.is_advertorial,
    coalesce(a.cluster_id, a.article_id) AS cluster_id,
    a.similar_to,
    a.similarity,
    m.mentions,
    m.entities,
    m.headline_mentions
FROM articles a
-- The day is a grouping key of the mention totals so that a filter on published_date reaches the
-- mentions scan (a day's stories in ~10 ms instead of aggregating every mention first).
JOIN (
    SELECT m.article_id,
           d.published_date,
           sum(m.count)               AS mentions,
           count(*)                   AS entities,
           sum(m.in_headline)         AS headline_mentions
    FROM mentions m
    JOIN articles d USING (article_id)
    WHERE m.paser
    GROUP BY 1, 2
) m ON m.article_id = a.article_id AND m.published_date = a.published_date
LEFT JOIN sources s ON s.name = a.outlet;

-- The Paser entities of each article as a list of {kind, id, name, aliases, count} (pantau articles).
CREATE OR REPLACE VIEW v_article_entities AS
SELECT
    m.article_id,
    list({'kind': m.kind, 'id': m.entity_id, 'name': coalesce(e.name, m.entity_id),
          'aliases': coalesce(e.aliases, []::VARCHAR[]), 'count': m.count}
         ORDER BY m.count DESC, m.entity_id) AS entities
FROM mentions m
LEFT JOIN entities e USING (entity_id)
WHERE m.paser AND m.kind IN ('agency', 'program', 'official', 'place')
GROUP BY m.article_id;

-- Coverage per period and entity (or outlet), computed live from v_paser_mentions: the definition.
-- pantau_coverage (below) gives the same rows from the daily summaries, fast on large stores.
--   p_by:    agency | program | official | place | outlet
--   p_step:  day | week | month (period = first day of the interval; weeks start on Monday)
--   p_from, p_to: WITA days, inclusive; NULL = unbounded
--   p_entity: only this entity id; p_tone: only mentions (or, by outlet, articles) with this tone
-- articles = distinct stories; mentions = sum of mention counts; outlets = distinct outlets;
-- positif/netral/negatif = stories by tone; headline/lead = stories naming it in headline/lead.
CREATE OR REPLACE MACRO pantau_coverage_live(p_by, p_from, p_to, p_step := 'month', p_entity := NULL,
                                             p_tone := NULL) AS TABLE
SELECT
    date_trunc(p_step, published_date)::DATE                                   AS period,
    key,
    any_value(name)                                                            AS name,
    count(DISTINCT article_id)                                                 AS articles,
    sum(count)::BIGINT                                                         AS mentions,
    count(DISTINCT outlet)                                                     AS outlets,
    count(DISTINCT article_id) FILTER (WHERE t = 'positif')                    AS positif,
    count(DISTINCT article_id) FILTER (WHERE t = 'netral')                     AS netral,
    count(DISTINCT article_id) FILTER (WHERE t = 'negatif')                    AS negatif,
    count(DISTINCT article_id) FILTER (WHERE in_headline > 0)                  AS headline,
    count(DISTINCT article_id) FILTER (WHERE in_lead > 0)                      AS lead
FROM (
    SELECT *,
           CASE WHEN p_by = 'outlet' THEN outlet ELSE entity_id END          AS key,
           CASE WHEN p_by = 'outlet' THEN outlet ELSE entity_name END        AS name,
           CASE WHEN p_by = 'outlet' THEN article_tone ELSE tone END         AS t
    FROM v_paser_mentions
    WHERE (p_from IS NULL OR published_date >= p_from)
      AND (p_to IS NULL OR published_date <= p_to)
      AND (p_by = 'outlet' OR kind = p_by)
      AND (p_entity IS NULL OR entity_id = p_entity)
) x
WHERE p_tone IS NULL OR t = p_tone
GROUP BY 1, 2
ORDER BY period, articles DESC, key;

-- The table behind `pantau coverage`: the same rows as pantau_coverage_live, read from the daily
-- summaries (refreshed by the loader; migrations 005 and 007). Without a tone filter it reads
-- coverage_day (one row per day and entity or outlet, tones in columns): by day as it is, by week or
-- month grouped. With a tone filter it groups coverage_daily (per day, entity and tone) or
-- coverage_outlet_daily. Outlets over an interval = bits set in the OR of the days' outlet bitmaps.
-- By outlet for one entity there is no summary: that case reads the live definition (a single
-- entity is a small slice).
CREATE OR REPLACE MACRO pantau_coverage(p_by, p_from, p_to, p_step := 'month', p_entity := NULL,
                                        p_tone := NULL) AS TABLE
SELECT * FROM (
    SELECT
        c.published_date                                                       AS period,
        c.key                                                                  AS key,
        coalesce(e.name, c.key)                                                AS name,
        c.articles::BIGINT                                                     AS articles,
        c.mentions::BIGINT                                                     AS mentions,
        coalesce(bit_count(c.outlets), 1)::BIGINT                              AS outlets,
        c.positif::BIGINT                                                      AS positif,
        c.netral::BIGINT                                                       AS netral,
        c.negatif::BIGINT                                                      AS negatif,
        c.headline::BIGINT                                                     AS headline,
        c.lead::BIGINT                                                         AS lead
    FROM coverage_day c
    LEFT JOIN entities e ON e.entity_id = c.key AND c.kind <> 'outlet'
    WHERE p_tone IS NULL AND p_step = 'day' AND c.kind = p_by
      AND (p_by <> 'outlet' OR p_entity IS NULL)
      AND (p_from IS NULL OR c.published_date >= p_from)
      AND (p_to IS NULL OR c.published_date <= p_to)
      AND (p_entity IS NULL OR c.key = p_entity)
    UNION ALL
    SELECT
        date_trunc(p_step, c.published_date)::DATE,
        c.key,
        coalesce(any_value(e.name), c.key),
        sum(c.articles)::BIGINT,
        sum(c.mentions)::BIGINT,
        coalesce(bit_count(bit_or(c.outlets)), 1)::BIGINT,
        sum(c.positif)::BIGINT,
        sum(c.netral)::BIGINT,
        sum(c.negatif)::BIGINT,
        sum(c.headline)::BIGINT,
        sum(c.lead)::BIGINT
    FROM coverage_day c
    LEFT JOIN entities e ON e.entity_id = c.key AND c.kind <> 'outlet'
    WHERE p_tone IS NULL AND p_step <> 'day' AND c.kind = p_by
      AND (p_by <> 'outlet' OR p_entity IS NULL)
      AND (p_from IS NULL OR c.published_date >= p_from)
      AND (p_to IS NULL OR c.published_date <= p_to)
      AND (p_entity IS NULL OR c.key = p_entity)
    GROUP BY 1, 2
    UNION ALL
    SELECT
        date_trunc(p_step, d.published_date)::DATE,
        d.entity_id,
        coalesce(any_value(e.name), d.entity_id),
        sum(d.articles)::BIGINT,
        sum(d.mentions)::BIGINT,
        bit_count(bit_or(d.outlets))::BIGINT,
        coalesce(sum(d.articles) FILTER (WHERE d.tone = 'positif'), 0)::BIGINT,
        coalesce(sum(d.articles) FILTER (WHERE d.tone = 'netral'), 0)::BIGINT,
        coalesce(sum(d.articles) FILTER (WHERE d.tone = 'negatif'), 0)::BIGINT,
        sum(d.headline)::BIGINT,
        sum(d.lead)::BIGINT
    FROM coverage_daily d
    LEFT JOIN entities e USING (entity_id)
    WHERE p_tone IS NOT NULL AND p_by <> 'outlet' AND d.kind = p_by
      AND (p_from IS NULL OR d.published_date >= p_from)
      AND (p_to IS NULL OR d.published_date <= p_to)
      AND (p_entity IS NULL OR d.entity_id = p_entity)
      AND d.tone = p_tone
    GROUP BY 1, 2
    UNION ALL
    SELECT
        date_trunc(p_step, o.published_date)::DATE,
        o.outlet,
        o.outlet,
        sum(o.articles)::BIGINT, sum(o.mentions)::BIGINT, 1::BIGINT,
        coalesce(sum(o.articles) FILTER (WHERE o.tone = 'positif'), 0)::BIGINT,
        coalesce(sum(o.articles) FILTER (WHERE o.tone = 'netral'), 0)::BIGINT,
        coalesce(sum(o.articles) FILTER (WHERE o.tone = 'negatif'), 0)::BIGINT,
        sum(o.headline)::BIGINT, sum(o.lead)::BIGINT
    FROM coverage_outlet_daily o
    WHERE p_tone IS NOT NULL AND p_by = 'outlet' AND p_entity IS NULL
      AND (p_from IS NULL OR o.published_date >= p_from)
      AND (p_to IS NULL OR o.published_date <= p_to)
      AND o.tone = p_tone
    GROUP BY 1, 2
    UNION ALL
    SELECT * FROM pantau_coverage_live(p_by, p_from, p_to, p_step := p_step, p_entity := p_entity,
                                       p_tone := p_tone)
    WHERE p_by = 'outlet' AND p_entity IS NOT NULL
)
ORDER BY period, articles DESC, key;

-- Who is quoted in stories about the regency; speaker = catalog name when resolved to an official.
CREATE OR REPLACE VIEW v_spokespersons AS
SELECT
    q.article_id,
    q.seq,
    coalesce(e.name, q.speaker) AS speaker,
    q.official_id,
    q.verb,
    q.text,
    a.published_date,
    a.outlet
FROM quotes q
JOIN v_paser_articles a USING (article_id)
LEFT JOIN entities e ON e.entity_id = q.official_id;

-- Syndication clusters among stories: a press release picked up by several outlets shows here as a
-- cluster with more than one outlet (group by cluster_id within the period you look at).
CREATE OR REPLACE VIEW v_pickup AS
SELECT
    cluster_id,
    article_id,
    outlet,
    published_date,
    published_at,
    title,
    url,
    similarity
FROM v_paser_articles;

-- Stories of media partners within their contract period, and whether each counts toward the
-- quota: a story at least 80% similar to another outlet's earlier version does not count.
CREATE OR REPLACE VIEW v_partner_stories AS
SELECT
    s.name                     AS outlet,
    s.partner_start,
    s.partner_end,
    s.partner_quota,
    s.partner_medium,
    a.article_id,
    a.published_date,
    a.published_at,
    a.title,
    a.url,
    a.is_advertorial,
    a.similarity,
    a.similar_to,
    o.outlet                   AS similar_outlet,
    -- The loader only records similarity to another outlet's earlier article; the extra checks
    -- keep the rule true even if a same-outlet or later match slipped in.
    NOT coalesce(a.similarity >= 0.80 AND o.outlet <> a.outlet AND o.published_at <= a.published_at,
                 FALSE) AS counts
FROM sources s
JOIN v_paser_articles a ON a.outlet = s.name
LEFT JOIN articles o ON o.article_id = a.similar_to
WHERE s.partner_start IS NOT NULL
  AND a.published_date BETWEEN s.partner_start AND s.partner_end;

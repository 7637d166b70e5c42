-- Faster `pantau coverage` and `pantau search` at a million articles (issue 6).
--
-- coverage_day: one row per (WITA day, kind, key) with the tones pivoted into columns; key is the
-- entity id, or the outlet name for kind = 'outlet'. It is derived from coverage_daily and
-- coverage_outlet_daily (pipeline.reports.summary keeps all three in step) and answers every
-- coverage query without a tone filter: by day it is read as it is (no grouping of 100,000s of
-- rows), by week or month it groups a third of the rows coverage_daily has.
CREATE TABLE coverage_day (
    published_date DATE NOT NULL,
    kind           VARCHAR NOT NULL,               -- agency | program | official | place | outlet
    key            VARCHAR NOT NULL,
    articles       INTEGER NOT NULL,
    mentions       INTEGER NOT NULL,
    positif        INTEGER NOT NULL,
    netral         INTEGER NOT NULL,
    negatif        INTEGER NOT NULL,
    headline       INTEGER NOT NULL,
    lead           INTEGER NOT NULL,
    outlets        BIT                             -- outlet bitmap (NULL for kind = 'outlet': 1)
);

-- Existing stores: fill it from the summaries they already have (same rows a rebuild gives).
INSERT INTO coverage_day
SELECT published_date, kind, entity_id, sum(articles), sum(mentions),
       coalesce(sum(articles) FILTER (WHERE tone = 'positif'), 0),
       coalesce(sum(articles) FILTER (WHERE tone = 'netral'), 0),
       coalesce(sum(articles) FILTER (WHERE tone = 'negatif'), 0),
       sum(headline), sum(lead), bit_or(outlets)
FROM coverage_daily
GROUP BY published_date, kind, entity_id
UNION ALL
SELECT published_date, 'outlet', outlet, sum(articles), sum(mentions),
       coalesce(sum(articles) FILTER (WHERE tone = 'positif'), 0),
       coalesce(sum(articles) FILTER (WHERE tone = 'netral'), 0),
       coalesce(sum(articles) FILTER (WHERE tone = 'negatif'), 0),
       sum(headline), sum(lead), NULL
FROM coverage_outlet_daily
GROUP BY published_date, outlet
ORDER BY 2, 1, 3;

-- search_terms re-written in term order, so a query reads only the row groups holding its terms
-- (DuckDB's zone maps) instead of scanning every (article, term) row. pipeline.reports.search keeps
-- the order: a rebuild inserts sorted; a batch of new articles appends a few unsorted row groups.
CREATE TABLE search_terms_sorted (
    article_id BIGINT NOT NULL,
    term       VARCHAR NOT NULL,
    tf         INTEGER NOT NULL          -- weighted term frequency: title words count 3 times
);
INSERT INTO search_terms_sorted SELECT article_id, term, tf FROM search_terms ORDER BY term, article_id;
DROP TABLE search_terms;
ALTER TABLE search_terms_sorted RENAME TO search_terms;

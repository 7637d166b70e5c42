-- Offline full-text search (pantau search): a term index maintained by
-- pipeline.reports.search.index_articles (called by the loader) and ranked with BM25 in plain SQL.
-- DuckDB's fts extension is not used because it is downloaded on first use.

CREATE TABLE search_terms (
    article_id BIGINT NOT NULL,
    term       VARCHAR NOT NULL,
    tf         INTEGER NOT NULL          -- weighted term frequency: title words count 3 times
);

CREATE TABLE search_docs (
    article_id BIGINT PRIMARY KEY,
    length     INTEGER NOT NULL          -- weighted document length (same weights as tf)
);

-- Coverage summaries behind `pantau coverage` at scale (pipeline.reports.summary), refreshed by the
-- same index_articles call. One row per (WITA day, entity, tone) and per (day, outlet, tone); the
-- outlets of a row are a bitmap of outlet_ids so distinct outlets over any interval stay exact.
CREATE TABLE outlet_ids (
    outlet VARCHAR PRIMARY KEY,
    id     SMALLINT NOT NULL UNIQUE                -- bit position in coverage_daily.outlets
);

CREATE TABLE coverage_daily (
    published_date DATE NOT NULL,
    kind           VARCHAR NOT NULL,
    entity_id      VARCHAR NOT NULL,
    tone           VARCHAR NOT NULL,               -- mention tone, else article tone
    articles       INTEGER NOT NULL,
    mentions       INTEGER NOT NULL,
    headline       INTEGER NOT NULL,
    lead           INTEGER NOT NULL,
    outlets        BIT NOT NULL
);

CREATE TABLE coverage_outlet_daily (
    published_date DATE NOT NULL,
    outlet         VARCHAR NOT NULL,
    tone           VARCHAR NOT NULL,               -- article tone
    articles       INTEGER NOT NULL,
    mentions       INTEGER NOT NULL,
    headline       INTEGER NOT NULL,
    lead           INTEGER NOT NULL
);

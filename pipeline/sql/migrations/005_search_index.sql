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

-- Pantau store, schema version 1. Times are TIMESTAMPTZ (UTC instants); *_date columns are days in
-- the configured time zone (WITA for Paser), computed by the loader so views need no zone logic.

CREATE TABLE settings (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- Mirror of config.yaml's sources, refreshed on every write session, plus crawl health.
CREATE TABLE sources (
    name                 VARCHAR PRIMARY KEY,
    homepage             VARCHAR,
    kind                 VARCHAR NOT NULL,          -- online | print | government | aggregator
    tier                 INTEGER NOT NULL,
    monthly_visitors     BIGINT,
    value_per_story      DOUBLE,
    enabled              BOOLEAN NOT NULL DEFAULT TRUE,
    partner_start        DATE,
    partner_end          DATE,
    partner_quota        INTEGER,                   -- stories owed per month
    partner_medium       VARCHAR,
    discovered_feeds     VARCHAR[],
    discovered_sitemaps  VARCHAR[],
    discovered_at        TIMESTAMPTZ,
    poll_minutes         INTEGER,
    next_poll_at         TIMESTAMPTZ,
    last_run_at          TIMESTAMPTZ,
    last_success_at      TIMESTAMPTZ,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_error           VARCHAR,
    status_counts        JSON                       -- {"200": 41, "404": 2, ...} cumulative
);

-- One row per job run (crawl, process, clip, report ...): the per-run summary `pantau status` shows.
CREATE SEQUENCE run_ids;
CREATE TABLE runs (
    run_id       BIGINT PRIMARY KEY DEFAULT nextval('run_ids'),
    job          VARCHAR NOT NULL,
    source       VARCHAR,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    status       VARCHAR NOT NULL,                  -- running | ok | failed | interrupted
    requests     INTEGER DEFAULT 0,
    pages        INTEGER DEFAULT 0,
    new_articles INTEGER DEFAULT 0,
    duplicates   INTEGER DEFAULT 0,
    failures     INTEGER DEFAULT 0,
    detail       JSON                               -- failures by reason, per-source counts ...
);

-- Conditional-GET state of each feed/sitemap/listing URL.
CREATE TABLE feed_state (
    url           VARCHAR PRIMARY KEY,
    source        VARCHAR NOT NULL,
    etag          VARCHAR,
    last_modified VARCHAR,
    items_hash    VARCHAR,                          -- hash of the item URL set (servers that lie)
    last_status   INTEGER,
    checked_at    TIMESTAMPTZ,
    changed_at    TIMESTAMPTZ,
    items         INTEGER,
    new_items     INTEGER
);

-- Every article page fetched: the seen-URL record and the pointer into the WARC archive.
CREATE SEQUENCE page_ids;
CREATE TABLE pages (
    page_id        BIGINT PRIMARY KEY DEFAULT nextval('page_ids'),
    url            VARCHAR NOT NULL UNIQUE,         -- canonical URL
    final_url      VARCHAR,
    source         VARCHAR NOT NULL,
    status         INTEGER,
    fetched_at     TIMESTAMPTZ NOT NULL,
    content_type   VARCHAR,
    etag           VARCHAR,
    last_modified  VARCHAR,
    warc_file      VARCHAR,                         -- relative to the archive folder
    warc_offset    BIGINT,
    warc_length    BIGINT,
    entry          JSON,                            -- the feed/sitemap entry that led here
    run_id         BIGINT,
    extract_status VARCHAR,                         -- NULL (pending) | article | duplicate | failed
    extract_reason VARCHAR,
    duplicate_of   BIGINT,
    extracted_at   TIMESTAMPTZ
);

-- Clean articles. article_id = page_id of the page it came from.
CREATE TABLE articles (
    article_id      BIGINT PRIMARY KEY,
    url             VARCHAR NOT NULL,               -- canonical URL (unique through pages.url)
    outlet          VARCHAR NOT NULL,
    title           VARCHAR NOT NULL,
    text            VARCHAR NOT NULL,
    published_at    TIMESTAMPTZ NOT NULL,
    published_local TIMESTAMP NOT NULL,             -- wall time in the configured zone
    published_date  DATE NOT NULL,                  -- day in the configured zone
    date_source     VARCHAR NOT NULL,
    date_missing    BOOLEAN NOT NULL,
    author          VARCHAR,
    language        VARCHAR,
    site_name       VARCHAR,
    image           VARCHAR,
    categories      VARCHAR[],
    tags            VARCHAR[],
    page_views      BIGINT,
    is_advertorial  BOOLEAN NOT NULL DEFAULT FALSE,
    word_count      INTEGER NOT NULL,
    content_hash    VARCHAR NOT NULL,
    title_key       VARCHAR NOT NULL,               -- normalised title (same-outlet 7-day rule)
    fingerprint     BLOB,                           -- near-duplicate signature
    cluster_id      BIGINT,                         -- syndication cluster (earliest member's id)
    similar_to      BIGINT,                         -- most similar earlier article of another outlet
    similarity      DOUBLE,                         -- estimated similarity to similar_to (0..1)
    tone            VARCHAR,
    tone_score      DOUBLE,
    tone_words      JSON,
    extracted_at    TIMESTAMPTZ NOT NULL,
    tagged_at       TIMESTAMPTZ,
    catalog_version VARCHAR
);

-- The entity catalog as loaded at the last tagging run.
CREATE TABLE entities (
    entity_id VARCHAR PRIMARY KEY,
    kind      VARCHAR NOT NULL,                     -- agency | program | official | place | other
    name      VARCHAR NOT NULL,
    aliases   VARCHAR[],
    parent    VARCHAR,
    paser     BOOLEAN NOT NULL,
    leads     VARCHAR                               -- agency an official leads
);

-- All mentions of one entity in one article.
CREATE TABLE mentions (
    article_id     BIGINT NOT NULL,
    entity_id      VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    paser          BOOLEAN NOT NULL,
    count          INTEGER NOT NULL,
    in_headline    INTEGER NOT NULL,
    in_lead        INTEGER NOT NULL,
    in_body        INTEGER NOT NULL,
    first_sentence VARCHAR,
    tone           VARCHAR,
    PRIMARY KEY (article_id, entity_id)
);

CREATE TABLE quotes (
    article_id  BIGINT NOT NULL,
    seq         INTEGER NOT NULL,
    speaker     VARCHAR NOT NULL,
    official_id VARCHAR,
    verb        VARCHAR,
    text        VARCHAR,
    PRIMARY KEY (article_id, seq)
);

-- Agency/program-like names the catalog does not know (pantau catalog candidates).
CREATE TABLE candidates (
    article_id BIGINT NOT NULL,
    phrase     VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,
    sentence   VARCHAR
);

-- Every discarded page, feed or item, with its reason (counted by `pantau status`).
CREATE TABLE discards (
    discarded_at TIMESTAMPTZ NOT NULL,
    stage  VARCHAR NOT NULL,                        -- crawl | extract | dedup | tag
    source VARCHAR,
    url    VARCHAR,
    reason VARCHAR NOT NULL,
    detail VARCHAR,
    run_id BIGINT
);

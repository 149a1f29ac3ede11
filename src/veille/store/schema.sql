-- veille's DuckDB store. Bump SCHEMA_VERSION in store/__init__.py with any change here,
-- and add the migration beside it.
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE IF NOT EXISTS articles (
    article_id   VARCHAR PRIMARY KEY,  -- hash of title and text: the same content is one row
    origin_id    VARCHAR,              -- the identity it came with: JSONL id, else URL, else path
    url          VARCHAR,
    source_name  VARCHAR,
    title        VARCHAR,
    text         VARCHAR,
    published    VARCHAR,              -- ISO date as found ("" when unknown)
    lang         VARCHAR,
    author       VARCHAR,
    path         VARCHAR,
    story_id     VARCHAR,              -- near-duplicates and syndicated copies share one story
    signature    UBIGINT[],            -- MinHash signature, to fold later articles into stories
    quality      VARCHAR[],
    n_words      INTEGER,
    added_at     TIMESTAMP
);

CREATE TABLE IF NOT EXISTS boilerplate (
    article_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR, kind VARCHAR
);

CREATE TABLE IF NOT EXISTS entities (
    article_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR, label VARCHAR
);

CREATE TABLE IF NOT EXISTS events (
    event_id        VARCHAR PRIMARY KEY,  -- hash of article, source, target and code
    article_id      VARCHAR,
    evidence        VARCHAR,
    start_char      INTEGER,
    end_char        INTEGER,
    source          VARCHAR,  -- country or body (RUS, UNO); "" when the text names none
    source_role     VARCHAR,
    source_code     VARCHAR,  -- GDELT's Actor1Code: RUSGOV
    source_name     VARCHAR,
    target          VARCHAR,
    target_role     VARCHAR,
    target_code     VARCHAR,
    target_name     VARCHAR,
    code            VARCHAR,  -- CAMEO, a string: leading zeros matter (036)
    base_code       VARCHAR,
    root_code       VARCHAR,
    quad_class      INTEGER,
    goldstein       DOUBLE,
    stance          VARCHAR,  -- asserted, denied, hypothetical, declined
    reported_by     VARCHAR,
    denied_by       VARCHAR,  -- for a denied event: who denies it ("" → its source)
    place           VARCHAR,
    place_name      VARCHAR,
    place_country   VARCHAR,
    place_admin1    VARCHAR,
    place_kind      VARCHAR,
    place_lat       DOUBLE,
    place_lon       DOUBLE,
    place_geonames_id BIGINT,
    date            VARCHAR,  -- as the text dates it ("" when it does not)
    event_date      VARCHAR,  -- date, else the publication date
    is_root_event   BOOLEAN,
    num_mentions    INTEGER
);

CREATE TABLE IF NOT EXISTS event_mentions (
    event_id VARCHAR, article_id VARCHAR, start_char INTEGER, end_char INTEGER
);

CREATE TABLE IF NOT EXISTS quotes (
    article_id VARCHAR, start_char INTEGER, end_char INTEGER, quote VARCHAR,
    speaker VARCHAR, speaker_country VARCHAR, speaker_role VARCHAR, relay VARCHAR, cue VARCHAR
);

CREATE TABLE IF NOT EXISTS attributions (
    article_id VARCHAR, kind VARCHAR, speaker VARCHAR, relay VARCHAR, cue VARCHAR,
    content_start INTEGER, content_end INTEGER
);

CREATE TABLE IF NOT EXISTS places (
    article_id VARCHAR, start_char INTEGER, end_char INTEGER, mention VARCHAR, name VARCHAR,
    country VARCHAR, admin1 VARCHAR, kind VARCHAR, lat DOUBLE, lon DOUBLE, geonames_id BIGINT
);

CREATE TABLE IF NOT EXISTS dates (
    article_id VARCHAR, start_char INTEGER, end_char INTEGER, mention VARCHAR, value VARCHAR,
    granularity VARCHAR
);

CREATE TABLE IF NOT EXISTS amounts (
    article_id VARCHAR, start_char INTEGER, end_char INTEGER, mention VARCHAR, value DOUBLE,
    unit VARCHAR, counted VARCHAR, approximate BOOLEAN
);

-- GDELT counts an event once per story: NumMentions, NumSources and NumArticles over the
-- articles of the story that carry the same (source, target, code).
CREATE OR REPLACE VIEW event_counts AS
SELECT a.story_id, e.source_code, e.target_code, e.code,
       sum(e.num_mentions) AS num_mentions,
       count(DISTINCT coalesce(nullif(a.source_name, ''), a.article_id)) AS num_sources,
       count(DISTINCT e.article_id) AS num_articles
FROM events e JOIN articles a USING (article_id)
GROUP BY ALL;

-- Each event with its story's counts: what listings, exports and the API read.
CREATE OR REPLACE VIEW events_with_counts AS
SELECT e.*, c.num_mentions AS story_mentions, c.num_sources, c.num_articles
FROM events e JOIN articles a USING (article_id)
LEFT JOIN event_counts c ON c.story_id = a.story_id
    AND c.source_code IS NOT DISTINCT FROM e.source_code
    AND c.target_code IS NOT DISTINCT FROM e.target_code
    AND c.code IS NOT DISTINCT FROM e.code;

-- The watch (veille watch): created here like every table, so an older store gains them when
-- it is next opened; the tables above are untouched, and an older veille ignores these.
-- Each polled source: the validators of its last answer, its failures in a row, when it is due.
CREATE TABLE IF NOT EXISTS watch_sources (
    source        VARCHAR PRIMARY KEY,  -- feed URL, file or folder as given
    etag          VARCHAR,
    last_modified VARCHAR,
    failures      INTEGER,              -- in a row; 0 after a success
    last_error    VARCHAR,
    polled_at     TIMESTAMP,
    due_at        TIMESTAMP             -- next poll: later after failures (backoff)
);

-- Every feed item and file the watch has read, marked once its articles are stored.
CREATE TABLE IF NOT EXISTS watch_seen (
    source  VARCHAR,
    item    VARCHAR,                    -- feed item id or link; file path with its mtime
    seen_at TIMESTAMP,
    PRIMARY KEY (source, item)
);

-- An alert fires once per rule and key: (story, source, target, code) for an event rule, so
-- that syndicated copies of one dispatch make one alert; the window for a volume rule.
CREATE TABLE IF NOT EXISTS alerts (
    alert_id    VARCHAR PRIMARY KEY,    -- hash of the rule's name and the key
    rule        VARCHAR,
    kind        VARCHAR,                -- event or volume
    fired_at    TIMESTAMP,
    message     VARCHAR,                -- one line: what happened
    event_id    VARCHAR,
    article_id  VARCHAR,
    story_id    VARCHAR,
    url         VARCHAR,
    evidence    VARCHAR,
    reported_by VARCHAR,
    count       INTEGER,                -- volume rules: events in the window
    baseline    DOUBLE                  -- volume rules: mean of the same window on earlier days
);

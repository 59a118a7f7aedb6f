-- 1: the SQLite store's three tables, in PostgreSQL's types: raw bodies once by SHA-256 (gzip bytea), every
-- fetch, every version of a record with its parsed trial and criteria as jsonb (GIN-indexed for queries across
-- trials) and the paths of what changed since the version before it.
CREATE TABLE bodies (
    sha256       text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content      bytea NOT NULL,                  -- gzip
    size         bigint NOT NULL CHECK (size >= 0), -- uncompressed bytes
    content_type text NOT NULL DEFAULT ''
);

CREATE TABLE fetches (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nct_id      text NOT NULL,
    source      text NOT NULL,
    url         text NOT NULL,
    status      integer NOT NULL,
    headers     jsonb NOT NULL,                   -- the headers that matter
    body_sha256 text REFERENCES bodies (sha256),  -- NULL for a 304
    fetched_at  timestamptz NOT NULL
);
CREATE INDEX fetches_by_trial ON fetches (nct_id, source, id);

CREATE TABLE versions (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nct_id         text NOT NULL,
    source         text NOT NULL,
    version        integer,                       -- the source's version number (CT.gov history)
    observed_on    timestamptz,                   -- a live observation: the server's Date
    source_date    text,                          -- the source's own date: history date, lastUpdatePostDate
    dated          text,                          -- source_date, else observed_on's day: what `changes --since` reads
    body_sha256    text NOT NULL REFERENCES bodies (sha256),
    trial          jsonb,
    criteria       jsonb,
    parser_version text NOT NULL,
    parse_error    text,                          -- why the body could not be parsed (it is kept raw)
    changed        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(changed) = 'array'),
    stored_at      timestamptz NOT NULL DEFAULT now(), -- the server's clock, for the record only: never used to order
    CHECK ((version IS NULL) <> (observed_on IS NULL)),
    CHECK ((trial IS NULL) <> (parse_error IS NULL))
);
-- The unique key that makes two workers storing the same numbered version store it once.
CREATE UNIQUE INDEX versions_by_number ON versions (nct_id, source, version) WHERE version IS NOT NULL;
CREATE INDEX versions_by_trial ON versions (nct_id, source, id);
CREATE INDEX versions_by_date ON versions (dated);
CREATE INDEX versions_trial ON versions USING gin (trial jsonb_path_ops);
CREATE INDEX versions_criteria ON versions USING gin (criteria jsonb_path_ops);

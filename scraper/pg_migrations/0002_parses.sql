-- 2: a version's body parsed again by a later engine (`trialwatch reparse`), as migration 4 of the SQLite store:
-- every engine's parse of a version recorded once (the unique key makes a shard delivered twice harmless), an
-- unchanged result keeping no documents; `current_versions` is each version as its latest changed parse reads it,
-- stamped with the latest engine that parsed it.
CREATE TABLE parses (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id     bigint NOT NULL REFERENCES versions (id),
    parser_version text NOT NULL,
    changed        boolean NOT NULL,              -- false: the same result as before, nothing kept
    trial          jsonb,
    criteria       jsonb,
    parse_error    text,
    stored_at      timestamptz NOT NULL DEFAULT now(), -- the server's clock, for the record only
    UNIQUE (version_id, parser_version),
    CHECK (changed OR (trial IS NULL AND criteria IS NULL AND parse_error IS NULL)),
    CHECK (NOT changed OR ((trial IS NULL) <> (parse_error IS NULL)))
);
CREATE INDEX parses_by_version ON parses (version_id, id);

CREATE VIEW current_versions AS
SELECT v.id, v.nct_id, v.source, v.version, v.observed_on, v.source_date, v.dated, v.body_sha256,
       CASE WHEN c.id IS NULL THEN v.trial ELSE c.trial END AS trial,
       CASE WHEN c.id IS NULL THEN v.criteria ELSE c.criteria END AS criteria,
       coalesce(l.parser_version, v.parser_version) AS parser_version,
       CASE WHEN c.id IS NULL THEN v.parse_error ELSE c.parse_error END AS parse_error,
       v.changed
FROM versions v
LEFT JOIN LATERAL (SELECT p.id, p.trial, p.criteria, p.parse_error FROM parses p
                   WHERE p.version_id = v.id AND p.changed ORDER BY p.id DESC LIMIT 1) c ON true
LEFT JOIN LATERAL (SELECT p.parser_version FROM parses p
                   WHERE p.version_id = v.id ORDER BY p.id DESC LIMIT 1) l ON true;

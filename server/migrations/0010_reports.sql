-- Readers' reports (issue 26): waiting for editors, never public.
-- `client_hash` is an HMAC-SHA-256 of the sender's address under a key
-- that lives in the server's memory and changes every day (UTC): it only
-- counts one sender's reports in the last hour, and cannot be turned back
-- into the address. `contact_email` is for editors only.
CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL DEFAULT 'new'
                    CHECK (status IN ('new', 'in_review', 'accepted', 'rejected', 'spam')),
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    location_name   TEXT NOT NULL,
    country_code    TEXT NOT NULL,
    lon             REAL NOT NULL,
    lat             REAL NOT NULL,
    date_start      TEXT NOT NULL,
    date_end        TEXT NOT NULL,
    date_precision  TEXT NOT NULL,
    source_url      TEXT,
    was_there       INTEGER NOT NULL,
    crowd_size_text TEXT,
    contact_email   TEXT,
    received_at     TEXT NOT NULL,
    client_hash     TEXT NOT NULL,
    fingerprint     TEXT NOT NULL
);
CREATE INDEX reports_open ON reports (status) WHERE status IN ('new', 'in_review');
CREATE INDEX reports_by_client ON reports (client_hash, received_at);
CREATE INDEX reports_by_fingerprint ON reports (fingerprint, received_at);

-- Readers' reports: waiting for editors, never public. `client_hash` is an
-- HMAC-SHA-256 of the sender's address under the day's sender key
-- (`report_keys`, replaced every day, UTC): it only counts one sender's
-- reports in the last hour and is erased once an hour old.
-- `contact_email` is for editors only.
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

-- The secrets every server of the database shares for /report: the form
-- key (signs the form's start time) and the day's sender key (`sender-DATE`,
-- replaced at midnight UTC, yesterday's deleted).
CREATE TABLE report_keys (
    name TEXT PRIMARY KEY NOT NULL,
    key  BLOB NOT NULL
);

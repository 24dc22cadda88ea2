-- Events as DESIGN.md's table describes them. Portable SQL (SQLite and
-- PostgreSQL): dates are ISO 8601 text, which sorts as dates do; sources and
-- tags are JSON text, read and written only through the app's validation.
CREATE TABLE events (
    id              TEXT PRIMARY KEY NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    date_start      TEXT NOT NULL,
    date_end        TEXT NOT NULL,
    date_precision  TEXT NOT NULL,
    location_name   TEXT NOT NULL,
    country_code    TEXT NOT NULL,
    longitude       DOUBLE PRECISION NOT NULL,
    latitude        DOUBLE PRECISION NOT NULL,
    geo_precision   TEXT NOT NULL,
    actors          TEXT,
    crowd_size_text TEXT,
    sources         TEXT NOT NULL,
    tags            TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE INDEX events_by_date ON events (date_start, id);

-- Reads at scale (ARCHITECTURE.md, "The store"): an event is validated once,
-- when it is written, and its GeoJSON Feature is stored as the API writes it;
-- reads filter on indexed columns and join the stored Features.
--
-- rid:       the R*Tree's integer key (a rowid may change with VACUUM)
-- day_start, day_end: the dates as day numbers, days since 1970-01-01
-- feature:   the Feature's exact bytes
-- The store fills these for rows that lack them when it opens.
ALTER TABLE events ADD COLUMN rid INTEGER;
ALTER TABLE events ADD COLUMN day_start INTEGER;
ALTER TABLE events ADD COLUMN day_end INTEGER;
ALTER TABLE events ADD COLUMN feature TEXT;
UPDATE events SET rid = rowid;
CREATE UNIQUE INDEX events_by_rid ON events (rid);

-- Public events by first day, in the API's order: a date window is a range
-- of this index, bounded below by the longest duration (next index). It
-- also holds what the map draws (and the columns of its condition, which
-- SQLite needs to cover the query), so that the map's index of all public
-- events is read from it in order without visiting the rows.
CREATE INDEX events_public_by_day
    ON events (day_start, id, day_end, longitude, latitude, kind, date_precision, geo_precision, status, deleted_at)
    WHERE status = 'published' AND deleted_at IS NULL;
CREATE INDEX events_public_by_duration ON events ((day_end - day_start))
    WHERE status = 'published' AND deleted_at IS NULL;

-- Public events as boxes of longitude, latitude and days (SQLite's R*Tree,
-- compiled into the bundled SQLite). Kept by triggers, so that no write can
-- forget it. Values are 32-bit floats rounded outwards: queries check the
-- exact columns of events after it.
CREATE VIRTUAL TABLE events_rtree USING rtree (rid, min_lon, max_lon, min_lat, max_lat, min_day, max_day);

CREATE TRIGGER events_rtree_insert AFTER INSERT ON events
WHEN NEW.status = 'published' AND NEW.deleted_at IS NULL AND NEW.day_start IS NOT NULL
BEGIN
    INSERT INTO events_rtree
    VALUES (NEW.rid, NEW.longitude, NEW.longitude, NEW.latitude, NEW.latitude, NEW.day_start, NEW.day_end);
END;

CREATE TRIGGER events_rtree_update AFTER UPDATE ON events
BEGIN
    DELETE FROM events_rtree WHERE rid = OLD.rid;
    INSERT INTO events_rtree
    SELECT NEW.rid, NEW.longitude, NEW.longitude, NEW.latitude, NEW.latitude, NEW.day_start, NEW.day_end
    WHERE NEW.status = 'published' AND NEW.deleted_at IS NULL AND NEW.day_start IS NOT NULL;
END;

CREATE TRIGGER events_rtree_delete AFTER DELETE ON events
BEGIN
    DELETE FROM events_rtree WHERE rid = OLD.rid;
END;

-- How many public events were (or may have been) on each day: the slider's
-- histogram and the data's extent without reading the events.
CREATE TABLE day_counts (
    day INTEGER PRIMARY KEY NOT NULL,
    n   INTEGER NOT NULL
);

-- Bumped by every write, in the same transaction: keys ETags and caches.
CREATE TABLE data_version (
    id          INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version     INTEGER NOT NULL,
    modified_at TEXT NOT NULL
);
INSERT INTO data_version (id, version, modified_at) VALUES (1, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

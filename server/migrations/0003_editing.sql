-- Editing: drafts, soft delete, optimistic concurrency and history.
-- Existing (seeded) events are published, at version 1.
ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN deleted_at TEXT;
ALTER TABLE events ADD COLUMN updated_by TEXT;

-- One row per create, update, delete, restore or revert, with who, when,
-- the version it produced and the full previous version (a GeoJSON Feature
-- plus status, as JSON; NULL for a create).
CREATE TABLE event_history (
    id       INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events (id),
    version  INTEGER NOT NULL,
    action   TEXT NOT NULL,
    editor   TEXT NOT NULL,
    at       TEXT NOT NULL,
    previous TEXT
);
CREATE INDEX event_history_by_event ON event_history (event_id, id);

-- Search (README, "Search"): every event's text as folded words
-- (`domain::search::document`: title, description, place, admin areas,
-- organisers, participants, claims, tags; case, accents and Arabic/Persian
-- letter forms folded in Rust), in an FTS5 index over that column. The
-- `ascii` tokenizer splits only at the spaces the folding puts between
-- words, so the index and `SearchQuery::matches_document` agree on what a
-- word is. The store fills the column on every write and, once, for rows
-- stored before this migration (`backfill.rs`, `index_search`).
ALTER TABLE events ADD COLUMN search_text TEXT;
CREATE VIRTUAL TABLE events_search USING fts5(
    search_text, content = 'events', content_rowid = 'rid', tokenize = 'ascii'
);
CREATE TRIGGER events_search_insert AFTER INSERT ON events WHEN NEW.search_text IS NOT NULL
BEGIN
    INSERT INTO events_search (rowid, search_text) VALUES (NEW.rid, NEW.search_text);
END;
CREATE TRIGGER events_search_delete AFTER DELETE ON events WHEN OLD.search_text IS NOT NULL
BEGIN
    INSERT INTO events_search (events_search, rowid, search_text) VALUES ('delete', OLD.rid, OLD.search_text);
END;
-- A save that leaves the words as they were leaves the index alone.
CREATE TRIGGER events_search_update AFTER UPDATE OF search_text, rid ON events
WHEN OLD.search_text IS NOT NEW.search_text OR OLD.rid IS NOT NEW.rid
BEGIN
    INSERT INTO events_search (events_search, rowid, search_text)
        SELECT 'delete', OLD.rid, OLD.search_text WHERE OLD.search_text IS NOT NULL;
    INSERT INTO events_search (rowid, search_text)
        SELECT NEW.rid, NEW.search_text WHERE NEW.search_text IS NOT NULL;
END;
-- The rows still to be given their words (none once opened): found at
-- every start without reading the table.
CREATE INDEX events_unsearched ON events (rid) WHERE search_text IS NULL;

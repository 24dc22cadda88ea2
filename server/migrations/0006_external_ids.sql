-- An event's id where it came from (another dataset, a spreadsheet), kept
-- exactly as written there; the event is found by it as by its own id
-- (README, "The data").
ALTER TABLE events ADD COLUMN external_id TEXT;
CREATE INDEX events_by_external_id ON events (external_id) WHERE external_id IS NOT NULL;

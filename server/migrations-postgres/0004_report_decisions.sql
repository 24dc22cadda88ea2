-- Editors' decisions on readers' reports, as on SQLite
-- (migrations/0011): who decided, when (RFC 3339 UTC), why (a rejection's
-- reason) and the event an accepted report became or corroborates.
ALTER TABLE reports ADD COLUMN decided_by TEXT;
ALTER TABLE reports ADD COLUMN decided_at TEXT COLLATE "C";
ALTER TABLE reports ADD COLUMN decision_reason TEXT;
ALTER TABLE reports ADD COLUMN event_id TEXT COLLATE "C";
CREATE INDEX reports_by_received ON reports (received_at);

-- Files uploaded to /editor/import between preview and import, as on SQLite
-- (migrations/0009): any server behind the load balancer reads them.
CREATE TABLE import_uploads (
    token       TEXT PRIMARY KEY NOT NULL,
    editor      TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    size        BIGINT NOT NULL,
    uploaded_at BIGINT NOT NULL,
    bytes       BYTEA NOT NULL
);
CREATE INDEX import_uploads_by_age ON import_uploads (uploaded_at);

-- Files uploaded to /editor/import between preview and import, kept in the
-- database so that the preview and the import work on whichever server
-- they reach (README, "Several servers, one PostgreSQL"); a day at most.
-- `uploaded_at` is seconds since 1970 (UTC).
CREATE TABLE import_uploads (
    token       TEXT PRIMARY KEY NOT NULL,
    editor      TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    size        INTEGER NOT NULL,
    uploaded_at INTEGER NOT NULL,
    bytes       BLOB NOT NULL
);
CREATE INDEX import_uploads_by_age ON import_uploads (uploaded_at);

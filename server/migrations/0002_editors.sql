-- Editors: named accounts made from the command line (`rallymap editor add`).
-- Passwords are Argon2id PHC strings; there is no default account.
CREATE TABLE editors (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- Sign-in sessions: only a SHA-256 of the random token is stored, so a copy
-- of the database cannot be used to sign in. Sign-out deletes the row.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    editor_id  INTEGER NOT NULL REFERENCES editors (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Failed sign-ins, per account (`name:…`) and per client address (`addr:…`),
-- for throttling.
CREATE TABLE sign_in_failures (
    throttle_key TEXT NOT NULL,
    failed_at    TEXT NOT NULL
);
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (throttle_key, failed_at);

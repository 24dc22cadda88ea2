//! Where events are kept: the implementations of [`domain::store::EventStore`]
//! on SQLite (the embedded default) and on PostgreSQL (several servers, one
//! database), chosen once from `DATABASE_URL` ([`crate::config::Database`]),
//! and the loader of seed data.

pub mod accounts;
pub mod copy;
pub mod postgres;
pub mod reports;
pub mod seed;
pub mod sqlite;
pub mod uploads;

use std::sync::Arc;

use domain::store::{EventStore, SharedStore, StoreError};

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

use crate::config::{Database, DatabaseUrlError};
pub use accounts::Accounts;

/// Why the database could not be opened: each a one-line message naming
/// the setting, the host or the problem.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// `DATABASE_URL` names a database we cannot use.
    #[error("DATABASE_URL {url:?}: {reason}")]
    Url {
        /// The URL as given (its password left out).
        url: String,
        /// Why it is refused.
        reason: String,
    },
    /// The database's folder could not be created.
    #[error("cannot create the folder {path}: {source}")]
    Folder {
        /// The folder.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The PostgreSQL server could not be reached.
    #[error("DATABASE_URL: cannot reach PostgreSQL at {host}: {reason}")]
    Unreachable {
        /// `HOST:PORT` (or the socket's folder).
        host: String,
        /// What failed.
        reason: String,
    },
    /// The PostgreSQL server refused the user (wrong password, or no access).
    #[error("DATABASE_URL: PostgreSQL at {host} refused the user {user:?}: {reason}")]
    Refused {
        /// `HOST:PORT`.
        host: String,
        /// The user named in the URL.
        user: String,
        /// The server's words.
        reason: String,
    },
    /// The PostgreSQL database does not exist.
    #[error("DATABASE_URL: PostgreSQL at {host} has no database {database:?}; create it (createdb) first")]
    NoDatabase {
        /// `HOST:PORT`.
        host: String,
        /// The database named in the URL.
        database: String,
    },
    /// The PostgreSQL server is older than the supported version.
    #[error("DATABASE_URL: PostgreSQL at {host} is version {version}; rallymap needs {MIN_POSTGRES} or newer")]
    TooOld {
        /// `HOST:PORT`.
        host: String,
        /// The server's version.
        version: String,
    },
    /// The user may not create the tables.
    #[error(
        "DATABASE_URL: the user {user:?} may not create tables in database {database:?} at {host} ({reason}); \
         grant it CREATE on the schema, or migrate once as the database's owner"
    )]
    NoRights {
        /// `HOST:PORT`.
        host: String,
        /// The user.
        user: String,
        /// The database.
        database: String,
        /// The server's words.
        reason: String,
    },
    /// Connecting failed.
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    /// A migration failed.
    #[error("cannot migrate the database: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    /// Rows written before this version could not be brought up to date.
    #[error("cannot bring stored events up to date: {0}")]
    Backfill(#[source] StoreError),
}

/// The oldest PostgreSQL rallymap runs on (major version).
pub const MIN_POSTGRES: u32 = 13;

impl From<DatabaseUrlError> for OpenError {
    fn from(e: DatabaseUrlError) -> Self {
        Self::Url { url: e.url, reason: e.reason }
    }
}

/// A database error as the store's: [`StoreError::Unavailable`] when it
/// says the database cannot be reached now — the pool closed or waited
/// out, a lost connection or worker, or a database error whose code
/// `unreachable` picks (each store knows its own codes) — else
/// [`StoreError::Backend`].
pub(crate) fn store_error(e: sqlx::Error, unreachable: impl Fn(&str) -> bool) -> StoreError {
    let lost = match &e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(d) => d.code().is_some_and(|c| unreachable(&c)),
        _ => false,
    };
    if lost {
        StoreError::Unavailable(Box::new(e))
    } else {
        StoreError::Backend(Box::new(e))
    }
}

/// A store opened from `DATABASE_URL`, whichever database it is.
#[derive(Clone)]
pub enum Opened {
    /// A SQLite file.
    Sqlite(SqliteStore),
    /// A PostgreSQL database.
    Postgres(PgStore),
}

impl Opened {
    /// Closes the connection pool: every later request for a connection
    /// fails at once ([`domain::store::StoreError::Unavailable`]), as when
    /// the database is lost; for shutting down and for tests.
    pub async fn close(&self) {
        match self {
            Self::Sqlite(s) => s.pool().close().await,
            Self::Postgres(s) => s.pool().close().await,
        }
    }

    /// The store behind the port, as the app and the routes share it.
    pub fn shared(&self) -> SharedStore {
        match self {
            Self::Sqlite(s) => Arc::new(s.clone()),
            Self::Postgres(s) => Arc::new(s.clone()),
        }
    }

    /// Editors' sessions and the sign-in throttle, in the same database.
    pub fn sessions(&self, secure: bool) -> app::auth::SharedSessions {
        match self {
            Self::Sqlite(s) => Arc::new(crate::auth::sessions::SqliteSessions {
                pool: s.pool().clone(),
                writer: s.writer().clone(),
                secure,
            }),
            Self::Postgres(s) => Arc::new(postgres::sessions::PgSessions { pool: s.pool().clone(), secure }),
        }
    }

    /// Editors' uploads between preview and import, in the same database.
    pub fn uploads(&self) -> app::importing::files::SharedUploads {
        match self {
            Self::Sqlite(s) => Arc::new(uploads::SqliteUploads { pool: s.pool().clone(), writer: s.writer().clone() }),
            Self::Postgres(s) => Arc::new(uploads::PgUploads { pool: s.pool().clone() }),
        }
    }

    /// Readers' reports, in the same database (never public).
    pub fn reports(&self) -> domain::store::SharedReports {
        match self {
            Self::Sqlite(s) => Arc::new(s.clone()),
            Self::Postgres(s) => Arc::new(s.clone()),
        }
    }

    /// The editors' accounts (`rallymap editor`).
    pub fn accounts(&self) -> Accounts {
        match self {
            Self::Sqlite(s) => Accounts::Sqlite { pool: s.pool().clone(), writer: s.writer().clone() },
            Self::Postgres(s) => Accounts::Postgres(s.pool().clone()),
        }
    }
}

impl std::ops::Deref for Opened {
    type Target = dyn EventStore;

    fn deref(&self) -> &Self::Target {
        match self {
            Self::Sqlite(s) => s,
            Self::Postgres(s) => s,
        }
    }
}

/// Opens and migrates the database `url` names ([`Database::parse`]).
///
/// # Errors
/// [`OpenError`]: a URL of another scheme, an unreachable server, a refused
/// user, a server too old, no right to create tables, a failed migration.
pub async fn open(url: &str) -> Result<Opened, OpenError> {
    match Database::parse(url)? {
        Database::Sqlite(url) => SqliteStore::open(&url).await.map(Opened::Sqlite),
        Database::Postgres(url) => PgStore::open(&url).await.map(Opened::Postgres),
    }
}

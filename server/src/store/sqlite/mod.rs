//! [`EventStore`] on SQLite through sqlx: one file, created and migrated on
//! open, WAL journal, every write one transaction (ARCHITECTURE.md, "The
//! store").
//!
//! - `writer`: the one way to write (one transaction at a time, holding the
//!   write lock, closed when it fails);
//! - `rows`: which columns hold which field; rows to events and back;
//! - `write`: the statements of writes, with their Feature text, day counts
//!   and version;
//! - `read`: the SQL of what readers ask for, from indexes and stored
//!   Features;
//! - `reading`, `editing`, `importing`: the three traits of the store port;
//! - `version`: the data version and what is read once per version;
//! - `backfill`: rows from before migration 0004, brought up to date at open.
//!
//! SQL is built at run time (`sqlx::query`), not checked at compile time
//! with `query!`: the column lists come from [`domain::field::Field`] and
//! the R*Tree is a virtual table that sqlx cannot describe; every query
//! runs in the integration tests on real SQLite files (README, "Build
//! notes").

mod backfill;
mod editing;
mod importing;
mod read;
mod reading;
pub(crate) mod rows;
mod version;
pub(crate) mod write;
pub mod writer;

use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use domain::compact::CompactEvents;
use domain::store::StoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use version::{ChangeProbe, Known};
use writer::{WriteTx, Writer, WRITE_WAIT};

pub use super::OpenError;

/// The map's index of public events and the data version it was built
/// for: about 20 bytes and an id per event (40 MB at 1,000,000).
type KeptIndex = Arc<tokio::sync::Mutex<Option<(i64, Arc<CompactEvents>)>>>;

/// The map's index, shared with the PostgreSQL store.
pub(crate) type SharedIndex = KeptIndex;

/// Events in a SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    writer: Writer,
    known: Arc<Mutex<Option<Known>>>,
    probe: Arc<ChangeProbe>,
    compact: KeptIndex,
}

/// How long a request waits for a free connection before it is answered
/// 503: the pool holds 8, and writers wait for their turn before taking one.
pub const POOL_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// A database error as the store's ([`crate::store::store_error`]): among
/// SQLite's own results, busy or locked after the wait (5, 6), I/O error
/// (10), full disk (13) and unopenable file (14) say the database cannot be
/// reached now, by primary result code (the low byte of the extended one).
pub(crate) fn backend(e: sqlx::Error) -> StoreError {
    crate::store::store_error(e, |code| code.parse::<i32>().is_ok_and(|c| matches!(c & 0xff, 5 | 6 | 10 | 13 | 14)))
}

impl SqliteStore {
    /// Opens (creating the file and its folder if needed) and migrates the
    /// database at `url`: `sqlite://PATH`, `sqlite::memory:`, or a plain path;
    /// then fills what reads need for rows written before this version.
    ///
    /// # Errors
    /// [`OpenError`]: a non-SQLite URL, an uncreatable folder, a failed
    /// connection, migration or backfill.
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        let bad = |reason: &str| OpenError::Url { url: url.to_owned(), reason: reason.to_owned() };
        if !matches!(crate::config::Database::parse(url)?, crate::config::Database::Sqlite(_)) {
            return Err(OpenError::Url {
                url: crate::config::redacted(url),
                reason: "not a SQLite database; open it with server::store::open".into(),
            });
        }
        let options = if url.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(url).map_err(|e| bad(&e.to_string()))?
        } else {
            SqliteConnectOptions::new().filename(url)
        };
        let file = options.get_filename().to_owned();
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() && file != Path::new(":memory:") {
                std::fs::create_dir_all(dir)
                    .map_err(|source| OpenError::Folder { path: dir.display().to_string(), source })?;
            }
        }
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .pragma("temp_store", "memory")
            // The write-ahead log is copied into the database file every
            // 256 pages (1 MiB; SQLite's default is 4 MiB) and cut back to
            // 4 MiB after a large import: the log never takes much of a
            // disk, so a disk that fills up with other files leaves room to
            // write again once they are gone (README, "Saves").
            .pragma("wal_autocheckpoint", "256")
            .pragma("journal_size_limit", "4194304")
            .busy_timeout(WRITE_WAIT)
            .foreign_keys(true);
        // A request waits at most POOL_WAIT for a connection, then is
        // answered 503 (README, "When the database fails"). An in-memory
        // database is one per connection, so it gets exactly one (and keeps
        // it: an idle one closed would take the data with it).
        let in_memory = file == Path::new(":memory:") || file.as_os_str().is_empty();
        let pool = SqlitePoolOptions::new()
            .max_connections(if in_memory { 1 } else { 8 })
            .min_connections(u32::from(in_memory))
            .idle_timeout((!in_memory).then_some(std::time::Duration::from_secs(600)))
            .max_lifetime((!in_memory).then_some(std::time::Duration::from_secs(1800)))
            .acquire_timeout(POOL_WAIT)
            .connect_with(options)
            .await
            .map_err(OpenError::Connect)?;
        sqlx::migrate!("./migrations").run(&pool).await.map_err(OpenError::Migrate)?;
        let writer = Writer::new(pool.clone());
        let probe = Arc::new(ChangeProbe::new((!in_memory).then(|| file.clone())));
        let store = Self { pool, writer, known: Arc::new(Mutex::new(None)), probe, compact: KeptIndex::default() };
        store.backfill().await.map_err(OpenError::Backfill)?;
        store.index_search().await.map_err(OpenError::Backfill)?;
        Ok(store)
    }

    /// The connection pool, for tests that inspect or damage rows.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The one way to write (sessions and accounts use it too).
    pub fn writer(&self) -> &Writer {
        &self.writer
    }

    /// A write transaction ([`Writer::begin`]).
    pub(crate) async fn begin(&self) -> Result<WriteTx, StoreError> {
        self.writer.begin().await.map_err(backend)
    }

    /// Commits a write. Nothing that could fail runs after the commit, so
    /// an error always means "not stored".
    pub(crate) async fn commit(&self, tx: WriteTx) -> Result<(), StoreError> {
        tx.commit().await.map_err(backend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_lost_database_is_unavailable_and_a_bad_statement_is_not() {
        let store = SqliteStore::open("sqlite::memory:").await.expect("opens");
        let bad = sqlx::query("SELECT nothing FROM nowhere").execute(store.pool()).await.expect_err("no table");
        assert!(matches!(backend(bad), StoreError::Backend(_)));
        store.pool().close().await;
        let lost = sqlx::query("SELECT 1").execute(store.pool()).await.expect_err("closed");
        assert!(matches!(backend(lost), StoreError::Unavailable(_)));
        let read = domain::store::EventReader::count(&store).await;
        assert!(matches!(read, Err(StoreError::Unavailable(_))), "reads through the store too");
        assert!(matches!(backend(sqlx::Error::PoolTimedOut), StoreError::Unavailable(_)));
    }
}

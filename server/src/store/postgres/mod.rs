//! [`EventStore`](domain::store::EventStore) on PostgreSQL through sqlx:
//! several servers share one database, and everything they must agree on
//! lives in it (events, versions and history, the data version, sessions,
//! the sign-in throttle, accounts). Same answers as the SQLite store
//! (`../sqlite`), job by job:
//!
//! - `connect`: the URL, the server's version and rights, checked at open
//!   with one-line messages;
//! - `write`: the statements of writes (row with its Feature text and
//!   words, day counts, data version, history);
//! - `copy`: events as the rows of a `COPY … FROM STDIN`, the bulk path of
//!   loads and imports;
//! - `read`: the SQL of what readers ask for;
//! - `reading`, `editing`, `importing`: the three traits of the store port;
//! - `sessions`, `accounts`: editors' sign-in, as `crate::auth` does it on
//!   SQLite.
//!
//! Writes are serialised across every server by a transaction-level
//! advisory lock (the same one-writer-at-a-time rule as SQLite's write
//! lock, so version checks and generated ids behave the same). The data
//! version is read from the database on every request that asks for it
//! (one indexed row; no LISTEN/NOTIFY), so an edit on one server shows on
//! every other at its next request.

pub mod accounts;
mod connect;
mod copy;
mod editing;
mod importing;
mod read;
mod reading;
pub mod sessions;
pub(crate) mod write;

use std::sync::{Arc, Mutex};

use domain::store::{DataVersion, SpatialExtent, StoreError};
use sqlx::pool::PoolConnection;
use sqlx::{Connection, PgConnection, PgPool, Postgres, Transaction};

use super::sqlite::SharedIndex;
use super::OpenError;

/// The key of the advisory lock every write transaction takes.
const WRITE_LOCK: i64 = 0x7261_6c6c_796d_6170; // "rallymap"

/// Events in a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    /// Whether PostGIS's point column and GiST index serve boxes.
    postgis: bool,
    /// What was read once for the data version last seen.
    known: Arc<Mutex<Option<Known>>>,
    compact: SharedIndex,
}

/// The data version and what is read once per version.
#[derive(Debug, Clone, Copy)]
struct Known {
    version: DataVersion,
    /// The most days any public event spans, less one.
    longest: i64,
    /// The box of the public events' points.
    bbox: Option<SpatialExtent>,
}

/// A database error as the store's ([`crate::store::store_error`]): among
/// PostgreSQL's own errors, the classes 08 (connection exception), 53
/// (insufficient resources: disk full, too many connections), 57P
/// (operator intervention: shutdown, cannot connect now) and 58 (system
/// error: I/O) say the database cannot be reached now.
pub(crate) fn backend(e: sqlx::Error) -> StoreError {
    crate::store::store_error(e, |code| ["08", "53", "57P", "58"].iter().any(|class| code.starts_with(class)))
}

impl PgStore {
    /// Connects to `url` (`postgres://…`), checks the server's version and
    /// the user's rights, migrates (`migrations-postgres/`), and adds the
    /// PostGIS point index when the extension can be created.
    ///
    /// # Errors
    /// [`OpenError`], each naming the host and the problem.
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        let (pool, postgis) = connect::open(url).await?;
        Ok(Self { pool, postgis, known: Arc::new(Mutex::new(None)), compact: SharedIndex::default() })
    }

    /// The connection pool, for tests that inspect rows.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The same store answering boxes from the btree on longitude and
    /// latitude, as it does where PostGIS is missing (tests compare both).
    pub fn without_postgis(mut self) -> Self {
        self.postgis = false;
        self
    }

    /// Whether boxes are answered from PostGIS's GiST index.
    pub fn has_postgis(&self) -> bool {
        self.postgis
    }

    /// A write transaction, holding the write lock until it ends.
    pub(crate) async fn begin(&self) -> Result<Transaction<'static, Postgres>, StoreError> {
        begin_write(&self.pool).await.map_err(backend)
    }

    /// A connection of its own for a bulk write ([`write::insert_many`]'s
    /// COPY), closed rather than pooled again when it is dropped: a COPY
    /// whose future is dropped half-way (a request given up) leaves its
    /// connection unfit for the next statement. Begin the write on it
    /// with [`begin_write_on`].
    async fn bulk(&self) -> Result<PoolConnection<Postgres>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        conn.close_on_drop();
        Ok(conn)
    }

    /// Commits a write: only an `Ok` means it is stored.
    pub(crate) async fn commit(&self, tx: Transaction<'_, Postgres>) -> Result<(), StoreError> {
        tx.commit().await.map_err(backend)
    }
}

/// Starts a transaction that holds the write lock of every server on this
/// database until it commits or rolls back.
///
/// # Errors
/// The database's.
pub(crate) async fn begin_write(pool: &PgPool) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITE_LOCK).execute(&mut *tx).await?;
    Ok(tx)
}

/// [`begin_write`] on a connection of the caller's ([`PgStore::bulk`]).
async fn begin_write_on(conn: &mut PgConnection) -> Result<Transaction<'_, Postgres>, StoreError> {
    let mut tx = conn.begin().await.map_err(backend)?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITE_LOCK).execute(&mut *tx).await.map_err(backend)?;
    Ok(tx)
}

//! The one way to write to the database: [`Writer::begin`] gives a
//! [`WriteTx`], a transaction that holds SQLite's write lock from its first
//! statement, and whose connection never goes back to the pool unless it
//! committed (README, "Saves").
//!
//! Why each part is there:
//!
//! - **One writer at a time in this process** (an async mutex), so editors
//!   queue for their turn instead of eight pooled connections fighting for
//!   one lock.
//! - **`BEGIN IMMEDIATE`** takes the write lock before the transaction
//!   reads what it will change. A deferred `BEGIN` reads first and asks for
//!   the lock at its first write; when another connection committed in
//!   between, SQLite refuses at once ("database is locked", codes 5 and
//!   517) instead of waiting, because the reader's snapshot is stale.
//! - **A busy timeout** ([`WRITE_WAIT`]) for writers in other processes
//!   (`rallymap import`, `rallymap editor`): they wait for each other.
//! - **A failed transaction closes its connection.** After a full disk
//!   SQLite may roll the transaction back by itself, may leave it open, and
//!   sqlx's own bookkeeping of the nesting can then disagree with SQLite's;
//!   a connection returned in that state answers later "commits" with a
//!   savepoint release that stores nothing. A closed connection rolls back
//!   whatever it held, and the pool opens a fresh one when space is back.
//!   Our transactions are plain SQL (`BEGIN IMMEDIATE`, `COMMIT`), so sqlx
//!   never turns one into a savepoint.
//! - **After a failure, the next write first checkpoints the WAL**
//!   (`PRAGMA wal_checkpoint(PASSIVE)`, which never waits): the log's pages
//!   go into the database file, so the next transaction starts the log from
//!   its beginning again and writes over space the file already has. On a
//!   disk that filled up, writes go on as soon as any space is back, however
//!   large the log had grown.

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::{Executor, Sqlite, SqliteConnection, SqlitePool};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// How long a write waits for another process's write to finish before it
/// gives up ("saving is unavailable"): long enough for an import of
/// 100,000 events (about 5 s) to commit first.
pub const WRITE_WAIT: Duration = Duration::from_secs(30);

/// Gives out write transactions, one at a time in this process.
#[derive(Debug, Clone)]
pub struct Writer {
    pool: SqlitePool,
    turn: Arc<Mutex<()>>,
    /// A transaction ended without committing since the last checkpoint.
    failed: Arc<AtomicBool>,
}

/// A transaction that holds the write lock. Commit it with
/// [`WriteTx::commit`]; dropped without committing (an error, a cancelled
/// request), its connection is closed, which rolls it back.
///
/// Dereferences to the connection, so the queries of `write.rs` run in it.
#[derive(Debug)]
pub struct WriteTx {
    conn: PoolConnection<Sqlite>,
    committed: bool,
    failed: Arc<AtomicBool>,
    _turn: OwnedMutexGuard<()>,
}

impl Writer {
    /// A writer on `pool`.
    pub fn new(pool: SqlitePool) -> Self {
        Self { pool, turn: Arc::new(Mutex::new(())), failed: Arc::new(AtomicBool::new(false)) }
    }

    /// Waits for this process's turn and SQLite's write lock (up to
    /// [`WRITE_WAIT`] for another process), then starts a transaction.
    ///
    /// # Errors
    /// The pool cannot give a connection, or the lock is still held by
    /// another process after [`WRITE_WAIT`].
    pub async fn begin(&self) -> Result<WriteTx, sqlx::Error> {
        let turn = self.turn.clone().lock_owned().await;
        // A connection found inside a transaction it should not be in is
        // closed and another one tried; the pool holds at most 8.
        let mut last = None;
        for _ in 0..10 {
            let mut conn = self.pool.acquire().await?;
            if self.failed.swap(false, Ordering::AcqRel) {
                if let Err(e) = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").await {
                    tracing::warn!(error = %e, "could not checkpoint the write-ahead log after a failed write");
                    self.failed.store(true, Ordering::Release);
                }
            }
            match conn.execute("BEGIN IMMEDIATE").await {
                Ok(_) => return Ok(WriteTx { conn, committed: false, failed: self.failed.clone(), _turn: turn }),
                Err(e) => {
                    conn.close_on_drop();
                    let nested = e.as_database_error().is_some_and(|d| d.message().contains("within a transaction"));
                    if !nested {
                        return Err(e);
                    }
                    tracing::warn!("closed a pooled connection that was still inside a transaction");
                    last = Some(e);
                }
            }
        }
        Err(last.unwrap_or(sqlx::Error::PoolClosed))
    }
}

impl WriteTx {
    /// Commits. Only an `Ok` means the change is stored.
    ///
    /// # Errors
    /// SQLite's, e.g. a full disk; the connection is then closed and
    /// nothing of the transaction is kept.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        self.conn.execute("COMMIT").await?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if !self.committed {
            self.conn.close_on_drop();
            self.failed.store(true, Ordering::Release);
        }
    }
}

impl Deref for WriteTx {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        &self.conn
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.conn
    }
}

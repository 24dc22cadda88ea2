//! Copying one database into another, empty one, of either kind
//! (`rallymap migrate-data`; README, "Moving between SQLite and
//! PostgreSQL"): events with their versions, the history, editors with
//! their password hashes, sessions and the sign-in throttle.
//!
//! - `events`: events read as rows of the port's columns and written with
//!   the Feature text and search words the target's own writes compute;
//! - `plain`: the tables copied cell for cell (history, accounts, sessions,
//!   throttle);
//! - `check`: after the commit, the target read again and compared.
//!
//! The source is read in one snapshot (a read transaction); the target is
//! written in one write transaction, so a failure anywhere leaves it as it
//! was. What each database derives itself is not copied: SQLite's `rid`,
//! R*Tree and FTS5 rows (triggers), PostgreSQL's `search_words` and PostGIS
//! `point` (generated columns); the counts per day are counted again from
//! the copied events, and the data version is set past both databases'.

mod check;
mod events;
mod plain;

use domain::store::StoreError;
use sha2::{Digest, Sha256};
use sqlx::{Postgres, Sqlite, Transaction};

use super::sqlite::writer::WriteTx;
use super::Opened;

pub use check::{check, Mismatch};

/// A connection inside a transaction, on SQLite (`S`) or PostgreSQL (`P`).
pub(crate) enum Conn<S, P> {
    /// SQLite.
    Sqlite(S),
    /// PostgreSQL.
    Postgres(P),
}

/// The source: a read transaction, one snapshot of every table.
pub(crate) type SourceTx = Conn<Transaction<'static, Sqlite>, Transaction<'static, Postgres>>;

/// The target: a write transaction holding the database's write lock.
pub(crate) type TargetTx = Conn<WriteTx, Transaction<'static, Postgres>>;

/// Runs `$body` with `$c` the connection (`&mut SqliteConnection` or
/// `&mut PgConnection`) and `$pg` whether it is PostgreSQL; the body is
/// compiled once for each.
macro_rules! each {
    ($conn:expr, |$c:ident, $pg:ident| $body:expr) => {
        match $conn {
            $crate::store::copy::Conn::Sqlite(tx) => {
                let $c: &mut sqlx::SqliteConnection = &mut **tx;
                let $pg = false;
                $body
            }
            $crate::store::copy::Conn::Postgres(tx) => {
                let $c: &mut sqlx::PgConnection = &mut **tx;
                let $pg = true;
                $body
            }
        }
    };
}
pub(crate) use each;

/// `n` parameter marks from the `first` (1-based): `?, ?` on SQLite,
/// `$3, $4` on PostgreSQL.
pub(crate) fn marks(pg: bool, first: usize, n: usize) -> String {
    if pg {
        (first..first + n).map(|k| format!("${k}")).collect::<Vec<_>>().join(", ")
    } else {
        vec!["?"; n].join(", ")
    }
}

/// Why a copy failed; the target is as it was.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The target already holds events or editors.
    #[error("not empty ({events} events, {editors} editors)")]
    NotEmpty {
        /// Events in the target, removed ones included.
        events: i64,
        /// Editor accounts in the target.
        editors: i64,
    },
    /// A statement failed.
    #[error("{step}: {source}")]
    Database {
        /// What was being done ("writing event_history").
        step: String,
        /// The database's error.
        source: sqlx::Error,
    },
    /// A row of the source could not be read as what it should hold.
    #[error("reading the source: {0}")]
    Source(#[source] StoreError),
    /// The target refused the counts per day.
    #[error("writing day_counts: {0}")]
    Counts(#[source] StoreError),
}

impl CopyError {
    /// A database error while doing `step`.
    pub(crate) fn at(step: impl Into<String>) -> impl FnOnce(sqlx::Error) -> Self {
        let step = step.into();
        move |source| Self::Database { step, source }
    }
}

/// What was copied, and what the check after the commit compares the
/// target with.
#[derive(Debug)]
pub struct Copied {
    /// Rows copied per table, in the order copied: `events`,
    /// `event_history`, `editors`, `sessions`, `sign_in_failures`.
    pub tables: Vec<(&'static str, u64)>,
    /// Days with public events, counted again from the events.
    pub day_counts: u64,
    /// The target's data version after the copy.
    pub data_version: i64,
    /// Failed sign-ins the target had before (kept: they throttle there).
    failures_before: i64,
    /// A digest per page of events, with the page's first id.
    event_pages: Vec<(String, [u8; 32])>,
    /// The digest of each plain table but the throttle, by name.
    digests: Vec<(&'static str, [u8; 32])>,
    /// The counts per day written.
    counts: Vec<(i32, i64)>,
}

impl Opened {
    /// A read transaction: every later read sees one snapshot.
    async fn read_tx(&self) -> Result<SourceTx, CopyError> {
        let at = CopyError::at("reading the source");
        Ok(match self {
            Self::Sqlite(s) => Conn::Sqlite(s.pool().begin().await.map_err(at)?),
            Self::Postgres(s) => {
                let mut tx = s.pool().begin().await.map_err(CopyError::at("reading the source"))?;
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .execute(&mut *tx)
                    .await
                    .map_err(at)?;
                Conn::Postgres(tx)
            }
        })
    }

    /// A write transaction holding the write lock.
    async fn write_tx(&self) -> Result<TargetTx, CopyError> {
        let at = CopyError::at("starting to write the target");
        Ok(match self {
            Self::Sqlite(s) => Conn::Sqlite(s.writer().begin().await.map_err(at)?),
            Self::Postgres(s) => Conn::Postgres(super::postgres::begin_write(s.pool()).await.map_err(at)?),
        })
    }
}

/// Copies everything of `source` into `target` in one transaction on the
/// target, which must hold no events and no editors.
///
/// # Errors
/// [`CopyError`]; the target is then as it was.
pub async fn copy(source: &Opened, target: &Opened) -> Result<Copied, CopyError> {
    let mut from = source.read_tx().await?;
    let mut to = target.write_tx().await?;
    let (events, editors, failures_before) = each!(&mut to, |c, _pg| {
        sqlx::query_as::<_, (i64, i64, i64)>(
            "SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM editors), \
             (SELECT COUNT(*) FROM sign_in_failures)",
        )
        .fetch_one(c)
        .await
    })
    .map_err(CopyError::at("counting the target's rows"))?;
    if events > 0 || editors > 0 {
        return Err(CopyError::NotEmpty { events, editors });
    }
    let ev = events::copy(&mut from, &mut to).await?;
    let mut tables = vec![("events", ev.rows)];
    let mut digests = Vec::new();
    for table in &plain::TABLES {
        let (rows, digest) = plain::copy(table, &mut from, &mut to).await?;
        tables.push((table.name, rows));
        if table.checked {
            digests.push((table.name, digest));
        }
    }
    let source_version: i64 = each!(&mut from, |c, _pg| {
        sqlx::query_scalar("SELECT version FROM data_version WHERE id = 1").fetch_one(c).await
    })
    .map_err(CopyError::at("reading the source's data_version"))?;
    let counts: Vec<(i32, i64)> = ev.counts.clone().changes().collect();
    let data_version = finish(&mut to, ev.counts, source_version).await?;
    match to {
        Conn::Sqlite(tx) => tx.commit().await,
        Conn::Postgres(tx) => tx.commit().await,
    }
    .map_err(CopyError::at("committing"))?;
    Ok(Copied {
        tables,
        day_counts: counts.len() as u64,
        data_version,
        failures_before,
        event_pages: ev.pages,
        digests,
        counts,
    })
}

/// Writes the counts per day, moves identity sequences past the copied ids
/// (PostgreSQL) and sets the data version past both databases' (so that no
/// ETag or cached answer of either is taken for the copy's); the version.
async fn finish(to: &mut TargetTx, counts: super::sqlite::write::DayCounts, source: i64) -> Result<i64, CopyError> {
    let at = super::sqlite::write::now();
    match to {
        Conn::Sqlite(tx) => counts.write(tx).await.map_err(CopyError::Counts)?,
        Conn::Postgres(tx) => super::postgres::write::write_counts(counts, tx).await.map_err(CopyError::Counts)?,
    }
    if let Conn::Postgres(tx) = to {
        for table in ["event_history", "editors", "reports"] {
            sqlx::query(&format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"))
                .execute(&mut **tx)
                .await
                .map_err(CopyError::at(format!("moving the ids of {table} on")))?;
        }
    }
    each!(to, |c, pg| {
        let target: i64 = sqlx::query_scalar("SELECT version FROM data_version WHERE id = 1")
            .fetch_one(&mut *c)
            .await
            .map_err(CopyError::at("reading the target's data_version"))?;
        let version = source.max(target) + 1;
        sqlx::query(&format!(
            "UPDATE data_version SET version = {}, modified_at = {} WHERE id = 1",
            marks(pg, 1, 1),
            marks(pg, 2, 1)
        ))
        .bind(version)
        .bind(domain::event::format_timestamp(at))
        .execute(c)
        .await
        .map_err(CopyError::at("writing data_version"))?;
        Ok(version)
    })
}

/// A digest of rows, each cell length-prefixed so that no two rows read
/// alike.
#[derive(Default, Clone)]
pub(crate) struct RowDigest(Sha256);

impl RowDigest {
    /// Adds one cell (`None` is not the empty text).
    pub(crate) fn cell(&mut self, value: Option<&[u8]>) {
        match value {
            None => self.0.update([0u8]),
            Some(v) => {
                self.0.update([1u8]);
                self.0.update((v.len() as u64).to_le_bytes());
                self.0.update(v);
            }
        }
    }

    /// The digest so far.
    pub(crate) fn finish(self) -> [u8; 32] {
        self.0.finalize().into()
    }
}

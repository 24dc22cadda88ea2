//! Events: read page by page in id order as the port's columns
//! (`../sqlite/rows.rs`, which convert each database's types), written
//! into the target with the Feature text and search words its own writes
//! compute, keeping each event's version, status, removal and last editor.

use std::ops::DerefMut;

use domain::event::Event;
use domain::store::{Status, StoreError};
use sqlx::{PgConnection, SqliteConnection};

use super::{each, marks, Conn, CopyError, RowDigest, SourceTx, TargetTx};
use crate::store::sqlite::rows::{bind_event_fields, feature_text, field_column_count, EventRow, FIELD_COLUMNS};
use crate::store::sqlite::write::{is_public, DayCounts};

/// Events read per query (and digested per page).
pub(crate) const PAGE: i64 = 2_000;

/// Rows per insert: PostgreSQL takes 65,535 parameters and SQLite 32,766;
/// this uses 500 × 43.
const BATCH: usize = 500;

/// A row of events as stored, with the editing columns.
#[derive(sqlx::FromRow)]
struct StoredRow {
    #[sqlx(flatten)]
    event: EventRow,
    version: i64,
    deleted_at: Option<String>,
    updated_by: Option<String>,
    feature: Option<String>,
}

/// An event as stored.
pub(crate) struct Stored {
    /// Its fields.
    pub event: Event,
    /// Draft or published.
    pub status: Status,
    /// Its version (each save adds one).
    pub version: i64,
    /// When it was removed, if it was.
    pub deleted_at: Option<String>,
    /// Who saved it last.
    pub updated_by: Option<String>,
    /// The Feature text stored with it.
    pub feature: Option<String>,
}

impl StoredRow {
    fn into_stored(self) -> Result<Stored, StoreError> {
        let status = Status::parse(self.event.status()).ok_or_else(|| StoreError::Corrupt {
            id: self.event.id().to_owned(),
            reason: format!("status {:?}", self.event.status()),
        })?;
        Ok(Stored {
            event: self.event.into_event()?,
            status,
            version: self.version,
            deleted_at: self.deleted_at,
            updated_by: self.updated_by,
            feature: self.feature,
        })
    }
}

impl Stored {
    /// Adds the event to `digest` as the check compares it: id, version,
    /// status, removal, editor and `feature`, the Feature of its fields.
    pub(crate) fn digest(&self, feature: &str, digest: &mut RowDigest) {
        digest.cell(Some(self.event.id.as_bytes()));
        digest.cell(Some(&self.version.to_le_bytes()));
        digest.cell(Some(self.status.as_str().as_bytes()));
        digest.cell(self.deleted_at.as_deref().map(str::as_bytes));
        digest.cell(self.updated_by.as_deref().map(str::as_bytes));
        digest.cell(Some(feature.as_bytes()));
    }
}

/// Up to [`PAGE`] events with ids after `after`, in id order (bytewise
/// on both databases).
pub(crate) async fn page<S, P>(c: &mut Conn<S, P>, after: &str) -> Result<Vec<Stored>, CopyError>
where
    S: DerefMut<Target = SqliteConnection>,
    P: DerefMut<Target = PgConnection>,
{
    let rows: Vec<StoredRow> = each!(c, |c, pg| {
        sqlx::query_as(&format!(
            "SELECT {}, version, deleted_at, updated_by, feature FROM events WHERE id > {} ORDER BY id LIMIT {PAGE}",
            *FIELD_COLUMNS,
            marks(pg, 1, 1)
        ))
        .bind(after)
        .fetch_all(c)
        .await
    })
    .map_err(CopyError::at("reading events"))?;
    rows.into_iter().map(|r| r.into_stored().map_err(CopyError::Source)).collect()
}

/// What copying the events gave.
pub(crate) struct EventsCopied {
    /// Rows copied.
    pub rows: u64,
    /// The public events' counts per day.
    pub counts: DayCounts,
    /// Each page's first id and digest.
    pub pages: Vec<(String, [u8; 32])>,
}

/// Copies every event.
pub(crate) async fn copy(from: &mut SourceTx, to: &mut TargetTx) -> Result<EventsCopied, CopyError> {
    let mut done = EventsCopied { rows: 0, counts: DayCounts::default(), pages: Vec::new() };
    let mut after = String::new();
    let mut next_rid = 1i64;
    loop {
        let rows = page(from, &after).await?;
        let Some(last) = rows.last() else { break };
        after = last.event.id.clone();
        let features = rows.iter().map(|s| feature_text(&s.event)).collect::<Result<Vec<_>, _>>();
        let features = features.map_err(CopyError::Source)?;
        let mut digest = RowDigest::default();
        for (s, f) in rows.iter().zip(&features) {
            s.digest(f, &mut digest);
            if is_public(s.status, s.deleted_at.is_some()) {
                done.counts.add(&s.event, 1);
            }
        }
        done.pages.push((rows[0].event.id.clone(), digest.finish()));
        insert(to, &rows, &features, &mut next_rid).await?;
        done.rows += rows.len() as u64;
    }
    Ok(done)
}

/// Inserts `rows` with their `features`, [`BATCH`] per statement; on
/// SQLite each gets the next `rid` (the R*Tree's and FTS5's key).
async fn insert(to: &mut TargetTx, rows: &[Stored], features: &[String], next_rid: &mut i64) -> Result<(), CopyError> {
    let texts: Vec<String> = rows.iter().map(|s| domain::search::document(&s.event)).collect();
    each!(to, |c, pg| {
        let per_row = field_column_count() + if pg { 5 } else { 6 };
        for (k, chunk) in rows.chunks(BATCH).enumerate() {
            let values: Vec<String> =
                (0..chunk.len()).map(|i| format!("({})", marks(pg, 1 + i * per_row, per_row))).collect();
            let sql = format!(
                "INSERT INTO events ({}, feature, search_text, version, deleted_at, updated_by{}) VALUES {}",
                *FIELD_COLUMNS,
                if pg { "" } else { ", rid" },
                values.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for (i, s) in chunk.iter().enumerate() {
                let n = k * BATCH + i;
                q = bind_event_fields!(q, &s.event, s.status)
                    .bind(features[n].as_str())
                    .bind(texts[n].as_str())
                    .bind(s.version)
                    .bind(s.deleted_at.as_deref())
                    .bind(s.updated_by.as_deref());
                if !pg {
                    q = q.bind(*next_rid);
                    *next_rid += 1;
                }
            }
            q.execute(&mut *c).await.map_err(CopyError::at("writing events"))?;
        }
        Ok(())
    })
}

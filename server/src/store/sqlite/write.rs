//! Writes: each is one transaction that stores the row with its Feature
//! text, keeps the counts per day in step, bumps the data version and (for
//! editors' changes) records the history. The R*Tree follows the rows by
//! triggers (migrations/0004).

use std::collections::BTreeMap;

use domain::dates::day_number;
use domain::event::{format_timestamp, Event};
use domain::store::{Action, Revision, Status, StoreError};
use sqlx::SqliteConnection;
use time::OffsetDateTime;

use super::backend;
use super::rows::{bind_fields, feature_text, field_column_count, RevisionRow, EDIT_COLUMNS, FIELD_COLUMNS};

/// Now, in whole seconds (what `updated_at` keeps).
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t)
}

/// A stored previous version in the history: the Feature and its status.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    /// The event as a GeoJSON Feature.
    pub feature: geojson::Feature,
    /// Draft or published.
    pub status: Status,
}

/// Counts to add (or take away) per day number.
#[derive(Debug, Default, Clone)]
pub struct DayCounts(BTreeMap<i32, i64>);

impl DayCounts {
    /// Counts `e` on every day of its range, `sign` +1 or -1.
    pub fn add(&mut self, e: &Event, sign: i64) {
        for d in day_number(e.dates.start)..=day_number(e.dates.end) {
            *self.0.entry(d).or_default() += sign;
        }
    }

    /// The changes to write, by day number (none of zero).
    pub fn changes(self) -> impl Iterator<Item = (i32, i64)> {
        self.0.into_iter().filter(|(_, n)| *n != 0)
    }

    /// Writes the changes; days that drop to zero are removed, so that the
    /// first and last rows are the data's extent.
    pub async fn write(self, tx: &mut SqliteConnection) -> Result<(), StoreError> {
        for (day, n) in self.0.into_iter().filter(|(_, n)| *n != 0) {
            sqlx::query(
                "INSERT INTO day_counts (day, n) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET n = n + excluded.n",
            )
            .bind(day)
            .bind(n)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        sqlx::query("DELETE FROM day_counts WHERE n <= 0").execute(&mut *tx).await.map_err(backend)?;
        Ok(())
    }
}

/// Bumps the data version (in the same transaction as the change).
pub async fn bump_version(tx: &mut SqliteConnection, at: OffsetDateTime) -> Result<(), StoreError> {
    sqlx::query("UPDATE data_version SET version = version + 1, modified_at = ? WHERE id = 1")
        .bind(format_timestamp(at))
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    Ok(())
}

/// The revision `id`, removed or not.
pub async fn load(tx: &mut SqliteConnection, id: &str) -> Result<Option<Revision>, StoreError> {
    let row: Option<RevisionRow> =
        sqlx::query_as(&format!("SELECT {}, {EDIT_COLUMNS} FROM events WHERE id = ?", *FIELD_COLUMNS))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
    row.map(RevisionRow::into_revision).transpose()
}

/// `?, ?, …` for `n` parameters.
pub fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Inserts `e` (its `updated_at` already set) at version 1;
/// [`StoreError::DuplicateId`] when its id is taken.
pub async fn insert_row(
    tx: &mut SqliteConnection,
    e: &Event,
    status: Status,
    editor: Option<&str>,
) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO events ({}, feature, search_text, updated_by, version, rid) \
         VALUES ({}, ?, ?, ?, 1, (SELECT COALESCE(MAX(rid), 0) + 1 FROM events))",
        *FIELD_COLUMNS,
        placeholders(field_column_count())
    );
    let result = bind_fields(sqlx::query(&sql), e, status)?
        .bind(feature_text(e)?)
        .bind(domain::search::document(e))
        .bind(editor)
        .execute(&mut *tx)
        .await;
    match result {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => Err(StoreError::DuplicateId(e.id.clone())),
        Err(x) => Err(backend(x)),
    }
}

/// Rows per statement when loading many events: one statement for many
/// rows saves the round trip to sqlx's SQLite thread that each statement
/// costs (SQLite allows 32,766 parameters; this uses 200 × 24).
const BATCH: usize = 200;

/// Inserts events at version 1 with `status`, changed at `at` by `editor`
/// (`None` for a load), [`BATCH`] rows per statement;
/// [`StoreError::DuplicateId`] when an id is taken (which one is found by
/// trying the batch's rows one by one).
pub async fn insert_many(
    tx: &mut SqliteConnection,
    events: &[Event],
    at: OffsetDateTime,
    status: Status,
    editor: Option<&str>,
) -> Result<(), StoreError> {
    let mut next_rid: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(rid), 0) + 1 FROM events")
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
    let row = format!("({}, ?, ?, ?, 1, ?)", placeholders(field_column_count()));
    for batch in events.chunks(BATCH) {
        let batch: Vec<Event> = batch.iter().map(|e| Event { updated_at: Some(at), ..e.clone() }).collect();
        let batch = batch.as_slice();
        let sql = format!(
            "INSERT INTO events ({}, feature, search_text, updated_by, version, rid) VALUES {}",
            *FIELD_COLUMNS,
            vec![row.as_str(); batch.len()].join(", ")
        );
        let features = batch.iter().map(feature_text).collect::<Result<Vec<_>, _>>()?;
        let texts: Vec<String> = batch.iter().map(domain::search::document).collect();
        let mut q = sqlx::query(&sql);
        for ((e, f), t) in batch.iter().zip(&features).zip(&texts) {
            q = bind_fields(q, e, status)?.bind(f.as_str()).bind(t.as_str()).bind(editor).bind(next_rid);
            next_rid += 1;
        }
        match q.execute(&mut *tx).await {
            Ok(_) => {}
            Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                for e in batch {
                    let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM events WHERE id = ?")
                        .bind(&e.id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(backend)?;
                    if taken.is_some() || batch.iter().filter(|x| x.id == e.id).count() > 1 {
                        return Err(StoreError::DuplicateId(e.id.clone()));
                    }
                }
                return Err(StoreError::DuplicateId(batch[0].id.clone()));
            }
            Err(x) => return Err(backend(x)),
        }
    }
    Ok(())
}

/// Writes `e` over the row `e.id` if it is at `expected` version; the
/// version goes up by one. `Conflict` or `NotFound` otherwise.
pub async fn overwrite(
    tx: &mut SqliteConnection,
    e: &Event,
    status: Status,
    deleted_at: Option<&str>,
    expected: i64,
    editor: &str,
) -> Result<(), StoreError> {
    let assignments: Vec<String> = FIELD_COLUMNS.split(", ").map(|c| format!("{c} = ?")).collect();
    let sql = format!(
        "UPDATE events SET {}, feature = ?, search_text = ?, updated_by = ?, deleted_at = ?, version = version + 1 \
         WHERE id = ? AND version = ?",
        assignments.join(", ")
    );
    let r = bind_fields(sqlx::query(&sql), e, status)?
        .bind(feature_text(e)?)
        .bind(domain::search::document(e))
        .bind(editor)
        .bind(deleted_at)
        .bind(&e.id)
        .bind(expected)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    if r.rows_affected() == 1 {
        return Ok(());
    }
    match load(tx, &e.id).await? {
        Some(now) => Err(StoreError::Conflict { id: e.id.clone(), current: now.version }),
        None => Err(StoreError::NotFound(e.id.clone())),
    }
}

/// Records a change with the full previous version.
pub async fn record(
    tx: &mut SqliteConnection,
    id: &str,
    version: i64,
    action: Action,
    editor: &str,
    at: &str,
    previous: Option<&Revision>,
) -> Result<(), StoreError> {
    record_noted(tx, id, version, action, editor, at, previous, None).await
}

/// [`record`] with a note ("imported from FILE").
#[allow(clippy::too_many_arguments)]
pub async fn record_noted(
    tx: &mut SqliteConnection,
    id: &str,
    version: i64,
    action: Action,
    editor: &str,
    at: &str,
    previous: Option<&Revision>,
    note: Option<&str>,
) -> Result<(), StoreError> {
    let previous = previous
        .map(|p| {
            serde_json::to_string(&Snapshot { feature: domain::geojson::to_feature(&p.event), status: p.status })
                .map_err(|e| StoreError::Backend(Box::new(e)))
        })
        .transpose()?;
    sqlx::query(
        "INSERT INTO event_history (event_id, version, action, editor, at, previous, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(version)
    .bind(action.as_str())
    .bind(editor)
    .bind(at)
    .bind(previous)
    .bind(note)
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    Ok(())
}

/// Records the creation of each of `ids` at version 1 by an import, 500
/// rows per statement (one statement per event would cost a round trip
/// each).
pub async fn record_imports(
    tx: &mut SqliteConnection,
    ids: &[&str],
    editor: &str,
    at: &str,
    note: &str,
) -> Result<(), StoreError> {
    for chunk in ids.chunks(500) {
        let sql = format!(
            "INSERT INTO event_history (event_id, version, action, editor, at, previous, note) VALUES {}",
            vec!["(?, 1, ?, ?, ?, NULL, ?)"; chunk.len()].join(", ")
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id).bind(Action::Imported.as_str()).bind(editor).bind(at).bind(note);
        }
        q.execute(&mut *tx).await.map_err(backend)?;
    }
    Ok(())
}

/// Which of `ids` have a row (published, draft or removed).
pub async fn taken_ids(
    conn: &mut sqlx::SqliteConnection,
    ids: &[String],
) -> Result<std::collections::HashSet<String>, StoreError> {
    let mut taken = std::collections::HashSet::new();
    for chunk in ids.chunks(500) {
        let sql = format!("SELECT id FROM events WHERE id IN ({})", placeholders(chunk.len()));
        let mut q = sqlx::query_scalar::<_, String>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        taken.extend(q.fetch_all(&mut *conn).await.map_err(backend)?);
    }
    Ok(taken)
}

/// Whether a revision is on the public map.
pub fn is_public(status: Status, deleted: bool) -> bool {
    status == Status::Published && !deleted
}

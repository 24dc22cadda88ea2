//! Writes, as `../sqlite/write.rs` makes them: each is one transaction
//! (holding the write lock, [`super::begin_write`]) that stores the row with
//! its Feature text and folded words, keeps the counts per day in step,
//! bumps the data version and records the history.

use std::collections::HashSet;

use domain::event::{format_timestamp, Event};
use domain::store::{Action, Revision, Status, StoreError};
use sqlx::PgConnection;
use time::OffsetDateTime;

use super::{backend, copy};
use crate::store::sqlite::rows::{
    bind_event_fields, feature_text, field_column_count, RevisionRow, EDIT_COLUMNS, FIELD_COLUMNS,
};

pub use crate::store::sqlite::write::{is_public, now, DayCounts, Snapshot};

/// Writes the day counts' changes; days that drop to zero are removed.
pub async fn write_counts(counts: DayCounts, tx: &mut PgConnection) -> Result<(), StoreError> {
    for (day, n) in counts.changes() {
        sqlx::query("INSERT INTO day_counts (day, n) VALUES ($1, $2) ON CONFLICT (day) DO UPDATE SET n = day_counts.n + excluded.n")
            .bind(day)
            .bind(n)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
    }
    sqlx::query("DELETE FROM day_counts WHERE n <= 0").execute(&mut *tx).await.map_err(backend)?;
    Ok(())
}

/// Bumps the data version (in the same transaction as the change).
pub async fn bump_version(tx: &mut PgConnection, at: OffsetDateTime) -> Result<(), StoreError> {
    sqlx::query("UPDATE data_version SET version = version + 1, modified_at = $1 WHERE id = 1")
        .bind(format_timestamp(at))
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    Ok(())
}

/// The revision `id`, removed or not.
pub async fn load(tx: &mut PgConnection, id: &str) -> Result<Option<Revision>, StoreError> {
    let row: Option<RevisionRow> =
        sqlx::query_as(&format!("SELECT {}, {EDIT_COLUMNS} FROM events WHERE id = $1", *FIELD_COLUMNS))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
    row.map(RevisionRow::into_revision).transpose()
}

/// `$first, $first+1, …` for `n` parameters.
pub fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|k| format!("${k}")).collect::<Vec<_>>().join(", ")
}

/// Inserts `e` (its `updated_at` already set) at version 1 with one
/// INSERT; [`StoreError::DuplicateId`] when its id is taken.
pub async fn insert_row(
    tx: &mut PgConnection,
    e: &Event,
    status: Status,
    editor: Option<&str>,
) -> Result<(), StoreError> {
    if !taken_ids(tx, std::slice::from_ref(&e.id)).await?.is_empty() {
        return Err(StoreError::DuplicateId(e.id.clone()));
    }
    let e = &Event { updated_at: Some(e.updated_at.unwrap_or_else(now)), ..e.clone() };
    let n = field_column_count();
    let sql = format!(
        "INSERT INTO events ({}, feature, search_text, updated_by, version) VALUES ({}, 1)",
        *FIELD_COLUMNS,
        placeholders(1, n + 3)
    );
    bind_event_fields!(sqlx::query(&sql), e, status)
        .bind(feature_text(e)?)
        .bind(domain::search::document(e))
        .bind(editor)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    Ok(())
}

/// Ids looked up at once before a COPY.
const ID_CHUNK: usize = 10_000;
/// Bytes of rows sent to a COPY per message.
const COPY_CHUNK: usize = 1 << 20;

/// Inserts events at version 1 with `status`, changed at `at` by `editor`
/// (`None` for a load), with one `COPY … FROM STDIN` ([`super::copy`]);
/// [`StoreError::DuplicateId`] when an id is taken or repeated, found
/// before anything is written (a failed statement would end the
/// transaction).
///
/// `tx` must be on a connection that is closed rather than pooled again
/// ([`super::PgStore::bulk`]): a COPY whose future is dropped half-way
/// leaves its connection unfit for another statement.
pub async fn insert_many(
    tx: &mut PgConnection,
    events: &[Event],
    at: OffsetDateTime,
    status: Status,
    editor: Option<&str>,
) -> Result<(), StoreError> {
    let mut seen = HashSet::new();
    if let Some(e) = events.iter().find(|e| !seen.insert(e.id.as_str())) {
        return Err(StoreError::DuplicateId(e.id.clone()));
    }
    for chunk in events.chunks(ID_CHUNK) {
        let ids: Vec<String> = chunk.iter().map(|e| e.id.clone()).collect();
        let taken = taken_ids(tx, &ids).await?;
        if let Some(e) = chunk.iter().find(|e| taken.contains(&e.id)) {
            return Err(StoreError::DuplicateId(e.id.clone()));
        }
    }
    if events.is_empty() {
        return Ok(());
    }
    let mut copy = tx.copy_in_raw(&copy::statement()).await.map_err(backend)?;
    let mut rows = Vec::with_capacity(COPY_CHUNK + 16 * 1024);
    for e in events {
        let e = Event { updated_at: Some(at), ..e.clone() };
        if let Err(x) = copy::write_event(&mut rows, &e, status, editor) {
            copy.abort("an event could not be written").await.map_err(backend)?;
            return Err(x);
        }
        if rows.len() >= COPY_CHUNK {
            copy.send(rows.as_slice()).await.map_err(backend)?;
            rows.clear();
        }
    }
    if !rows.is_empty() {
        copy.send(rows.as_slice()).await.map_err(backend)?;
    }
    match copy.finish().await {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => Err(StoreError::DuplicateId(events[0].id.clone())),
        Err(x) => Err(backend(x)),
    }
}

/// Writes `e` over the row `e.id` if it is at `expected` version; the
/// version goes up by one. `Conflict` or `NotFound` otherwise.
pub async fn overwrite(
    tx: &mut PgConnection,
    e: &Event,
    status: Status,
    deleted_at: Option<&str>,
    expected: i64,
    editor: &str,
) -> Result<(), StoreError> {
    let n = field_column_count();
    let assignments: Vec<String> =
        FIELD_COLUMNS.split(", ").enumerate().map(|(k, c)| format!("{c} = ${}", k + 1)).collect();
    let sql = format!(
        "UPDATE events SET {}, feature = ${}, search_text = ${}, updated_by = ${}, deleted_at = ${}, \
         version = version + 1 WHERE id = ${} AND version = ${}",
        assignments.join(", "),
        n + 1,
        n + 2,
        n + 3,
        n + 4,
        n + 5,
        n + 6
    );
    let r = bind_event_fields!(sqlx::query(&sql), e, status)
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

/// Records a change with the full previous version and an optional note.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    tx: &mut PgConnection,
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
        "INSERT INTO event_history (event_id, version, action, editor, at, previous, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
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

/// Records the creation of each of `ids` at version 1 by an import, in
/// their order, with one `COPY … FROM STDIN` (on a connection as
/// [`insert_many`] needs).
pub async fn record_imports(
    tx: &mut PgConnection,
    ids: &[&str],
    editor: &str,
    at: &str,
    note: &str,
) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut copy = tx.copy_in_raw(copy::HISTORY).await.map_err(backend)?;
    let mut rows = Vec::with_capacity(COPY_CHUNK + 1024);
    for id in ids {
        copy::write_history(&mut rows, id, Action::Imported, editor, at, note);
        if rows.len() >= COPY_CHUNK {
            copy.send(rows.as_slice()).await.map_err(backend)?;
            rows.clear();
        }
    }
    if !rows.is_empty() {
        copy.send(rows.as_slice()).await.map_err(backend)?;
    }
    copy.finish().await.map_err(backend)?;
    Ok(())
}

/// The secondary indexes of `events` (every one but the primary key), set
/// aside while a bulk write fills an empty table: building an index once
/// over a million rows takes a fraction of the time of keeping it up to
/// date row by row (PostgreSQL's manual, "Populating a Database").
#[derive(Debug, Default)]
#[must_use = "the indexes must be built again before the transaction commits"]
pub struct SetAside(Vec<String>);

/// Drops the secondary indexes of `events` when it has no row at all (a
/// first load), remembering their definitions; nothing otherwise. The
/// drop locks the table until the transaction ends, so readers of the
/// still empty table wait for the load.
pub async fn set_aside_indexes(tx: &mut PgConnection) -> Result<SetAside, StoreError> {
    let empty: bool =
        sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM events)").fetch_one(&mut *tx).await.map_err(backend)?;
    if !empty {
        return Ok(SetAside::default());
    }
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i \
         WHERE i.indrelid = 'events'::regclass AND NOT i.indisprimary ORDER BY 1",
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(backend)?;
    for (name, _) in &indexes {
        sqlx::query(&format!("DROP INDEX {name}")).execute(&mut *tx).await.map_err(backend)?;
    }
    Ok(SetAside(indexes.into_iter().map(|(_, definition)| definition).collect()))
}

/// Builds the indexes of [`set_aside_indexes`] again, as they were.
pub async fn rebuild_indexes(tx: &mut PgConnection, set_aside: SetAside) -> Result<(), StoreError> {
    if set_aside.0.is_empty() {
        return Ok(());
    }
    sqlx::query("SET LOCAL maintenance_work_mem = '256MB'").execute(&mut *tx).await.map_err(backend)?;
    for definition in set_aside.0 {
        sqlx::query(&definition).execute(&mut *tx).await.map_err(backend)?;
    }
    Ok(())
}

/// Which of `ids` have a row (published, draft or removed).
pub async fn taken_ids(conn: &mut PgConnection, ids: &[String]) -> Result<HashSet<String>, StoreError> {
    let found: Vec<String> = sqlx::query_scalar("SELECT id FROM events WHERE id = ANY($1)")
        .bind(ids)
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
    Ok(found.into_iter().collect())
}

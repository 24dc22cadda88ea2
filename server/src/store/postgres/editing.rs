//! [`EventEditor`] on PostgreSQL: editors' changes, one transaction each
//! under the write lock, checked against the version the editor started
//! from and recorded with the full previous version (as on SQLite).

use domain::event::{format_timestamp, Event};
use domain::store::{Action, EventEditor, HistoryEntry, Revision, Status, StoreError};

use super::write::{
    bump_version, insert_row, is_public, load, now, overwrite, record, write_counts, DayCounts, Snapshot,
};
use super::{backend, PgStore};
use crate::store::sqlite::rows::{RevisionRow, EDIT_COLUMNS, FIELD_COLUMNS};

impl PgStore {
    /// One change to an existing event in one transaction (see the SQLite
    /// store's `apply`).
    async fn apply(
        &self,
        id: &str,
        action: Action,
        expected: i64,
        editor: &str,
        next: impl FnOnce(&Revision) -> (Event, Status, bool),
    ) -> Result<Revision, StoreError> {
        let at = now();
        let stamp = format_timestamp(at);
        let mut tx = self.begin().await?;
        let before = load(&mut tx, id).await?.ok_or_else(|| StoreError::NotFound(id.to_owned()))?;
        let (mut event, status, deleted) = next(&before);
        event.updated_at = Some(at);
        let deleted_at = deleted.then(|| stamp.clone());
        overwrite(&mut tx, &event, status, deleted_at.as_deref(), expected, editor).await?;
        record(&mut tx, id, expected + 1, action, editor, &stamp, Some(&before), None).await?;
        let mut counts = DayCounts::default();
        if is_public(before.status, before.deleted) {
            counts.add(&before.event, -1);
        }
        if is_public(status, deleted) {
            counts.add(&event, 1);
        }
        write_counts(counts, &mut tx).await?;
        bump_version(&mut tx, at).await?;
        let saved = load(&mut tx, id).await?.ok_or_else(|| StoreError::NotFound(id.to_owned()))?;
        self.commit(tx).await?;
        Ok(saved)
    }
}

#[async_trait::async_trait]
impl EventEditor for PgStore {
    async fn list_for_editors(&self) -> Result<Vec<Revision>, StoreError> {
        let rows: Vec<RevisionRow> = sqlx::query_as(&format!(
            "SELECT {}, {EDIT_COLUMNS} FROM events ORDER BY updated_at DESC, id",
            *FIELD_COLUMNS
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter().map(RevisionRow::into_revision).collect()
    }

    async fn revision(&self, id: &str) -> Result<Option<Revision>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        load(&mut conn, id).await
    }

    async fn create(&self, event: &Event, status: Status, editor: &str) -> Result<Revision, StoreError> {
        let at = now();
        let mut tx = self.begin().await?;
        let mut e = Event { updated_at: Some(at), ..event.clone() };
        if e.id.is_empty() {
            let base = domain::ids::id_base(e.dates.start, &e.location_name);
            let mut n = 1;
            e.id = base.clone();
            while load(&mut tx, &e.id).await?.is_some() {
                n += 1;
                e.id = format!("{base}-{n}");
            }
        }
        insert_row(&mut tx, &e, status, Some(editor)).await?;
        record(&mut tx, &e.id, 1, Action::Created, editor, &format_timestamp(at), None, None).await?;
        if is_public(status, false) {
            let mut counts = DayCounts::default();
            counts.add(&e, 1);
            write_counts(counts, &mut tx).await?;
        }
        bump_version(&mut tx, at).await?;
        let saved = load(&mut tx, &e.id).await?.ok_or_else(|| StoreError::NotFound(e.id.clone()))?;
        self.commit(tx).await?;
        Ok(saved)
    }

    async fn update(
        &self,
        event: &Event,
        status: Status,
        expected_version: i64,
        editor: &str,
    ) -> Result<Revision, StoreError> {
        self.apply(&event.id, Action::Updated, expected_version, editor, |b| (event.clone(), status, b.deleted)).await
    }

    async fn set_deleted(
        &self,
        id: &str,
        deleted: bool,
        expected_version: i64,
        editor: &str,
    ) -> Result<Revision, StoreError> {
        let action = if deleted { Action::Deleted } else { Action::Restored };
        self.apply(id, action, expected_version, editor, |b| (b.event.clone(), b.status, deleted)).await
    }

    async fn history(&self, id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows: Vec<(i64, i64, String, String, String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT id, version, action, editor, at, previous, note FROM event_history WHERE event_id = $1 \
             ORDER BY id DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|(hid, version, action, editor, at, previous, note)| {
                let corrupt = |reason: String| StoreError::Corrupt { id: id.to_owned(), reason };
                let action = Action::parse(&action).ok_or_else(|| corrupt(format!("history action {action:?}")))?;
                let previous = previous
                    .map(|p| -> Result<(Event, Status), StoreError> {
                        let snap: Snapshot = serde_json::from_str(&p).map_err(|e| corrupt(e.to_string()))?;
                        let event = domain::geojson::from_feature(&snap.feature).map_err(|v| corrupt(v.to_string()))?;
                        Ok((event, snap.status))
                    })
                    .transpose()?;
                Ok(HistoryEntry { id: hid, version, action, editor, at, previous, note })
            })
            .collect()
    }

    async fn revert(&self, id: &str, entry: i64, expected_version: i64, editor: &str) -> Result<Revision, StoreError> {
        let previous: Option<Option<String>> =
            sqlx::query_scalar("SELECT previous FROM event_history WHERE event_id = $1 AND id = $2")
                .bind(id)
                .bind(entry)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        let not_found = || StoreError::NotFound(format!("{id} history {entry}"));
        let snap: Snapshot = serde_json::from_str(&previous.flatten().ok_or_else(not_found)?)
            .map_err(|e| StoreError::Corrupt { id: id.to_owned(), reason: e.to_string() })?;
        let event = domain::geojson::from_feature(&snap.feature)
            .map_err(|v| StoreError::Corrupt { id: id.to_owned(), reason: v.to_string() })?;
        self.apply(id, Action::Reverted, expected_version, editor, |b| (event, snap.status, b.deleted)).await
    }
}

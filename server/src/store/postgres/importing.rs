//! [`EventImporter`] on PostgreSQL: many events in one transaction under
//! the write lock (the seed, made-up data, editors' imports), with their
//! history and day counts, as on SQLite. New rows go in by `COPY … FROM
//! STDIN` ([`super::copy`]), on a connection of their own.

use domain::event::{format_timestamp, Event};
use domain::store::{
    Action, DatasetMember, EventBatches, EventImporter, ImportCounts, ImportPlan, Revision, Status, StoreError, SyncKey,
};

use super::write::{self, bump_version, is_public, load, now, overwrite, write_counts, DayCounts};
use super::{backend, begin_write_on, PgStore};

#[async_trait::async_trait]
impl EventImporter for PgStore {
    async fn insert_all(&self, events: &[Event]) -> Result<(), StoreError> {
        let batch = events.to_vec();
        self.load(Box::pin(futures_util::stream::once(async move { Ok(batch) }))).await.map(|_| ())
    }

    async fn load(&self, mut batches: EventBatches) -> Result<u64, StoreError> {
        use futures_util::StreamExt;
        let at = now();
        let mut conn = self.bulk().await?;
        let mut tx = begin_write_on(&mut conn).await?;
        let set_aside = write::set_aside_indexes(&mut tx).await?;
        let mut counts = DayCounts::default();
        let mut stored = 0u64;
        while let Some(batch) = batches.next().await {
            // Dropping the transaction rolls back everything stored so far.
            let batch = batch.map_err(StoreError::Abandoned)?;
            write::insert_many(&mut tx, &batch, at, Status::Published, None).await?;
            for e in &batch {
                counts.add(e, 1);
            }
            stored += batch.len() as u64;
        }
        write::rebuild_indexes(&mut tx, set_aside).await?;
        write_counts(counts, &mut tx).await?;
        bump_version(&mut tx, at).await?;
        self.commit(tx).await?;
        Ok(stored)
    }

    async fn existing_ids(&self, ids: &[String]) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        write::taken_ids(&mut conn, ids).await
    }

    async fn import(&self, events: &[Event], plan: &ImportPlan) -> Result<ImportCounts, StoreError> {
        let at = now();
        let stamp = format_timestamp(at);
        let mut conn = self.bulk().await?;
        let mut tx = begin_write_on(&mut conn).await?;
        let ids: Vec<String> = events.iter().map(|e| e.id.clone()).collect();
        let taken = write::taken_ids(&mut tx, &ids).await?;
        let (old, new): (Vec<&Event>, Vec<&Event>) = events.iter().partition(|e| taken.contains(&e.id));
        if let (Some(e), false) = (old.first(), plan.update_existing) {
            return Err(StoreError::DuplicateId(e.id.clone()));
        }
        let mut counts = DayCounts::default();
        let new: Vec<Event> = new.into_iter().cloned().collect();
        let set_aside = write::set_aside_indexes(&mut tx).await?;
        write::insert_many(&mut tx, &new, at, plan.status, Some(&plan.editor)).await?;
        write::rebuild_indexes(&mut tx, set_aside).await?;
        let new_ids: Vec<&str> = new.iter().map(|e| e.id.as_str()).collect();
        write::record_imports(&mut tx, &new_ids, &plan.editor, &stamp, &plan.note).await?;
        if is_public(plan.status, false) {
            for e in &new {
                counts.add(e, 1);
            }
        }
        for e in &old {
            let before = load(&mut tx, &e.id).await?.ok_or_else(|| StoreError::NotFound(e.id.clone()))?;
            let event = Event { updated_at: Some(at), ..(*e).clone() };
            let deleted_at = before.deleted.then(|| stamp.clone());
            // A sync brings the dataset's change, not a decision to publish.
            let status = if plan.keep_status { before.status } else { plan.status };
            overwrite(&mut tx, &event, status, deleted_at.as_deref(), before.version, &plan.editor).await?;
            write::record(
                &mut tx,
                &e.id,
                before.version + 1,
                Action::Imported,
                &plan.editor,
                &stamp,
                Some(&before),
                Some(&plan.note),
            )
            .await?;
            if is_public(before.status, before.deleted) {
                counts.add(&before.event, -1);
            }
            if is_public(status, before.deleted) {
                counts.add(&event, 1);
            }
        }
        write_counts(counts, &mut tx).await?;
        bump_version(&mut tx, at).await?;
        self.commit(tx).await?;
        Ok(ImportCounts { created: new.len(), updated: old.len() })
    }

    async fn sync_keys(&self, ids: &[String]) -> Result<Vec<SyncKey>, StoreError> {
        let rows: Vec<(String, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT id, dataset, upstream_updated_at FROM events WHERE id = ANY($1) ORDER BY id")
                .bind(ids)
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
        rows.into_iter()
            .map(|(id, dataset, upstream)| {
                let upstream_updated_at = upstream
                    .map(|t| {
                        time::OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339).map_err(|e| {
                            StoreError::Corrupt { id: id.clone(), reason: format!("upstream_updated_at: {e}") }
                        })
                    })
                    .transpose()?;
                Ok(SyncKey { id, dataset, upstream_updated_at })
            })
            .collect()
    }

    async fn revisions(&self, ids: &[String]) -> Result<Vec<Revision>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(r) = load(&mut conn, id).await? {
                found.push(r);
            }
        }
        Ok(found)
    }

    async fn dataset_members(&self, dataset: &str) -> Result<Vec<DatasetMember>, StoreError> {
        let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, title, external_id FROM events WHERE dataset = $1 AND deleted_at IS NULL ORDER BY id",
        )
        .bind(dataset)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(|(id, title, external_id)| DatasetMember { id, title, external_id }).collect())
    }
}

//! Rows stored before reads kept their Feature text and day numbers
//! (migration 0004) get them once, at open: the day numbers from the dates,
//! then each row read as any row is (`rows.rs`, the one column list) and
//! validated again as a Feature, as any write is. Rows from before
//! migration 0007 get their `actors` text as `participants` (`move_actors`).

use domain::dates::{day_number, parse_date};
use domain::store::{Status, StoreError};

use super::rows::{self, FIELD_COLUMNS};
use super::write::{bump_version, now, DayCounts};
use super::{backend, SqliteStore};

impl SqliteStore {
    /// Brings rows without a stored Feature up to date, in one transaction.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] for a row that no longer validates (nothing
    /// is changed then), or the database's.
    pub(super) async fn backfill(&self) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let old: Vec<(String, String, String)> =
            sqlx::query_as("SELECT id, date_start, date_end FROM events WHERE feature IS NULL")
                .fetch_all(&mut *tx)
                .await
                .map_err(backend)?;
        if old.is_empty() {
            // The write lock is one: let go of it before moving the actors.
            drop(tx);
            return self.move_actors().await;
        }
        for (id, start, end) in &old {
            let day = |d: &str| {
                parse_date(d).map(day_number).map_err(|e| StoreError::Corrupt { id: id.clone(), reason: e.to_string() })
            };
            sqlx::query("UPDATE events SET day_start = ?, day_end = ? WHERE id = ?")
                .bind(day(start)?)
                .bind(day(end)?)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        let rows: Vec<rows::BackfillRow> =
            sqlx::query_as(&format!("SELECT {}, deleted_at FROM events WHERE feature IS NULL", *FIELD_COLUMNS))
                .fetch_all(&mut *tx)
                .await
                .map_err(backend)?;
        let mut counts = DayCounts::default();
        for rows::BackfillRow { event: row, deleted_at } in rows {
            let published = row.status() == Status::Published.as_str();
            let e = row.into_event()?;
            // Validated as a write is: through the Feature it will be served as.
            let e = domain::geojson::from_feature(&domain::geojson::to_feature(&e))
                .map_err(|v| StoreError::Corrupt { id: e.id.clone(), reason: v.to_string() })?;
            sqlx::query("UPDATE events SET feature = ? WHERE id = ?")
                .bind(rows::feature_text(&e)?)
                .bind(&e.id)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            if published && deleted_at.is_none() {
                counts.add(&e, 1);
            }
        }
        counts.write(&mut tx).await?;
        bump_version(&mut tx, now()).await?;
        tx.commit().await.map_err(backend)?;
        self.move_actors().await
    }

    /// Rows stored before migration 0007 keep who took part as one
    /// `actors` text: it becomes their `participants`, split at ";" as the
    /// GeoJSON reader splits an old `actors` property (every name kept),
    /// and their Feature is written again, in one transaction. Their day
    /// counts do not change.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] for a row that does not validate with its
    /// names (nothing is changed then), or the database's.
    async fn move_actors(&self) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let rows: Vec<rows::ActorsRow> =
            sqlx::query_as(&format!("SELECT {}, actors FROM events WHERE actors IS NOT NULL", *FIELD_COLUMNS))
                .fetch_all(&mut *tx)
                .await
                .map_err(backend)?;
        if rows.is_empty() {
            return Ok(());
        }
        for rows::ActorsRow { event, actors } in rows {
            let mut e = event.into_event()?;
            if e.participants.is_empty() {
                e.participants = domain::event::split_names(&actors);
            }
            let e = domain::geojson::from_feature(&domain::geojson::to_feature(&e))
                .map_err(|v| StoreError::Corrupt { id: e.id.clone(), reason: v.to_string() })?;
            sqlx::query("UPDATE events SET participants = ?, feature = ?, search_text = ?, actors = NULL WHERE id = ?")
                .bind(sqlx::types::Json(&e.participants))
                .bind(rows::feature_text(&e)?)
                .bind(domain::search::document(&e))
                .bind(&e.id)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        bump_version(&mut tx, now()).await?;
        tx.commit().await.map_err(backend)
    }

    /// Rows stored before migration 0008 get their search text (and so
    /// their place in the full-text index, by the triggers), in
    /// transactions of [`INDEX_BATCH`] rows so that a large database does
    /// not hold the write lock for long. Answers do not change (no search
    /// could be asked before), so the data version stays.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] for a row that cannot be read as an event,
    /// or the database's.
    pub(super) async fn index_search(&self) -> Result<(), StoreError> {
        let sql = format!("SELECT {} FROM events WHERE search_text IS NULL LIMIT {INDEX_BATCH}", *FIELD_COLUMNS);
        let mut indexed = 0usize;
        loop {
            let mut tx = self.begin().await?;
            let rows: Vec<rows::EventRow> = sqlx::query_as(&sql).fetch_all(&mut *tx).await.map_err(backend)?;
            if rows.is_empty() {
                if indexed > 0 {
                    tracing::info!(events = indexed, "search index built for events stored before it");
                }
                return Ok(());
            }
            for row in rows {
                let e = row.into_event()?;
                sqlx::query("UPDATE events SET search_text = ? WHERE id = ?")
                    .bind(domain::search::document(&e))
                    .bind(&e.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                indexed += 1;
            }
            tx.commit().await.map_err(backend)?;
        }
    }
}

/// Rows given their search text per transaction at open.
const INDEX_BATCH: usize = 5_000;

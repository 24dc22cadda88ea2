//! [`EventReader`] on SQLite: what readers and the API ask, from the
//! indexes and the stored Feature texts (`read.rs` has the SQL).

use std::sync::Arc;
use std::time::Instant;

use domain::compact::CompactEvents;
use domain::event::Event;
use domain::filter::EventFilter;
use domain::store::{DataVersion, EventReader, FeatureStream, StoreError};
use domain::timeline::Extent;

use super::rows::{self, FIELD_COLUMNS, PUBLIC};
use super::{backend, read, SqliteStore};

#[async_trait::async_trait]
impl EventReader for SqliteStore {
    async fn list(&self) -> Result<Vec<Event>, StoreError> {
        let rows: Vec<rows::EventRow> =
            sqlx::query_as(&format!("SELECT {} FROM events WHERE {PUBLIC} ORDER BY day_start, id", *FIELD_COLUMNS))
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
        rows.into_iter().map(rows::EventRow::into_event).collect()
    }

    async fn get(&self, id: &str) -> Result<Option<Event>, StoreError> {
        let row: Option<rows::EventRow> = read::by_id_or_external_id(&self.pool, &FIELD_COLUMNS, id).await?;
        row.map(rows::EventRow::into_event).transpose()
    }

    async fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events").fetch_one(&self.pool).await.map_err(backend)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn features(&self, filter: EventFilter) -> FeatureStream {
        let store = self.clone();
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<String, StoreError>>(256);
        tokio::spawn(async move {
            match store.known().await {
                Ok(k) => read::send_features(&store.pool, filter, k.longest, &tx).await,
                Err(e) => {
                    let _ = tx.send(Err(e)).await;
                }
            }
        });
        Box::pin(futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) }))
    }

    async fn facets(&self, filter: &EventFilter) -> Result<domain::facets::FacetCounts, StoreError> {
        let longest = self.known().await?.longest;
        read::facets(&self.pool, filter, longest).await
    }

    async fn matching_ids(&self, filter: &EventFilter) -> Result<Vec<String>, StoreError> {
        let longest = self.known().await?.longest;
        read::matching_ids(&self.pool, filter, longest).await
    }

    async fn list_items(&self, ids: &[String]) -> Result<Vec<domain::store::ListItem>, StoreError> {
        read::list_items(&self.pool, ids).await
    }

    async fn feature_page(
        &self,
        filter: &EventFilter,
        offset: u64,
        limit: u64,
    ) -> Result<domain::store::FeaturePage, StoreError> {
        let longest = self.known().await?.longest;
        read::feature_page(&self.pool, filter, longest, offset, limit).await
    }

    async fn summary(&self, filter: &EventFilter) -> Result<domain::summary::WindowSummary, StoreError> {
        let longest = self.known().await?.longest;
        read::summary(&self.pool, filter, longest).await
    }

    async fn countries(&self, filter: &EventFilter) -> Result<domain::choropleth::CountryCounts, StoreError> {
        let longest = self.known().await?.longest;
        read::countries(&self.pool, filter, longest).await
    }

    async fn recent(&self, filter: &EventFilter, limit: u64) -> Result<Vec<(String, String)>, StoreError> {
        let longest = self.known().await?.longest;
        read::recent(&self.pool, filter, longest, limit).await
    }

    async fn spatial_extent(&self) -> Result<Option<domain::store::SpatialExtent>, StoreError> {
        Ok(self.known().await?.bbox)
    }

    async fn feature(&self, id: &str) -> Result<Option<String>, StoreError> {
        read::feature(&self.pool, id).await
    }

    async fn extent(&self) -> Result<Option<Extent>, StoreError> {
        read::extent(&self.pool).await
    }

    async fn compact(&self) -> Result<Arc<CompactEvents>, StoreError> {
        let version = self.known().await?.version.version;
        let mut kept = self.compact.lock().await;
        if let Some((_, index)) = kept.as_ref().filter(|(v, _)| *v == version) {
            return Ok(index.clone());
        }
        let started = Instant::now();
        let index = Arc::new(read::compact(&self.pool).await?);
        tracing::debug!(events = index.len(), ms = started.elapsed().as_millis() as u64, "built the map's index");
        *kept = Some((version, index.clone()));
        Ok(index)
    }

    async fn data_version(&self) -> Result<DataVersion, StoreError> {
        Ok(self.known().await?.version)
    }
}

//! The public events as the map needs them ([`CompactEvents`]), kept in
//! memory for the current data version and built again (once, however many
//! requests ask at the same time) after a write: about 20 bytes and an id
//! per event, so 1,000,000 events take some 40 MB, and a histogram of a box
//! is a pass over arrays instead of a million rows.

use std::sync::Arc;

use domain::compact::CompactEvents;
use domain::store::{EventStore, StoreError};
use tokio::sync::Mutex;

/// An index and the data version it was built for.
pub type Versioned = (i64, Arc<CompactEvents>);

/// The kept index.
#[derive(Debug, Clone, Default)]
pub struct MapIndex {
    kept: Arc<Mutex<Option<Versioned>>>,
}

impl MapIndex {
    /// The index for the store's data version now.
    ///
    /// # Errors
    /// The store's.
    pub async fn get(&self, store: &dyn EventStore) -> Result<Versioned, StoreError> {
        let version = store.data_version().await?.version;
        let mut kept = self.kept.lock().await;
        if let Some((v, index)) = kept.as_ref().filter(|(v, _)| *v == version) {
            return Ok((*v, index.clone()));
        }
        let started = std::time::Instant::now();
        let index = Arc::new(store.compact().await?);
        tracing::debug!(events = index.len(), ms = started.elapsed().as_millis() as u64, "built the map index");
        *kept = Some((version, index.clone()));
        Ok((version, index))
    }
}

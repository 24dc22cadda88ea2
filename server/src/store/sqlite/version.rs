//! The data version (bumped by every write, in the same transaction) and
//! what is read once per version: the longest public event (for the day
//! index's range) and the box of the points.

use domain::store::{DataVersion, SpatialExtent, StoreError};
use time::OffsetDateTime;

use super::{backend, read, SqliteStore};

/// The data version as last read, and what was read once for it.
#[derive(Debug, Clone, Copy)]
pub struct Known {
    /// The version and when it was written.
    pub version: DataVersion,
    /// The most days any public event spans, less one.
    pub longest: i64,
    /// The box of the public events' points.
    pub bbox: Option<SpatialExtent>,
}

impl SqliteStore {
    /// The data version, read from the database every time (a write by
    /// another process, such as `rallymap import`, shows at once), with
    /// the longest public event and the box of the points, read again only
    /// when the version changed.
    pub(super) async fn known(&self) -> Result<Known, StoreError> {
        let (version, modified): (i64, String) =
            sqlx::query_as("SELECT version, modified_at FROM data_version WHERE id = 1")
                .fetch_one(&self.pool)
                .await
                .map_err(backend)?;
        let cached = *self.known.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(k) = cached.filter(|k| k.version.version == version) {
            return Ok(k);
        }
        let modified = OffsetDateTime::parse(&modified, &time::format_description::well_known::Rfc3339)
            .map_err(|e| StoreError::Corrupt { id: "data_version".into(), reason: e.to_string() })?;
        let (longest, bbox) = (read::longest_duration(&self.pool).await?, read::spatial_extent(&self.pool).await?);
        let k = Known { version: DataVersion { version, modified }, longest, bbox };
        *self.known.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(k);
        Ok(k)
    }
}

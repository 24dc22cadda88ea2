//! The data version (bumped by every write, in the same transaction) and
//! what is read once per version: the longest public event (for the day
//! index's range) and the box of the points.
//!
//! Every request asks for the version (it makes the validators), so asking
//! must be cheap and never stale. A query through the pool costs tens of
//! microseconds, a third of a kept answer's time; instead [`ChangeProbe`]
//! reads the header of the write-ahead log's index (the `-shm` file, 48
//! bytes, SQLite's documented WAL-index format, "walformat.html" §2.1),
//! which every commit of every process rewrites (its change counter, last
//! frame and salts). While those bytes are unchanged, no transaction has
//! committed since the version was read, and the version read then still
//! holds; when they change, or cannot be read, the version is read from
//! the database again.

use std::path::PathBuf;
use std::sync::Mutex;

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
    /// The WAL-index header seen just before the version was read.
    seen: Option<Header>,
}

/// The first copy of the WAL-index header (`WalIndexHdr`, 48 bytes).
type Header = [u8; 48];

/// Reads the WAL-index header of one database file.
#[derive(Debug)]
pub struct ChangeProbe {
    /// `DATABASE-shm`; `None` for a database in memory.
    path: Option<PathBuf>,
    /// The file, opened on first use and kept open.
    file: Mutex<Option<std::fs::File>>,
}

impl ChangeProbe {
    /// A probe for the database file `db` (`None`: in memory, never probed).
    pub fn new(db: Option<PathBuf>) -> Self {
        let path = db.map(|p| {
            let mut name = p.into_os_string();
            name.push("-shm");
            PathBuf::from(name)
        });
        Self { path, file: Mutex::new(None) }
    }

    /// The header now, or `None` when it cannot be read (then the version is
    /// read from the database).
    fn header(&self) -> Option<Header> {
        let path = self.path.as_ref()?;
        let mut file = self.file.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if file.is_none() {
            *file = std::fs::File::open(path).ok();
        }
        let mut header = [0u8; 48];
        read_at(file.as_ref()?, &mut header).then_some(header)
    }
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut Header) -> bool {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, 0).is_ok()
}

#[cfg(not(unix))]
fn read_at(_: &std::fs::File, _: &mut Header) -> bool {
    false
}

impl SqliteStore {
    /// The data version, never older than the last commit of any process
    /// (`rallymap import` included), with the longest public event and the
    /// box of the points, read again only when the version changed.
    pub(super) async fn known(&self) -> Result<Known, StoreError> {
        // Read before the version: a commit after this read changes the
        // header, so the next call reads the version again.
        let seen = self.probe.header();
        let cached = *self.known.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(k) = cached.filter(|k| seen.is_some() && k.seen == seen) {
            return Ok(k);
        }
        let (version, modified): (i64, String) =
            sqlx::query_as("SELECT version, modified_at FROM data_version WHERE id = 1")
                .fetch_one(&self.pool)
                .await
                .map_err(backend)?;
        if let Some(k) = cached.filter(|k| k.version.version == version) {
            let k = Known { seen, ..k };
            *self.known.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(k);
            return Ok(k);
        }
        let modified = OffsetDateTime::parse(&modified, &time::format_description::well_known::Rfc3339)
            .map_err(|e| StoreError::Corrupt { id: "data_version".into(), reason: e.to_string() })?;
        let (longest, bbox) = (read::longest_duration(&self.pool).await?, read::spatial_extent(&self.pool).await?);
        let k = Known { version: DataVersion { version, modified }, longest, bbox, seen };
        *self.known.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(k);
        Ok(k)
    }
}

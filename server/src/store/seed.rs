//! Seed data: every `*.geojson` FeatureCollection in a folder, loaded into an
//! empty store in one transaction.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use domain::event::Event;
use domain::geojson::{read_collection_from, CollectionError};
use domain::store::{EventStore, StoreError};

/// Why seeding failed. Nothing is stored when it does.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The folder or a file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file is not a valid collection of events.
    #[error("{path}: {source}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, feature by feature.
        source: CollectionError,
    },
    /// Two files use the same id.
    #[error("the id {id:?} is used in both {first} and {second}")]
    DuplicateId {
        /// The id.
        id: String,
        /// The first file.
        first: PathBuf,
        /// The second file.
        second: PathBuf,
    },
    /// The store refused the events.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads every `*.geojson` file in `dir`, in file-name order, all or nothing.
///
/// # Errors
/// [`SeedError`] naming the file, and within it the feature and field.
pub fn read_dir(dir: &Path) -> Result<Vec<Event>, SeedError> {
    let read_err = |path: &Path| {
        let path = path.to_owned();
        move |source| SeedError::Read { path, source }
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_err(dir))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "geojson"))
        .collect();
    files.sort();
    let mut all: Vec<Event> = Vec::new();
    // Which file each id came from: one hash lookup per event.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (f, path) in files.iter().enumerate() {
        let file = std::fs::File::open(path).map_err(read_err(path))?;
        let events = read_collection_from(file).map_err(|source| SeedError::Invalid { path: path.clone(), source })?;
        for e in events {
            if let Some(&first) = seen.get(&e.id) {
                return Err(SeedError::DuplicateId { id: e.id, first: files[first].clone(), second: path.clone() });
            }
            seen.insert(e.id.clone(), f);
            all.push(e);
        }
    }
    Ok(all)
}

/// Loads `dir` into `store` when the store is empty; returns how many events
/// were loaded (0 when the store already had events or `dir` does not exist).
///
/// # Errors
/// [`SeedError`]; the store is left empty.
pub async fn seed_if_empty(store: &dyn EventStore, dir: &Path) -> Result<usize, SeedError> {
    if store.count().await? > 0 {
        return Ok(0);
    }
    if !dir.exists() {
        tracing::warn!(dir = %dir.display(), "no seed folder; starting with an empty map");
        return Ok(0);
    }
    let started = std::time::Instant::now();
    let events = read_dir(dir)?;
    let read = started.elapsed();
    store.insert_all(&events).await?;
    tracing::info!(
        events = events.len(),
        read_ms = read.as_millis() as u64,
        store_ms = (started.elapsed() - read).as_millis() as u64,
        "seed data loaded"
    );
    Ok(events.len())
}

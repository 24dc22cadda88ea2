//! Seed data: every `*.geojson` FeatureCollection in a folder, loaded into an
//! empty store in one transaction.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use domain::event::Event;
use domain::geojson::{read_events_from, CollectionError};
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

/// The `*.geojson` files of `dir`, in file-name order.
///
/// # Errors
/// [`SeedError::Read`] when the folder cannot be read.
pub fn seed_files(dir: &Path) -> Result<Vec<PathBuf>, SeedError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| SeedError::Read { path: dir.to_owned(), source })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "geojson"))
        .collect();
    files.sort();
    Ok(files)
}

/// Events go to the store in batches of this many.
const BATCH: usize = 5_000;

/// Reads `files` in order and sends their events to `out` in batches, as
/// they are read (one Feature and one batch in memory, plus the ids seen).
/// Every invalid feature of a file is listed; at the first file with one,
/// or a repeated id, it sends an `Err` (so the store keeps nothing) and
/// returns the error. Returns how many events were sent.
///
/// # Errors
/// [`SeedError`] naming the file, and within it the feature and field.
pub fn read_files(
    files: &[PathBuf],
    out: &tokio::sync::mpsc::Sender<Result<Vec<Event>, String>>,
) -> Result<usize, SeedError> {
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    let mut batch = Vec::with_capacity(BATCH);
    let mut sent = 0usize;
    let abandon = |e: SeedError| {
        let _ = out.blocking_send(Err(e.to_string()));
        e
    };
    for (f, path) in files.iter().enumerate() {
        let file =
            std::fs::File::open(path).map_err(|source| abandon(SeedError::Read { path: path.clone(), source }))?;
        let mut invalid = Vec::new();
        let mut repeated: Option<SeedError> = None;
        let mut receiver_gone = false;
        let read = read_events_from(file, |i, read| match read {
            Err((id, v)) => invalid.push((i, id, v)),
            Ok(e) => {
                if repeated.is_some() {
                    return;
                }
                if let Some(&(first_file, first)) = seen.get(&e.id) {
                    repeated = Some(if first_file == f {
                        SeedError::Invalid {
                            path: path.clone(),
                            source: CollectionError::DuplicateId { id: e.id.clone(), first, second: i },
                        }
                    } else {
                        SeedError::DuplicateId {
                            id: e.id.clone(),
                            first: files[first_file].clone(),
                            second: path.clone(),
                        }
                    });
                    return;
                }
                seen.insert(e.id.clone(), (f, i));
                if invalid.is_empty() && !receiver_gone {
                    batch.push(e);
                    if batch.len() == BATCH {
                        sent += BATCH;
                        receiver_gone = out.blocking_send(Ok(std::mem::take(&mut batch))).is_err();
                    }
                }
            }
        });
        read.map_err(|source| abandon(SeedError::Invalid { path: path.clone(), source }))?;
        if !invalid.is_empty() {
            return Err(abandon(SeedError::Invalid { path: path.clone(), source: CollectionError::Invalid(invalid) }));
        }
        if let Some(e) = repeated {
            return Err(abandon(e));
        }
    }
    sent += batch.len();
    if !batch.is_empty() {
        let _ = out.blocking_send(Ok(batch));
    }
    Ok(sent)
}

/// Loads `dir` into `store` when the store is empty, reading and storing
/// at once (memory stays bounded at a million events); returns how many
/// events were loaded (0 when the store already had events or `dir` does
/// not exist).
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
    let files = seed_files(dir)?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Vec<Event>, String>>(4);
    let reader = tokio::task::spawn_blocking(move || read_files(&files, &tx));
    let batches = Box::pin(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)));
    let stored = store.load(batches).await;
    let read = reader.await.map_err(|e| SeedError::Read { path: dir.to_owned(), source: std::io::Error::other(e) })?;
    // The reader's error names the file and feature; the store's says only
    // that the load was abandoned.
    let n = read?;
    stored?;
    tracing::info!(events = n, ms = started.elapsed().as_millis() as u64, "seed data loaded");
    Ok(n)
}

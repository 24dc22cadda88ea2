//! Uploads between preview and import. Each upload is kept in the database
//! ([`UploadStore`]), so that the preview and the import work on whichever
//! server behind a load balancer they reach (README, "Several servers, one
//! PostgreSQL"); each server keeps a copy in its upload folder, read by the
//! importers: `TOKEN.upload` (the file as sent) and `TOKEN.json` (its name,
//! who sent it, its size). The server's upload route writes both; the
//! preview and import functions read them, only for the editor who sent the
//! file, copying it from the database into the folder when this server has
//! not seen it. Uploads older than a day are swept from both.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Where uploads are kept and how large one may be; given to the server
/// functions as context.
#[derive(Debug, Clone)]
pub struct Uploads {
    /// The folder.
    pub dir: PathBuf,
    /// The limit, MB.
    pub max_mb: u64,
    /// The country outlines for "country from the point"
    /// (`SITE_ROOT/vendor/countries-110m.geojson`).
    pub outlines: PathBuf,
}

/// What is known of an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    /// The file's name as the browser sent it (no folders).
    pub file_name: String,
    /// Who uploaded it.
    pub editor: String,
    /// Bytes.
    pub size: u64,
}

/// How long an upload is kept: a day, in seconds.
pub const KEPT_SECONDS: i64 = 86_400;

/// Uploads kept in the database between preview and import. Server only.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait UploadStore: Send + Sync + 'static {
    /// Keeps `bytes` (the file as sent) as upload `token` of
    /// `upload.editor`, in one transaction that also removes uploads older
    /// than [`KEPT_SECONDS`].
    ///
    /// # Errors
    /// [`domain::store::StoreError`]: `Unavailable` when the database cannot
    /// be reached or is full; nothing is kept then.
    async fn keep(&self, token: &str, upload: &Upload, bytes: Vec<u8>) -> Result<(), domain::store::StoreError>;
    /// Upload `token` and its bytes, if it is younger than [`KEPT_SECONDS`]
    /// and `editor` sent it; `None` otherwise (another editor's upload is
    /// not there for them).
    ///
    /// # Errors
    /// [`domain::store::StoreError`] when the database cannot be read.
    async fn fetch(&self, token: &str, editor: &str) -> Result<Option<(Upload, Vec<u8>)>, domain::store::StoreError>;
}

/// The uploads' store, as the server provides it (Leptos context).
#[cfg(feature = "ssr")]
pub type SharedUploads = std::sync::Arc<dyn UploadStore>;

/// Whether `token` is one of ours: 32 lower-case hex digits (so it can
/// never name another path).
pub fn is_token(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The uploaded file of `token`.
pub fn data_path(dir: &Path, token: &str) -> PathBuf {
    dir.join(format!("{token}.upload"))
}

fn meta_path(dir: &Path, token: &str) -> PathBuf {
    dir.join(format!("{token}.json"))
}

/// Writes what is known of an upload.
///
/// # Errors
/// Writing the file.
pub fn write_meta(dir: &Path, token: &str, upload: &Upload) -> std::io::Result<()> {
    let text = serde_json::to_string(upload).map_err(std::io::Error::other)?;
    std::fs::write(meta_path(dir, token), text)
}

/// The upload `token` if it exists and `editor` sent it.
pub fn find(dir: &Path, token: &str, editor: &str) -> Option<Upload> {
    if !is_token(token) {
        return None;
    }
    let text = std::fs::read_to_string(meta_path(dir, token)).ok()?;
    let upload: Upload = serde_json::from_str(&text).ok()?;
    (upload.editor == editor && data_path(dir, token).exists()).then_some(upload)
}

/// Writes a copy of upload `token` (fetched from the database) into `dir`,
/// the file before its description, so that [`find`] never sees one
/// without the other.
///
/// # Errors
/// Creating the folder or writing the files.
pub fn write_copy(dir: &Path, token: &str, upload: &Upload, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(data_path(dir, token), bytes)?;
    write_meta(dir, token, upload)
}

/// Removes uploads older than a day.
pub fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let day = std::time::Duration::from_secs(86_400);
    for e in entries.flatten() {
        let old =
            e.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_some_and(|age| age > day);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

//! The upload folder: each upload is `TOKEN.upload` (the file as sent) and
//! `TOKEN.json` (its name, who sent it, its size). The server's upload route
//! writes them; the preview and import functions read them, only for the
//! editor who sent the file. Uploads older than a day are swept.

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

//! `POST /editor/import/upload`: an editor's file, streamed to the upload
//! folder (never whole in memory), then `303 See Other` to its preview at
//! `/editor/import/{token}` (README, "Import and export"). Larger than the
//! limit: `413` with a message, and nothing kept. The Origin check and the
//! never-framable headers of `/editor` apply (`security.rs`).

use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use tokio::io::AsyncWriteExt;

use crate::state::AppState;

/// The route, with a body limit a little above the file limit (the form's
/// other parts and the multipart framing).
pub fn router(max_bytes: u64) -> Router<AppState> {
    let limit = usize::try_from(max_bytes).unwrap_or(usize::MAX).saturating_add(64 * 1024);
    Router::new().route("/editor/import/upload", post(upload).layer(DefaultBodyLimit::max(limit)))
}

/// A short HTML page with `status`, for a form post without JavaScript; the
/// text alone for the page's script, which asks for `text/plain`.
fn page(status: StatusCode, text: &str, plain: bool) -> Response {
    if plain {
        return (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text.to_owned()).into_response();
    }
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Import – rallymap</title></head>\
         <body><main><h1>Import</h1><p role=\"alert\">{}</p><p><a href=\"/editor/import\">Back to import</a></p></main></body></html>",
        html_escape::encode_text(text)
    );
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

fn too_large(max_mb: u64, plain: bool) -> Response {
    page(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("The file is larger than {max_mb} MB, the upload limit. Split it, or ask the administrator to raise RALLYMAP_IMPORT_MAX_MB."),
        plain,
    )
}

async fn upload(State(state): State<AppState>, headers: HeaderMap, mut form: Multipart) -> Response {
    let plain = headers.get(header::ACCEPT).and_then(|a| a.to_str().ok()).is_some_and(|a| a.starts_with("text/plain"));
    let Some(editor) = editor(&state, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    let max_mb = state.config.import_max_mb;
    let max = max_mb.saturating_mul(1024 * 1024);
    let dir = state.config.import_dir.clone();
    if let Err(e) = tokio::fs::create_dir_all(&dir).await {
        tracing::error!(error = %e, dir = %dir.display(), "cannot create the upload folder");
        return page(StatusCode::INTERNAL_SERVER_ERROR, "The server cannot keep uploads (see its log).", plain);
    }
    app::importing::files::sweep(&dir);
    let token = new_token();
    let path = app::importing::files::data_path(&dir, &token);
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return page(StatusCode::BAD_REQUEST, "file: choose a file to import.", plain),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large(max_mb, plain),
            Err(e) => {
                return page(StatusCode::BAD_REQUEST, &format!("The upload was not a form with a file: {e}"), plain)
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().map(sanitize).filter(|n| !n.is_empty()).unwrap_or_else(|| "upload".to_owned());
        let mut out = match tokio::fs::File::create(&path).await {
            Ok(f) => f,
            Err(e) => {
                tracing::error!(error = %e, "cannot write an upload");
                return page(StatusCode::INTERNAL_SERVER_ERROR, "The server cannot keep uploads (see its log).", plain);
            }
        };
        let mut size: u64 = 0;
        loop {
            match field.chunk().await {
                Ok(Some(bytes)) => {
                    size += bytes.len() as u64;
                    if size > max {
                        drop(out);
                        let _ = tokio::fs::remove_file(&path).await;
                        return too_large(max_mb, plain);
                    }
                    if out.write_all(&bytes).await.is_err() {
                        let _ = tokio::fs::remove_file(&path).await;
                        return page(
                            StatusCode::INTERNAL_SERVER_ERROR,
                            "The server could not keep the file (disk full?).",
                            plain,
                        );
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    drop(out);
                    let _ = tokio::fs::remove_file(&path).await;
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        return too_large(max_mb, plain);
                    }
                    return page(StatusCode::BAD_REQUEST, &format!("The upload stopped before the end: {e}"), plain);
                }
            }
        }
        if out.flush().await.is_err() {
            return page(StatusCode::INTERNAL_SERVER_ERROR, "The server could not keep the file.", plain);
        }
        if size == 0 {
            let _ = tokio::fs::remove_file(&path).await;
            return page(StatusCode::BAD_REQUEST, "file: the file is empty.", plain);
        }
        let meta = app::importing::files::Upload { file_name: name, editor, size };
        if let Err(e) = app::importing::files::write_meta(&dir, &token, &meta) {
            tracing::error!(error = %e, "cannot write an upload's description");
            return page(StatusCode::INTERNAL_SERVER_ERROR, "The server could not keep the file.", plain);
        }
        return Redirect::to(&format!("/editor/import/{token}")).into_response();
    }
}

/// 32 hex digits from the operating system's random source.
fn new_token() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The signed-in editor of the request, from the session cookie.
async fn editor(state: &AppState, headers: &HeaderMap) -> Option<String> {
    state.sessions.editor(&app::auth::session_in(headers)?).await
}

/// A file name as shown in reports and history: the last path part, without
/// control characters, at most 200 characters.
fn sanitize(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    last.chars().filter(|c| !c.is_control()).take(200).collect::<String>().trim().to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_lose_their_folders() {
        assert_eq!(super::sanitize("C:\\Users\\a\\rallies.csv"), "rallies.csv");
        assert_eq!(super::sanitize("../../etc/passwd"), "passwd");
        assert_eq!(super::sanitize("a\u{0}b\nc.csv"), "abc.csv");
    }
}

//! `POST /editor/import/upload`: an editor's file, streamed to the upload
//! folder (never whole in memory while it arrives), then kept in the
//! database for the other servers (`store::uploads`), then `303 See Other`
//! to its preview at
//! `/editor/import/{token}` (README, "Import and export"). Larger than the
//! limit: `413` with a message, and nothing kept. The Origin check and the
//! never-framable headers of `/editor` apply (`security.rs`).

use app::i18n::{Arg, Lang};
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use tokio::io::AsyncWriteExt;

use crate::error::ApiError;
use crate::state::AppState;
use domain::store::StoreError;

/// The route, with a body limit a little above the file limit (the form's
/// other parts and the multipart framing).
pub fn router(max_bytes: u64) -> Router<AppState> {
    let limit = usize::try_from(max_bytes).unwrap_or(usize::MAX).saturating_add(64 * 1024);
    Router::new().route("/editor/import/upload", post(upload).layer(DefaultBodyLimit::max(limit)))
}

/// Why an upload was refused; nothing of it is kept. Each is answered once,
/// in the request's language ([`UploadError::answer`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    /// 400: the form had no file.
    #[error("no file")]
    NoFile,
    /// 400: the file had no bytes.
    #[error("an empty file")]
    Empty,
    /// 413: larger than `RALLYMAP_IMPORT_MAX_MB`.
    #[error("larger than {max_mb} MB")]
    TooLarge {
        /// The limit, in MB.
        max_mb: u64,
    },
    /// 400: not a multipart form, or one cut short.
    #[error("not a whole form: {0}")]
    NotAForm(String),
    /// 500: the upload folder cannot be written (full disk, rights); the
    /// cause is logged.
    #[error("the upload folder cannot be written")]
    CannotKeep,
    /// 503: the database cannot keep it now (lost, full); the cause is
    /// logged.
    #[error("the database cannot keep the upload now")]
    Unavailable,
}

impl UploadError {
    /// The status it answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NoFile | Self::Empty | Self::NotAForm(_) => StatusCode::BAD_REQUEST,
            Self::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::CannotKeep => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// What the editor reads, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::NoFile => lang.t("im-err-no-file"),
            Self::Empty => lang.t("im-err-empty"),
            Self::TooLarge { max_mb } => lang.t_with(
                "im-err-too-large",
                &[
                    ("max", Arg::Number(i64::try_from(*max_mb).unwrap_or(i64::MAX))),
                    ("setting", Arg::Code("RALLYMAP_IMPORT_MAX_MB")),
                ],
            ),
            Self::NotAForm(_) => lang.t("im-err-not-a-form"),
            Self::CannotKeep => lang.t("im-err-cannot-keep"),
            Self::Unavailable => lang.t("im-err-unavailable"),
        }
    }

    /// The answer: the message alone for the page's script, which asks for
    /// `text/plain`; else a short page in the editor's language, for a form
    /// posted without JavaScript.
    /// `base` is the path the site is served under, for the page's link.
    pub fn answer(&self, lang: Lang, plain: bool, base: &app::base::BasePath) -> Response {
        let mut answer = self.answer_body(lang, plain, base);
        if *self == Self::Unavailable {
            answer.headers_mut().insert(header::RETRY_AFTER, crate::error::RETRY_AFTER_SECONDS.into());
        }
        answer
    }

    fn answer_body(&self, lang: Lang, plain: bool, base: &app::base::BasePath) -> Response {
        let text = self.message(lang);
        if plain {
            return (self.status(), [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response();
        }
        let body = format!(
            "<!doctype html><html lang=\"{tag}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><title>{title} – rallymap</title></head>\
             <body><main><h1>{title}</h1><p role=\"alert\">{text}</p><p><a href=\"{again}\">{back}</a></p></main></body></html>",
            tag = lang.tag(),
            dir = lang.dir(),
            title = html_escape::encode_text(&lang.t("im-title")),
            text = html_escape::encode_text(&text),
            back = html_escape::encode_text(&lang.t("im-err-back")),
            again = html_escape::encode_double_quoted_attribute(&base.join("/editor/import")),
        );
        (self.status(), [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
    }
}

async fn upload(State(state): State<AppState>, uri: Uri, headers: HeaderMap, form: Multipart) -> Response {
    let plain = headers.get(header::ACCEPT).and_then(|a| a.to_str().ok()).is_some_and(|a| a.starts_with("text/plain"));
    let base = state.config.base_path();
    let editor = match super::editor(&state, &headers).await {
        Ok(Some(editor)) => editor,
        Ok(None) => return Redirect::to(&base.join("/login")).into_response(),
        Err(_) => {
            return ApiError::Store(StoreError::Unavailable("the sessions cannot be read".into())).into_response()
        }
    };
    match keep(&state, editor, form).await {
        Ok(token) => Redirect::to(&base.join(&format!("/editor/import/{token}"))).into_response(),
        Err(e) => e.answer(app::i18n::for_request(&uri, &headers).0, plain, &base),
    }
}

/// Streams the form's file to the upload folder; its token.
async fn keep(state: &AppState, editor: String, mut form: Multipart) -> Result<String, UploadError> {
    let max_mb = state.config.import_max_mb;
    let max = max_mb.saturating_mul(1024 * 1024);
    let dir = state.config.import_dir.clone();
    let cannot_keep = |what: &str, e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, dir = %dir.display(), "cannot {what}");
        UploadError::CannotKeep
    };
    tokio::fs::create_dir_all(&dir).await.map_err(|e| cannot_keep("create the upload folder", &e))?;
    app::importing::files::sweep(&dir);
    let token = new_token();
    let path = app::importing::files::data_path(&dir, &token);
    let form_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            UploadError::TooLarge { max_mb }
        } else {
            UploadError::NotAForm(e.to_string())
        }
    };
    let mut field = loop {
        match form.next_field().await.map_err(form_error)? {
            Some(f) if f.name() == Some("file") => break f,
            Some(_) => {}
            None => return Err(UploadError::NoFile),
        }
    };
    let name = field.file_name().map(sanitize).filter(|n| !n.is_empty()).unwrap_or_else(|| "upload".to_owned());
    let mut out = tokio::fs::File::create(&path).await.map_err(|e| cannot_keep("write an upload", &e))?;
    let mut size: u64 = 0;
    let written = async {
        while let Some(bytes) = field.chunk().await.map_err(form_error)? {
            size += bytes.len() as u64;
            if size > max {
                return Err(UploadError::TooLarge { max_mb });
            }
            out.write_all(&bytes).await.map_err(|e| cannot_keep("write an upload", &e))?;
        }
        out.flush().await.map_err(|e| cannot_keep("write an upload", &e))?;
        if size == 0 {
            return Err(UploadError::Empty);
        }
        Ok(())
    }
    .await;
    drop(out);
    if let Err(e) = written {
        let _ = tokio::fs::remove_file(&path).await;
        return Err(e);
    }
    let meta = app::importing::files::Upload { file_name: name, editor, size };
    // Into the database, for whichever server the preview and the import
    // reach; then the description here, which makes this copy visible.
    let kept = async {
        let bytes = tokio::fs::read(&path).await.map_err(|e| cannot_keep("read an upload back", &e))?;
        state.uploads.keep(&token, &meta, bytes).await.map_err(|e| {
            tracing::error!(error = %e, "cannot keep an upload in the database");
            UploadError::Unavailable
        })?;
        app::importing::files::write_meta(&dir, &token, &meta)
            .map_err(|e| cannot_keep("write an upload's description", &e))
    }
    .await;
    if let Err(e) = kept {
        let _ = tokio::fs::remove_file(&path).await;
        return Err(e);
    }
    Ok(token)
}

/// 32 hex digits from the operating system's random source.
fn new_token() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

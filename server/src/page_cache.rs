//! HTTP caching of the pages: the map (`/`, `/embed`) and the event pages
//! carry event data, so they get validators from the data version, the
//! build of the site, the address and the page's language, and a reload
//! after an edit shows the edit; editor and sign-in pages are private and never stored.
//!
//! A page's HTML holds a fresh script nonce each time it is rendered; a
//! `304` carries no new `Content-Security-Policy`, so the browser keeps the
//! policy it stored with that HTML, whose nonce matches it (`security.rs`).

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::conditional::{short_hash, Validators};
use crate::state::AppState;

/// Which caching rule a page path falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `/`, `/embed`, `/events/{id}`: public, revalidated.
    Data,
    /// Editor and sign-in pages: `no-store`.
    Private,
    /// Anything else (the API, static files, server functions): untouched.
    Other,
}

/// The caching rule of `path`.
pub fn kind(path: &str) -> PageKind {
    let under = |p: &str| path == p || path.starts_with(&format!("{p}/"));
    if path == "/" || path == "/embed" || path.starts_with("/events/") {
        PageKind::Data
    } else if under("/editor") || under("/login") || under("/report") {
        PageKind::Private
    } else {
        PageKind::Other
    }
}

/// A short name for the build being served: the names, sizes and times of
/// the site's `pkg/` files and of this program. Pages rendered by another
/// build never match the validators of this one.
pub fn build_id(site_root: &Path) -> String {
    let mut parts: Vec<String> = std::fs::read_dir(site_root.join("pkg"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            let t = m.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
            Some(format!("{}:{}:{t}", e.file_name().to_string_lossy(), m.len()))
        })
        .collect();
    parts.sort();
    if let Some(exe) = std::env::current_exe().ok().and_then(|p| p.metadata().ok()).and_then(|m| m.modified().ok()) {
        parts.push(format!("{exe:?}"));
    }
    parts.push(env!("CARGO_PKG_VERSION").to_owned());
    short_hash(&parts.join("\n"))
}

/// Middleware: validators and `304` for data pages, `no-store` for private
/// ones.
pub async fn pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let page = kind(req.uri().path());
    if page == PageKind::Other || !matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    if page == PageKind::Private {
        let mut res = next.run(req).await;
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return res;
    }
    let Ok(version) = state.store.data_version().await else { return next.run(req).await };
    let address = req.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
    // The same address is another page in another language (chosen by a
    // cookie or Accept-Language, README "Languages").
    let (lang, _) = app::i18n::for_request(req.uri(), req.headers());
    let validators = Validators::of(version, &format!("page {} {} {address}", state.build_id, lang.tag()));
    if validators.fresh_for(req.headers()) {
        let mut res = validators.not_modified().into_response();
        // The same `Vary` as the page itself; the router adds the coding's.
        res.headers_mut().insert(header::VARY, HeaderValue::from_static(app::PAGE_VARY));
        return res;
    }
    let mut res = next.run(req).await;
    // Only a page rendered from the version the validators name gets them
    // (a write may have committed while it rendered).
    let unchanged = state.store.data_version().await.is_ok_and(|v| v.version == version.version);
    if res.status().is_success() && unchanged {
        validators.apply(res.headers_mut());
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_kinds() {
        assert_eq!(kind("/"), PageKind::Data);
        assert_eq!(kind("/embed"), PageKind::Data);
        assert_eq!(kind("/events/2020-01-hamburg"), PageKind::Data);
        assert_eq!(kind("/editor"), PageKind::Private);
        assert_eq!(kind("/editor/events/x/history"), PageKind::Private);
        assert_eq!(kind("/login"), PageKind::Private);
        assert_eq!(kind("/editorial"), PageKind::Other);
        assert_eq!(kind("/api/events"), PageKind::Other);
        assert_eq!(kind("/pkg/rallymap.js"), PageKind::Other);
    }
}

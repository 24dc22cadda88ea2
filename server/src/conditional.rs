//! Validators and conditional requests (RFC 9110 §8.8, §13): every answer
//! that carries event data has an `ETag` made of the data version and what
//! was asked, and a `Last-Modified` of the last write, so a client that
//! already has it gets `304 Not Modified`, and a write changes both at once.

use std::time::SystemTime;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::store::DataVersion;
use sha2::{Digest, Sha256};

/// `Cache-Control` for data: keep it, but ask (revalidate) every time.
pub const REVALIDATE: &str = "no-cache";

/// An answer's validators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validators {
    /// A weak entity tag (`W/"…"`): the same for every content coding of
    /// the same data, as weak comparison allows (RFC 9110 §8.8.3).
    pub etag: String,
    /// When the data last changed, to the second.
    pub last_modified: SystemTime,
}

/// The first 12 hex digits of the SHA-256 of `text`.
pub fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().take(6).map(|b| format!("{b:02x}")).collect()
}

impl Validators {
    /// The validators of an answer about `key` (a normalised query, a path)
    /// at `version` of the data.
    pub fn of(version: DataVersion, key: &str) -> Self {
        Self {
            etag: format!("W/\"{}-{}\"", version.version, short_hash(key)),
            last_modified: SystemTime::from(version.modified),
        }
    }

    /// Whether the request's conditions say the client has this answer:
    /// `If-None-Match` (weak comparison, a list or `*`), or without it
    /// `If-Modified-Since` not before the last change.
    pub fn fresh_for(&self, request: &HeaderMap) -> bool {
        if let Some(inm) = request.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
            let ours = self.etag.trim_start_matches("W/");
            return inm.split(',').map(str::trim).any(|t| t == "*" || t.trim_start_matches("W/") == ours);
        }
        request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .is_some_and(|since| truncate(self.last_modified) <= since)
    }

    /// Puts `ETag`, `Last-Modified` and `Cache-Control: no-cache` on an
    /// answer.
    pub fn apply(&self, headers: &mut HeaderMap) {
        if let Ok(v) = HeaderValue::from_str(&self.etag) {
            headers.insert(header::ETAG, v);
        }
        if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(self.last_modified)) {
            headers.insert(header::LAST_MODIFIED, v);
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    }

    /// `304 Not Modified` with these validators.
    pub fn not_modified(&self) -> Response {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        self.apply(res.headers_mut());
        res
    }
}

/// Middleware, outside compression: an answer sent in a content coding, or
/// a `304` standing for one, says that it varies with `Accept-Encoding`
/// (RFC 9110 §12.5.5), so that a shared cache never hands brotli to a
/// client that did not ask for it. Files the site keeps precompressed
/// (`/rallymap.css`, `/favicon.svg`) are served without it otherwise.
pub async fn vary_by_coding(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut res = next.run(req).await;
    let coded = res.headers().contains_key(header::CONTENT_ENCODING) || res.status() == StatusCode::NOT_MODIFIED;
    let said = res
        .headers()
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|name| name.trim().eq_ignore_ascii_case("accept-encoding") || name.trim() == "*");
    if coded && !said {
        res.headers_mut().append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

/// `t` to the whole second, as HTTP dates carry it.
fn truncate(t: SystemTime) -> SystemTime {
    httpdate::parse_http_date(&httpdate::fmt_http_date(t)).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validators() -> Validators {
        let modified = time::macros::datetime!(2026-11-30 10:00:00 UTC);
        Validators::of(DataVersion { version: 7, modified }, "datetime=2020-01-18")
    }

    fn headers(name: header::HeaderName, value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_static(value));
        h
    }

    #[test]
    fn etags_match_weakly_and_dates_by_the_second() {
        let v = validators();
        assert!(v.etag.starts_with("W/\"7-"), "{}", v.etag);
        let tag: &'static str = Box::leak(v.etag.clone().into_boxed_str());
        assert!(v.fresh_for(&headers(header::IF_NONE_MATCH, tag)));
        let strong: &'static str = Box::leak(v.etag.trim_start_matches("W/").to_owned().into_boxed_str());
        assert!(v.fresh_for(&headers(header::IF_NONE_MATCH, strong)));
        assert!(v.fresh_for(&headers(header::IF_NONE_MATCH, "*")));
        assert!(!v.fresh_for(&headers(header::IF_NONE_MATCH, "W/\"6-abc\"")));
        assert!(v.fresh_for(&headers(header::IF_MODIFIED_SINCE, "Mon, 30 Nov 2026 10:00:00 GMT")));
        assert!(!v.fresh_for(&headers(header::IF_MODIFIED_SINCE, "Mon, 30 Nov 2026 09:59:59 GMT")));
        assert!(!v.fresh_for(&HeaderMap::new()));
    }
}

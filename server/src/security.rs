//! Response headers that protect readers, editors and embedding sites
//! (README, "Security"): a Content-Security-Policy that allows only
//! our own scripts (inline ones by a per-request nonce), and framing rules by
//! route class — `/embed` may be framed by the configured ancestors (any
//! origin by default) and never sends `X-Frame-Options`; editor and sign-in
//! pages may never be framed; every other page only by itself.

use std::sync::Arc;

use app::ScriptNonce;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// Which framing rule a path falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteClass {
    /// `/embed`: framable by `RALLYMAP_EMBED_ANCESTORS`.
    Embed,
    /// Editor and sign-in pages: never framable.
    Editor,
    /// Everything else: framable only by our own pages.
    Public,
}

/// The route class of a request path.
pub fn classify(path: &str) -> RouteClass {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    if under("/embed") {
        RouteClass::Embed
    } else if under("/editor") || under("/login") || under("/logout") {
        RouteClass::Editor
    } else {
        RouteClass::Public
    }
}

/// The policy, built once from the settings.
#[derive(Debug, Clone)]
pub struct SecurityPolicy {
    /// `frame-ancestors` sources for `/embed`, e.g. `*` or
    /// `https://news.example https://blog.example`.
    pub embed_ancestors: String,
    /// Extra `img-src` source for raster tiles, e.g. `https://*.tile.example.org`.
    pub tile_source: Option<String>,
    /// `RALLYMAP_PUBLIC_URL`'s origin, e.g. `https://map.example.org`; when
    /// unset, a write's `Origin` must name the request's own `Host`.
    pub public_origin: Option<String>,
}

/// Whether `req` changes state (any method but GET, HEAD, OPTIONS) and its
/// `Origin` header names another site. Browsers send `Origin` on every
/// cross-site write, so a missing one is not a cross-site request.
pub fn is_foreign_write(req: &Request, public_origin: Option<&str>) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let Some(origin) = req.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return false;
    };
    match public_origin {
        Some(ours) => origin.trim_end_matches('/') != ours,
        None => {
            let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
            let origin_host = origin.split_once("://").map_or("", |(_, h)| h);
            host.is_empty() || origin_host != host
        }
    }
}

impl SecurityPolicy {
    /// The policy for `config`.
    pub fn from_config(config: &crate::config::Config) -> Self {
        let tile_source = config.tile_url.as_deref().and_then(tile_source);
        let public_origin = config.public_url.as_ref().map(|u| u.origin().ascii_serialization());
        Self { embed_ancestors: config.embed_ancestors.trim().to_owned(), tile_source, public_origin }
    }

    /// The `Content-Security-Policy` value for a response of `class`, with
    /// `nonce` allowing the page's own inline hydration scripts.
    pub fn csp(&self, class: RouteClass, nonce: &str) -> String {
        let frame_ancestors = match class {
            RouteClass::Embed => self.embed_ancestors.as_str(),
            RouteClass::Editor => "'none'",
            RouteClass::Public => "'self'",
        };
        let tiles = self.tile_source.as_deref().map(|t| format!(" {t}")).unwrap_or_default();
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data:{tiles}; connect-src 'self'; \
             font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
             frame-ancestors {frame_ancestors}"
        )
    }
}

/// The origin of a tile URL template as a CSP source; `{s}` subdomains
/// become a wildcard. `None` for a template that is not an absolute URL.
fn tile_source(template: &str) -> Option<String> {
    let probe = template.replace("{s}.", "x.").replace(['{', '}'], "");
    let u = url::Url::parse(&probe).ok()?;
    let host = u.host_str()?;
    let host = if template.contains("{s}.") { host.replacen("x.", "*.", 1) } else { host.to_owned() };
    let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
    Some(format!("{}://{host}{port}", u.scheme()))
}

/// Middleware: makes a nonce for the request (read by the page shell),
/// then sets the security headers on the response.
pub async fn headers(State(policy): State<Arc<SecurityPolicy>>, mut req: Request, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new().to_string();
    req.extensions_mut().insert(ScriptNonce(nonce.clone()));
    let class = classify(req.uri().path());
    // The API changes nothing (any write is a 405 with CORS, as every API
    // answer); the Origin check guards the pages and server functions.
    let read_only = req.uri().path() == "/api" || req.uri().path().starts_with("/api/");
    let mut res = if !read_only && is_foreign_write(&req, policy.public_origin.as_deref()) {
        ApiError::ForeignOrigin.into_response()
    } else {
        next.run(req).await
    };
    let not_modified = res.status() == axum::http::StatusCode::NOT_MODIFIED;
    let h = res.headers_mut();
    // A 304 keeps the policy stored with the page it revalidates: a new one
    // would name a nonce that page's scripts do not carry.
    if !not_modified {
        if let Ok(v) = HeaderValue::from_str(&policy.csp(class, &nonce)) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    match class {
        RouteClass::Embed => {
            h.remove(header::X_FRAME_OPTIONS);
        }
        RouteClass::Editor => {
            h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        }
        RouteClass::Public => {
            h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
        }
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_classes() {
        assert_eq!(classify("/embed"), RouteClass::Embed);
        assert_eq!(classify("/embedded"), RouteClass::Public);
        assert_eq!(classify("/editor"), RouteClass::Editor);
        assert_eq!(classify("/editor/events/x"), RouteClass::Editor);
        assert_eq!(classify("/login"), RouteClass::Editor);
        assert_eq!(classify("/"), RouteClass::Public);
        assert_eq!(classify("/events/x"), RouteClass::Public);
    }

    #[test]
    fn tile_sources() {
        assert_eq!(
            tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tile.example.org")
        );
        assert_eq!(tile_source("http://127.0.0.1:8080/t/{z}/{x}/{y}.png").as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(tile_source("tiles/{z}/{x}/{y}.png"), None);
    }
}

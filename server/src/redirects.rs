//! Honest redirect statuses. Leptos's `redirect()` answers `302` only when
//! the request's `Accept` names `text/html`; for anything else it adds a
//! `Location` header to a `200`, which its own server-function client reads
//! through the `serverfnredirect` header. A link checker, a proxy or `curl`
//! (`Accept: */*`) then got a sign-in page with status 200. This middleware
//! makes every such answer a real redirect, except for the Leptos client
//! itself (a server-function call that asks for JSON).

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// The header with which Leptos tells its server-function client to go
/// elsewhere (`server_fn::redirect::REDIRECT_HEADER`).
const LEPTOS_REDIRECT: &str = "serverfnredirect";

/// Middleware: a `2xx` answer with a `Location` becomes `302 Found` for a
/// GET or HEAD and `303 See Other` for anything else (a form post is
/// followed by a GET), unless it is a server-function call from Leptos's
/// client (`/_fn/…` asking for JSON), which follows the redirect itself.
pub async fn honest_statuses(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let leptos_client = req.uri().path().starts_with("/_fn/")
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("application/json"));
    let mut res = next.run(req).await;
    if leptos_client || !res.status().is_success() || !res.headers().contains_key(header::LOCATION) {
        return res;
    }
    *res.status_mut() =
        if matches!(method, Method::GET | Method::HEAD) { StatusCode::FOUND } else { StatusCode::SEE_OTHER };
    res.headers_mut().remove(LEPTOS_REDIRECT);
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

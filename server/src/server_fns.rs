//! Middleware around Leptos server functions (`/_fn/…`): HTTP statuses for
//! unreadable arguments, and clean redirects for forms posted without
//! JavaScript.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The query parameters with which Leptos carries a server function's error
/// back to a form posted without JavaScript.
const ERROR_PARAMS: [&str; 2] = ["__path", "__err"];

/// Middleware: a server function whose arguments could not be read answers
/// 400, not Leptos's 500 — malformed input is the client's error, never the
/// server's (README, "API").
pub async fn server_fn_input_errors(req: Request, next: Next) -> Response {
    let is_fn = req.uri().path().starts_with("/_fn/");
    let res = next.run(req).await;
    if !is_fn || res.status() != axum::http::StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    if ["\"Args\"", "\"Deserialization\"", "\"MissingArg\""].iter().any(|k| text.contains(k)) {
        parts.status = axum::http::StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Middleware: removes a previous refusal (`__path`, `__err`) from the
/// `Referer` of a server-function request. Leptos redirects a form posted
/// without JavaScript back to its `Referer` and appends the new error to
/// it, but keeps any error already there, and the page reads the first, so
/// a second refused post would show the first refusal again.
pub async fn fresh_form_referer(mut req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/_fn/") {
        let cleaned = req.headers().get(header::REFERER).and_then(|v| v.to_str().ok()).and_then(without_error_params);
        if let Some(v) = cleaned.and_then(|c| HeaderValue::from_str(&c).ok()) {
            req.headers_mut().insert(header::REFERER, v);
        }
    }
    next.run(req).await
}

/// `referer` without [`ERROR_PARAMS`]; `None` when it has none (or is not
/// an absolute URL), so that it is left exactly as sent.
fn without_error_params(referer: &str) -> Option<String> {
    let mut url = url::Url::parse(referer).ok()?;
    let pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    if !pairs.iter().any(|(k, _)| ERROR_PARAMS.contains(&k.as_str())) {
        return None;
    }
    let kept: Vec<&(String, String)> = pairs.iter().filter(|(k, _)| !ERROR_PARAMS.contains(&k.as_str())).collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::without_error_params;

    #[test]
    fn only_the_error_parameters_are_removed() {
        assert_eq!(
            without_error_params("http://h/editor/new?__path=%2F_fn%2Fsave_event&__err=eyJ9").as_deref(),
            Some("http://h/editor/new")
        );
        assert_eq!(
            without_error_params("http://h/editor?q=hague&__err=x&show=all").as_deref(),
            Some("http://h/editor?q=hague&show=all")
        );
        assert_eq!(without_error_params("http://h/editor?q=hague"), None);
        assert_eq!(without_error_params("/relative?__err=x"), None);
    }
}

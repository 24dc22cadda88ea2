//! HTTP routes, one module per resource; [`api`] assembles `/api`.

use axum::extract::{OriginalUri, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::error::ApiError;
use crate::state::AppState;

pub mod csv;
pub mod events;
pub mod feed;
pub mod import;
pub mod map;
pub mod oembed;
pub mod ogc;
pub mod params;
pub mod preview;
pub mod report;
pub mod report_map;
pub mod summary;

/// The signed-in editor of the request, from the session cookie; `None`
/// without a session (or with one that ended).
///
/// # Errors
/// The sessions cannot be read (the database is lost).
pub(crate) async fn editor(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Option<String>, app::auth::SignInError> {
    match app::auth::session_in(headers) {
        Some(token) => state.sessions.editor(&token).await,
        None => Ok(None),
    }
}

/// The `/api` router: the simple form of the events, the map's routes, OGC
/// API – Features, and a 404 problem for anything else.
pub fn api() -> Router<AppState> {
    Router::new()
        .merge(events::router())
        .merge(map::router())
        .merge(summary::router())
        .merge(ogc::router())
        .fallback(no_such_resource)
}

/// `/api/` itself: the landing page, as at `/api` (the nested router
/// answers only the path without the slash).
pub fn api_root_with_slash() -> Router<AppState> {
    Router::new().route("/api/", get(ogc::landing).fallback(events::method_not_allowed))
}

/// Anything else under `/api`: a path with a trailing slash goes to the
/// same path without it (`308`, keeping the method and query); the rest is
/// a 404 problem. The redirect names the path the browser asked for, under
/// the site's path (README, "Behind a proxy, under a path").
async fn no_such_resource(State(state): State<AppState>, OriginalUri(uri): OriginalUri) -> Response {
    let path = uri.path();
    if let Some(trimmed) = path.strip_suffix('/').filter(|t| !t.is_empty() && !t.ends_with('/')) {
        let target = match uri.query() {
            Some(q) => format!("{trimmed}?{q}"),
            None => trimmed.to_owned(),
        };
        let target = state.config.base_path().join(&target);
        if let Ok(location) = HeaderValue::from_str(&target) {
            return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)]).into_response();
        }
    }
    ApiError::NoSuchResource(path.to_owned()).into_response()
}

//! HTTP routes, one module per resource; [`api`] assembles `/api`.

use axum::extract::OriginalUri;
use axum::Router;

use crate::error::ApiError;
use crate::state::AppState;

pub mod csv;
pub mod events;
pub mod import;
pub mod map;
pub mod oembed;
pub mod ogc;
pub mod preview;

/// The `/api` router: the simple form of the events, the map's routes, OGC
/// API – Features, and a 404 problem for anything else.
pub fn api() -> Router<AppState> {
    Router::new().merge(events::router()).merge(map::router()).merge(ogc::router()).fallback(no_such_resource)
}

async fn no_such_resource(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::NoSuchResource(uri.path().to_owned())
}

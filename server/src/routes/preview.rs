//! `GET /preview.png?start=…&end=…` and `GET /events/{id}/preview.png`: the
//! images that link previews show (README, "Links that preview"), drawn by
//! `crate::preview` and kept per data version.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::dates::{day_number, parse_date};

use crate::error::ApiError;
use crate::preview::{draw, Marker};
use crate::state::AppState;

/// Most markers one image draws (the first of the window, by day).
const MOST: usize = 5000;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/preview.png", get(window)).route("/events/{id}/preview.png", get(event))
}

/// The window of the map page's permalink.
#[derive(Debug, serde::Deserialize)]
struct WindowQuery {
    start: Option<String>,
    end: Option<String>,
}

fn png(bytes: bytes::Bytes) -> Response {
    ([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "public, max-age=300")], bytes).into_response()
}

async fn render(state: &AppState, key: String, markers: Vec<Marker>) -> Result<Response, ApiError> {
    if let Some(hit) = state.previews.images.get(&key).await {
        return Ok(png(hit));
    }
    let basemap = state.previews.basemap(&state.config.site_root).await;
    let bytes = draw(basemap, &markers).map_err(|e| ApiError::Store(domain::store::StoreError::Backend(e.into())))?;
    let bytes = bytes::Bytes::from(bytes);
    state.previews.images.insert(key, bytes.clone()).await;
    Ok(png(bytes))
}

/// The window's events (the whole extent when the window is not given or
/// not a date).
async fn window(State(state): State<AppState>, Query(q): Query<WindowQuery>) -> Result<Response, ApiError> {
    let version = state.store.data_version().await?.version;
    let Some(extent) = state.store.extent().await? else {
        return render(&state, format!("{version}:empty"), Vec::new()).await;
    };
    let day = |d: Option<&String>, default| d.and_then(|d| parse_date(d).ok()).unwrap_or(default);
    let (first, last) = (day(q.start.as_ref(), extent.first), day(q.end.as_ref(), extent.last));
    let index = state.store.compact().await?;
    let markers = index
        .intersecting(day_number(first), day_number(last))
        .take(MOST)
        .map(|i| {
            let e = index.entry(i);
            Marker { lon: f64::from(e.lon), lat: f64::from(e.lat), kind: e.kind, geo: e.geo_precision }
        })
        .collect();
    render(&state, format!("{version}:window:{first}/{last}"), markers).await
}

/// One public event's marker; 404 for an unknown id.
async fn event(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let Some(e) = state.store.get(&id).await? else {
        return Ok((StatusCode::NOT_FOUND, "no such event").into_response());
    };
    let version = state.store.data_version().await?.version;
    let marker = Marker { lon: e.lon, lat: e.lat, kind: e.kind, geo: e.geo_precision };
    render(&state, format!("{version}:event:{id}"), vec![marker]).await
}

//! `GET /editor/reports/{reference}/map.png`: the editors' queue's small
//! map of one report (README, "Reports from readers: the queue"): the
//! bundled basemap around the reported point, at least
//! [`SPAN`] degrees across, the point in its kind's colour, and the
//! published events near it in place and days as the queue offers them
//! for merging. For signed-in editors only (401 otherwise): a report is
//! never public, nor is its point. Drawn on each request and, as every
//! editor page, answered `no-store` (`crate::page_cache`).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::dates::{day_number, parse_date};
use domain::event::{EventKind, GeoPrecision};
use domain::report::{distance_km, MERGE_DAYS, MERGE_KM};
use domain::store::StoreError;

use crate::error::ApiError;
use crate::preview::{draw_within, Marker};
use crate::state::AppState;

/// Degrees of longitude the map shows at least: the country around the
/// point, its neighbours' borders at the edges.
pub const SPAN: f64 = 8.0;

/// The markers' size against a link preview's: the queue shows the image
/// at 360 px wide, under a third of its size.
const MARKER_SCALE: f32 = 3.0;

/// The route.
pub fn router() -> Router<AppState> {
    Router::new().route("/editor/reports/{reference}/map.png", get(map))
}

async fn map(State(state): State<AppState>, Path(reference): Path<String>, headers: HeaderMap) -> Response {
    match super::editor(&state, &headers).await {
        Ok(Some(_)) => {}
        Ok(None) => return (StatusCode::UNAUTHORIZED, "sign in as an editor").into_response(),
        Err(_) => {
            return ApiError::Store(StoreError::Unavailable("the sessions cannot be read".into())).into_response()
        }
    }
    match draw_report(&state, &reference).await {
        Ok(Some(png)) => ([(header::CONTENT_TYPE, "image/png")], png).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "no such report").into_response(),
        Err(e) => e.into_response(),
    }
}

/// The PNG of report `reference`, or `None` when there is no such report.
async fn draw_report(state: &AppState, reference: &str) -> Result<Option<Vec<u8>>, ApiError> {
    let Some(r) = state.reports.report(reference).await? else { return Ok(None) };
    let kind = EventKind::LISTED.iter().copied().find(|k| k.as_str() == r.kind).unwrap_or(EventKind::Other);
    let mut markers = Vec::new();
    if let (Ok(start), Ok(end)) = (parse_date(&r.date_start), parse_date(&r.date_end)) {
        let index = state.store.compact().await?;
        markers.extend(
            index
                .intersecting(day_number(start) - MERGE_DAYS, day_number(end) + MERGE_DAYS)
                .filter(|&i| distance_km(r.lat, r.lon, f64::from(index.lat[i]), f64::from(index.lon[i])) <= MERGE_KM)
                .take(50)
                .map(|i| {
                    let e = index.entry(i);
                    Marker { lon: f64::from(e.lon), lat: f64::from(e.lat), kind: e.kind, geo: e.geo_precision }
                }),
        );
    }
    // The report last, on top.
    markers.push(Marker { lon: r.lon, lat: r.lat, kind, geo: GeoPrecision::City });
    let basemap = state.previews.basemap(&state.config.site_root).await;
    // The events are within MERGE_KM of the point: the view, fitted to
    // all, stays centred near the report.
    draw_within(basemap, &markers, SPAN, MARKER_SCALE)
        .map(Some)
        .map_err(|e| ApiError::Store(StoreError::Backend(e.into())))
}

//! `/api/map/…`: what the reader's map asks for besides the events, so that
//! the page never needs every event to draw its slider.
//!
//! `GET /api/map/histogram?datetime=…&bbox=…` answers how many public events
//! were (or may have been) on each day of the window (the data's extent
//! when the window is open), and the data's first and last day:
//!
//! ```json
//! {"first_day":"2020-01-18","last_day":"2020-01-20","start":"2020-01-18","end":"2020-01-20","counts":[6,4,4]}
//! ```
//!
//! Without a box the counts come from the per-day table the store keeps
//! (a few thousand rows at most); with one, from the map's index in memory
//! (`map_index.rs`).

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::dates::{day_number, format_date};
use serde::Serialize;

use super::events::{method_not_allowed, normalized, parse_query};
use crate::conditional::Validators;
use crate::error::ApiError;
use crate::state::AppState;

/// The map's routes, under `/api/map`.
pub fn router() -> Router<AppState> {
    Router::new().route("/map/histogram", get(histogram).fallback(method_not_allowed))
}

/// The answer of `GET /api/map/histogram`.
#[derive(Debug, Serialize)]
pub struct Histogram {
    /// The first day of any public event, `YYYY-MM-DD`; `null` for none.
    pub first_day: Option<String>,
    /// The last day of any public event.
    pub last_day: Option<String>,
    /// The first day counted: the window's start, or `first_day`.
    pub start: Option<String>,
    /// The last day counted: the window's end, or `last_day`.
    pub end: Option<String>,
    /// Events per day from `start` to `end`, each counted on every day of
    /// its range.
    pub counts: Vec<u32>,
}

/// Longest window counted, in days (about 274 years): a window is clipped to
/// the data's extent first, so only data spanning that long reaches it.
const MAX_DAYS: i64 = 100_000;

async fn histogram(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let filter = parse_query(query.as_deref())?;
    let validators =
        Validators::of(state.store.data_version().await?, &format!("map/histogram?{}", normalized(&filter)));
    if validators.fresh_for(&headers) {
        return Ok(validators.not_modified());
    }
    let extent = state.store.extent().await?;
    let mut answer = Histogram { first_day: None, last_day: None, start: None, end: None, counts: Vec::new() };
    if let Some(x) = extent {
        answer.first_day = Some(format_date(x.first));
        answer.last_day = Some(format_date(x.last));
        let start = filter.window.start.unwrap_or(x.first);
        let end = filter.window.end.unwrap_or(x.last);
        let (start, end) = (start.max(x.first), end.min(x.last));
        if start <= end && (end - start).whole_days() < MAX_DAYS {
            answer.counts = match filter.bbox.filter(|b| *b != domain::bbox::BBox::WORLD) {
                None => state.store.day_counts(start, end, None).await?,
                Some(b) => {
                    let (_, index) = state.map_index.get(state.store.as_ref()).await?;
                    index.day_counts(day_number(start), day_number(end), Some(&b))
                }
            };
            answer.start = Some(format_date(start));
            answer.end = Some(format_date(end));
        }
    }
    let mut res =
        ([(header::CONTENT_TYPE, "application/json")], serde_json::to_vec(&answer).unwrap_or_default()).into_response();
    validators.apply(res.headers_mut());
    Ok(res)
}

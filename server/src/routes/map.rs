//! `/api/map/…`: what the reader's map asks for, so that the page never
//! carries the events themselves (README, "The map at scale"):
//!
//! - `GET /api/map/events?datetime=…&bbox=…`: the compact binary form of the
//!   public events ([`domain::compact`]), for the browser to filter and draw;
//! - `GET /api/map/list?datetime=…&bbox=…&offset=…&limit=…`: rows of the
//!   list (title, dates, place) in the same order;
//! - `GET /api/map/clusters?datetime=…&bbox=…&zoom=…`: clusters with counts,
//!   when a window holds more events than a browser should;
//! - `GET /api/map/histogram`: below.
//!
//! `GET /api/map/histogram?datetime=…&bbox=…` answers how many public events
//! were (or may have been) on each day of the window (the data's extent
//! when the window is open), and the data's first and last day:
//!
//! ```json
//! {"first_day":"2020-01-18","last_day":"2020-01-20","start":"2020-01-18","end":"2020-01-20",
//!  "counts":[6,4,4],"kinds":[{"kind":"rally","counts":[5,4,4]},{"kind":"banner_action","counts":[1,0,0]}]}
//! ```
//!
//! The counts come from the map's index in memory (`EventStore::compact`),
//! kind by kind, for the events every other parameter selects.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use domain::dates::DateWindow;
use domain::dates::{day_number, format_date};
use domain::filter::EventFilter;
use domain::store::positions;
use domain::timeline::KindDays;
use serde::Serialize;

use super::events::method_not_allowed;
use super::params::{whole_number, Accepted, Query, RouteParams};
use crate::cached::{respond, Built, Resource};
use crate::error::ApiError;
use crate::state::AppState;

/// The map's routes, under `/api/map`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/map/histogram", get(histogram).fallback(method_not_allowed))
        .route("/map/events", get(events).fallback(method_not_allowed))
        .route("/map/list", get(list).fallback(method_not_allowed))
        .route("/map/clusters", get(clusters).fallback(method_not_allowed))
}

/// The media type of the compact form: bytes whose first four are `RMEV`
/// and the fifth the format's version.
pub const COMPACT_MEDIA_TYPE: &str = "application/octet-stream";

/// The parameters of `GET /api/map/events` and the histogram: every one
/// that selects events, as `/api/events` takes them.
#[derive(Debug, Default, Clone, Copy)]
pub struct Selection;

impl RouteParams for Selection {
    const ACCEPTS: &'static [Accepted] = &[Accepted::EverySelection];
}

/// `GET /api/map/events`: the compact form of the public events the query
/// selects, kept per data version and compressed once.
async fn events(
    State(state): State<AppState>,
    Query { filter, .. }: Query<Selection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let resource = Resource::new(format!("map/events?{filter}"), COMPACT_MEDIA_TYPE);
    respond(&state, &headers, resource, |_| async {
        let index = state.store.compact().await?;
        let bytes = if filter == EventFilter::default() {
            index.encode()
        } else {
            index.subset(positions(state.store.as_ref(), &index, &filter).await?).encode()
        };
        Ok(Built::Whole(bytes.into()))
    })
    .await
}

/// A JSON body.
fn json(value: &impl Serialize) -> Built {
    Built::Whole(serde_json::to_vec(value).unwrap_or_default().into())
}

/// The media type of the map's JSON answers.
const JSON: &str = "application/json";

/// The answer of `GET /api/map/list`.
#[derive(Debug, Serialize)]
pub struct ListPage {
    /// How many events the window (and box) holds.
    pub total: usize,
    /// The first row's position.
    pub offset: u64,
    /// The rows, in the order of the compact form.
    pub items: Vec<domain::store::ListItem>,
}

/// Most rows in one page of the list.
pub const MAX_LIST_LIMIT: u64 = 500;

/// The parameters of `GET /api/map/list`: the window, the box, `offset`
/// and `limit` (50 unless given, at most [`MAX_LIST_LIMIT`]).
#[derive(Debug, Clone, Copy)]
pub struct ListParams {
    offset: u64,
    limit: u64,
}

impl Default for ListParams {
    fn default() -> Self {
        Self { offset: 0, limit: 50 }
    }
}

impl RouteParams for ListParams {
    const ACCEPTS: &'static [Accepted] = &[Accepted::EverySelection, Accepted::Own("offset"), Accepted::Own("limit")];

    fn own(&mut self, name: &'static str, value: &str) -> Result<(), ApiError> {
        match name {
            "offset" => self.offset = whole_number(name, value, u64::from(u32::MAX))?,
            _ => self.limit = whole_number(name, value, MAX_LIST_LIMIT)?,
        }
        Ok(())
    }
}

async fn list(
    State(state): State<AppState>,
    Query { filter, params: ListParams { offset, limit } }: Query<ListParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let key = format!("map/list?{filter}&offset={offset}&limit={limit}");
    respond(&state, &headers, Resource::new(key, JSON), |_| async {
        let index = state.store.compact().await?;
        let selected = positions(state.store.as_ref(), &index, &filter).await?;
        let page = selected.iter().skip(usize::try_from(offset).unwrap_or(usize::MAX)).take(limit as usize);
        let ids: Vec<String> = page.map(|&i| index.ids[i].clone()).collect();
        let items = state.store.list_items(&ids).await?;
        Ok(json(&ListPage { total: selected.len(), offset, items }))
    })
    .await
}

/// The answer of `GET /api/map/clusters`.
#[derive(Debug, Serialize)]
pub struct Clusters {
    /// How many events the window and box hold.
    pub total: usize,
    /// One per occupied cell of [`domain::cluster::CELL_PX`] pixels at `zoom`.
    pub clusters: Vec<domain::cluster::Cluster>,
}

/// The parameters of `GET /api/map/clusters`: the window, the box and
/// `zoom`, required, from 0 to 22.
#[derive(Debug, Default, Clone, Copy)]
pub struct ClusterParams {
    zoom: Option<f64>,
}

impl RouteParams for ClusterParams {
    const ACCEPTS: &'static [Accepted] = &[Accepted::EverySelection, Accepted::Own("zoom")];

    fn own(&mut self, name: &'static str, value: &str) -> Result<(), ApiError> {
        self.zoom =
            Some(domain::bbox::finite_decimal(value).filter(|z| (0.0..=22.0).contains(z)).ok_or_else(|| {
                ApiError::InvalidParameter {
                    param: name.to_owned(),
                    reason: format!("must be a zoom level from 0 to 22, got {value:?}"),
                }
            })?);
        Ok(())
    }

    fn done(&mut self, _: &HeaderMap) -> Result<(), ApiError> {
        match self.zoom {
            Some(_) => Ok(()),
            None => Err(ApiError::InvalidParameter { param: "zoom".into(), reason: "is required".into() }),
        }
    }
}

async fn clusters(
    State(state): State<AppState>,
    Query { filter, params }: Query<ClusterParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let zoom = params.zoom.unwrap_or_default();
    let key = format!("map/clusters?{filter}&zoom={zoom}");
    respond(&state, &headers, Resource::new(key, JSON), |_| async {
        let index = state.store.compact().await?;
        let members = positions(state.store.as_ref(), &index, &filter).await?;
        Ok(json(&Clusters {
            total: members.len(),
            clusters: domain::cluster::clusters(&index, members, zoom, domain::cluster::CELL_PX),
        }))
    })
    .await
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
    /// The same counts kind by kind (`{"kind": "rally", "counts": […]}`),
    /// only kinds with events, in the legend's order; they add up to
    /// `counts`. The slider stacks them.
    pub kinds: Vec<KindDays>,
}

/// Longest window counted, in days (about 274 years): a window is clipped to
/// the data's extent first, so only data spanning that long reaches it.
const MAX_DAYS: i64 = 100_000;

async fn histogram(
    State(state): State<AppState>,
    Query { filter, .. }: Query<Selection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let key = format!("map/histogram?{filter}");
    respond(&state, &headers, Resource::new(key, JSON), |_| async {
        let extent = state.store.extent().await?;
        let mut answer = Histogram {
            first_day: None,
            last_day: None,
            start: None,
            end: None,
            counts: Vec::new(),
            kinds: Vec::new(),
        };
        if let Some(x) = extent {
            answer.first_day = Some(format_date(x.first));
            answer.last_day = Some(format_date(x.last));
            let start = filter.window.start.unwrap_or(x.first);
            let end = filter.window.end.unwrap_or(x.last);
            let (start, end) = (start.max(x.first), end.min(x.last));
            if start <= end && (end - start).whole_days() < MAX_DAYS {
                let index = state.store.compact().await?;
                let window = DateWindow { start: Some(start), end: Some(end) };
                let counted = EventFilter { window, ..filter.clone() };
                let selected = positions(state.store.as_ref(), &index, &counted).await?;
                answer.kinds = index.day_counts_by_kind_of(day_number(start), day_number(end), selected);
                let days = usize::try_from((end - start).whole_days() + 1).unwrap_or(0);
                answer.counts = domain::timeline::totals(&answer.kinds, days);
                answer.start = Some(format_date(start));
                answer.end = Some(format_date(end));
            }
        }
        Ok(json(&answer))
    })
    .await
}

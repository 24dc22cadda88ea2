//! `GET /api/events` and `GET /api/events/{id}`: events as RFC 7946 GeoJSON,
//! filtered with the `datetime` and `bbox` parameters of OGC API – Features –
//! Part 1 (OGC 17-069r4, §7.15.3–7.15.4).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use domain::filter::EventFilter;
use domain::geojson::MEDIA_TYPE;

use super::params::{Accepted, NoParams, Query, RouteParams};
use crate::answers::{collect, stream_rest, streamed_body, Collected};
use crate::cached::{respond, Built, Resource};
use crate::error::ApiError;
use crate::state::AppState;

/// The simple form's routes, under `/api`: `/events` and `/events/{id}`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(list).fallback(method_not_allowed))
        .route("/events/{id}", get(one).fallback(method_not_allowed))
}

/// The parameters of `GET /api/events`: every one that selects events (the
/// window, the box, the queryables) and `f`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ListParams {
    /// `f=csv`: the events as CSV instead of GeoJSON.
    pub csv: bool,
}

impl RouteParams for ListParams {
    const ACCEPTS: &'static [Accepted] = &[Accepted::EverySelection, Accepted::Own("f")];

    fn own(&mut self, name: &'static str, value: &str) -> Result<(), ApiError> {
        self.csv = match value {
            "json" | "geojson" => false,
            "csv" => true,
            other => {
                return Err(ApiError::InvalidParameter {
                    param: name.into(),
                    reason: format!("must be json or csv, got {other:?}"),
                })
            }
        };
        Ok(())
    }
}

/// Answers up to this size are built whole, compressed once and kept;
/// larger ones are streamed.
pub const KEEP_LIMIT: usize = 32 * 1024 * 1024;

/// `GET /api/events`: a FeatureCollection of the public events in the window
/// and box, sorted by first day then id: the stored Features of the rows the
/// indexes select, joined. Kept per data version and query (compressed once
/// per coding); streamed when larger than [`KEEP_LIMIT`]. `304` when the
/// client has it. With `f=csv`, the same events as CSV in the columns the
/// import reads (`domain::table`), as a download.
async fn list(
    State(state): State<AppState>,
    Query { filter, params }: Query<ListParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if params.csv {
        return csv_list(state, filter, headers).await;
    }
    let resource = Resource::new(format!("events?{filter}"), MEDIA_TYPE);
    let (store, filter) = (&state.store, &filter);
    respond(&state, &headers, resource, |coding| async move {
        Ok(match collect(store.features(filter.clone()), KEEP_LIMIT).await? {
            Collected::Whole(bytes) => Built::Whole(bytes),
            Collected::Large { head, rest } => {
                let (body, coding) = streamed_body(stream_rest(head, rest), coding);
                Built::Streamed(body, coding)
            }
        })
    })
    .await
}

/// `GET /api/events?f=csv`: the window's events as a CSV download. No file
/// name here: the map's Download link names the file after the window
/// (`download` attribute), which a name in the header would override.
async fn csv_list(state: AppState, filter: EventFilter, headers: HeaderMap) -> Result<Response, ApiError> {
    use futures_util::TryStreamExt;
    let resource = Resource::new(format!("events.csv?{filter}"), CSV_MEDIA_TYPE).download("attachment");
    respond(&state, &headers, resource, |_| async {
        let features: Vec<String> = state.store.features(filter.clone()).try_collect().await?;
        let body = super::csv::write(&features)
            .map_err(|e| ApiError::Store(domain::store::StoreError::Backend(Box::new(e))))?;
        Ok(Built::Whole(body.into()))
    })
    .await
}

/// The media type of CSV answers (RFC 4180, UTF-8).
pub const CSV_MEDIA_TYPE: &str = "text/csv; charset=utf-8";

/// `GET /api/events/{id}`: one Feature, its stored bytes, or a 404 problem.
async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _: Query<NoParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let resource = Resource::new(format!("events/{id}"), MEDIA_TYPE);
    respond(&state, &headers, resource, |_| async {
        let feature = state.store.feature(&id).await?.ok_or_else(|| ApiError::EventNotFound(id.clone()))?;
        Ok(Built::Whole(feature.into()))
    })
    .await
}

/// A 405 problem for any method but GET and HEAD.
pub async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::MethodNotAllowed { method: method.to_string() }
}

//! `GET /api/map/summary?…`: what the events of a view add up to, for the
//! summary above the map's list and for anyone asking "how many people?"
//! (README, "API"): events, people reported as a range, and arrests,
//! injuries and deaths where reported ([`domain::summary`]). It takes every
//! parameter that selects events, as `/api/events` does.
//!
//! `GET /api/map/countries?…`: the same events by country, for the map's
//! shading and its table ([`domain::choropleth`]), most events first:
//!
//! ```json
//! {"countries":[{"country_code":"SE","iso_numeric":"752","events":1,
//!   "people":{"low":0,"high":0,"events":0}}]}
//! ```
//!
//! ```json
//! {"events":6,"people":{"low":0,"high":0,"events":0},"no_number":6,
//!  "arrests":{"total":0,"events":0},"injuries":{"total":0,"events":0},
//!  "fatalities":{"total":0,"events":0}}
//! ```

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::events::method_not_allowed;
use super::params::{Accepted, Query, RouteParams};
use crate::cached::{respond, Built, Resource};
use crate::error::ApiError;
use crate::state::AppState;

/// The routes, under `/api`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/map/summary", get(summary).fallback(method_not_allowed))
        .route("/map/facets", get(facets).fallback(method_not_allowed))
        .route("/map/countries", get(countries).fallback(method_not_allowed))
}

/// The parameters of the summary and the counts by country: every one that
/// selects events.
#[derive(Debug, Default, Clone, Copy)]
pub struct SummaryParams;

impl RouteParams for SummaryParams {
    const ACCEPTS: &'static [Accepted] = &[Accepted::EverySelection];
}

/// `GET /api/map/summary`: the sums as JSON, kept per data version and
/// query like every data answer. Errors: a 400 problem naming a bad
/// parameter.
async fn summary(
    State(state): State<AppState>,
    Query { filter, .. }: Query<SummaryParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let key = format!("map/summary?{filter}");
    answer(&state, &headers, key, || state.store.summary(&filter)).await
}

/// `GET /api/map/facets`: how many events each value of each filter would
/// select ([`domain::facets`]), kept like the summary.
async fn facets(
    State(state): State<AppState>,
    Query { filter, .. }: Query<SummaryParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let key = format!("map/facets?{filter}");
    answer(&state, &headers, key, || state.store.facets(&filter)).await
}

/// The JSON of what `compute` gives, kept under `key` per data version.
async fn answer<T, Fut>(
    state: &AppState,
    headers: &HeaderMap,
    key: String,
    compute: impl Fn() -> Fut,
) -> Result<Response, ApiError>
where
    T: serde::Serialize,
    Fut: std::future::Future<Output = Result<T, domain::store::StoreError>>,
{
    let resource = Resource::new(key, "application/json");
    respond(state, headers, resource, |_| async {
        let value = compute().await?;
        let body =
            serde_json::to_vec(&value).map_err(|e| ApiError::Store(domain::store::StoreError::Backend(Box::new(e))))?;
        Ok(Built::Whole(body.into()))
    })
    .await
}

/// `GET /api/map/countries`: the counts by country as JSON, kept per data
/// version and query like every data answer. Errors: a 400 problem naming
/// a bad parameter.
async fn countries(
    State(state): State<AppState>,
    Query { filter, .. }: Query<SummaryParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let key = format!("map/countries?{filter}");
    answer(&state, &headers, key, || state.store.countries(&filter)).await
}

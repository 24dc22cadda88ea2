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
    let resource = Resource::new(format!("map/summary?{filter}"), "application/json");
    let (store, filter) = (&state.store, &filter);
    respond(&state, &headers, resource, |_| async move {
        let sums = store.summary(filter).await?;
        let body =
            serde_json::to_vec(&sums).map_err(|e| ApiError::Store(domain::store::StoreError::Backend(Box::new(e))))?;
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
    let resource = Resource::new(format!("map/countries?{filter}"), "application/json");
    let (store, filter) = (&state.store, &filter);
    respond(&state, &headers, resource, |_| async move {
        let counts = store.countries(filter).await?;
        let body = serde_json::to_vec(&counts)
            .map_err(|e| ApiError::Store(domain::store::StoreError::Backend(Box::new(e))))?;
        Ok(Built::Whole(body.into()))
    })
    .await
}

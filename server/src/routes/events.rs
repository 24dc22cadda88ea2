//! `GET /api/events` and `GET /api/events/{id}`: events as RFC 7946 GeoJSON,
//! filtered with the `datetime` and `bbox` parameters of OGC API – Features –
//! Part 1 (OGC 17-069r4, §7.15.3–7.15.4).

use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::{header, Method};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::bbox::BBox;
use domain::dates::DateWindow;
use domain::filter::EventFilter;
use domain::geojson::{to_collection, to_feature, MEDIA_TYPE};
use domain::store::SharedStore;

use crate::error::ApiError;
use crate::state::AppState;

/// The longest query string read, in bytes; longer ones get a 414.
pub const MAX_QUERY_BYTES: usize = 2048;

/// The coordinate reference system `bbox` is in: WGS 84 longitude/latitude
/// (OGC API – Features – Part 1, §7.15.3). `bbox-crs` may name only this one.
pub const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

const COLLECTION_PARAMS: &str = "datetime, bbox, bbox-crs";

/// The `/api` router: events, and problem details for anything else.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(list).fallback(method_not_allowed))
        .route("/events/{id}", get(one).fallback(method_not_allowed))
        .fallback(no_such_resource)
}

/// Parses the query string of `GET /api/events`.
///
/// # Errors
/// [`ApiError`] with a 4xx status: an unknown or repeated parameter, a
/// malformed `datetime` or `bbox`, a `bbox-crs` other than CRS84, or a query
/// longer than [`MAX_QUERY_BYTES`].
pub fn parse_query(raw: Option<&str>) -> Result<EventFilter, ApiError> {
    let raw = raw.unwrap_or("");
    if raw.len() > MAX_QUERY_BYTES {
        return Err(ApiError::QueryTooLong { len: raw.len(), limit: MAX_QUERY_BYTES });
    }
    let mut filter = EventFilter::default();
    let mut seen: Vec<String> = Vec::new();
    for (name, value) in url::form_urlencoded::parse(raw.as_bytes()) {
        if seen.iter().any(|s| *s == name) {
            return Err(ApiError::RepeatedParameter(name.into_owned()));
        }
        seen.push(name.to_string());
        let invalid = |reason: String| ApiError::InvalidParameter { param: name.to_string(), reason };
        match name.as_ref() {
            "datetime" => {
                filter.window = DateWindow::parse(&value).map_err(|e| invalid(e.to_string()))?;
            }
            "bbox" => filter.bbox = Some(BBox::parse(&value).map_err(|e| invalid(e.to_string()))?),
            "bbox-crs" if value == CRS84 => {}
            "bbox-crs" => return Err(invalid(format!("only {CRS84} (WGS 84 longitude, latitude) is supported"))),
            _ => {
                return Err(ApiError::UnknownParameter { param: name.into_owned(), accepted: COLLECTION_PARAMS });
            }
        }
    }
    Ok(filter)
}

fn geojson(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, MEDIA_TYPE)], body).into_response()
}

/// `GET /api/events`: a FeatureCollection of the public events in the window
/// and box, sorted by first day then id.
async fn list(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, ApiError> {
    let filter = parse_query(query.as_deref())?;
    let store: SharedStore = state.store;
    let events = store.list().await?;
    let fc = to_collection(events.iter().filter(|e| filter.matches(e)));
    Ok(geojson(serde_json::to_vec(&fc).unwrap_or_default()))
}

/// `GET /api/events/{id}`: one Feature, or a 404 problem.
async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    if let Some((name, _)) = query.as_deref().and_then(|q| url::form_urlencoded::parse(q.as_bytes()).next()) {
        return Err(ApiError::UnknownParameter { param: name.into_owned(), accepted: "no parameters" });
    }
    let event = state.store.get(&id).await?.ok_or(ApiError::EventNotFound(id))?;
    Ok(geojson(serde_json::to_vec(&to_feature(&event)).unwrap_or_default()))
}

async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::MethodNotAllowed { method: method.to_string() }
}

async fn no_such_resource(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::NoSuchResource(uri.path().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoded_values_are_decoded() {
        let f = parse_query(Some("datetime=2020-01-18%2F..&bbox=-10%2C40%2C20%2C60")).expect("valid");
        assert_eq!(f.window.to_string(), "2020-01-18/..");
        assert_eq!(f.bbox, Some(BBox { min_lon: -10.0, min_lat: 40.0, max_lon: 20.0, max_lat: 60.0 }));
    }

    #[test]
    fn crs84_is_the_only_bbox_crs() {
        assert!(parse_query(Some(&format!("bbox-crs={CRS84}"))).is_ok());
        let e = parse_query(Some("bbox-crs=EPSG:3857")).expect_err("refused");
        assert_eq!(
            e.to_string(),
            "bbox-crs: only http://www.opengis.net/def/crs/OGC/1.3/CRS84 (WGS 84 longitude, latitude) is supported"
        );
    }
}

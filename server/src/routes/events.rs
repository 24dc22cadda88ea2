//! `GET /api/events` and `GET /api/events/{id}`: events as RFC 7946 GeoJSON,
//! filtered with the `datetime` and `bbox` parameters of OGC API – Features –
//! Part 1 (OGC 17-069r4, §7.15.3–7.15.4).

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use domain::bbox::BBox;
use domain::dates::DateWindow;
use domain::filter::EventFilter;
use domain::geojson::MEDIA_TYPE;

use crate::answers::{collect, stream_rest, streamed_body, Collected};
use crate::cached::{respond, Built, Resource};
use crate::error::ApiError;
use crate::state::AppState;

/// The longest query string read, in bytes; longer ones get a 414.
pub const MAX_QUERY_BYTES: usize = 2048;

/// The coordinate reference system `bbox` is in: WGS 84 longitude/latitude
/// (OGC API – Features – Part 1, §7.15.3). `bbox-crs` may name only this one.
pub const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

const COLLECTION_PARAMS: &str = "datetime, bbox, bbox-crs";
const LIST_PARAMS: &str = "datetime, bbox, bbox-crs, f";

/// The simple form's routes, under `/api`: `/events` and `/events/{id}`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(list).fallback(method_not_allowed))
        .route("/events/{id}", get(one).fallback(method_not_allowed))
}

/// Parses the query string of `GET /api/events`.
///
/// # Errors
/// [`ApiError`] with a 4xx status: an unknown or repeated parameter, a
/// malformed `datetime` or `bbox`, a `bbox-crs` other than CRS84, or a query
/// longer than [`MAX_QUERY_BYTES`].
pub fn parse_query(raw: Option<&str>) -> Result<EventFilter, ApiError> {
    parse_query_with(raw, &[], COLLECTION_PARAMS).map(|(filter, _)| filter)
}

/// [`parse_query`] for a resource that also takes the parameters `extra`
/// (whose values are returned, by name, for the caller to read); `accepted`
/// lists every parameter for the error of an unknown one.
///
/// # Errors
/// As [`parse_query`].
pub fn parse_query_with(
    raw: Option<&str>,
    extra: &[&str],
    accepted: &'static str,
) -> Result<(EventFilter, Vec<(String, String)>), ApiError> {
    let raw = raw.unwrap_or("");
    if raw.len() > MAX_QUERY_BYTES {
        return Err(ApiError::QueryTooLong { len: raw.len(), limit: MAX_QUERY_BYTES });
    }
    let mut filter = EventFilter::default();
    let mut others = Vec::new();
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
            n if extra.contains(&n) => others.push((name.into_owned(), value.into_owned())),
            _ => return Err(ApiError::UnknownParameter { param: name.into_owned(), accepted }),
        }
    }
    Ok((filter, others))
}

/// The query as a cache key: the same filter always gives the same text,
/// however it was written (`%2F` or `/`, `bbox` before `datetime`).
pub fn normalized(filter: &EventFilter) -> String {
    let mut key = format!("datetime={}", filter.window);
    if let Some(b) = &filter.bbox {
        key.push_str(&format!("&bbox={},{},{},{}", b.min_lon, b.min_lat, b.max_lon, b.max_lat));
    }
    key
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
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (filter, extra) = parse_query_with(query.as_deref(), &["f"], LIST_PARAMS)?;
    match extra.first().map(|(_, v)| v.as_str()) {
        None | Some("json" | "geojson") => {}
        Some("csv") => return csv_list(state, filter, headers).await,
        Some(other) => {
            return Err(ApiError::InvalidParameter {
                param: "f".into(),
                reason: format!("must be json or csv, got {other:?}"),
            })
        }
    }
    let resource = Resource::new(format!("events?{}", normalized(&filter)), MEDIA_TYPE);
    let store = state.store.clone();
    respond(&state, &headers, resource, |coding| async move {
        Ok(match collect(store.features(filter), KEEP_LIMIT).await? {
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
    let resource = Resource::new(format!("events.csv?{}", normalized(&filter)), CSV_MEDIA_TYPE).download("attachment");
    respond(&state, &headers, resource, |_| async {
        let features: Vec<String> = state.store.features(filter).try_collect().await?;
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
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some((name, _)) = query.as_deref().and_then(|q| url::form_urlencoded::parse(q.as_bytes()).next()) {
        return Err(ApiError::UnknownParameter { param: name.into_owned(), accepted: "no parameters" });
    }
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

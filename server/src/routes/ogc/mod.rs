//! OGC API – Features at `/api` (README, "OGC API – Features"): Part 1 Core
//! (OGC 17-069r4) with GeoJSON, HTML and OpenAPI 3.0, and the queryables of
//! Part 3 as query parameters, over the one collection `events`. The
//! simple form of the same data, `/api/events`, is in [`super::events`].

mod documents;
mod filter;
mod html;
mod query;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use serde_json::{json, Value};

use domain::filter::EventFilter;
use domain::geojson::MEDIA_TYPE;
use domain::store::{FeaturePage, StoreError};

use self::documents::{DataExtent, Link, COLLECTION, HTML, JSON, OPENAPI};
use self::query::{DocParams, Format, ItemsParams};
use super::events::{method_not_allowed, CSV_MEDIA_TYPE};
use super::oembed::request_base;
use super::params::Query;
use crate::cached::{respond, Built, Resource};
use crate::error::ApiError;
use crate::state::AppState;

/// The OGC API routes, under `/api`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(landing).fallback(method_not_allowed))
        .route("/conformance", get(conformance).fallback(method_not_allowed))
        .route("/openapi", get(openapi).fallback(method_not_allowed))
        .route("/collections", get(collections).fallback(method_not_allowed))
        .route("/collections/{collection}", get(collection).fallback(method_not_allowed))
        .route("/collections/{collection}/queryables", get(queryables).fallback(method_not_allowed))
        .route("/collections/{collection}/items", get(items).fallback(method_not_allowed))
        .route("/collections/{collection}/items/{feature}", get(item).fallback(method_not_allowed))
}

/// The media type of HTML pages.
const HTML_PAGE: &str = "text/html; charset=utf-8";

/// A resource at `key` in `format`, answered as `media_type`; its format
/// follows `Accept` as well as `f`.
fn resource(key: &str, format: Format, media_type: &'static str) -> Resource {
    Resource::new(format!("ogc/{key}?{format:?}"), media_type).negotiated()
}

/// The collection's id, or a 404.
fn known(collection: &str) -> Result<(), ApiError> {
    if collection == COLLECTION {
        Ok(())
    } else {
        Err(ApiError::CollectionNotFound(collection.to_owned()))
    }
}

/// How a document resource is answered.
struct Doc {
    /// Its key among the validators.
    key: &'static str,
    /// The media type of its JSON.
    media_type: &'static str,
    /// Its page's title when the document has none.
    title: &'static str,
    /// Its page.
    page: fn(&Value, &str, &app::base::BasePath) -> String,
    /// Whether it shows the data's extent.
    extent: bool,
}

/// Answers a document resource: the format from `f` (or `Accept`), a 304
/// while the client has this version of the data, else the document that
/// `build` makes from the base URL, the data's extent (when `doc.extent`)
/// and whether it is for the page, as JSON or as its page.
async fn describe(
    state: &AppState,
    params: DocParams,
    headers: &HeaderMap,
    doc: Doc,
    build: impl Fn(&str, DataExtent, bool) -> Value,
) -> Result<Response, ApiError> {
    let format = params.format();
    let media_type = match format {
        Format::Html => HTML_PAGE,
        Format::Json | Format::Csv => doc.media_type,
    };
    respond(state, headers, resource(doc.key, format, media_type), |_| async {
        let extent = if doc.extent {
            DataExtent { days: state.store.extent().await?, bbox: state.store.spatial_extent().await? }
        } else {
            DataExtent::default()
        };
        let value = build(&request_base(state, headers), extent, format == Format::Html);
        Ok(Built::Whole(match format {
            Format::Html => (doc.page)(&value, doc.title, &state.config.base_path()).into(),
            Format::Json | Format::Csv => serde_json::to_vec(&value).unwrap_or_default().into(),
        }))
    })
    .await
}

/// A document's page as [`html::describe`] writes it.
const DESCRIBED: fn(&Value, &str, &app::base::BasePath) -> String = html::describe;

/// `GET /api` (and `/api/`, which OWSLib asks for): the landing page
/// (OGC 17-069r4, §7.2).
pub async fn landing(
    State(state): State<AppState>,
    Query { params, .. }: Query<DocParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let doc = Doc { key: "", media_type: JSON, title: "rallymap API", page: DESCRIBED, extent: false };
    describe(&state, params, &headers, doc, |base, _, html| documents::landing(base, html)).await
}

/// `GET /api/conformance` (§7.4).
async fn conformance(
    State(state): State<AppState>,
    Query { params, .. }: Query<DocParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let doc =
        Doc { key: "conformance", media_type: JSON, title: "Conformance classes", page: DESCRIBED, extent: false };
    describe(&state, params, &headers, doc, |_, _, _| documents::conformance()).await
}

/// `GET /api/openapi`: the API definition (OpenAPI 3.0), or its page.
async fn openapi(
    State(state): State<AppState>,
    Query { params, .. }: Query<DocParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let page = |doc: &Value, _: &str, base: &app::base::BasePath| html::openapi(doc, base);
    let doc = Doc { key: "openapi", media_type: OPENAPI, title: "The rallymap API", page, extent: false };
    describe(&state, params, &headers, doc, |base, _, _| documents::openapi(base)).await
}

/// `GET /api/collections` (§7.13).
async fn collections(
    State(state): State<AppState>,
    Query { params, .. }: Query<DocParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let doc = Doc { key: "collections", media_type: JSON, title: "Collections", page: DESCRIBED, extent: true };
    describe(&state, params, &headers, doc, documents::collections).await
}

/// `GET /api/collections/{collection}` (§7.14).
async fn collection(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query { params, .. }: Query<DocParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    known(&id)?;
    let doc = Doc { key: "collection", media_type: JSON, title: "Rallies and protests", page: DESCRIBED, extent: true };
    describe(&state, params, &headers, doc, documents::collection).await
}

/// `GET /api/collections/{collection}/queryables` (OGC 19-079r2, §6.2).
async fn queryables(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query { params, .. }: Query<DocParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    known(&id)?;
    let doc = Doc {
        key: "queryables",
        media_type: "application/schema+json",
        title: "Queryables",
        page: DESCRIBED,
        extent: false,
    };
    describe(&state, params, &headers, doc, |base, _, _| documents::queryables(base)).await
}

/// The query of an items page, written back in a fixed order, for links
/// and keys: what it selects, then its own parameters.
fn items_query(filter: &EventFilter, p: &ItemsParams, offset: u64) -> String {
    let mut parts = Vec::new();
    let selected = filter.to_string();
    if !selected.is_empty() {
        parts.push(selected);
    }
    if let Some(cql) = &p.cql {
        parts.push(cql.to_query());
    }
    parts.push(format!("limit={}", p.limit));
    parts.push(format!("offset={offset}"));
    parts.join("&")
}

/// `GET /api/collections/{collection}/items` (§7.15): a page of the events
/// that the query matches, as a GeoJSON FeatureCollection with
/// `numberMatched`, `numberReturned`, `timeStamp` and the links `self`,
/// `alternate`, `collection`, `prev` and `next`; or the page as HTML.
/// Offsets stay correct while the data does not change (the ETag says when
/// it has).
async fn items(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query { filter, params: q }: Query<ItemsParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    known(&id)?;
    let key = items_query(&filter, &q, q.offset);
    let (media_type, disposition) = match q.format {
        Format::Html => (HTML_PAGE, None),
        Format::Json => (MEDIA_TYPE, None),
        Format::Csv => (CSV_MEDIA_TYPE, Some("attachment; filename=\"events.csv\"")),
    };
    let mut res = resource(&format!("items?{key}"), q.format, media_type);
    res.disposition = disposition;
    respond(&state, &headers, res, |_| async { items_body(&state, &headers, &filter, &q).await.map(Built::Whole) })
        .await
}

/// The body of an items page in its format.
async fn items_body(
    state: &AppState,
    headers: &HeaderMap,
    filter: &EventFilter,
    q: &ItemsParams,
) -> Result<Bytes, ApiError> {
    let page = match &q.cql {
        None => state.store.feature_page(filter, q.offset, q.limit).await?,
        Some(cql) => filtered_page(state, filter, q, cql).await?,
    };
    let base = request_base(state, headers);
    let url = format!("{base}/api/collections/{COLLECTION}/items");
    let json_url = |offset: u64| format!("{url}?f=json&{}", items_query(filter, q, offset));
    let html_url = |offset: u64| format!("{url}?f=html&{}", items_query(filter, q, offset));
    if q.format == Format::Csv {
        let body = super::csv::write(&page.features).map_err(|e| ApiError::Store(StoreError::Backend(Box::new(e))))?;
        return Ok(body.into());
    }
    let (this, other) = match q.format {
        Format::Html => (
            Link::new(html_url(q.offset), "self", HTML, "This page"),
            Link::new(json_url(q.offset), "alternate", MEDIA_TYPE, "This page as GeoJSON"),
        ),
        Format::Json | Format::Csv => (
            Link::new(json_url(q.offset), "self", MEDIA_TYPE, "This page"),
            Link::new(html_url(q.offset), "alternate", HTML, "This page as HTML"),
        ),
    };
    let csv_url = format!("{url}?f=csv&{}", items_query(filter, q, q.offset));
    let mut links = vec![this, other, Link::new(csv_url, "alternate", "text/csv", "This page as CSV")];
    let returned = page.features.len() as u64;
    if q.offset > 0 {
        links.push(Link::new(json_url(q.offset.saturating_sub(q.limit)), "prev", MEDIA_TYPE, "The previous page"));
    }
    if q.offset + returned < page.matched {
        links.push(Link::new(json_url(q.offset + returned), "next", MEDIA_TYPE, "The next page"));
    }
    links.push(Link::new(format!("{base}/api/collections/{COLLECTION}"), "collection", JSON, "The collection"));
    let links = json!(links);
    if q.format == Format::Html {
        return Ok(html::items(&page.features, page.matched, q.offset, &links, &state.config.base_path()).into());
    }
    let stamp = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default();
    let mut body = String::with_capacity(page.features.iter().map(|f| f.len() + 1).sum::<usize>() + 1024);
    body.push_str(crate::answers::COLLECTION_HEAD);
    body.push_str(&page.features.join(","));
    body.push_str(&format!(
        "],\"numberMatched\":{},\"numberReturned\":{returned},\"timeStamp\":\"{stamp}\",\"links\":{links}}}",
        page.matched
    ));
    Ok(body.into())
}

/// A page of the events that `datetime`, `bbox` and the queryables select
/// in the store and that meet the CQL2 filter here, one by one.
async fn filtered_page(
    state: &AppState,
    selected: &EventFilter,
    q: &ItemsParams,
    cql: &filter::Cql,
) -> Result<FeaturePage, ApiError> {
    use futures_util::StreamExt;
    let mut stream = state.store.features(selected.clone());
    let mut page = FeaturePage::default();
    while let Some(feature) = stream.next().await {
        let feature = feature?;
        if !cql.matches(&feature)? {
            continue;
        }
        if page.matched >= q.offset && (page.features.len() as u64) < q.limit {
            page.features.push(feature);
        }
        page.matched += 1;
    }
    Ok(page)
}

/// `GET /api/collections/{collection}/items/{feature}` (§7.16): the stored
/// Feature with links to its collection and its page, or its HTML page.
async fn item(
    State(state): State<AppState>,
    Path((id, feature)): Path<(String, String)>,
    Query { params, .. }: Query<DocParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    known(&id)?;
    let format = params.format();
    let media_type = if format == Format::Html { HTML_PAGE } else { MEDIA_TYPE };
    let res = resource(&format!("items/{feature}"), format, media_type);
    respond(&state, &headers, res, |_| async {
        let text = state.store.feature(&feature).await?.ok_or_else(|| ApiError::EventNotFound(feature.clone()))?;
        if format == Format::Html {
            return Ok(Built::Whole(html::item(&text, &state.config.base_path()).into()));
        }
        let base = request_base(&state, &headers);
        let url = format!("{base}/api/collections/{COLLECTION}/items/{feature}");
        let links = json!([
            Link::new(format!("{url}?f=json"), "self", MEDIA_TYPE, "This event"),
            Link::new(format!("{url}?f=html"), "alternate", HTML, "This event as HTML"),
            Link::new(format!("{base}/api/collections/{COLLECTION}"), "collection", JSON, "The collection"),
            Link::new(format!("{base}/events/{feature}"), "describedby", HTML, "The event's page"),
        ]);
        // The stored Feature is one JSON object: its links go before its end.
        let body = match text.strip_suffix('}') {
            Some(head) => format!("{head},\"links\":{links}}}"),
            None => text,
        };
        Ok(Built::Whole(body.into()))
    })
    .await
}

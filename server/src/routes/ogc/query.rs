//! The query parameters of the OGC API – Features resources: the format
//! (`f`, or the `Accept` header), and for items `limit`, `offset`, `bbox`,
//! `bbox-crs`, `datetime` and the queryables (OGC 17-069r4, §7.15; README,
//! "OGC API – Features").

use axum::http::{header, HeaderMap};
use domain::event::{DatePrecision, EventKind, GeoPrecision};
use domain::filter::{EventFilter, PropertyFilter};

use crate::error::ApiError;
use crate::routes::events::parse_query_with;

/// Items on a page when `limit` is not given.
pub const DEFAULT_LIMIT: u64 = 100;
/// The largest `limit` (OGC 17-069r4, §7.15.2: a server may set one).
pub const MAX_LIMIT: u64 = 10_000;

/// What an answer is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON (GeoJSON for features): the default.
    Json,
    /// An HTML page for people.
    Html,
    /// CSV, one row per event (items only).
    Csv,
}

impl Format {
    /// The format of a request: `f` when given (`json`, `geojson` or
    /// `html`), else `text/html` in `Accept` before any JSON type, else JSON.
    ///
    /// # Errors
    /// [`ApiError::NotAcceptable`] (406) for any other `f`.
    pub fn of(f: Option<&str>, headers: &HeaderMap) -> Result<Self, ApiError> {
        match f {
            Some("json" | "geojson") => Ok(Self::Json),
            Some("html") => Ok(Self::Html),
            Some(other) => Err(ApiError::NotAcceptable { format: other.to_owned(), offered: "json or html" }),
            None => {
                let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
                let html = accept.find("text/html");
                let json = accept.find("json");
                Ok(match (html, json) {
                    (Some(h), Some(j)) if h < j => Self::Html,
                    (Some(_), None) => Self::Html,
                    _ => Self::Json,
                })
            }
        }
    }
}

/// The format of a resource that takes no parameter but `f`.
///
/// # Errors
/// A 400 for any other parameter, a 406 for an unknown format.
pub fn format_only(raw: Option<&str>, headers: &HeaderMap) -> Result<Format, ApiError> {
    let mut f = None;
    let mut seen = false;
    for (name, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        match name.as_ref() {
            "f" if seen => return Err(ApiError::RepeatedParameter("f".into())),
            "f" => {
                seen = true;
                f = Some(value.into_owned());
            }
            _ => return Err(ApiError::UnknownParameter { param: name.into_owned(), accepted: "f" }),
        }
    }
    Format::of(f.as_deref(), headers)
}

/// The parameters of `GET /api/collections/events/items`.
#[derive(Debug, Clone)]
pub struct ItemsQuery {
    /// `datetime` and `bbox`.
    pub filter: EventFilter,
    /// The queryables.
    pub properties: PropertyFilter,
    /// Items on the page, 1 to [`MAX_LIMIT`].
    pub limit: u64,
    /// Items before the page.
    pub offset: u64,
    /// JSON, HTML or CSV.
    pub format: Format,
    /// A CQL2 filter (`filter`, `filter-lang`).
    pub cql: Option<super::filter::Cql>,
}

const ITEMS_PARAMS: &str = "f, limit, offset, datetime, bbox, bbox-crs, kind, country_code, date_precision, \
                            geo_precision, tags, filter, filter-lang, filter-crs";

/// Parses the query of the items resource.
///
/// # Errors
/// A 400 naming the parameter: unknown, repeated or malformed (`limit`
/// outside 1 to 10,000, `offset` not a whole number, a queryable's value
/// that no event can have); a 406 for an unknown `f`; a 414 for a query
/// over 2048 bytes.
pub fn parse_items(raw: Option<&str>, headers: &HeaderMap) -> Result<ItemsQuery, ApiError> {
    let extra = [
        "f",
        "limit",
        "offset",
        "kind",
        "country_code",
        "date_precision",
        "geo_precision",
        "tags",
        "filter",
        "filter-lang",
        "filter-crs",
    ];
    let (filter, others) = parse_query_with(raw, &extra, ITEMS_PARAMS)?;
    let mut q = ItemsQuery {
        filter,
        properties: PropertyFilter::default(),
        limit: DEFAULT_LIMIT,
        offset: 0,
        format: Format::Json,
        cql: None,
    };
    let mut f = None;
    let (mut filter_text, mut filter_lang) = (None, None);
    for (name, value) in others {
        let invalid = |reason: String| ApiError::InvalidParameter { param: name.clone(), reason };
        match name.as_str() {
            "f" => f = Some(value),
            "limit" => {
                q.limit =
                    value.parse::<u64>().ok().filter(|n| (1..=MAX_LIMIT).contains(n)).ok_or_else(|| {
                        invalid(format!("must be a whole number from 1 to {MAX_LIMIT}, got {value:?}"))
                    })?;
            }
            "offset" => {
                q.offset = value
                    .parse::<u64>()
                    .map_err(|_| invalid(format!("must be a whole number, 0 or more, got {value:?}")))?;
            }
            "kind" => q.properties.kind = Some(choice::<EventKind>(&value, EventKind::ALL).map_err(invalid)?),
            "date_precision" => {
                q.properties.date_precision =
                    Some(choice::<DatePrecision>(&value, DatePrecision::ALL).map_err(invalid)?);
            }
            "geo_precision" => {
                q.properties.geo_precision = Some(choice::<GeoPrecision>(&value, GeoPrecision::ALL).map_err(invalid)?);
            }
            "country_code" => {
                let code = value.to_ascii_uppercase();
                if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(invalid(format!("must be an ISO 3166-1 alpha-2 code such as SE, got {value:?}")));
                }
                q.properties.country_code = Some(code);
            }
            "filter" => filter_text = Some(value),
            "filter-lang" => filter_lang = Some(value),
            "filter-crs" if value == crate::routes::events::CRS84 => {}
            "filter-crs" => {
                return Err(invalid(format!("only {} is supported", crate::routes::events::CRS84)));
            }
            "tags" => {
                if value.trim().is_empty() {
                    return Err(invalid("must be a tag, got nothing".into()));
                }
                // Tags are stored lower-cased (Unicode rules): PS752 finds ps752.
                q.properties.tag = Some(value.trim().to_lowercase());
            }
            _ => {}
        }
    }
    q.cql = match (filter_text, filter_lang) {
        (Some(text), lang) => Some(super::filter::Cql::parse(&text, lang.as_deref())?),
        (None, Some(_)) => {
            return Err(ApiError::InvalidParameter {
                param: "filter-lang".into(),
                reason: "is given without a filter".into(),
            })
        }
        (None, None) => None,
    };
    q.format = match f.as_deref() {
        Some("csv") => Format::Csv,
        Some(other @ ("json" | "geojson" | "html")) => Format::of(Some(other), headers)?,
        Some(other) => return Err(ApiError::NotAcceptable { format: other.to_owned(), offered: "json, html or csv" }),
        None => Format::of(None, headers)?,
    };
    Ok(q)
}

/// One of a closed set of names, or a reason listing them.
fn choice<T: std::str::FromStr + std::fmt::Display>(value: &str, all: &[T]) -> Result<T, String> {
    value.parse::<T>().map_err(|_| {
        let names: Vec<String> = all.iter().map(ToString::to_string).collect();
        format!("must be one of {}, got {value:?}", names.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(v: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_static(v));
        h
    }

    #[test]
    fn format_from_f_then_accept() {
        let browser = accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assert_eq!(Format::of(None, &browser).expect("html"), Format::Html);
        assert_eq!(Format::of(Some("json"), &browser).expect("json"), Format::Json);
        assert_eq!(Format::of(None, &accept("application/geo+json, text/html")).expect("json"), Format::Json);
        assert_eq!(Format::of(None, &HeaderMap::new()).expect("json"), Format::Json);
        let e = Format::of(Some("xml"), &HeaderMap::new()).expect_err("406");
        assert_eq!(e.to_string(), "f: \"xml\" is not a format of this resource; use json or html");
    }

    #[test]
    fn items_parameters() {
        let h = HeaderMap::new();
        let q = parse_items(Some("limit=2&offset=4&kind=rally&country_code=se&tags=mek&datetime=2020-01-18"), &h)
            .expect("valid");
        assert_eq!((q.limit, q.offset), (2, 4));
        assert_eq!(q.properties.kind, Some(EventKind::Rally));
        assert_eq!(q.properties.country_code.as_deref(), Some("SE"));
        assert_eq!(q.properties.tag.as_deref(), Some("mek"));
        assert_eq!(q.filter.window.to_string(), "2020-01-18");
        let e = |s| parse_items(Some(s), &h).expect_err("invalid").to_string();
        assert_eq!(e("limit=0"), "limit: must be a whole number from 1 to 10000, got \"0\"");
        assert_eq!(e("limit=10001"), "limit: must be a whole number from 1 to 10000, got \"10001\"");
        assert_eq!(e("offset=-1"), "offset: must be a whole number, 0 or more, got \"-1\"");
        assert_eq!(
            e("kind=riot"),
            "kind: must be one of rally, protest, march, vigil, banner_action, other, got \"riot\""
        );
        assert_eq!(e("country_code=SWE"), "country_code: must be an ISO 3166-1 alpha-2 code such as SE, got \"SWE\"");
        assert_eq!(parse_items(Some("f=csv"), &h).expect("csv").format, Format::Csv);
        assert_eq!(e("f=xlsx"), "f: \"xlsx\" is not a format of this resource; use json, html or csv");
        assert_eq!(
            e("colour=red"),
            "colour: unknown parameter; this resource accepts f, limit, offset, datetime, bbox, bbox-crs, kind, \
             country_code, date_precision, geo_precision, tags, filter, filter-lang, filter-crs"
        );
    }
}

//! The query parameters of the OGC API – Features resources: the format
//! (`f`, or the `Accept` header), and for items `limit`, `offset`, `bbox`,
//! `bbox-crs`, `datetime` and the queryables (OGC 17-069r4, §7.15; README,
//! "OGC API – Features").

use axum::http::{header, HeaderMap};
use domain::filter::CRS84;

use crate::error::ApiError;
use crate::routes::params::{Accepted, RouteParams};

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

/// The parameters of a document resource (the landing page, conformance,
/// collections, queryables, one item): `f` alone.
#[derive(Debug, Default, Clone, Copy)]
pub struct DocParams {
    /// The format asked for (`f`, else `Accept`); set once all are read.
    format: Option<Format>,
}

impl RouteParams for DocParams {
    const ACCEPTS: &'static [Accepted] = &[Accepted::Own("f")];

    fn own(&mut self, _: &'static str, value: &str) -> Result<(), ApiError> {
        self.format = Some(Format::of(Some(value), &HeaderMap::new())?);
        Ok(())
    }

    fn done(&mut self, headers: &HeaderMap) -> Result<(), ApiError> {
        if self.format.is_none() {
            self.format = Some(Format::of(None, headers)?);
        }
        Ok(())
    }
}

impl DocParams {
    /// The format: JSON unless `f` or `Accept` asked for HTML.
    pub fn format(&self) -> Format {
        self.format.unwrap_or(Format::Json)
    }
}

/// The parameters of `GET /api/collections/events/items` besides those that
/// select events (the window, the box and the queryables, in the filter).
#[derive(Debug, Clone)]
pub struct ItemsParams {
    /// Items on the page, 1 to [`MAX_LIMIT`].
    pub limit: u64,
    /// Items before the page.
    pub offset: u64,
    /// JSON, HTML or CSV.
    pub format: Format,
    /// A CQL2 filter (`filter`, `filter-lang`).
    pub cql: Option<super::filter::Cql>,
    f: Option<String>,
    filter_text: Option<String>,
    filter_lang: Option<String>,
}

impl Default for ItemsParams {
    fn default() -> Self {
        Self {
            limit: DEFAULT_LIMIT,
            offset: 0,
            format: Format::Json,
            cql: None,
            f: None,
            filter_text: None,
            filter_lang: None,
        }
    }
}

impl RouteParams for ItemsParams {
    const ACCEPTS: &'static [Accepted] = &[
        Accepted::Own("f"),
        Accepted::Own("limit"),
        Accepted::Own("offset"),
        Accepted::EverySelection,
        Accepted::Own("filter"),
        Accepted::Own("filter-lang"),
        Accepted::Own("filter-crs"),
    ];

    fn own(&mut self, name: &'static str, value: &str) -> Result<(), ApiError> {
        let invalid = |reason: String| ApiError::InvalidParameter { param: name.to_owned(), reason };
        match name {
            "f" => self.f = Some(value.to_owned()),
            "limit" => {
                self.limit =
                    value.parse::<u64>().ok().filter(|n| (1..=MAX_LIMIT).contains(n)).ok_or_else(|| {
                        invalid(format!("must be a whole number from 1 to {MAX_LIMIT}, got {value:?}"))
                    })?;
            }
            "offset" => {
                self.offset = value
                    .parse::<u64>()
                    .map_err(|_| invalid(format!("must be a whole number, 0 or more, got {value:?}")))?;
            }
            "filter" => self.filter_text = Some(value.to_owned()),
            "filter-lang" => self.filter_lang = Some(value.to_owned()),
            _ if value == CRS84 => {}
            _ => return Err(invalid(format!("only {CRS84} is supported"))),
        }
        Ok(())
    }

    fn done(&mut self, headers: &HeaderMap) -> Result<(), ApiError> {
        self.cql = match (self.filter_text.take(), self.filter_lang.take()) {
            (Some(text), lang) => Some(super::filter::Cql::parse(&text, lang.as_deref())?),
            (None, Some(_)) => {
                return Err(ApiError::InvalidParameter {
                    param: "filter-lang".into(),
                    reason: "is given without a filter".into(),
                })
            }
            (None, None) => None,
        };
        self.format = match self.f.as_deref() {
            Some("csv") => Format::Csv,
            Some(other @ ("json" | "geojson" | "html")) => Format::of(Some(other), headers)?,
            Some(other) => {
                return Err(ApiError::NotAcceptable { format: other.to_owned(), offered: "json, html or csv" })
            }
            None => Format::of(None, headers)?,
        };
        Ok(())
    }
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
        use crate::routes::params::Query;
        use domain::event::EventKind;
        let h = HeaderMap::new();
        let read = |s: &str| Query::<ItemsParams>::read(Some(s), &h);
        let q = read("limit=2&offset=4&kind=rally&country_code=se&tags=mek&datetime=2020-01-18").expect("valid");
        assert_eq!((q.params.limit, q.params.offset), (2, 4));
        assert_eq!(q.filter.properties.kind, [EventKind::Rally]);
        assert_eq!(q.filter.properties.country_code, ["SE"]);
        assert_eq!(q.filter.properties.tag.as_deref(), Some("mek"));
        assert_eq!(q.filter.window.to_string(), "2020-01-18");
        let e = |s| read(s).expect_err("invalid").to_string();
        assert_eq!(e("limit=0"), "limit: must be a whole number from 1 to 10000, got \"0\"");
        assert_eq!(e("limit=10001"), "limit: must be a whole number from 1 to 10000, got \"10001\"");
        assert_eq!(e("offset=-1"), "offset: must be a whole number, 0 or more, got \"-1\"");
        assert_eq!(
            e("kind=riot"),
            "kind: must be one of rally, protest, march, vigil, banner_action, other, strike, sit_in, blockade, \
             boycott, counter_protest, got \"riot\""
        );
        assert_eq!(e("country_code=SWE"), "country_code: must be an ISO 3166-1 alpha-2 code such as SE, got \"SWE\"");
        assert_eq!(read("f=csv").expect("csv").params.format, Format::Csv);
        assert_eq!(e("f=xlsx"), "f: \"xlsx\" is not a format of this resource; use json, html or csv");
        assert_eq!(
            e("colour=red"),
            "colour: unknown parameter; this resource accepts f, limit, offset, datetime, bbox, bbox-crs, kind, \
             country_code, date_precision, geo_precision, tags, conduct, online, admin1, dataset, actor, outcome, \
             crowd_size, q, filter, filter-lang, filter-crs"
        );
    }
}

//! Which events a reader or an API client asked for, and the one grammar
//! of query parameters that says so (ARCHITECTURE.md, "Adding a query
//! parameter").
//!
//! [`Param`] lists every parameter that selects events, once, with its name,
//! meaning and value type; [`EventFilter`] holds what they selected, reads
//! itself from a query string ([`EventFilter::set`]) and writes itself back
//! (`Display`), so the server's routes, the OGC documents (queryables and
//! OpenAPI parameters) and the browser's URLs all come from here. The store
//! turns each parameter into SQL (the server's `read.rs`, one `match` on
//! [`Param`]); the server and the browser agree on what "in the window"
//! means through [`EventFilter::matches`].

use std::fmt;
use std::str::FromStr;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

use crate::bbox::BBox;
use crate::dates::DateWindow;
use crate::event::{Conduct, DatePrecision, Event, EventKind, GeoPrecision};

/// The coordinate reference system of `bbox`: WGS 84 longitude, latitude
/// (OGC API – Features – Part 1, §7.15.3). `bbox-crs` may name only this.
pub const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

text_enum! {
    /// A query parameter that selects events (README, "API"), in the order a
    /// query is written back.
    Param {
        /// `datetime`: a date, an RFC 3339 date-time or an interval of
        /// either (OGC 17-069r4, §7.15.4).
        Datetime = "datetime",
        /// `bbox`: `minLon,minLat,maxLon,maxLat` in WGS 84 degrees (§7.15.3).
        Bbox = "bbox",
        /// `bbox-crs`: only [`CRS84`].
        BboxCrs = "bbox-crs",
        /// `kind`: exactly this kind (a queryable, OGC 19-079r2).
        Kind = "kind",
        /// `country_code`: ISO 3166-1 alpha-2, any case (a queryable).
        CountryCode = "country_code",
        /// `date_precision`: exact or approximate (a queryable).
        DatePrecision = "date_precision",
        /// `geo_precision`: site, city or region (a queryable).
        GeoPrecision = "geo_precision",
        /// `tags`: the event has this tag (a queryable).
        Tags = "tags",
        /// `conduct`: what happened to it, exactly (a queryable).
        Conduct = "conduct",
        /// `online`: `true` for events that took place online, `false` for
        /// those reported as in person (a queryable).
        Online = "online",
        /// `admin1`: the first-level administrative area, exactly as
        /// written (a queryable).
        Admin1 = "admin1",
        /// `dataset`: the dataset it was imported from, exactly (a
        /// queryable).
        Dataset = "dataset",
    }
}

/// What values a parameter takes, for the documents that describe it
/// (JSON Schema in the queryables and the OpenAPI definition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueType {
    /// Free text.
    Text,
    /// Text of this pattern (a regular expression).
    Pattern(&'static str),
    /// One of these names.
    OneOf(Vec<&'static str>),
    /// A URI.
    Uri,
    /// Four or six numbers, comma-separated.
    Numbers {
        /// Fewest numbers.
        min: usize,
        /// Most numbers.
        max: usize,
    },
}

impl Param {
    /// What the parameter selects, in a sentence (the OpenAPI description).
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Datetime => {
                "A date (2020-01-18) or RFC 3339 date-time, or an interval of either with .. for an open end. An \
                 instant stands for its calendar date in the offset it is written in. An event matches when its days \
                 share one with the window."
            }
            Self::Bbox => {
                "minLon,minLat,maxLon,maxLat in WGS 84 degrees (or six numbers with heights, which are ignored); \
                 minLon > maxLon crosses the antimeridian."
            }
            Self::BboxCrs => "Only http://www.opengis.net/def/crs/OGC/1.3/CRS84.",
            Self::Kind => "What happened.",
            Self::CountryCode => "ISO 3166-1 alpha-2.",
            Self::DatePrecision => "Exact or approximate dates.",
            Self::GeoPrecision => "What the point stands for.",
            Self::Tags => "A tag the event has.",
            Self::Conduct => {
                "What happened to it (ACLED's sub-event types of demonstrations); events where it was not \
                 reported never match."
            }
            Self::Online => "true: it took place online; false: reported as in person. Not reported never matches.",
            Self::Admin1 => "The province or state, exactly as the event names it.",
            Self::Dataset => "The dataset the event was imported from, exactly (ACLED, CCC).",
        }
    }

    /// Its title as a queryable (OGC 19-079r2, §6.2), or `None` for a
    /// parameter that is not a property of the events.
    pub fn queryable(self) -> Option<&'static str> {
        match self {
            Self::Datetime | Self::Bbox | Self::BboxCrs => None,
            Self::Kind => Some("What happened"),
            Self::CountryCode => Some("Country (ISO 3166-1 alpha-2)"),
            Self::DatePrecision => Some("Exact or approximate dates"),
            Self::GeoPrecision => Some("What the point stands for"),
            Self::Tags => Some("A tag (matches events that have it among their tags)"),
            Self::Conduct => Some("What happened to it"),
            Self::Online => Some("Took place online"),
            Self::Admin1 => Some("Province or state, as reported"),
            Self::Dataset => Some("Dataset it was imported from"),
        }
    }

    /// The values it takes.
    pub fn value_type(self) -> ValueType {
        let names = |all: &[&'static str]| ValueType::OneOf(all.to_vec());
        match self {
            Self::Datetime | Self::Tags | Self::Admin1 | Self::Dataset => ValueType::Text,
            Self::Conduct => names(&Conduct::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>()),
            Self::Online => names(&["true", "false"]),
            Self::Bbox => ValueType::Numbers { min: 4, max: 6 },
            Self::BboxCrs => ValueType::Uri,
            Self::Kind => names(&EventKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>()),
            Self::CountryCode => ValueType::Pattern("^[A-Za-z]{2}$"),
            Self::DatePrecision => names(&DatePrecision::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>()),
            Self::GeoPrecision => names(&GeoPrecision::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>()),
        }
    }
}

/// A parameter's value that cannot select anything: the parameter and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{param}: {reason}")]
pub struct ParamError {
    /// The parameter.
    pub param: Param,
    /// What is wrong with its value.
    pub reason: String,
}

/// What a query selected: a date window, an optional bounding box and
/// conditions on the events' properties. An event matches when its date
/// range intersects the window (both inclusive), its point is in the box and
/// every condition holds.
///
/// # Examples
///
/// ```
/// use domain::filter::{EventFilter, Param};
///
/// let mut f = EventFilter::default();
/// f.set(Param::Datetime, "2020-01-18/2020-01-20").expect("a window");
/// f.set(Param::CountryCode, "se").expect("a country");
/// assert_eq!(f.to_string(), "datetime=2020-01-18/2020-01-20&country_code=SE");
/// assert_eq!(
///     f.set(Param::Kind, "riot").expect_err("no such kind").to_string(),
///     "kind: must be one of rally, protest, march, vigil, banner_action, other, strike, sit_in, blockade, \
///      boycott, counter_protest, got \"riot\"",
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EventFilter {
    /// Days asked for; [`DateWindow::ALL`] for every day.
    pub window: DateWindow,
    /// Area asked for; `None` for the whole world.
    pub bbox: Option<BBox>,
    /// Conditions on properties (the queryables).
    pub properties: PropertyFilter,
}

impl EventFilter {
    /// The window and box alone, with no condition on properties.
    pub fn window_and_box(window: DateWindow, bbox: Option<BBox>) -> Self {
        Self { window, bbox, properties: PropertyFilter::default() }
    }

    /// Whether `e` is in the window and the box and meets every condition.
    pub fn matches(&self, e: &Event) -> bool {
        e.dates.intersects(&self.window)
            && self.bbox.is_none_or(|b| b.contains(e.lon, e.lat))
            && self.properties.matches(e)
    }

    /// Reads `value` of `param` into the filter.
    ///
    /// # Errors
    /// [`ParamError`] naming the parameter: a malformed window or box, a
    /// `bbox-crs` other than [`CRS84`], a name no event has, a country code
    /// that is not two letters, an empty tag.
    pub fn set(&mut self, param: Param, value: &str) -> Result<(), ParamError> {
        let invalid = |reason: String| ParamError { param, reason };
        match param {
            Param::Datetime => self.window = DateWindow::parse(value).map_err(|e| invalid(e.to_string()))?,
            Param::Bbox => self.bbox = Some(BBox::parse(value).map_err(|e| invalid(e.to_string()))?),
            Param::BboxCrs if value == CRS84 => {}
            Param::BboxCrs => {
                return Err(invalid(format!("only {CRS84} (WGS 84 longitude, latitude) is supported")));
            }
            Param::Kind => self.properties.kind = Some(choice(value, EventKind::ALL).map_err(invalid)?),
            Param::DatePrecision => {
                self.properties.date_precision = Some(choice(value, DatePrecision::ALL).map_err(invalid)?);
            }
            Param::GeoPrecision => {
                self.properties.geo_precision = Some(choice(value, GeoPrecision::ALL).map_err(invalid)?);
            }
            Param::CountryCode => {
                let code = value.to_ascii_uppercase();
                if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(invalid(format!("must be an ISO 3166-1 alpha-2 code such as SE, got {value:?}")));
                }
                self.properties.country_code = Some(code);
            }
            Param::Tags => {
                if value.trim().is_empty() {
                    return Err(invalid("must be a tag, got nothing".into()));
                }
                // Tags are stored lower-cased (Unicode rules): PS752 finds ps752.
                self.properties.tag = Some(value.trim().to_lowercase());
            }
            Param::Conduct => self.properties.conduct = Some(choice(value, Conduct::ALL).map_err(invalid)?),
            Param::Online => {
                self.properties.online = Some(match value {
                    "true" => true,
                    "false" => false,
                    other => return Err(invalid(format!("must be true or false, got {other:?}"))),
                });
            }
            Param::Admin1 | Param::Dataset => {
                if value.trim().is_empty() {
                    return Err(invalid("must be a name, got nothing".into()));
                }
                let v = Some(value.trim().to_owned());
                match param {
                    Param::Admin1 => self.properties.admin1 = v,
                    _ => self.properties.dataset = v,
                }
            }
        }
        Ok(())
    }

    /// The value of `param` as it would be written in a query, or `None`
    /// when the filter places no condition with it.
    pub fn value(&self, param: Param) -> Option<String> {
        let p = &self.properties;
        match param {
            Param::Datetime => (self.window != DateWindow::ALL).then(|| self.window.to_string()),
            Param::Bbox => self.bbox.map(|b| format!("{},{},{},{}", b.min_lon, b.min_lat, b.max_lon, b.max_lat)),
            // Always CRS84: never written back.
            Param::BboxCrs => None,
            Param::Kind => p.kind.map(|k| k.as_str().to_owned()),
            Param::CountryCode => p.country_code.clone(),
            Param::DatePrecision => p.date_precision.map(|d| d.as_str().to_owned()),
            Param::GeoPrecision => p.geo_precision.map(|g| g.as_str().to_owned()),
            Param::Tags => p.tag.clone(),
            Param::Conduct => p.conduct.map(|c| c.as_str().to_owned()),
            Param::Online => p.online.map(|b| b.to_string()),
            Param::Admin1 => p.admin1.clone(),
            Param::Dataset => p.dataset.clone(),
        }
    }
}

impl fmt::Display for EventFilter {
    /// The filter as a query string, every parameter in [`Param::ALL`]
    /// order, percent-encoded: the same text for every way of asking the
    /// same thing (a cache key, a link, the browser's request).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for &param in Param::ALL {
            if let Some(v) = self.value(param) {
                let sep = if first { "" } else { "&" };
                first = false;
                write!(f, "{sep}{}={}", param.as_str(), utf8_percent_encode(&v, QUERY_VALUE))?;
            }
        }
        Ok(())
    }
}

/// What a query value must encode (RFC 3986 §3.4 allows `/`, `:` and `,`
/// in a query, so a window and a box stay readable in a link); `+` is
/// encoded because `application/x-www-form-urlencoded` reads it as a space.
const QUERY_VALUE: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/').remove(b':').remove(b',');

/// One of a closed set of names, or a reason listing them.
fn choice<T: FromStr + fmt::Display>(value: &str, all: &[T]) -> Result<T, String> {
    value.parse::<T>().map_err(|_| {
        let names: Vec<String> = all.iter().map(ToString::to_string).collect();
        format!("must be one of {}, got {value:?}", names.join(", "))
    })
}

/// Conditions on an event's properties, as OGC API – Features queryables
/// (OGC 17-069r4, §7.15.5; OGC 19-079r2, queryables): each given one must
/// hold (`AND`); `None` places no condition.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PropertyFilter {
    /// `kind`: exactly this kind.
    pub kind: Option<EventKind>,
    /// `country_code`: ISO 3166-1 alpha-2, upper case.
    pub country_code: Option<String>,
    /// `date_precision`: exact or approximate.
    pub date_precision: Option<DatePrecision>,
    /// `geo_precision`: site, city or region.
    pub geo_precision: Option<GeoPrecision>,
    /// `tags`: the event has this tag among its tags.
    pub tag: Option<String>,
    /// `conduct`: exactly this (events without one never match).
    #[serde(default)]
    pub conduct: Option<Conduct>,
    /// `online`: reported as online (`true`) or in person (`false`).
    #[serde(default)]
    pub online: Option<bool>,
    /// `admin1`: exactly this name.
    #[serde(default)]
    pub admin1: Option<String>,
    /// `dataset`: exactly this name.
    #[serde(default)]
    pub dataset: Option<String>,
}

impl PropertyFilter {
    /// Whether `e` meets every condition. The store answers this in SQL; this
    /// is the rule it must agree with (the integration tests compare them).
    pub fn matches(&self, e: &Event) -> bool {
        self.kind.is_none_or(|k| e.kind == k)
            && self.country_code.as_deref().is_none_or(|c| e.country_code == c)
            && self.date_precision.is_none_or(|p| e.date_precision == p)
            && self.geo_precision.is_none_or(|p| e.geo_precision == p)
            && self.tag.as_deref().is_none_or(|t| e.tags.iter().any(|x| x == t))
            && self.conduct.is_none_or(|c| e.conduct == Some(c))
            && self.online.is_none_or(|o| e.online == Some(o))
            && self.admin1.as_deref().is_none_or(|a| e.admin1.as_deref() == Some(a))
            && self.dataset.as_deref().is_none_or(|d| e.dataset.as_deref() == Some(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_writes_back_what_it_read_in_one_order() {
        let mut f = EventFilter::default();
        for (p, v) in [
            (Param::Tags, "PS752"),
            (Param::Kind, "vigil"),
            (Param::Bbox, "-10,40,20.5,60"),
            (Param::BboxCrs, CRS84),
            (Param::Datetime, "2020-01-18/.."),
            (Param::GeoPrecision, "city"),
            (Param::DatePrecision, "exact"),
            (Param::CountryCode, "ir"),
        ] {
            f.set(p, v).expect("valid");
        }
        assert_eq!(
            f.to_string(),
            "datetime=2020-01-18/..&bbox=-10,40,20.5,60&kind=vigil&country_code=IR&date_precision=exact&\
             geo_precision=city&tags=ps752"
        );
        let mut again = EventFilter::default();
        for (name, value) in url::form_urlencoded::parse(f.to_string().as_bytes()) {
            again.set(name.parse().expect("a parameter"), &value).expect("valid");
        }
        assert_eq!(again, f);
    }

    #[test]
    fn a_tag_with_query_characters_survives_the_query() {
        let mut f = EventFilter::default();
        f.set(Param::Tags, "a+b & c=d #تهران%").expect("a tag");
        assert_eq!(f.to_string(), "tags=a%2Bb%20%26%20c%3Dd%20%23%D8%AA%D9%87%D8%B1%D8%A7%D9%86%25");
        let mut again = EventFilter::default();
        for (name, value) in url::form_urlencoded::parse(f.to_string().as_bytes()) {
            again.set(name.parse().expect("a parameter"), &value).expect("valid");
        }
        assert_eq!(again, f);
        assert_eq!(EventFilter::default().to_string(), "");
    }

    #[test]
    fn every_refusal_names_its_parameter() {
        let e = |p: Param, v: &str| EventFilter::default().set(p, v).expect_err("refused").to_string();
        assert_eq!(
            e(Param::CountryCode, "SWE"),
            "country_code: must be an ISO 3166-1 alpha-2 code such as SE, got \"SWE\""
        );
        assert_eq!(e(Param::Tags, "  "), "tags: must be a tag, got nothing");
        assert_eq!(
            e(Param::BboxCrs, "EPSG:4326"),
            "bbox-crs: only http://www.opengis.net/def/crs/OGC/1.3/CRS84 (WGS 84 longitude, latitude) is supported"
        );
        assert!(e(Param::Datetime, "yesterday").starts_with("datetime: "));
        assert!(e(Param::Bbox, "1,2,3").starts_with("bbox: "));
    }

    #[test]
    fn every_queryable_is_described() {
        let queryables: Vec<&str> = Param::ALL.iter().filter(|p| p.queryable().is_some()).map(|p| p.as_str()).collect();
        assert_eq!(
            queryables,
            [
                "kind",
                "country_code",
                "date_precision",
                "geo_precision",
                "tags",
                "conduct",
                "online",
                "admin1",
                "dataset"
            ]
        );
        assert!(Param::ALL.iter().all(|p| p.meaning().ends_with('.')));
    }
}

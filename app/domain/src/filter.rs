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
use crate::search::SearchQuery;

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
        /// `actor`: an organiser or participant, exactly as named.
        Actor = "actor",
        /// `outcome`: any of these was reported (arrests, injuries,
        /// fatalities, property damage), comma-separated.
        Outcome = "outcome",
        /// `crowd_size`: `reported`, `not_reported`, or people `LOW/HIGH`
        /// (either end `..` for open) that the reported range meets.
        CrowdSize = "crowd_size",
        /// `q`: words to search for in the text of the events (README,
        /// "Search").
        Q = "q",
    }
}

text_enum! {
    /// An outcome a reader can ask for (`outcome=`): any reported.
    Outcome {
        /// More than zero arrests reported.
        Arrests = "arrests",
        /// More than zero injuries reported.
        Injuries = "injuries",
        /// More than zero deaths reported.
        Fatalities = "fatalities",
        /// Property damage reported.
        PropertyDamage = "property_damage",
    }
}

/// Most values in one comma-separated list (`kind=rally,march`).
pub const MAX_LIST_VALUES: usize = 60;

/// A condition on the reported crowd (`crowd_size=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CrowdCondition {
    /// A number was reported.
    Reported,
    /// No number was reported.
    NotReported,
    /// The reported range (low to high people) meets `low..=high`.
    Between {
        /// Fewest people; `None` for no lower bound.
        low: Option<u64>,
        /// Most people; `None` for no upper bound.
        high: Option<u64>,
    },
}

impl CrowdCondition {
    /// Reads `reported`, `not_reported` or `LOW/HIGH` (`..` for an open end).
    fn parse(value: &str) -> Result<Self, String> {
        match value {
            "reported" => return Ok(Self::Reported),
            "not_reported" => return Ok(Self::NotReported),
            _ => {}
        }
        let bad = || {
            format!("must be reported, not_reported or a range of people such as 1000/5000 or 1000/.., got {value:?}")
        };
        let (a, b) = value.split_once('/').ok_or_else(bad)?;
        let end = |s: &str| -> Result<Option<u64>, String> {
            match s {
                ".." | "" => Ok(None),
                s if s.bytes().all(|b| b.is_ascii_digit()) => s.parse().map(Some).map_err(|_| bad()),
                _ => Err(bad()),
            }
        };
        let (low, high) = (end(a)?, end(b)?);
        if let (Some(l), Some(h)) = (low, high) {
            if l > h {
                return Err(format!("the range's low end {l} is above its high end {h}"));
            }
        }
        Ok(Self::Between { low, high })
    }

    /// Whether an event reporting `low..=high` people (`None`: no number)
    /// meets it. A lone number is both ends.
    pub fn matches(self, low: Option<u64>, high: Option<u64>) -> bool {
        let reported = low.or(high).map(|l| (l, high.unwrap_or(l)));
        match (self, reported) {
            (Self::Reported, r) => r.is_some(),
            (Self::NotReported, r) => r.is_none(),
            (Self::Between { .. }, None) => false,
            (Self::Between { low: a, high: b }, Some((l, h))) => a.is_none_or(|a| h >= a) && b.is_none_or(|b| l <= b),
        }
    }
}

impl fmt::Display for CrowdCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = |n: Option<u64>| n.map_or_else(|| "..".to_owned(), |n| n.to_string());
        match self {
            Self::Reported => f.write_str("reported"),
            Self::NotReported => f.write_str("not_reported"),
            Self::Between { low, high } => write!(f, "{}/{}", end(*low), end(*high)),
        }
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
    /// One or more of these names, comma-separated.
    List(Vec<&'static str>),
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
            Self::Kind => "What happened; several, comma-separated, match any of them.",
            Self::CountryCode => "ISO 3166-1 alpha-2; several, comma-separated, match any of them.",
            Self::DatePrecision => "Exact or approximate dates; several, comma-separated, match any.",
            Self::GeoPrecision => "What the point stands for; several, comma-separated, match any.",
            Self::Tags => "A tag the event has.",
            Self::Conduct => {
                "What happened to it (ACLED's sub-event types of demonstrations); several, comma-separated, \
                 match any of them; events where it was not reported never match."
            }
            Self::Online => "true: it took place online; false: reported as in person. Not reported never matches.",
            Self::Admin1 => "The province or state, exactly as the event names it.",
            Self::Dataset => "The dataset the event was imported from, exactly (ACLED, CCC).",
            Self::Actor => "An organiser or participant, exactly as the event names it.",
            Self::Outcome => {
                "arrests, injuries, fatalities or property_damage, comma-separated: events where any of them \
                 was reported (more than zero)."
            }
            Self::CrowdSize => {
                "reported, not_reported, or a range of people LOW/HIGH (.. for an open end) that the reported \
                 crowd's range meets."
            }
            Self::Q => {
                "Words to search for in title, description, place, admin areas, organisers, participants, \
                 claims and tags: each must begin a word there; case, accents, diacritics and Arabic/Persian \
                 letter forms are ignored. At most 200 characters and 16 words."
            }
        }
    }

    /// Whether it takes a comma-separated list of values, any of which
    /// matches.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            Self::Kind | Self::CountryCode | Self::DatePrecision | Self::GeoPrecision | Self::Conduct | Self::Outcome
        )
    }

    /// Whether it places a condition on the events' properties (not the
    /// window or the box).
    pub fn is_property(self) -> bool {
        !matches!(self, Self::Datetime | Self::Bbox | Self::BboxCrs)
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
            Self::Actor | Self::Outcome | Self::CrowdSize | Self::Q => None,
        }
    }

    /// The values it takes.
    pub fn value_type(self) -> ValueType {
        let names = |all: &[&'static str]| ValueType::OneOf(all.to_vec());
        match self {
            Self::Datetime | Self::Tags | Self::Admin1 | Self::Dataset | Self::Actor | Self::Q => ValueType::Text,
            Self::CrowdSize => ValueType::Pattern("^(reported|not_reported|([0-9]+|\\.\\.)/([0-9]+|\\.\\.))$"),
            Self::Outcome => ValueType::List(Outcome::ALL.iter().map(|k| k.as_str()).collect()),
            Self::Conduct => ValueType::List(Conduct::ALL.iter().map(|k| k.as_str()).collect()),
            Self::Online => names(&["true", "false"]),
            Self::Bbox => ValueType::Numbers { min: 4, max: 6 },
            Self::BboxCrs => ValueType::Uri,
            Self::Kind => ValueType::List(EventKind::ALL.iter().map(|k| k.as_str()).collect()),
            Self::CountryCode => ValueType::Pattern("^[A-Za-z]{2}(,[A-Za-z]{2})*$"),
            Self::DatePrecision => ValueType::List(DatePrecision::ALL.iter().map(|k| k.as_str()).collect()),
            Self::GeoPrecision => ValueType::List(GeoPrecision::ALL.iter().map(|k| k.as_str()).collect()),
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
            Param::Kind => self.properties.kind = list(value, |v| choice(v, EventKind::ALL)).map_err(invalid)?,
            Param::DatePrecision => {
                self.properties.date_precision = list(value, |v| choice(v, DatePrecision::ALL)).map_err(invalid)?;
            }
            Param::GeoPrecision => {
                self.properties.geo_precision = list(value, |v| choice(v, GeoPrecision::ALL)).map_err(invalid)?;
            }
            Param::CountryCode => {
                self.properties.country_code = list(value, |v| {
                    let code = v.to_ascii_uppercase();
                    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
                        Ok(code)
                    } else {
                        Err(format!("must be an ISO 3166-1 alpha-2 code such as SE, got {v:?}"))
                    }
                })
                .map_err(invalid)?;
            }
            Param::Tags => {
                if value.trim().is_empty() {
                    return Err(invalid("must be a tag, got nothing".into()));
                }
                // Tags are stored lower-cased (Unicode rules): PS752 finds ps752.
                self.properties.tag = Some(value.trim().to_lowercase());
            }
            Param::Conduct => self.properties.conduct = list(value, |v| choice(v, Conduct::ALL)).map_err(invalid)?,
            Param::Outcome => self.properties.outcome = list(value, |v| choice(v, Outcome::ALL)).map_err(invalid)?,
            Param::CrowdSize => self.properties.crowd_size = Some(CrowdCondition::parse(value).map_err(invalid)?),
            Param::Q => {
                self.properties.q =
                    Some(value.parse().map_err(|e: crate::search::SearchError| invalid(e.to_string()))?);
            }
            Param::Online => {
                self.properties.online = Some(match value {
                    "true" => true,
                    "false" => false,
                    other => return Err(invalid(format!("must be true or false, got {other:?}"))),
                });
            }
            Param::Admin1 | Param::Dataset | Param::Actor => {
                if value.trim().is_empty() {
                    return Err(invalid("must be a name, got nothing".into()));
                }
                let v = Some(value.trim().to_owned());
                match param {
                    Param::Admin1 => self.properties.admin1 = v,
                    Param::Actor => self.properties.actor = v,
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
            Param::Kind => joined(&p.kind),
            Param::CountryCode => joined(&p.country_code),
            Param::DatePrecision => joined(&p.date_precision),
            Param::GeoPrecision => joined(&p.geo_precision),
            Param::Tags => p.tag.clone(),
            Param::Conduct => joined(&p.conduct),
            Param::Online => p.online.map(|b| b.to_string()),
            Param::Admin1 => p.admin1.clone(),
            Param::Dataset => p.dataset.clone(),
            Param::Actor => p.actor.clone(),
            Param::Outcome => joined(&p.outcome),
            Param::CrowdSize => p.crowd_size.map(|c| c.to_string()),
            Param::Q => p.q.as_ref().map(|q| q.text().to_owned()),
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

/// A comma-separated list of values, each read by `one`, in order without
/// repeats (so that every way of asking writes back the same), at most
/// [`MAX_LIST_VALUES`].
fn list<T: Ord>(value: &str, one: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    if parts.len() > MAX_LIST_VALUES {
        return Err(format!("must be at most {MAX_LIST_VALUES} values, got {}", parts.len()));
    }
    let mut out = parts.into_iter().map(one).collect::<Result<Vec<T>, String>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}

/// A list as a query writes it: comma-separated; `None` when empty.
fn joined<T: fmt::Display>(values: &[T]) -> Option<String> {
    (!values.is_empty()).then(|| values.iter().map(ToString::to_string).collect::<Vec<_>>().join(","))
}

/// One of a closed set of names, or a reason listing them.
fn choice<T: FromStr + fmt::Display>(value: &str, all: &[T]) -> Result<T, String> {
    value.parse::<T>().map_err(|_| {
        let names: Vec<String> = all.iter().map(ToString::to_string).collect();
        format!("must be one of {}, got {value:?}", names.join(", "))
    })
}

/// Conditions on an event's properties, as OGC API – Features queryables
/// (OGC 17-069r4, §7.15.5; OGC 19-079r2, queryables) and the search: each
/// given one must hold (`AND`); `None` or an empty list places no
/// condition, a list matches any of its values (`OR`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PropertyFilter {
    /// `kind`: one of these kinds.
    #[serde(default)]
    pub kind: Vec<EventKind>,
    /// `country_code`: one of these, ISO 3166-1 alpha-2, upper case.
    #[serde(default)]
    pub country_code: Vec<String>,
    /// `date_precision`: one of these.
    #[serde(default)]
    pub date_precision: Vec<DatePrecision>,
    /// `geo_precision`: one of these.
    #[serde(default)]
    pub geo_precision: Vec<GeoPrecision>,
    /// `tags`: the event has this tag among its tags.
    pub tag: Option<String>,
    /// `conduct`: one of these (events without one never match).
    #[serde(default)]
    pub conduct: Vec<Conduct>,
    /// `online`: reported as online (`true`) or in person (`false`).
    #[serde(default)]
    pub online: Option<bool>,
    /// `admin1`: exactly this name.
    #[serde(default)]
    pub admin1: Option<String>,
    /// `dataset`: exactly this name.
    #[serde(default)]
    pub dataset: Option<String>,
    /// `actor`: an organiser or participant of exactly this name.
    #[serde(default)]
    pub actor: Option<String>,
    /// `outcome`: any of these reported.
    #[serde(default)]
    pub outcome: Vec<Outcome>,
    /// `crowd_size`: the reported crowd.
    #[serde(default)]
    pub crowd_size: Option<CrowdCondition>,
    /// `q`: the search.
    #[serde(default)]
    pub q: Option<SearchQuery>,
}

/// Whether `list` is empty (no condition) or holds `value`.
fn any_of<T: PartialEq>(list: &[T], value: &T) -> bool {
    list.is_empty() || list.contains(value)
}

impl Outcome {
    /// Whether `e` reports it (more than zero, or damage).
    pub fn reported(self, e: &Facts<'_>) -> bool {
        match self {
            Self::Arrests => e.arrests.is_some_and(|n| n > 0),
            Self::Injuries => e.injuries.is_some_and(|n| n > 0),
            Self::Fatalities => e.fatalities.is_some_and(|n| n > 0),
            Self::PropertyDamage => e.property_damage == Some(true),
        }
    }
}

impl PropertyFilter {
    /// Whether `e` meets every condition. The store answers this in SQL; this
    /// is the rule it must agree with (the integration tests compare them).
    pub fn matches(&self, e: &Event) -> bool {
        let facts = Facts::of(e);
        Param::ALL.iter().all(|&p| self.holds(p, &facts)) && self.q.as_ref().is_none_or(|q| q.matches(e))
    }

    /// Whether the map's index in memory can answer this filter alone
    /// ([`crate::compact::CompactEvents::matches`]): it asks only for kinds,
    /// countries, conduct, date and place precision and crowd sizes, which
    /// the index keeps; a search, actor, outcome, tag, province, dataset or
    /// online choice needs the store.
    pub fn answered_by_index(&self) -> bool {
        let rest = Self {
            kind: Vec::new(),
            country_code: Vec::new(),
            date_precision: Vec::new(),
            geo_precision: Vec::new(),
            conduct: Vec::new(),
            crowd_size: None,
            ..self.clone()
        };
        rest == Self::default()
    }

    /// The values chosen for `param`, one by one as the query writes them
    /// (a list split at its commas); none for no condition.
    pub fn values(&self, param: Param) -> Vec<String> {
        let f = EventFilter { properties: self.clone(), ..EventFilter::default() };
        match f.value(param) {
            None => Vec::new(),
            Some(v) if param.is_list() => v.split(',').map(str::to_owned).collect(),
            Some(v) => vec![v],
        }
    }

    /// Chooses `values` for `param` (a list's values, or one value); none
    /// drops its condition.
    ///
    /// # Errors
    /// As [`EventFilter::set`]; nothing changes then.
    pub fn choose(&mut self, param: Param, values: &[String]) -> Result<(), ParamError> {
        let mut f = EventFilter { properties: self.clone(), ..EventFilter::default() };
        if values.is_empty() {
            PropertyFilter::default().merge_into(self, param);
            return Ok(());
        }
        f.set(param, &values.join(","))?;
        *self = f.properties;
        Ok(())
    }

    /// Copies the condition of `param` from `self` into `other` (from the
    /// default: drops it).
    fn merge_into(self, other: &mut PropertyFilter, param: Param) {
        match param {
            Param::Datetime | Param::Bbox | Param::BboxCrs => {}
            Param::Kind => other.kind = self.kind,
            Param::CountryCode => other.country_code = self.country_code,
            Param::DatePrecision => other.date_precision = self.date_precision,
            Param::GeoPrecision => other.geo_precision = self.geo_precision,
            Param::Tags => other.tag = self.tag,
            Param::Conduct => other.conduct = self.conduct,
            Param::Online => other.online = self.online,
            Param::Admin1 => other.admin1 = self.admin1,
            Param::Dataset => other.dataset = self.dataset,
            Param::Actor => other.actor = self.actor,
            Param::Outcome => other.outcome = self.outcome,
            Param::CrowdSize => other.crowd_size = self.crowd_size,
            Param::Q => other.q = self.q,
        }
    }

    /// Whether the condition of `param` holds for an event with `f` (always
    /// for the window, the box and the search, which are not facts).
    pub fn holds(&self, param: Param, f: &Facts<'_>) -> bool {
        match param {
            Param::Datetime | Param::Bbox | Param::BboxCrs | Param::Q => true,
            Param::Kind => any_of(&self.kind, &f.kind),
            Param::CountryCode => self.country_code.is_empty() || self.country_code.iter().any(|c| c == f.country_code),
            Param::DatePrecision => any_of(&self.date_precision, &f.date_precision),
            Param::GeoPrecision => any_of(&self.geo_precision, &f.geo_precision),
            Param::Tags => self.tag.as_deref().is_none_or(|t| f.tags.iter().any(|x| x == t)),
            Param::Conduct => self.conduct.is_empty() || f.conduct.is_some_and(|c| self.conduct.contains(&c)),
            Param::Online => self.online.is_none_or(|o| f.online == Some(o)),
            Param::Admin1 => self.admin1.as_deref().is_none_or(|a| f.admin1 == Some(a)),
            Param::Dataset => self.dataset.as_deref().is_none_or(|d| f.dataset == Some(d)),
            Param::Actor => {
                self.actor.as_deref().is_none_or(|a| f.organisers.iter().chain(f.participants).any(|x| x == a))
            }
            Param::Outcome => self.outcome.is_empty() || self.outcome.iter().any(|o| o.reported(f)),
            Param::CrowdSize => self.crowd_size.is_none_or(|c| c.matches(f.crowd_size_low, f.crowd_size_high)),
        }
    }
}

/// What the filters ask of an event, borrowed from it or from a row.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// What happened.
    pub kind: EventKind,
    /// ISO 3166-1 alpha-2.
    pub country_code: &'a str,
    /// Exact or approximate dates.
    pub date_precision: DatePrecision,
    /// What the point stands for.
    pub geo_precision: GeoPrecision,
    /// Tags.
    pub tags: &'a [String],
    /// What happened to it.
    pub conduct: Option<Conduct>,
    /// Online or in person.
    pub online: Option<bool>,
    /// Province or state.
    pub admin1: Option<&'a str>,
    /// Dataset.
    pub dataset: Option<&'a str>,
    /// Organisers.
    pub organisers: &'a [String],
    /// Participants.
    pub participants: &'a [String],
    /// Arrests reported.
    pub arrests: Option<u64>,
    /// Injuries reported.
    pub injuries: Option<u64>,
    /// Deaths reported.
    pub fatalities: Option<u64>,
    /// Property damage reported.
    pub property_damage: Option<bool>,
    /// Fewest people reported.
    pub crowd_size_low: Option<u64>,
    /// Most people reported.
    pub crowd_size_high: Option<u64>,
}

impl<'a> Facts<'a> {
    /// Facts of nothing: an "other" event in no country, nothing reported;
    /// the start of facts built from fewer fields (`..Facts::NONE`).
    pub const NONE: Facts<'static> = Facts {
        kind: EventKind::Other,
        country_code: "",
        date_precision: DatePrecision::Exact,
        geo_precision: GeoPrecision::Site,
        tags: &[],
        conduct: None,
        online: None,
        admin1: None,
        dataset: None,
        organisers: &[],
        participants: &[],
        arrests: None,
        injuries: None,
        fatalities: None,
        property_damage: None,
        crowd_size_low: None,
        crowd_size_high: None,
    };

    /// The facts of an event.
    pub fn of(e: &'a Event) -> Self {
        Self {
            kind: e.kind,
            country_code: &e.country_code,
            date_precision: e.date_precision,
            geo_precision: e.geo_precision,
            tags: &e.tags,
            conduct: e.conduct,
            online: e.online,
            admin1: e.admin1.as_deref(),
            dataset: e.dataset.as_deref(),
            organisers: &e.organisers,
            participants: &e.participants,
            arrests: e.arrests,
            injuries: e.injuries,
            fatalities: e.fatalities,
            property_damage: e.property_damage,
            crowd_size_low: e.crowd_size_low,
            crowd_size_high: e.crowd_size_high,
        }
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
    fn lists_read_in_any_order_write_back_in_one() {
        let mut f = EventFilter::default();
        f.set(Param::Kind, "march,rally,march").expect("kinds");
        f.set(Param::CountryCode, "se, ir").expect("countries");
        f.set(Param::Outcome, "fatalities,arrests").expect("outcomes");
        f.set(Param::CrowdSize, "1000/..").expect("a crowd");
        f.set(Param::Q, "  تهران  ").expect("a search");
        assert_eq!(
            f.to_string(),
            "kind=rally,march&country_code=IR,SE&outcome=arrests,fatalities&crowd_size=1000/..&\
             q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86"
        );
        let e = |p: Param, v: &str| EventFilter::default().set(p, v).expect_err("refused").to_string();
        assert_eq!(
            e(Param::Kind, "rally,riot"),
            "kind: must be one of rally, protest, march, vigil, banner_action, other, strike, sit_in, blockade, \
             boycott, counter_protest, got \"riot\""
        );
        assert_eq!(e(Param::Kind, &vec!["rally"; 500].join(",")), "kind: must be at most 60 values, got 500");
        assert_eq!(
            e(Param::CountryCode, "SE,"),
            "country_code: must be an ISO 3166-1 alpha-2 code such as SE, got \"\""
        );
        assert_eq!(e(Param::CrowdSize, "5000/1000"), "crowd_size: the range's low end 5000 is above its high end 1000");
        assert_eq!(
            e(Param::CrowdSize, "many"),
            "crowd_size: must be reported, not_reported or a range of people such as 1000/5000 or 1000/.., got \"many\""
        );
        assert_eq!(e(Param::Q, " \u{0651} "), "q: must have a letter or a digit");
        assert_eq!(e(Param::Q, &"ا".repeat(10_000)), "q: must be at most 200 characters, got 10000");
    }

    #[test]
    fn a_panel_chooses_and_drops_values_one_parameter_at_a_time() {
        let mut p = PropertyFilter::default();
        p.choose(Param::Kind, &["march".into(), "rally".into()]).expect("kinds");
        p.choose(Param::Q, &["تهران".into()]).expect("a search");
        assert_eq!(p.values(Param::Kind), ["rally", "march"]);
        p.choose(Param::Kind, &[]).expect("none");
        assert!(p.kind.is_empty());
        assert_eq!(p.values(Param::Q), ["تهران"]);
        assert!(p.choose(Param::Kind, &["riot".into()]).is_err());
        assert_eq!(p.values(Param::Q), ["تهران"], "a refusal changes nothing");
    }

    #[test]
    fn a_crowd_condition_meets_the_reported_range() {
        let between = |low, high| CrowdCondition::Between { low, high };
        let c = between(Some(1000), Some(5000));
        assert!(c.matches(Some(4000), Some(8000)), "overlapping ranges meet");
        assert!(c.matches(None, Some(1000)), "a lone number is both ends");
        assert!(!c.matches(Some(200), Some(999)));
        assert!(!c.matches(None, None), "no number never meets a range");
        assert!(between(Some(1000), None).matches(Some(1000), None));
        assert!(CrowdCondition::NotReported.matches(None, None));
        assert!(!CrowdCondition::Reported.matches(None, None));
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

//! Events as GeoJSON (RFC 7946): one [`Event`] is one `Feature` with a `Point`
//! geometry, a string `id` and the event's fields as snake_case `properties`.
//!
//! Reading goes through [`EventInput::validate`], so a Feature that breaks a
//! rule is refused with every violation named, and a type error (a number
//! where text belongs, a geometry that is not a Point) is reported the same
//! way. Writing always gives the same properties in the same order, so equal
//! events serialise to equal bytes.

use geojson::{feature::Id, Feature, FeatureCollection, Geometry, GeometryValue, JsonObject, JsonValue};

use crate::dates::format_date;
use crate::event::{format_timestamp, Event, EventInput, SourceInput};
use crate::field::{Field, FieldPath, SourcePart};
use crate::violation::{Violation, ViolationCode, Violations};

/// The media type of GeoJSON, RFC 7946 §12.
pub const MEDIA_TYPE: &str = "application/geo+json";

/// The event as a Feature: `Point` geometry `[lon, lat]` (WGS 84 degrees),
/// string `id`, and every field of [`Field::PROPERTIES`] as a property, in
/// that order. What was not reported (optional text, numbers, yes-or-no
/// values, a source's `url`, empty lists of names or estimates) and an unset
/// `updated_at` are left out rather than written as `null`: a property
/// that is there was reported. Counts are JSON integers, yes or no JSON
/// booleans, names arrays of strings, `crowd_estimates` an array of
/// `{low, high, source}`.
pub fn to_feature(e: &Event) -> Feature {
    let mut p = JsonObject::new();
    for field in Field::PROPERTIES {
        let value: Option<JsonValue> = match field {
            Field::Title => Some(e.title.clone().into()),
            Field::Description => Some(e.description.clone().into()),
            Field::Kind => Some(e.kind.as_str().into()),
            Field::DateStart => Some(format_date(e.dates.start).into()),
            Field::DateEnd => Some(format_date(e.dates.end).into()),
            Field::DatePrecision => Some(e.date_precision.as_str().into()),
            Field::LocationName => Some(e.location_name.clone().into()),
            Field::CountryCode => Some(e.country_code.clone().into()),
            Field::GeoPrecision => Some(e.geo_precision.as_str().into()),
            Field::Conduct => e.conduct.map(|c| c.as_str().into()),
            Field::Admin1 => e.admin1.clone().map(JsonValue::from),
            Field::Admin2 => e.admin2.clone().map(JsonValue::from),
            Field::Online => e.online.map(JsonValue::from),
            Field::Organisers => names(&e.organisers),
            Field::Participants => names(&e.participants),
            Field::Claims => e.claims.clone().map(JsonValue::from),
            Field::CrowdSizeText => e.crowd_size_text.clone().map(JsonValue::from),
            Field::CrowdSizeLow => e.crowd_size_low.map(JsonValue::from),
            Field::CrowdSizeHigh => e.crowd_size_high.map(JsonValue::from),
            Field::CrowdSizeDerived => e.crowd_size_derived.map(|c| c.as_str().into()),
            Field::CrowdEstimates => (!e.crowd_estimates.is_empty()).then(|| {
                JsonValue::Array(
                    e.crowd_estimates
                        .iter()
                        .map(|x| {
                            let mut o = JsonObject::new();
                            o.insert("low".into(), x.low.into());
                            o.insert("high".into(), x.high.into());
                            o.insert("source".into(), x.source.clone().into());
                            JsonValue::Object(o)
                        })
                        .collect(),
                )
            }),
            Field::Arrests => e.arrests.map(JsonValue::from),
            Field::Injuries => e.injuries.map(JsonValue::from),
            Field::Fatalities => e.fatalities.map(JsonValue::from),
            Field::PropertyDamage => e.property_damage.map(JsonValue::from),
            Field::Sources => Some(JsonValue::Array(
                e.sources
                    .iter()
                    .map(|s| {
                        let mut o = JsonObject::new();
                        o.insert("name".into(), s.name.clone().into());
                        if let Some(u) = &s.url {
                            o.insert("url".into(), u.clone().into());
                        }
                        JsonValue::Object(o)
                    })
                    .collect(),
            )),
            Field::Tags => Some(e.tags.iter().cloned().map(JsonValue::from).collect::<Vec<_>>().into()),
            Field::Dataset => e.dataset.clone().map(JsonValue::from),
            Field::ExternalId => e.external_id.clone().map(JsonValue::from),
            Field::UpstreamUpdatedAt => e.upstream_updated_at.map(|t| format_timestamp(t).into()),
            Field::UpdatedAt => e.updated_at.map(|t| format_timestamp(t).into()),
            // Feature members of their own, or not the Feature's at all.
            Field::Id | Field::Geometry | Field::Status => None,
        };
        if let Some(v) = value {
            p.insert(field.name().to_owned(), v);
        }
    }
    Feature {
        bbox: None,
        geometry: Some(Geometry::new_point([e.lon, e.lat])),
        id: Some(Id::String(e.id.clone())),
        properties: Some(p),
        foreign_members: None,
    }
}

/// A list of names as a JSON array; `None` for an empty list.
fn names(list: &[String]) -> Option<JsonValue> {
    (!list.is_empty()).then(|| list.iter().cloned().map(JsonValue::from).collect::<Vec<_>>().into())
}

/// Reads back a Feature that [`to_feature`] wrote (the text the API
/// serves), all but `updated_at`, without checking the event's rules again: they were checked
/// when it was stored. Cheaper than [`from_feature`] and without the
/// `geojson` crate's tree, for the browser, which only shows it. `None` for
/// text that is not such a Feature.
pub fn read_written(text: &str) -> Option<Event> {
    use crate::dates::full_date;
    use crate::event::{Conduct, CrowdEstimate, DatePrecision, EventKind, GeoPrecision, Source};
    #[derive(serde::Deserialize)]
    struct Written {
        id: String,
        geometry: Point,
        properties: Properties,
    }
    #[derive(serde::Deserialize)]
    struct Point {
        coordinates: (f64, f64),
    }
    #[derive(serde::Deserialize)]
    struct Properties {
        title: String,
        description: String,
        kind: EventKind,
        #[serde(with = "full_date")]
        date_start: time::Date,
        #[serde(with = "full_date")]
        date_end: time::Date,
        date_precision: DatePrecision,
        location_name: String,
        country_code: String,
        geo_precision: GeoPrecision,
        #[serde(default)]
        conduct: Option<Conduct>,
        #[serde(default)]
        admin1: Option<String>,
        #[serde(default)]
        admin2: Option<String>,
        #[serde(default)]
        online: Option<bool>,
        #[serde(default)]
        organisers: Vec<String>,
        #[serde(default)]
        participants: Vec<String>,
        /// Before `participants`: one text (history written then).
        #[serde(default)]
        actors: Option<String>,
        #[serde(default)]
        claims: Option<String>,
        crowd_size_text: Option<String>,
        #[serde(default)]
        crowd_size_low: Option<u64>,
        #[serde(default)]
        crowd_size_high: Option<u64>,
        #[serde(default)]
        crowd_size_derived: Option<crate::crowd::CrowdConvention>,
        #[serde(default)]
        crowd_estimates: Vec<CrowdEstimate>,
        #[serde(default)]
        arrests: Option<u64>,
        #[serde(default)]
        injuries: Option<u64>,
        #[serde(default)]
        fatalities: Option<u64>,
        #[serde(default)]
        property_damage: Option<bool>,
        sources: Vec<Source>,
        tags: Vec<String>,
        #[serde(default)]
        dataset: Option<String>,
        external_id: Option<String>,
        // The export's CSV carries it, so that export → import is exact.
        #[serde(default, with = "time::serde::rfc3339::option")]
        upstream_updated_at: Option<time::OffsetDateTime>,
    }
    let w: Written = serde_json::from_str(text).ok()?;
    let p = w.properties;
    Some(Event {
        id: w.id,
        title: p.title,
        description: p.description,
        kind: p.kind,
        dates: crate::dates::DateRange::new(p.date_start, p.date_end)?,
        date_precision: p.date_precision,
        location_name: p.location_name,
        country_code: p.country_code,
        lon: w.geometry.coordinates.0,
        lat: w.geometry.coordinates.1,
        geo_precision: p.geo_precision,
        conduct: p.conduct,
        admin1: p.admin1,
        admin2: p.admin2,
        online: p.online,
        organisers: p.organisers,
        participants: match p.actors {
            Some(actors) if p.participants.is_empty() => crate::event::split_names(&actors),
            _ => p.participants,
        },
        claims: p.claims,
        crowd_size_text: p.crowd_size_text,
        crowd_size_low: p.crowd_size_low,
        crowd_size_high: p.crowd_size_high,
        crowd_size_derived: p.crowd_size_derived,
        crowd_estimates: p.crowd_estimates,
        arrests: p.arrests,
        injuries: p.injuries,
        fatalities: p.fatalities,
        property_damage: p.property_damage,
        sources: p.sources,
        tags: p.tags,
        dataset: p.dataset,
        external_id: p.external_id,
        upstream_updated_at: p.upstream_updated_at,
        // Not shown; the server's own time.
        updated_at: None,
    })
}

/// The events, in the order given, as a FeatureCollection.
pub fn to_collection<'a>(events: impl IntoIterator<Item = &'a Event>) -> FeatureCollection {
    FeatureCollection { bbox: None, features: events.into_iter().map(to_feature).collect(), foreign_members: None }
}

/// Reads one Feature as an event; it must have a string `id`.
///
/// # Errors
/// [`Violations`] naming each field: `id` (missing or not a string),
/// `geometry` (missing, not a Point, not two finite numbers), a property of
/// the wrong JSON type, an unknown property, and every rule of
/// [`EventInput::validate`].
///
/// # Examples
///
/// ```
/// use domain::geojson::{from_feature, to_feature};
///
/// let text = r#"{"type": "Feature", "id": "2020-01-18-stockholm",
///   "geometry": {"type": "Point", "coordinates": [18.0686, 59.3293]},
///   "properties": {"title": "Rally in Stockholm", "kind": "rally",
///     "date_start": "2020-01-18", "date_end": "2020-01-18", "date_precision": "exact",
///     "location_name": "Stockholm, Sweden", "country_code": "SE", "geo_precision": "city",
///     "sources": [{"name": "irannewsupdate"}]}}"#;
/// let feature: geojson::Feature = text.parse::<geojson::GeoJson>().expect("GeoJSON").try_into().expect("a Feature");
/// let event = from_feature(&feature).expect("valid");
/// assert_eq!((event.lon, event.lat), (18.0686, 59.3293), "[longitude, latitude], RFC 7946 §3.1.1");
/// assert_eq!(from_feature(&to_feature(&event)).expect("round trip"), event);
/// ```
pub fn from_feature(f: &Feature) -> Result<Event, Violations> {
    let mut v: Vec<Violation> = Vec::new();
    let mut fail = |field: FieldPath, code: ViolationCode| v.push(Violation { field, code });
    let mut input = EventInput::default();
    match &f.id {
        Some(Id::String(s)) => input.id = s.clone(),
        Some(Id::Number(n)) => fail(Field::Id.into(), ViolationCode::IdNumber { number: n.to_string() }),
        None => {}
    }
    match f.geometry.as_ref().map(|g| &g.value) {
        Some(GeometryValue::Point { coordinates: p }) if p.len() == 2 => {
            input.lon = p[0].to_string();
            input.lat = p[1].to_string();
        }
        Some(GeometryValue::Point { coordinates: p }) => {
            fail(Field::Geometry.into(), ViolationCode::PointArity { got: p.len() })
        }
        Some(other) => fail(Field::Geometry.into(), ViolationCode::NotAPoint { got: other.type_name().to_owned() }),
        None => fail(Field::Geometry.into(), ViolationCode::GeometryRequired),
    }
    let empty = JsonObject::new();
    let props = f.properties.as_ref().unwrap_or(&empty);
    for key in props.keys() {
        if key != LEGACY_ACTORS && !key.parse::<Field>().is_ok_and(|f| Field::PROPERTIES.contains(&f)) {
            fail(FieldPath::Unknown(key.clone()), ViolationCode::UnknownProperty);
        }
    }
    let mut text = |field: Field| -> String {
        match props.get(field.name()) {
            None | Some(JsonValue::Null) => String::new(),
            Some(JsonValue::String(s)) => s.clone(),
            Some(other) => {
                fail(field.into(), wrong_type("a string", other));
                String::new()
            }
        }
    };
    for field in Field::PROPERTIES {
        match field {
            Field::Title => input.title = text(field),
            Field::Description => input.description = text(field),
            Field::Kind => input.kind = text(field),
            Field::Conduct => input.conduct = text(field),
            Field::DateStart => input.date_start = text(field),
            Field::DateEnd => input.date_end = text(field),
            Field::DatePrecision => input.date_precision = text(field),
            Field::LocationName => input.location_name = text(field),
            Field::Admin1 => input.admin1 = text(field),
            Field::Admin2 => input.admin2 = text(field),
            Field::CountryCode => input.country_code = text(field),
            Field::GeoPrecision => input.geo_precision = text(field),
            Field::Claims => input.claims = text(field),
            Field::CrowdSizeText => input.crowd_size_text = text(field),
            Field::CrowdSizeDerived => input.crowd_size_derived = text(field),
            Field::Dataset => input.dataset = text(field),
            Field::ExternalId => input.external_id = text(field),
            Field::UpstreamUpdatedAt => input.upstream_updated_at = text(field),
            Field::UpdatedAt => input.updated_at = text(field),
            // Numbers, yes or no, lists: read below; and what is not a property.
            Field::Online
            | Field::Organisers
            | Field::Participants
            | Field::CrowdSizeLow
            | Field::CrowdSizeHigh
            | Field::CrowdEstimates
            | Field::Arrests
            | Field::Injuries
            | Field::Fatalities
            | Field::PropertyDamage
            | Field::Sources
            | Field::Tags
            | Field::Id
            | Field::Geometry
            | Field::Status => {}
        }
    }
    let mut count = |field: Field| number(field.into(), props.get(field.name()), &mut fail);
    input.crowd_size_low = count(Field::CrowdSizeLow);
    input.crowd_size_high = count(Field::CrowdSizeHigh);
    input.arrests = count(Field::Arrests);
    input.injuries = count(Field::Injuries);
    input.fatalities = count(Field::Fatalities);
    match props.get(Field::CrowdEstimates.name()) {
        None | Some(JsonValue::Null) => {}
        Some(JsonValue::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if !item.is_object() {
                    fail(FieldPath::Item(Field::CrowdEstimates, i), wrong_type("an object {low, high, source}", item));
                    continue;
                }
                use crate::field::EstimatePart as Part;
                let low = number(FieldPath::Estimate(i, Part::Low), item.get("low"), &mut fail);
                let high = number(FieldPath::Estimate(i, Part::High), item.get("high"), &mut fail);
                let source = match item.get("source") {
                    None | Some(JsonValue::Null) => String::new(),
                    Some(JsonValue::String(s)) => s.clone(),
                    Some(other) => {
                        fail(FieldPath::Estimate(i, Part::Source), wrong_type("a string", other));
                        String::new()
                    }
                };
                input.crowd_estimates.push(crate::event::CrowdEstimateInput { low, high, source });
            }
        }
        Some(other) => fail(Field::CrowdEstimates.into(), wrong_type("an array", other)),
    }
    for field in [Field::Online, Field::PropertyDamage] {
        let value = match props.get(field.name()) {
            None | Some(JsonValue::Null) => String::new(),
            Some(JsonValue::Bool(b)) => b.to_string(),
            Some(other) => {
                fail(field.into(), wrong_type("true or false", other));
                String::new()
            }
        };
        match field {
            Field::Online => input.online = value,
            _ => input.property_damage = value,
        }
    }
    for field in [Field::Organisers, Field::Participants] {
        let list = strings(field, props.get(field.name()), &mut fail);
        match field {
            Field::Organisers => input.organisers = list,
            _ => input.participants = list,
        }
    }
    // Before participants were a list, an event had one `actors` text
    // (stored history, older seed files and exports): its names are the
    // participants.
    match (props.get(LEGACY_ACTORS), props.contains_key(Field::Participants.name())) {
        (None | Some(JsonValue::Null), _) => {}
        (Some(JsonValue::String(s)), false) => input.participants = crate::event::split_names(s),
        (Some(JsonValue::String(_)), true) => {
            fail(FieldPath::Unknown(LEGACY_ACTORS.into()), ViolationCode::UnknownProperty)
        }
        (Some(other), _) => fail(FieldPath::Unknown(LEGACY_ACTORS.into()), wrong_type("a string", other)),
    }
    match props.get(Field::Sources.name()) {
        None | Some(JsonValue::Null) => {}
        Some(JsonValue::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if !item.is_object() {
                    fail(FieldPath::Item(Field::Sources, i), wrong_type("an object {name, url}", item));
                    continue;
                }
                let mut part = |part: SourcePart, key: &str| match item.get(key) {
                    None | Some(JsonValue::Null) => String::new(),
                    Some(JsonValue::String(s)) => s.clone(),
                    Some(other) => {
                        fail(FieldPath::Source(i, part), wrong_type("a string", other));
                        String::new()
                    }
                };
                let name = part(SourcePart::Name, "name");
                let url = part(SourcePart::Url, "url");
                input.sources.push(SourceInput { name, url });
            }
        }
        Some(other) => fail(Field::Sources.into(), wrong_type("an array", other)),
    }
    input.tags = strings(Field::Tags, props.get(Field::Tags.name()), &mut fail);
    match input.validate_with_id() {
        Ok(e) if v.is_empty() => Ok(e),
        Ok(_) => Err(Violations(v)),
        Err(Violations(rest)) => {
            // Type errors already explain a field; don't also say it is required.
            let typed: Vec<FieldPath> = v.iter().map(|x| x.field.clone()).collect();
            v.extend(rest.into_iter().filter(|r| !typed.contains(&r.field)));
            Err(Violations(v))
        }
    }
}

/// The property that held who took part before `participants` (one text,
/// names separated by `;`); read as `participants`, never written.
pub const LEGACY_ACTORS: &str = "actors";

/// A count: a JSON number, read as its text so that the rules say what is
/// wrong with `2.5` or `-1`.
fn number(at: FieldPath, value: Option<&JsonValue>, fail: &mut impl FnMut(FieldPath, ViolationCode)) -> String {
    match value {
        None | Some(JsonValue::Null) => String::new(),
        Some(JsonValue::Number(n)) => n.to_string(),
        Some(other) => {
            fail(at, wrong_type("a whole number", other));
            String::new()
        }
    }
}

/// A list property of strings (`tags`, `organisers`): each item a string.
fn strings(field: Field, value: Option<&JsonValue>, fail: &mut impl FnMut(FieldPath, ViolationCode)) -> Vec<String> {
    let mut out = Vec::new();
    match value {
        None | Some(JsonValue::Null) => {}
        Some(JsonValue::Array(items)) => {
            for (i, t) in items.iter().enumerate() {
                match t {
                    JsonValue::String(s) => out.push(s.clone()),
                    other => fail(FieldPath::Item(field, i), wrong_type("a string", other)),
                }
            }
        }
        Some(other) => fail(field.into(), wrong_type("an array", other)),
    }
    out
}

fn wrong_type(expected: &str, got: &JsonValue) -> ViolationCode {
    ViolationCode::WrongType { expected: expected.to_owned(), got: json_type(got).to_owned() }
}

/// Why a GeoJSON text is not a collection of valid events.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CollectionError {
    /// Not JSON, or not GeoJSON.
    #[error("not GeoJSON: {0}")]
    Syntax(String),
    /// GeoJSON, but not a FeatureCollection.
    #[error("expected a FeatureCollection, got a {0}")]
    NotACollection(&'static str),
    /// Some features break the rules; each entry is the feature's index, its
    /// id if it has one, and its violations.
    #[error("{}", describe(.0))]
    Invalid(Vec<(usize, Option<String>, Violations)>),
    /// Two features share an id.
    #[error("features {first} and {second} share the id {id:?}")]
    DuplicateId {
        /// The id.
        id: String,
        /// Index of its first feature.
        first: usize,
        /// Index of the second.
        second: usize,
    },
}

fn describe(errors: &[(usize, Option<String>, Violations)]) -> String {
    errors
        .iter()
        .map(|(i, id, v)| match id {
            Some(id) => format!("feature {i} ({id}): {v}"),
            None => format!("feature {i}: {v}"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads a FeatureCollection of events; all or nothing.
///
/// # Errors
/// [`CollectionError`]: not GeoJSON, not a FeatureCollection, any invalid
/// feature (all of them are listed), or a repeated id.
pub fn read_collection(text: &str) -> Result<Vec<Event>, CollectionError> {
    read_collection_from(text.as_bytes())
}

/// [`read_collection`] from a reader, one Feature in memory at a time
/// (plus the events read so far): a 500 MB file never becomes a 2 GB tree of
/// JSON values. Duplicate ids are found with a hash set, in one pass.
///
/// # Errors
/// As [`read_collection`].
pub fn read_collection_from(reader: impl std::io::Read) -> Result<Vec<Event>, CollectionError> {
    let mut events: Vec<Event> = Vec::new();
    let mut errors = Vec::new();
    let mut first_index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut duplicate: Option<CollectionError> = None;
    read_events_from(reader, |i, read| match read {
        Ok(e) => {
            if let Some(&first) = first_index.get(&e.id) {
                duplicate.get_or_insert(CollectionError::DuplicateId { id: e.id.clone(), first, second: i });
            } else {
                first_index.insert(e.id.clone(), i);
            }
            events.push(e);
        }
        Err((id, v)) => errors.push((i, id, v)),
    })?;
    if !errors.is_empty() {
        return Err(CollectionError::Invalid(errors));
    }
    match duplicate {
        Some(d) => Err(d),
        None => Ok(events),
    }
}

/// Reads the events of a FeatureCollection one at a time: `each(index,
/// event)` gets each Feature as an event, or its id (if it has one) and
/// every violation. Nothing is kept here, so a caller can store events as
/// they come and keep memory bounded.
///
/// # Errors
/// [`CollectionError::Syntax`] for text that is not JSON, and
/// [`CollectionError::NotACollection`] for GeoJSON that is not a
/// FeatureCollection (found at the end, as `type` may come last: callers
/// store nothing until this returns `Ok`).
pub fn read_events_from(
    reader: impl std::io::Read,
    mut each: impl FnMut(usize, Result<Event, (Option<String>, Violations)>),
) -> Result<(), CollectionError> {
    let kind = for_each_feature(reader, |i, feature| {
        let feature = match feature {
            Ok(f) => f,
            Err(reason) => {
                let v = Violation::new(FieldPath::Unknown(format!("features[{i}]")), reason);
                return each(i, Err((None, Violations(vec![v]))));
            }
        };
        let read = from_feature(&feature).map_err(|v| {
            let id = match &feature.id {
                Some(Id::String(s)) => Some(s.clone()),
                _ => None,
            };
            (id, v)
        });
        each(i, read);
    })?;
    match kind.as_deref() {
        Some("FeatureCollection") => Ok(()),
        Some("Feature") => Err(CollectionError::NotACollection("Feature")),
        Some(_) => Err(CollectionError::NotACollection("Geometry")),
        None => Err(CollectionError::Syntax("missing \"type\": \"FeatureCollection\"".into())),
    }
}

/// Streams the `features` of a GeoJSON document: calls `each(index,
/// feature)` for each element of its `features` array, in order, as it is
/// read, whatever the order of the document's members. An element that is
/// not a Feature is passed as the reason it is not. Returns the document's
/// `type`.
///
/// # Errors
/// [`CollectionError::Syntax`] when the text is not JSON (or not an object).
pub fn for_each_feature(
    reader: impl std::io::Read,
    mut each: impl FnMut(usize, Result<Feature, ViolationCode>),
) -> Result<Option<String>, CollectionError> {
    let members = stream_document(std::io::BufReader::new(reader), |i, value| {
        let feature = match &value {
            JsonValue::Object(o) if o.get("type").and_then(JsonValue::as_str) == Some("Feature") => {
                serde_json::from_value::<Feature>(value)
                    .map_err(|e| ViolationCode::WrongType { expected: "a GeoJSON Feature".into(), got: e.to_string() })
            }
            other => {
                Err(ViolationCode::WrongType { expected: "a GeoJSON Feature".into(), got: json_type(other).to_owned() })
            }
        };
        each(i, feature);
    })
    .map_err(|e| CollectionError::Syntax(e.to_string()))?;
    Ok(members.get("type").and_then(JsonValue::as_str).map(str::to_owned))
}

/// Reads a JSON object, calling `each(index, element)` for each element of
/// its `features` array as it is read (one element in memory at a time),
/// and returns its other members (`features` itself as `true`, when it was
/// there). The one streaming reader of GeoJSON documents: the seed loader
/// and the import both use it.
///
/// # Errors
/// `serde_json`'s, with line and column, when the text is not a JSON object
/// or `features` is not an array.
pub fn stream_document(
    reader: impl std::io::Read,
    mut each: impl FnMut(usize, JsonValue),
) -> Result<serde_json::Map<String, JsonValue>, serde_json::Error> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

    struct Document<'a, F>(&'a mut F);
    struct Features<'a, F>(&'a mut F);

    impl<'de, F: FnMut(usize, JsonValue)> Visitor<'de> for Document<'_, F> {
        type Value = serde_json::Map<String, JsonValue>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a GeoJSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut members = serde_json::Map::new();
            while let Some(key) = map.next_key::<String>()? {
                if key == "features" {
                    map.next_value_seed(Features(&mut *self.0))?;
                    members.insert(key, JsonValue::Bool(true));
                } else {
                    let v: JsonValue = map.next_value()?;
                    members.insert(key, v);
                }
            }
            Ok(members)
        }
    }

    impl<'de, F: FnMut(usize, JsonValue)> DeserializeSeed<'de> for Features<'_, F> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }

    impl<'de, F: FnMut(usize, JsonValue)> Visitor<'de> for Features<'_, F> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an array of Features")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut i = 0;
            while let Some(value) = seq.next_element::<JsonValue>()? {
                (self.0)(i, value);
                i += 1;
            }
            Ok(())
        }
    }

    let mut de = serde_json::Deserializer::from_reader(reader);
    let members = de.deserialize_map(Document(&mut each))?;
    de.end()?;
    Ok(members)
}

/// Sorts events as every list and the API shows them: by first day, then id.
pub fn sort_events(events: &mut [Event]) {
    events.sort_by(|a, b| a.dates.start.cmp(&b.dates.start).then_with(|| a.id.cmp(&b.id)));
}

/// A JSON value's type with its article, for messages: "a number", "null".
pub fn json_type(v: &JsonValue) -> &'static str {
    match v {
        JsonValue::Null => "null",
        JsonValue::Bool(_) => "a boolean",
        JsonValue::Number(_) => "a number",
        JsonValue::String(_) => "a string",
        JsonValue::Array(_) => "an array",
        JsonValue::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(json: &str) -> Feature {
        json.parse::<Feature>().expect("test feature")
    }

    const GOOD: &str = r#"{"type":"Feature","id":"a-1","geometry":{"type":"Point","coordinates":[4.3133,52.0799]},
      "properties":{"title":"T","description":"","kind":"protest","date_start":"2020-01-18","date_end":"2020-01-20",
      "date_precision":"approximate","location_name":"The Hague","country_code":"NL","geo_precision":"site",
      "sources":[{"name":"irannewsupdate"}],"tags":[]}}"#;

    #[test]
    fn a_feature_round_trips() {
        let f = feature(GOOD);
        let e = from_feature(&f).expect("valid");
        assert_eq!((e.lon, e.lat), (4.3133, 52.0799));
        assert_eq!(e.id, "a-1");
        let back = serde_json::to_value(to_feature(&e)).expect("json");
        assert_eq!(back, serde_json::to_value(&f).expect("json"));
    }

    #[test]
    fn type_errors_name_the_field() {
        let f = feature(
            r#"{"type":"Feature","id":7,"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},
            "properties":{"title":5,"kind":"rally","date_start":"2020-01-18","date_precision":"exact",
            "location_name":"X","country_code":"SE","geo_precision":"city","sources":"irannewsupdate","tags":[1],"colour":"red"}}"#,
        );
        let got: Vec<String> = from_feature(&f).expect_err("invalid").0.iter().map(|v| v.to_string()).collect();
        assert_eq!(
            got,
            vec![
                "id: must be a string, got the number 7",
                "geometry: must be a Point, got a LineString",
                "colour: is not a property of an event",
                "title: must be a string, got a number",
                "sources: must be an array, got a string",
                "tags[0]: must be a string, got a number",
            ]
        );
    }

    #[test]
    fn collections_are_all_or_nothing() {
        let two = format!(r#"{{"type":"FeatureCollection","features":[{GOOD},{GOOD}]}}"#);
        assert_eq!(read_collection(&two).expect_err("duplicate").to_string(), "features 0 and 1 share the id \"a-1\"");
        assert_eq!(read_collection(GOOD).expect_err("not a collection"), CollectionError::NotACollection("Feature"));
        let bad = GOOD.replace("\"NL\"", "\"nl-x\"");
        let one_bad = format!(r#"{{"type":"FeatureCollection","features":[{GOOD},{bad}]}}"#);
        assert_eq!(
            read_collection(&one_bad).expect_err("invalid").to_string(),
            "feature 1 (a-1): country_code: must be an ISO 3166-1 alpha-2 code such as SE or US, got \"nl-x\""
        );
    }
}

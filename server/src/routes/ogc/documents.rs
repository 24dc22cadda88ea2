//! The JSON documents of OGC API – Features – Part 1: Core (OGC 17-069r4)
//! that describe the service: landing page (§7.2), conformance (§7.4),
//! collections (§7.13) and the collection (§7.14), and the queryables of
//! Part 3 (OGC 19-079r2, §6.2). Each is built from the base URL and the
//! data; no request is made here.

use serde::Serialize;
use serde_json::{json, Value};

use domain::store::SpatialExtent;
use domain::timeline::Extent;

use domain::filter::{Param, ValueType, CRS84};

/// The one collection's id.
pub const COLLECTION: &str = "events";

/// A link (OGC 17-069r4, §7.2.2; RFC 8288).
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Absolute URL.
    pub href: String,
    /// Relation type.
    pub rel: &'static str,
    /// Media type of the target.
    #[serde(rename = "type")]
    pub media_type: &'static str,
    /// For people.
    pub title: String,
}

impl Link {
    /// A link to `href`.
    pub fn new(href: String, rel: &'static str, media_type: &'static str, title: impl Into<String>) -> Self {
        Self { href, rel, media_type, title: title.into() }
    }
}

/// JSON, HTML and the OpenAPI media type.
pub const JSON: &str = "application/json";
/// HTML.
pub const HTML: &str = "text/html";
/// OpenAPI 3.0 as JSON (OGC 17-069r4, §7.3, requirement /req/oas30/oas-definition-1).
pub const OPENAPI: &str = "application/vnd.oai.openapi+json;version=3.0";

/// The conformance classes this server implements.
pub const CONFORMANCE: &[&str] = &[
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
];

/// `self` (this format) and `alternate` (the other) links of a document at
/// `url` (without query).
pub fn self_and_alternate(url: &str, html: bool, what: &str) -> [Link; 2] {
    let json_link = |rel| Link::new(format!("{url}?f=json"), rel, JSON, format!("{what} as JSON"));
    let html_link = |rel| Link::new(format!("{url}?f=html"), rel, HTML, format!("{what} as HTML"));
    if html {
        [html_link("self"), json_link("alternate")]
    } else {
        [json_link("self"), html_link("alternate")]
    }
}

/// The landing page, `/api`.
pub fn landing(base: &str, html: bool) -> Value {
    let api = format!("{base}/api");
    let mut links = self_and_alternate(&api, html, "This document").to_vec();
    links.extend([
        Link::new(format!("{api}/openapi"), "service-desc", OPENAPI, "The API definition (OpenAPI 3.0)"),
        Link::new(format!("{api}/openapi?f=html"), "service-doc", HTML, "The API documentation"),
        Link::new(format!("{api}/conformance"), "conformance", JSON, "Conformance classes implemented"),
        Link::new(format!("{api}/collections"), "data", JSON, "The collections"),
    ]);
    json!({
        "title": "rallymap",
        "description": "Reported rallies and protests, by place and day, as OGC API – Features. \
                        Each event is a GeoJSON Feature with a point and a range of calendar days.",
        "links": links,
    })
}

/// The conformance declaration, `/api/conformance`.
pub fn conformance() -> Value {
    json!({ "conformsTo": CONFORMANCE })
}

/// What the collection's extent is made of: the data's days and box.
#[derive(Debug, Clone, Copy, Default)]
pub struct DataExtent {
    /// First and last day of the public events.
    pub days: Option<Extent>,
    /// Their box.
    pub bbox: Option<SpatialExtent>,
}

/// The collection `events`, as in `/api/collections/events` and in the list
/// of `/api/collections`.
pub fn collection(base: &str, extent: DataExtent, html: bool) -> Value {
    let url = format!("{base}/api/collections/{COLLECTION}");
    let mut links = self_and_alternate(&url, html, "This collection").to_vec();
    links.extend([
        Link::new(format!("{url}/items?f=json"), "items", domain::geojson::MEDIA_TYPE, "The events as GeoJSON"),
        Link::new(format!("{url}/items?f=html"), "items", HTML, "The events as HTML"),
        Link::new(
            format!("{url}/queryables"),
            "http://www.opengis.net/def/rel/ogc/1.0/queryables",
            "application/schema+json",
            "What the events can be filtered by",
        ),
        Link::new(format!("{base}/"), "related", HTML, "The map"),
    ]);
    let bbox = extent.bbox.map_or_else(|| json!([-180.0, -90.0, 180.0, 90.0]), |b| json!(b));
    // Calendar days at their place, written as the UTC day they name: the
    // first day's start to the last day's end.
    let interval = extent.days.map_or_else(
        || json!([null, null]),
        |d| {
            json!([
                format!("{}T00:00:00Z", domain::dates::format_date(d.first)),
                format!("{}T23:59:59Z", domain::dates::format_date(d.last)),
            ])
        },
    );
    json!({
        "id": COLLECTION,
        "title": "Rallies and protests",
        "description": "Reported rallies, protests, marches, vigils and banner actions: where (a point in WGS 84, \
                        with what it stands for: the site, the city or a region) and when (calendar days at the \
                        place, exact or approximate), with their sources.",
        "itemType": "feature",
        "crs": [CRS84],
        "storageCrs": CRS84,
        "extent": {
            "spatial": { "bbox": [bbox], "crs": CRS84 },
            "temporal": { "interval": [interval], "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian" },
        },
        "links": links,
    })
}

/// The collections, `/api/collections`.
pub fn collections(base: &str, extent: DataExtent, html: bool) -> Value {
    let url = format!("{base}/api/collections");
    json!({
        "links": self_and_alternate(&url, html, "The collections"),
        "collections": [collection(base, extent, false)],
    })
}

/// The queryables of the collection as JSON Schema (OGC 19-079r2, §6.2):
/// every [`Param`] that is a property of the events, with its title and
/// values.
pub fn queryables(base: &str) -> Value {
    let properties: serde_json::Map<String, Value> = Param::ALL
        .iter()
        .filter_map(|&p| {
            let title = p.queryable()?;
            // A property has one value, though the parameter takes a list.
            let mut schema = match p.value_type() {
                ValueType::List(names) => json!({ "type": "string", "enum": names }),
                t => schema(&t),
            };
            // As stored: upper case, though the parameter takes any case.
            if p == Param::CountryCode {
                schema["pattern"] = json!("^[A-Z]{2}$");
            }
            schema["title"] = json!(title);
            Some((p.as_str().to_owned(), schema))
        })
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{base}/api/collections/{COLLECTION}/queryables"),
        "type": "object",
        "title": "Rallies and protests",
        "properties": properties,
        "additionalProperties": false,
    })
}

/// The JSON Schema of a parameter's values.
fn schema(t: &ValueType) -> Value {
    match t {
        ValueType::Text => json!({ "type": "string" }),
        ValueType::Pattern(p) => json!({ "type": "string", "pattern": p }),
        ValueType::OneOf(names) => json!({ "type": "string", "enum": names }),
        ValueType::List(names) => json!({ "type": "array", "items": { "type": "string", "enum": names } }),
        ValueType::Uri => json!({ "type": "string", "format": "uri" }),
        ValueType::Numbers { min, max } => {
            json!({ "type": "array", "minItems": min, "maxItems": max, "items": { "type": "number" } })
        }
    }
}

/// A selecting parameter as an OpenAPI 3.0 parameter object.
fn parameter(p: Param) -> Value {
    let mut v = json!({
        "name": p.as_str(),
        "in": "query",
        "required": false,
        "description": p.meaning(),
        "schema": schema(&p.value_type()),
    });
    if matches!(p.value_type(), ValueType::Numbers { .. } | ValueType::List(_)) {
        v["style"] = json!("form");
        v["explode"] = json!(false);
    }
    v
}

/// `value` with every `{"$param": NAME}` in a parameter list replaced by
/// that [`Param`]'s definition, and `{"$param": "*"}` by every one of
/// [`Param::ALL`] (a route that takes `Accepted::EverySelection`), so the
/// OpenAPI document says of each selecting parameter what the code does.
fn expand_params(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(list)) = map.get_mut("parameters") {
                *list = std::mem::take(list)
                    .into_iter()
                    .flat_map(|item| match item.get("$param").and_then(Value::as_str) {
                        // Every parameter that selects events, as the routes'
                        // `Accepted::EverySelection` takes them.
                        Some("*") => Param::ALL.iter().map(|&p| parameter(p)).collect(),
                        Some(name) => match name.parse::<Param>() {
                            Ok(p) => vec![parameter(p)],
                            Err(_) => vec![item],
                        },
                        None => vec![item],
                    })
                    .collect();
            }
            map.values_mut().for_each(expand_params);
        }
        Value::Array(items) => items.iter_mut().for_each(expand_params),
        _ => {}
    }
}

/// The OpenAPI 3.0 definition (`openapi.json` beside this file), with this
/// server's URL.
pub fn openapi(base: &str) -> Value {
    let text = include_str!("openapi.json").replace("{{BASE}}", base);
    let mut doc = serde_json::from_str(&text).unwrap_or(Value::Null);
    expand_params(&mut doc);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_document_parses() {
        let doc = openapi("http://127.0.0.1:3000");
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(doc["servers"][0]["url"], "http://127.0.0.1:3000/api");
    }

    #[test]
    fn every_selecting_parameter_of_the_items_is_described_by_the_code() {
        let doc = openapi("http://127.0.0.1:3000");
        let items = &doc["paths"]["/collections/{collectionId}/items"]["get"]["parameters"];
        let names = |params: &Value| -> Vec<String> {
            params.as_array().expect("list").iter().filter_map(|p| p["name"].as_str().map(str::to_owned)).collect()
        };
        let every: Vec<String> = Param::ALL.iter().map(|p| p.as_str().to_owned()).collect();
        // The routes that take every selecting parameter document each one.
        for path in ["/collections/{collectionId}/items", "/events"] {
            let listed = names(&doc["paths"][path]["get"]["parameters"]);
            assert!(every.iter().all(|p| listed.contains(p)), "{path}: {listed:?}");
        }
        let kind = items.as_array().expect("list").iter().find(|p| p["name"] == "kind").expect("kind");
        assert_eq!(
            kind["schema"]["items"]["enum"],
            json!([
                "rally",
                "protest",
                "march",
                "vigil",
                "banner_action",
                "other",
                "strike",
                "sit_in",
                "blockade",
                "boycott",
                "counter_protest"
            ])
        );
        assert!(!doc.to_string().contains("$param"), "every marker is expanded");
    }
}

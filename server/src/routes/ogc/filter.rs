//! CQL2 filters on the items (OGC API – Features – Part 3, `filter` and
//! `filter-lang`; CQL2, OGC 21-065r2), parsed and evaluated by the `cql2`
//! crate. README, "OGC API – Features", lists what a filter may name:
//! the queryables, `date_start`, `date_end`, `days` (the event's days as an
//! interval, for `T_INTERSECTS`) and `geometry` (for `S_INTERSECTS`).

use cql2::Expr;
use serde_json::{json, Value};

use crate::error::ApiError;

/// The properties a filter may name.
pub const PROPERTIES: [&str; 9] =
    ["kind", "country_code", "date_precision", "geo_precision", "tags", "date_start", "date_end", "days", "geometry"];

/// A parsed filter.
#[derive(Debug, Clone)]
pub struct Cql {
    expr: Expr,
    /// The text as given, and its language, for links.
    text: String,
    lang: &'static str,
}

fn invalid(param: &str, reason: String) -> ApiError {
    ApiError::InvalidParameter { param: param.to_owned(), reason }
}

impl Cql {
    /// Parses `text` in `lang` (`cql2-text`, the default, or `cql2-json`)
    /// and checks that it names only [`PROPERTIES`].
    ///
    /// # Errors
    /// A 400 naming `filter` (not CQL2, or an unknown property) or
    /// `filter-lang` (another language).
    pub fn parse(text: &str, lang: Option<&str>) -> Result<Self, ApiError> {
        let (expr, lang) = match lang.unwrap_or("cql2-text") {
            "cql2-text" => (
                cql2::parse_text(text)
                    .map_err(|e| invalid("filter", format!("not CQL2 text: {}", first_line(&e.to_string()))))?,
                "cql2-text",
            ),
            "cql2-json" => {
                (cql2::parse_json(text).map_err(|e| invalid("filter", format!("not CQL2 JSON: {e}")))?, "cql2-json")
            }
            other => return Err(invalid("filter-lang", format!("must be cql2-text or cql2-json, got {other:?}"))),
        };
        let mut names = Vec::new();
        properties(&expr, &mut names);
        if let Some(unknown) = names.iter().find(|n| !PROPERTIES.contains(&n.as_str())) {
            return Err(invalid(
                "filter",
                format!("{unknown:?} is not a queryable; a filter may name {}", PROPERTIES.join(", ")),
            ));
        }
        if !expr.is_valid() {
            return Err(invalid("filter", format!("{text:?} is not a CQL2 condition")));
        }
        Ok(Self { expr: boxes_as_polygons(expr), text: text.to_owned(), lang })
    }

    /// The filter as query parameters (`filter=…&filter-lang=…`).
    pub fn to_query(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("filter", &self.text)
            .append_pair("filter-lang", self.lang)
            .finish()
    }

    /// Whether the stored Feature `feature` meets the filter.
    ///
    /// # Errors
    /// A 400 naming `filter` when the filter cannot be evaluated on an
    /// event (e.g. a comparison of a date with a number).
    pub fn matches(&self, feature: &str) -> Result<bool, ApiError> {
        let mut item: Value =
            serde_json::from_str(feature).map_err(|e| invalid("filter", format!("cannot read an event: {e}")))?;
        // The event's days as one interval: from its first day's start to
        // its last day's end.
        let start = item["properties"]["date_start"].as_str().unwrap_or_default().to_owned();
        let end = item["properties"]["date_end"].as_str().unwrap_or_default().to_owned();
        item["properties"]["days"] = json!({ "interval": [start, format!("{end}T23:59:59Z")] });
        self.expr.clone().matches(Some(&item)).map_err(|e| {
            invalid("filter", format!("cannot be evaluated on the events: {}", first_line(&e.to_string())))
        })
    }
}

/// The first line of a parser's message (pest's run over several).
fn first_line(s: &str) -> String {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// `expr` with each `BBOX(w, s, e, n)` as the polygon it stands for: the
/// `cql2` crate compares a point only with another geometry.
fn boxes_as_polygons(expr: Expr) -> Expr {
    match expr {
        Expr::BBox { bbox } => {
            let n: Vec<f64> = bbox.iter().filter_map(|b| f64::try_from(b.as_ref().clone()).ok()).collect();
            let (w, s, e, n) = match n[..] {
                [w, s, e, n] | [w, s, _, e, n, _] => (w, s, e, n),
                _ => return Expr::BBox { bbox },
            };
            let polygon = json!({ "type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
            Expr::try_from(polygon).unwrap_or(Expr::BBox { bbox })
        }
        Expr::Operation { op, args } => {
            Expr::Operation { op, args: args.into_iter().map(|a| Box::new(boxes_as_polygons(*a))).collect() }
        }
        other => other,
    }
}

/// Every property `expr` names, into `out`.
fn properties(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Property { property } => out.push(property.clone()),
        Expr::Operation { args, .. } => args.iter().for_each(|a| properties(a, out)),
        Expr::Interval { interval } => interval.iter().for_each(|a| properties(a, out)),
        Expr::BBox { bbox } => bbox.iter().for_each(|a| properties(a, out)),
        Expr::Array(items) => items.iter().for_each(|a| properties(a, out)),
        Expr::Timestamp { timestamp } => properties(timestamp, out),
        Expr::Date { date } => properties(date, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HAMBURG: &str = r#"{"type":"Feature","id":"2020-01-hamburg","geometry":{"type":"Point","coordinates":[9.9937,53.5511]},"properties":{"kind":"rally","country_code":"DE","date_start":"2020-01-18","date_end":"2020-01-20","date_precision":"approximate","geo_precision":"city","tags":["mek","solidarity"]}}"#;

    fn m(text: &str) -> bool {
        Cql::parse(text, None).expect("valid").matches(HAMBURG).expect("evaluates")
    }

    #[test]
    fn comparisons_logic_space_and_time() {
        assert!(m("kind = 'rally'"));
        assert!(!m("kind = 'protest'"));
        assert!(m("kind = 'rally' AND country_code = 'DE'"));
        assert!(m("kind = 'protest' OR geo_precision = 'city'"));
        assert!(m("NOT (kind = 'protest')"));
        assert!(m("country_code IN ('DE', 'SE')"));
        assert!(!m("country_code IN ('NL', 'SE')"));
        assert!(m("country_code LIKE 'D%'"));
        assert!(m("date_start >= '2020-01-18' AND date_end <= '2020-01-20'"));
        assert!(m("S_INTERSECTS(geometry, BBOX(0, 50, 20, 60))"));
        assert!(!m("S_INTERSECTS(geometry, BBOX(-10, 30, 0, 40))"));
        assert!(m("S_INTERSECTS(geometry, POLYGON((0 50, 20 50, 20 60, 0 60, 0 50)))"));
        assert!(m("T_INTERSECTS(days, INTERVAL('2020-01-20', '2020-01-25'))"));
        assert!(m("T_INTERSECTS(days, DATE('2020-01-19'))"));
        assert!(!m("T_INTERSECTS(days, INTERVAL('2020-01-21', '2020-01-25'))"));
        assert!(!m("T_INTERSECTS(days, INTERVAL('2020-01-10', '2020-01-17'))"));
    }

    #[test]
    fn refusals_name_the_parameter() {
        let e = |t: &str, l: Option<&str>| Cql::parse(t, l).expect_err("refused").to_string();
        assert_eq!(
            e("title = 'x'", None),
            "filter: \"title\" is not a queryable; a filter may name kind, country_code, date_precision, \
             geo_precision, tags, date_start, date_end, days, geometry"
        );
        assert_eq!(e("kind = 'rally'", Some("sql")), "filter-lang: must be cql2-text or cql2-json, got \"sql\"");
        assert_eq!(e("kind = = 'rally'", None), "filter: \"kind = = 'rally'\" is not a CQL2 condition");
        assert!(e("(kind = 'rally'", None).starts_with("filter: not CQL2 text: "), "{}", e("(kind = 'rally'", None));
    }
}

//! CQL2 filters on the items (OGC API – Features – Part 3, `filter` and
//! `filter-lang`; CQL2, OGC 21-065r2), parsed and evaluated by the `cql2`
//! crate. README, "OGC API – Features", lists what a filter may name:
//! the queryables, `date_start`, `date_end`, `days` (the event's days as an
//! interval, for `T_INTERSECTS`) and `geometry` (for `S_INTERSECTS`).

use std::panic::{catch_unwind, AssertUnwindSafe};

use cql2::Expr;
use serde_json::{json, Value};

use crate::error::ApiError;

/// The properties a filter may name.
pub const PROPERTIES: [&str; 9] =
    ["kind", "country_code", "date_precision", "geo_precision", "tags", "date_start", "date_end", "days", "geometry"];

/// The operators and functions a filter may use: those CQL2 defines
/// (OGC 21-065r2, Annex A), by the names the `cql2` crate gives them.
/// Anything else is a function this server does not have, and a 400.
const FUNCTIONS: [&str; 49] = [
    "and",
    "or",
    "not",
    "=",
    "<>",
    ">",
    ">=",
    "<",
    "<=",
    "like",
    "between",
    "in",
    "isNull",
    "casei",
    "accenti",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "div",
    "s_equals",
    "s_intersects",
    "s_disjoint",
    "s_touches",
    "s_within",
    "s_overlaps",
    "s_crosses",
    "s_contains",
    "t_before",
    "t_after",
    "t_meets",
    "t_metBy",
    "t_overlaps",
    "t_overlappedBy",
    "t_starts",
    "t_startedBy",
    "t_during",
    "t_contains",
    "t_finishes",
    "t_finishedBy",
    "t_equals",
    "t_disjoint",
    "t_intersects",
    "a_equals",
    "a_contains",
    "a_containedBy",
    "a_overlaps",
];

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

/// Runs a call into the `cql2` crate, turning a panic inside it into an
/// error: a parser that panics on some input must not drop the request.
fn guarded<T>(call: impl FnOnce() -> T) -> Option<T> {
    catch_unwind(AssertUnwindSafe(call)).ok()
}

impl Cql {
    /// Parses `text` in `lang` (`cql2-text`, the default, or `cql2-json`)
    /// and checks that the whole text is one condition that names only
    /// [`PROPERTIES`] and uses only [`FUNCTIONS`].
    ///
    /// # Errors
    /// A 400 naming `filter` (not CQL2, with where reading stopped; an
    /// unknown property or function) or `filter-lang` (another language).
    pub fn parse(text: &str, lang: Option<&str>) -> Result<Self, ApiError> {
        let unreadable = || invalid("filter", format!("{text:?} could not be read as CQL2"));
        let (expr, lang) = match lang.unwrap_or("cql2-text") {
            "cql2-text" => (
                guarded(|| cql2::parse_text(text).map_err(|e| text_error(text, &e)))
                    .ok_or_else(unreadable)?
                    .map_err(|reason| invalid("filter", format!("not CQL2 text: {reason}")))?,
                "cql2-text",
            ),
            "cql2-json" => (
                guarded(|| cql2::parse_json(text).map_err(|e| json_error(&e)))
                    .ok_or_else(unreadable)?
                    .map_err(|reason| invalid("filter", format!("not CQL2 JSON: {reason}")))?,
                "cql2-json",
            ),
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
        if let Some(f) = unknown_function(&expr) {
            return Err(invalid("filter", format!("{f}() is not a CQL2 function this server has")));
        }
        if !guarded(|| expr.is_valid()).unwrap_or(false) {
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
        let expr = self.expr.clone();
        guarded(|| expr.matches(Some(&item)).map_err(|e| evaluation_error(&e)))
            .ok_or_else(|| invalid("filter", "cannot be evaluated on the events".to_owned()))?
            .map_err(|reason| invalid("filter", format!("cannot be evaluated on the events: {reason}")))
    }
}

/// Where and why a cql2-text filter could not be read, in our words: the
/// column reading stopped at and the text from there.
fn text_error(text: &str, e: &cql2::Error) -> String {
    match e {
        cql2::Error::Pest(p) => {
            let at = match p.location {
                pest::error::InputLocation::Pos(at) | pest::error::InputLocation::Span((at, _)) => at,
            };
            let rest = text.get(at..).unwrap_or("");
            let column = text.get(..at).map_or(at, |t| t.chars().count()) + 1;
            if rest.trim().is_empty() {
                "the text ends before the condition is complete (a value, a closing bracket or a quote is \
                 missing)"
                    .to_owned()
            } else {
                let shown: String = rest.chars().take(30).collect();
                let more = if rest.chars().count() > 30 { "…" } else { "" };
                format!("reading stopped at column {column}, at \"{shown}{more}\"")
            }
        }
        cql2::Error::ParseTimestamp(t) => format!("a date or timestamp is not valid: {t}"),
        cql2::Error::ParseFloat(_) | cql2::Error::ParseInt(_) => "a number is not valid".to_owned(),
        cql2::Error::InvalidNumberOfArguments { name, actual, expected } => {
            format!("{name}() takes {expected} arguments, not {actual}")
        }
        _ => "it is not a CQL2 condition".to_owned(),
    }
}

/// Why a cql2-json filter could not be read, with its line and column.
fn json_error(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => "not valid JSON",
        serde_json::error::Category::Data | serde_json::error::Category::Io => "not a CQL2 expression",
    };
    format!("{what} at line {}, column {}", e.line(), e.column())
}

/// Why a filter could not be evaluated on an event, in our words.
fn evaluation_error(e: &cql2::Error) -> String {
    match e {
        cql2::Error::NonReduced() | cql2::Error::ExprToBool(_) => {
            "the condition is not true or false for an event (a comparison may be missing)".to_owned()
        }
        cql2::Error::ExprToF64(_) | cql2::Error::OperationError() => "a value is not a number".to_owned(),
        cql2::Error::ExprToGeom(_) => "a spatial function needs a geometry".to_owned(),
        cql2::Error::ExprToDateRange(_) => "a temporal function needs a date, timestamp or interval".to_owned(),
        cql2::Error::ParseTimestamp(t) => format!("a date or timestamp is not valid: {t}"),
        _ => "the values it compares are of different kinds".to_owned(),
    }
}

/// The first operator or function in `expr` that CQL2 does not define.
fn unknown_function(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Operation { op, args } => {
            if !FUNCTIONS.contains(&op.as_str()) {
                return Some(op.clone());
            }
            args.iter().find_map(|a| unknown_function(a))
        }
        Expr::Interval { interval: items } | Expr::BBox { bbox: items } | Expr::Array(items) => {
            items.iter().find_map(|a| unknown_function(a))
        }
        Expr::Timestamp { timestamp: e } | Expr::Date { date: e } => unknown_function(e),
        _ => None,
    }
}

/// `expr` with each `BBOX(w, s, e, n)` as the polygon it stands for (the
/// `cql2` crate compares a point only with another geometry). A box whose
/// west edge is east of its east edge crosses the antimeridian, as the
/// `bbox` parameter does (OGC 17-069r4, §7.15.3): it is the two boxes on
/// either side of 180°.
fn boxes_as_polygons(expr: Expr) -> Expr {
    match expr {
        Expr::BBox { bbox } => {
            let n: Vec<f64> = bbox.iter().filter_map(|b| f64::try_from(b.as_ref().clone()).ok()).collect();
            let (w, s, e, n) = match n[..] {
                [w, s, e, n] | [w, s, _, e, n, _] => (w, s, e, n),
                _ => return Expr::BBox { bbox },
            };
            let ring = |w: f64, e: f64| json!([[[w, s], [e, s], [e, n], [w, n], [w, s]]]);
            let geometry = if w > e {
                json!({ "type": "MultiPolygon", "coordinates": [ring(w, 180.0), ring(-180.0, e)] })
            } else {
                json!({ "type": "Polygon", "coordinates": ring(w, e) })
            };
            Expr::try_from(geometry).unwrap_or(Expr::BBox { bbox })
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
        assert_eq!(e("kind = = 'rally'", None), "filter: not CQL2 text: reading stopped at column 8, at \"= 'rally'\"");
        assert!(e("(kind = 'rally'", None).starts_with("filter: not CQL2 text: "), "{}", e("(kind = 'rally'", None));
    }
}

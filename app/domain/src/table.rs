//! The events as a table: the columns of `f=csv` (README, "Import and
//! export"), which are also what the CSV import reads, so that export →
//! import gives the same events back.
//!
//! Columns are the event's fields as named in GeoJSON properties, in
//! [`Field::ALL`] order without the editing matters `updated_at` and
//! `status`; the point is two columns, `longitude` and `latitude` (WGS 84
//! degrees); `tags` are joined by ", ", the names of `organisers` and
//! `participants` by "; " (a name never holds `;`); `sources` and
//! `crowd_estimates` are JSON arrays of `{name, url}` and `{low, high,
//! source}`; counts are digits, yes or no `true` or `false`, and what was
//! not reported an empty cell.

use crate::event::Event;
use crate::field::Field;

/// The fields in column order.
pub fn fields() -> impl Iterator<Item = Field> {
    Field::ALL.iter().copied().filter(|f| !matches!(f, Field::UpdatedAt | Field::Status))
}

/// A field's columns' names: `geometry` is `longitude` and `latitude`.
pub fn names(field: Field) -> Vec<&'static str> {
    match field {
        Field::Geometry => vec!["longitude", "latitude"],
        f => vec![f.name()],
    }
}

/// The header row.
pub fn header() -> Vec<&'static str> {
    fields().flat_map(names).collect()
}

/// Starts that make a spreadsheet run a cell as a formula (OWASP, "CSV
/// injection"), and `'`, the mark written before them.
const GUARDED: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// Text as written in a cell: text a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`, tab or carriage return first) gets a `'` before
/// it, and so does text that itself starts with `'`, so that
/// [`unguard`] can tell the mark from the text. Numbers are not text.
pub fn guard(s: &str) -> String {
    if s.starts_with(GUARDED) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// The text of a cell [`guard`] wrote: one leading `'` before a guarded
/// start is taken away (`'=SUM(A1)` → `=SUM(A1)`, `''Tis` → `'Tis`); any
/// other text is returned as it is (`'Tis` stays `'Tis`).
pub fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(GUARDED) => rest,
        _ => s,
    }
}

/// A field's cells for `e`, as [`header`] names them.
pub fn cells(e: &Event, field: Field) -> Vec<String> {
    match field {
        Field::Id => vec![e.id.clone()],
        Field::Title => vec![guard(&e.title)],
        Field::Description => vec![guard(&e.description)],
        Field::Kind => vec![e.kind.as_str().to_owned()],
        Field::Conduct => vec![e.conduct.map(|c| c.as_str().to_owned()).unwrap_or_default()],
        Field::DateStart => vec![crate::dates::format_date(e.dates.start)],
        Field::DateEnd => vec![crate::dates::format_date(e.dates.end)],
        Field::DatePrecision => vec![e.date_precision.as_str().to_owned()],
        Field::LocationName => vec![guard(&e.location_name)],
        Field::Admin1 => vec![e.admin1.as_deref().map(guard).unwrap_or_default()],
        Field::Admin2 => vec![e.admin2.as_deref().map(guard).unwrap_or_default()],
        Field::CountryCode => vec![e.country_code.clone()],
        Field::Geometry => vec![e.lon.to_string(), e.lat.to_string()],
        Field::GeoPrecision => vec![e.geo_precision.as_str().to_owned()],
        Field::Online => vec![flag(e.online)],
        Field::Organisers => vec![guard(&e.organisers.join("; "))],
        Field::Participants => vec![guard(&e.participants.join("; "))],
        Field::Claims => vec![e.claims.as_deref().map(guard).unwrap_or_default()],
        Field::CrowdSizeText => vec![e.crowd_size_text.as_deref().map(guard).unwrap_or_default()],
        Field::CrowdSizeLow => vec![count(e.crowd_size_low)],
        Field::CrowdSizeHigh => vec![count(e.crowd_size_high)],
        Field::CrowdSizeDerived => vec![e.crowd_size_derived.map(|c| c.as_str().to_owned()).unwrap_or_default()],
        Field::CrowdEstimates if e.crowd_estimates.is_empty() => vec![String::new()],
        Field::CrowdEstimates => vec![guard(&serde_json::to_string(&e.crowd_estimates).unwrap_or_default())],
        Field::Arrests => vec![count(e.arrests)],
        Field::Injuries => vec![count(e.injuries)],
        Field::Fatalities => vec![count(e.fatalities)],
        Field::PropertyDamage => vec![flag(e.property_damage)],
        Field::Sources => vec![guard(&serde_json::to_string(&e.sources).unwrap_or_default())],
        Field::Tags => vec![guard(&e.tags.join(", "))],
        Field::Dataset => vec![e.dataset.as_deref().map(guard).unwrap_or_default()],
        Field::ExternalId => vec![e.external_id.as_deref().map(guard).unwrap_or_default()],
        Field::UpstreamUpdatedAt => vec![e.upstream_updated_at.map(crate::event::format_timestamp).unwrap_or_default()],
        Field::UpdatedAt | Field::Status => Vec::new(),
    }
}

/// A count's cell: its digits, or empty when not reported.
fn count(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// A yes-or-no cell: `true`, `false`, or empty when not reported.
fn flag(b: Option<bool>) -> String {
    b.map(|b| b.to_string()).unwrap_or_default()
}

/// The row of `e`.
pub fn row(e: &Event) -> Vec<String> {
    fields().flat_map(|f| cells(e, f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_the_feature_has_a_column() {
        for f in Field::PROPERTIES.iter().filter(|f| **f != Field::UpdatedAt) {
            assert!(fields().any(|c| c == *f), "{f:?}");
        }
        assert_eq!(
            header().join(","),
            "id,title,description,kind,conduct,date_start,date_end,date_precision,location_name,admin1,admin2,\
             country_code,longitude,latitude,geo_precision,online,organisers,participants,claims,crowd_size_text,\
             crowd_size_low,crowd_size_high,crowd_size_derived,crowd_estimates,arrests,injuries,fatalities,\
             property_damage,sources,tags,dataset,external_id,upstream_updated_at"
        );
    }

    #[test]
    fn formulas_are_written_as_text_and_read_back() {
        assert_eq!(guard("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(guard("-5 people"), "'-5 people");
        assert_eq!(guard("'Tis the season"), "''Tis the season");
        assert_eq!(guard("Rally in Hamburg"), "Rally in Hamburg");
        for s in ["=1+1", "-5 people", "'Tis", "''x", "@here", "plain", "'", ""] {
            assert_eq!(unguard(&guard(s)), s, "{s:?}");
        }
        assert_eq!(unguard("'Tis"), "'Tis");
    }
}

//! The events as a table: the columns of `f=csv` (README, "Import and
//! export"), which are also what the CSV import reads, so that export →
//! import gives the same events back.
//!
//! Columns are the event's fields as named in GeoJSON properties, in
//! [`Field::ALL`] order without the editing matters `updated_at` and
//! `status`; the point is two columns, `longitude` and `latitude` (WGS 84
//! degrees); `tags` are joined by ", "; `sources` is a JSON array of
//! `{name, url}`.

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
        Field::DateStart => vec![crate::dates::format_date(e.dates.start)],
        Field::DateEnd => vec![crate::dates::format_date(e.dates.end)],
        Field::DatePrecision => vec![e.date_precision.as_str().to_owned()],
        Field::LocationName => vec![guard(&e.location_name)],
        Field::CountryCode => vec![e.country_code.clone()],
        Field::Geometry => vec![e.lon.to_string(), e.lat.to_string()],
        Field::GeoPrecision => vec![e.geo_precision.as_str().to_owned()],
        Field::Actors => vec![e.actors.as_deref().map(guard).unwrap_or_default()],
        Field::CrowdSizeText => vec![e.crowd_size_text.as_deref().map(guard).unwrap_or_default()],
        Field::Sources => vec![guard(&serde_json::to_string(&e.sources).unwrap_or_default())],
        Field::Tags => vec![guard(&e.tags.join(", "))],
        Field::ExternalId => vec![e.external_id.as_deref().map(guard).unwrap_or_default()],
        Field::UpdatedAt | Field::Status => Vec::new(),
    }
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
            "id,title,description,kind,date_start,date_end,date_precision,location_name,country_code,\
             longitude,latitude,geo_precision,actors,crowd_size_text,sources,tags,external_id"
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

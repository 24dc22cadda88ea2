//! `f=csv` on the items: one row per event, for spreadsheets (README,
//! "OGC API – Features"). The columns are the event's fields as named in
//! GeoJSON properties, with the point as `longitude` and `latitude` (WGS 84
//! degrees), `tags` joined by ", " and `sources` as a JSON array; the same
//! columns the import reads. Written with the `csv` crate (RFC 4180
//! quoting), UTF-8 with a byte-order mark so that spreadsheets detect it.

use domain::event::Event;
use domain::field::Field;

/// The fields in column order: every field of the event in declaration
/// order (`id`, the properties, the point after the country), but the
/// editing matters `updated_at` and `status`.
fn fields() -> impl Iterator<Item = Field> {
    Field::ALL.iter().copied().filter(|f| !matches!(f, Field::UpdatedAt | Field::Status))
}

/// A field's columns' names.
fn names(field: Field) -> Vec<&'static str> {
    match field {
        Field::Geometry => vec!["longitude", "latitude"],
        f => vec![f.name()],
    }
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or
/// carriage return first) gets a `'` before it (OWASP, CSV injection);
/// numbers are written as they are.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// A field's cells for `e`.
fn cells(e: &Event, field: Field) -> Vec<String> {
    match field {
        Field::Id => vec![e.id.clone()],
        Field::Title => vec![text(&e.title)],
        Field::Description => vec![text(&e.description)],
        Field::Kind => vec![e.kind.as_str().to_owned()],
        Field::DateStart => vec![domain::dates::format_date(e.dates.start)],
        Field::DateEnd => vec![domain::dates::format_date(e.dates.end)],
        Field::DatePrecision => vec![e.date_precision.as_str().to_owned()],
        Field::LocationName => vec![text(&e.location_name)],
        Field::CountryCode => vec![e.country_code.clone()],
        Field::Geometry => vec![e.lon.to_string(), e.lat.to_string()],
        Field::GeoPrecision => vec![e.geo_precision.as_str().to_owned()],
        Field::Actors => vec![e.actors.as_deref().map(text).unwrap_or_default()],
        Field::CrowdSizeText => vec![e.crowd_size_text.as_deref().map(text).unwrap_or_default()],
        Field::Sources => vec![text(&serde_json::to_string(&e.sources).unwrap_or_default())],
        Field::Tags => vec![text(&e.tags.join(", "))],
        Field::UpdatedAt | Field::Status => Vec::new(),
    }
}

/// The header and one row per stored Feature (Features that do not read
/// back are left out; the store only holds ones that do).
///
/// # Errors
/// The `csv` writer's, which writing to memory does not produce.
pub fn write(features: &[String]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(fields().flat_map(names))?;
    for e in features.iter().filter_map(|f| domain::geojson::read_written(f)) {
        out.write_record(fields().flat_map(|f| cells(&e, f)))?;
    }
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_the_feature_has_a_column() {
        for f in Field::PROPERTIES.iter().filter(|f| **f != Field::UpdatedAt) {
            assert!(fields().any(|c| c == *f), "{f:?}");
        }
        let header: Vec<&str> = fields().flat_map(names).collect();
        assert_eq!(
            header.join(","),
            "id,title,description,kind,date_start,date_end,date_precision,location_name,country_code,\
             longitude,latitude,geo_precision,actors,crowd_size_text,sources,tags"
        );
    }

    #[test]
    fn formulas_are_written_as_text() {
        assert_eq!(text("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(text("-5 people"), "'-5 people");
        assert_eq!(text("Rally in Hamburg"), "Rally in Hamburg");
    }
}

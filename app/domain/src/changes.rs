//! What differs between two versions of an event, field by field, in the
//! words the editor's pages use: for an event's history ("changed: title,
//! dates") and for an edit conflict ("now saved: …").

use crate::dates::format_date;
use crate::event::Event;
use crate::labels::{geo_precision_note, kind_label};
use crate::store::Status;

/// The fields an editor sees, in form order: `(name, label)`. Names are the
/// GeoJSON property names of DESIGN.md's table, plus `dates` (both days),
/// `geometry` (the point) and `status`.
pub const FIELDS: &[(&str, &str)] = &[
    ("title", "Title"),
    ("kind", "Kind"),
    ("dates", "Dates"),
    ("date_precision", "Date precision"),
    ("location_name", "Place"),
    ("country_code", "Country code"),
    ("geometry", "Point"),
    ("geo_precision", "Point stands for"),
    ("actors", "Who took part"),
    ("crowd_size_text", "Crowd size"),
    ("description", "Description"),
    ("sources", "Sources"),
    ("tags", "Tags"),
    ("status", "Status"),
];

/// The label of a field name: those of [`FIELDS`], plus `id`, `date_start`
/// and `date_end`; `"This field"` for any other.
pub fn label(field: &str) -> &'static str {
    match field {
        "id" => "Id",
        "date_start" => "First day",
        "date_end" => "Last day",
        f => FIELDS.iter().find(|(name, _)| *name == f).map_or("This field", |(_, l)| *l),
    }
}

/// One field of a version as one line of text, e.g. `dates` →
/// `"2020-01-18 to 2020-01-20"`, `geometry` → `"18.0686, 59.3293 (lon, lat)"`.
/// Unknown names give an empty string.
pub fn field_text(e: &Event, status: Status, field: &str) -> String {
    match field {
        "title" => e.title.clone(),
        "kind" => kind_label(e.kind).to_owned(),
        "dates" if e.dates.start == e.dates.end => format_date(e.dates.start),
        "dates" => format!("{} to {}", format_date(e.dates.start), format_date(e.dates.end)),
        "date_precision" => e.date_precision.as_str().to_owned(),
        "location_name" => e.location_name.clone(),
        "country_code" => e.country_code.clone(),
        "geometry" => format!("{}, {} (lon, lat)", e.lon, e.lat),
        "geo_precision" => geo_precision_note(e.geo_precision).to_owned(),
        "actors" => e.actors.clone().unwrap_or_default(),
        "crowd_size_text" => e.crowd_size_text.clone().unwrap_or_default(),
        "description" => e.description.clone(),
        "sources" => e
            .sources
            .iter()
            .map(|s| match &s.url {
                Some(u) => format!("{} <{u}>", s.name),
                None => s.name.clone(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        "tags" => e.tags.join(", "),
        "status" => status.as_str().to_owned(),
        _ => String::new(),
    }
}

/// The names of the fields (of [`FIELDS`], in that order) whose text differs
/// between version `a` and version `b`. `updated_at` and `id` are not
/// compared: they are not the editor's.
pub fn changed_fields(a: (&Event, Status), b: (&Event, Status)) -> Vec<&'static str> {
    FIELDS.iter().map(|(f, _)| *f).filter(|f| field_text(a.0, a.1, f) != field_text(b.0, b.1, f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{sample_input, EventInput, SourceInput};

    fn event() -> Event {
        EventInput {
            title: "Rally in The Hague".into(),
            date_end: "2020-01-20".into(),
            date_precision: "approximate".into(),
            location_name: "The Hague".into(),
            country_code: "NL".into(),
            lon: "4.3007".into(),
            lat: "52.0705".into(),
            sources: vec![SourceInput { name: "irannewsupdate".into(), url: "https://example.org/a".into() }],
            tags: vec!["mek".into()],
            ..sample_input()
        }
        .validate()
        .expect("valid")
    }

    #[test]
    fn lists_exactly_the_fields_that_differ_in_form_order() {
        let a = event();
        let mut b = a.clone();
        assert_eq!(changed_fields((&a, Status::Draft), (&b, Status::Draft)), Vec::<&str>::new());
        b.tags.push("diaspora".into());
        b.lat = 52.08;
        b.title = "Rally in Den Haag".into();
        b.updated_at = Some(time::OffsetDateTime::UNIX_EPOCH);
        assert_eq!(
            changed_fields((&a, Status::Draft), (&b, Status::Published)),
            vec!["title", "geometry", "tags", "status"]
        );
    }

    #[test]
    fn fields_read_as_one_line_each() {
        let e = event();
        assert_eq!(field_text(&e, Status::Published, "dates"), "2020-01-18 to 2020-01-20");
        assert_eq!(field_text(&e, Status::Published, "geometry"), "4.3007, 52.0705 (lon, lat)");
        assert_eq!(field_text(&e, Status::Published, "sources"), "irannewsupdate <https://example.org/a>");
        assert_eq!(field_text(&e, Status::Draft, "status"), "draft");
        assert_eq!(label("geometry"), "Point");
        assert_eq!(label("date_end"), "Last day");
        assert_eq!(label("sources[0].url"), "This field");
    }
}

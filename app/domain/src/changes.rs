//! What differs between two versions of an event, field by field, in the
//! words the editor's pages use: for an event's history ("Changed: Title,
//! Last day") and for an edit conflict ("their version differs here: …").

use crate::dates::format_date;
use crate::event::Event;
use crate::field::Field;
use crate::labels::{conduct_label, geo_precision_note, kind_label};
use crate::store::Status;

/// The fields an editor compares, in form order: the event's fields (but
/// `id` and `updated_at`, which are not the editor's) and the status.
pub const COMPARED: [Field; 32] = [
    Field::Title,
    Field::Kind,
    Field::Conduct,
    Field::DateStart,
    Field::DateEnd,
    Field::DatePrecision,
    Field::LocationName,
    Field::Admin1,
    Field::Admin2,
    Field::CountryCode,
    Field::Geometry,
    Field::GeoPrecision,
    Field::Online,
    Field::Organisers,
    Field::Participants,
    Field::Claims,
    Field::CrowdSizeText,
    Field::CrowdSizeLow,
    Field::CrowdSizeHigh,
    Field::CrowdSizeDerived,
    Field::CrowdEstimates,
    Field::Arrests,
    Field::Injuries,
    Field::Fatalities,
    Field::PropertyDamage,
    Field::Description,
    Field::Sources,
    Field::Tags,
    Field::Dataset,
    Field::ExternalId,
    Field::UpstreamUpdatedAt,
    Field::Status,
];

/// One field of a version as one line of text, e.g. `geometry` →
/// `"18.0686, 59.3293 (lon, lat)"`; `id` and `updated_at` as stored.
pub fn field_text(e: &Event, status: Status, field: Field) -> String {
    match field {
        Field::Id => e.id.clone(),
        Field::Title => e.title.clone(),
        Field::Kind => kind_label(e.kind).to_owned(),
        Field::Conduct => e.conduct.map(conduct_label).unwrap_or_default().to_owned(),
        Field::DateStart => format_date(e.dates.start),
        Field::DateEnd => format_date(e.dates.end),
        Field::DatePrecision => e.date_precision.as_str().to_owned(),
        Field::LocationName => e.location_name.clone(),
        Field::Admin1 => e.admin1.clone().unwrap_or_default(),
        Field::Admin2 => e.admin2.clone().unwrap_or_default(),
        Field::CountryCode => e.country_code.clone(),
        Field::Geometry => format!("{}, {} (lon, lat)", e.lon, e.lat),
        Field::GeoPrecision => geo_precision_note(e.geo_precision).to_owned(),
        Field::Online => yes_no(e.online),
        Field::Organisers => e.organisers.join("; "),
        Field::Participants => e.participants.join("; "),
        Field::Claims => e.claims.clone().unwrap_or_default(),
        Field::CrowdSizeText => e.crowd_size_text.clone().unwrap_or_default(),
        Field::CrowdSizeLow => number(e.crowd_size_low),
        Field::CrowdSizeHigh => number(e.crowd_size_high),
        Field::CrowdSizeDerived => e.crowd_size_derived.map(|c| c.as_str()).unwrap_or_default().to_owned(),
        Field::CrowdEstimates => e
            .crowd_estimates
            .iter()
            .map(|x| {
                if x.low == x.high {
                    format!("{}: {}", x.source, x.low)
                } else {
                    format!("{}: {}–{}", x.source, x.low, x.high)
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        Field::Arrests => number(e.arrests),
        Field::Injuries => number(e.injuries),
        Field::Fatalities => number(e.fatalities),
        Field::PropertyDamage => yes_no(e.property_damage),
        Field::Description => e.description.clone(),
        Field::Sources => e
            .sources
            .iter()
            .map(|s| match &s.url {
                Some(u) => format!("{} <{u}>", s.name),
                None => s.name.clone(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        Field::Tags => e.tags.join(", "),
        Field::Dataset => e.dataset.clone().unwrap_or_default(),
        Field::ExternalId => e.external_id.clone().unwrap_or_default(),
        Field::UpstreamUpdatedAt => e.upstream_updated_at.map(crate::event::format_timestamp).unwrap_or_default(),
        Field::UpdatedAt => e.updated_at.map(crate::event::format_timestamp).unwrap_or_default(),
        Field::Status => status.as_str().to_owned(),
    }
}

/// A count as one line: its digits, or empty when not reported.
fn number(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// Yes or no as one line: "yes", "no", or empty when not reported.
fn yes_no(b: Option<bool>) -> String {
    b.map(|b| if b { "yes" } else { "no" }).unwrap_or_default().to_owned()
}

/// The fields of [`COMPARED`], in that order, whose text differs between
/// version `a` and version `b`.
pub fn changed_fields(a: (&Event, Status), b: (&Event, Status)) -> Vec<Field> {
    COMPARED.into_iter().filter(|f| field_text(a.0, a.1, *f) != field_text(b.0, b.1, *f)).collect()
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
        assert_eq!(changed_fields((&a, Status::Draft), (&b, Status::Draft)), Vec::<Field>::new());
        b.tags.push("diaspora".into());
        b.lat = 52.08;
        b.title = "Rally in Den Haag".into();
        b.updated_at = Some(time::OffsetDateTime::UNIX_EPOCH);
        assert_eq!(
            changed_fields((&a, Status::Draft), (&b, Status::Published)),
            vec![Field::Title, Field::Geometry, Field::Tags, Field::Status]
        );
    }

    #[test]
    fn fields_read_as_one_line_each() {
        let e = event();
        assert_eq!(field_text(&e, Status::Published, Field::DateEnd), "2020-01-20");
        assert_eq!(field_text(&e, Status::Published, Field::Geometry), "4.3007, 52.0705 (lon, lat)");
        assert_eq!(field_text(&e, Status::Published, Field::Sources), "irannewsupdate <https://example.org/a>");
        assert_eq!(field_text(&e, Status::Draft, Field::Status), "draft");
    }
}

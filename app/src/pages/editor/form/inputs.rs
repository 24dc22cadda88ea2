//! Which input of the event form shows which field: input names (as
//! Leptos reads them into [`EventInput`](domain::event::EventInput)), ids
//! (for labels and the error summary's links) and back.

use crate::i18n::Lang;
use domain::field::{EstimatePart, Field, FieldPath, SourcePart};
use domain::violation::Violation;

/// The `name` of the input that holds `field`, as the server function reads
/// it: `input[title]`; `status` for the status. The point has two inputs,
/// `input[lon]` and `input[lat]`, and the sources one per part
/// (`input[sources][0][name]`); this gives the first.
pub fn input_name(field: Field) -> String {
    match field {
        Field::Status => "status".into(),
        Field::Geometry => "input[lon]".into(),
        Field::Sources => "input[sources][0][name]".into(),
        Field::CrowdEstimates => "input[crowd_estimates][0][low]".into(),
        f => format!("input[{}]", f.name()),
    }
}

/// The path of an input's `name`: `input[title]` → `title`, `input[lon]` →
/// `geometry`, `input[sources][2][url]` → `sources[2].url`, `status` →
/// `status`; `None` for a name that is no field's.
pub fn field_of(input_name: &str) -> Option<FieldPath> {
    if input_name == "status" {
        return Some(Field::Status.into());
    }
    let inner = input_name.strip_prefix("input[")?.strip_suffix(']')?;
    let parts: Vec<&str> = inner.split("][").collect();
    match parts.as_slice() {
        ["lon" | "lat"] => Some(Field::Geometry.into()),
        ["sources", i, "name"] => Some(FieldPath::Source(i.parse().ok()?, SourcePart::Name)),
        ["sources", i, "url"] => Some(FieldPath::Source(i.parse().ok()?, SourcePart::Url)),
        ["crowd_estimates", i, part] => {
            let part = [EstimatePart::Low, EstimatePart::High, EstimatePart::Source]
                .into_iter()
                .find(|p| p.name() == *part)?;
            Some(FieldPath::Estimate(i.parse().ok()?, part))
        }
        [one] => one.parse::<Field>().ok().map(FieldPath::from),
        _ => None,
    }
}

/// The id of the input that shows `path`: `f-title`, `f-sources-0-url`;
/// the longitude's for the point, the tags field for each tag, the first
/// status button for the status.
pub fn input_id(path: &FieldPath) -> String {
    match path {
        FieldPath::Whole(Field::Geometry) => "f-lon".into(),
        FieldPath::Whole(Field::Status) => "f-status-draft".into(),
        FieldPath::Item(Field::Sources, i) => format!("f-sources-{i}-name"),
        FieldPath::Source(i, SourcePart::Name) => format!("f-sources-{i}-name"),
        FieldPath::Source(i, SourcePart::Url) => format!("f-sources-{i}-url"),
        FieldPath::Whole(Field::CrowdEstimates) => "f-crowd_estimates-0-low".into(),
        FieldPath::Item(Field::CrowdEstimates, i) => format!("f-crowd_estimates-{i}-low"),
        FieldPath::Estimate(i, part) => format!("f-crowd_estimates-{i}-{}", part.name()),
        FieldPath::Whole(f) | FieldPath::Item(f, _) => format!("f-{}", f.name()),
        FieldPath::Unknown(name) => format!("f-{name}"),
    }
}

/// Every message within `path`, as sentences in `lang` under `label`, one a
/// line.
pub fn messages(lang: Lang, violations: &[Violation], path: &FieldPath, label: &str) -> Option<String> {
    let found: Vec<String> =
        violations.iter().filter(|v| v.field.is_within(path)).map(|v| lang.violation(v, label)).collect();
    (!found.is_empty()).then(|| found.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::violation::ViolationCode;

    #[test]
    fn input_names_map_to_fields_and_back() {
        assert_eq!(field_of("input[title]"), Some(Field::Title.into()));
        assert_eq!(field_of("input[lat]"), Some(Field::Geometry.into()));
        assert_eq!(field_of("input[sources][2][url]"), Some(FieldPath::Source(2, SourcePart::Url)));
        assert_eq!(field_of("status"), Some(Field::Status.into()));
        assert_eq!(field_of("version"), None);
        assert_eq!(field_of("input[crowd_estimates][1][source]"), Some(FieldPath::Estimate(1, EstimatePart::Source)));
        for f in Field::ALL.iter().copied().filter(|f| !matches!(f, Field::Sources | Field::CrowdEstimates)) {
            assert_eq!(field_of(&input_name(f)), Some(f.into()), "{f}");
        }
    }

    #[test]
    fn messages_read_as_sentences_with_links_to_their_inputs() {
        let v = |path: FieldPath, code| Violation { field: path, code };
        let all = [
            v(Field::Title.into(), ViolationCode::Required),
            v(FieldPath::Item(Field::Tags, 1), ViolationCode::BadTag { got: "Not-OK".into() }),
            v(Field::DateEnd.into(), ViolationCode::EndBeforeStart { start: "2020-01-20".into() }),
        ];
        assert_eq!(
            messages(Lang::default(), &all, &Field::Title.into(), "Title").as_deref(),
            Some("Title is required")
        );
        assert_eq!(
            messages(Lang::default(), &all, &Field::Tags.into(), "Tags").as_deref(),
            Some("Tags must be 1 to 32 letters, digits (any script) or '-', got \"Not-OK\"")
        );
        assert_eq!(
            messages(Lang::default(), &all, &Field::DateEnd.into(), "Last day").as_deref(),
            Some("Last day must not be before the first day (2020-01-20)")
        );
        assert_eq!(messages(Lang::default(), &all, &Field::Kind.into(), "Kind"), None);
        assert_eq!(input_id(&FieldPath::Source(0, SourcePart::Url)), "f-sources-0-url");
        assert_eq!(input_id(&Field::Geometry.into()), "f-lon");
        assert_eq!(input_id(&FieldPath::Item(Field::Tags, 3)), "f-tags");
        assert_eq!(input_id(&Field::DateStart.into()), "f-date_start");
    }
}

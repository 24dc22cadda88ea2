//! The editors' words in the interface's language: field labels and the
//! sentences of refused values (README, "Languages").
//!
//! English is the domain's own text (`Field::label`,
//! `Violation::sentence`), which the API speaks too; the message files give
//! the same words under `input-<field>` and `violation-<kind>`, and a unit
//! test keeps the English labels in step. A language whose file lacks a
//! `violation-*` message shows the English sentence rather than a key.

use domain::field::{EstimatePart, Field, FieldPath, SourcePart};
use domain::violation::{Violation, ViolationCode};

use super::{Arg, Lang};

impl Lang {
    /// What separates the items of a list in running text: ", ", "، ".
    pub fn list_comma(self) -> String {
        format!("{} ", self.t("list-comma"))
    }

    /// A field's label as editors read it, e.g. "First day" (`input-date_start`).
    pub fn field(self, f: Field) -> String {
        self.t(&format!("input-{}", f.name()))
    }

    /// The label of a field, a list item or a part of a source, as in
    /// [`FieldPath::label`]: "Tags", "Source", "Source name", "URL"; a
    /// property an event does not have keeps its own name.
    pub fn field_path(self, path: &FieldPath) -> String {
        match path {
            FieldPath::Whole(f) => self.field(*f),
            FieldPath::Item(Field::Sources, _) => self.t("input-source"),
            FieldPath::Item(Field::CrowdEstimates, _) => self.t("input-estimate"),
            FieldPath::Item(f, _) => self.field(*f),
            FieldPath::Source(_, SourcePart::Name) => self.t("input-source-name"),
            FieldPath::Source(_, SourcePart::Url) => self.t("input-source-url"),
            FieldPath::Estimate(_, EstimatePart::Low) => self.t("input-estimate-low"),
            FieldPath::Estimate(_, EstimatePart::High) => self.t("input-estimate-high"),
            FieldPath::Estimate(_, EstimatePart::Source) => self.t("input-estimate-source"),
            FieldPath::Unknown(name) => name.clone(),
        }
    }

    /// A refused value as a sentence under the input labelled `label`:
    /// "Title is required", "عنوان لازم است". What the editor typed, the
    /// standards' names and the examples are [`Arg::Code`]: as written,
    /// with Latin digits, keeping their order inside right-to-left text.
    pub fn violation(self, v: &Violation, label: &str) -> String {
        if self == Lang::default() {
            return v.sentence(label);
        }
        let key = format!("violation-{}", code_kind(&v.code));
        use ViolationCode as C;
        let standard = if matches!(v.code, C::Timestamp { .. }) { "RFC 3339" } else { "ISO 3166-1 alpha-2" };
        let (got, start, expected): (&str, &str, &str) = match &v.code {
            C::IdTaken { id: got }
            | C::NotADate { got }
            | C::NoSuchDay { got }
            | C::CountryCode { got }
            | C::UrlNotAbsolute { got }
            | C::DuplicateTag { got }
            | C::Timestamp { got }
            | C::BadStatus { got }
            | C::NotAPoint { got }
            | C::IdNumber { number: got }
            | C::UrlScheme { scheme: got }
            | C::BadTag { got }
            | C::NotOneOf { got, .. }
            | C::CoordinateNotANumber { got, .. }
            | C::Negative { got }
            | C::NotWhole { got }
            | C::CountWords { got }
            | C::CountSeparators { got }
            | C::CountTooLarge { got }
            | C::UnknownSource { got, .. }
            | C::NameSeparator { got } => (got, "", ""),
            C::WrongType { expected, got } => (got, "", expected),
            C::EndBeforeStart { start } => ("", start, ""),
            _ => ("", "", ""),
        };
        let accepted = if let C::NotOneOf { accepted, .. } = &v.code { accepted.join(", ") } else { String::new() };
        // Degrees and code points are written as the editor would type them.
        let (min, max, number, code) = match &v.code {
            C::CoordinateOutOfRange { axis, got } => {
                (format!("-{}", axis.limit()), axis.limit().to_string(), got.to_string(), String::new())
            }
            C::ControlCharacter { code_point } => {
                (String::new(), String::new(), String::new(), format!("U+{code_point:04X}"))
            }
            _ => Default::default(),
        };
        let mut args: Vec<(&'static str, Arg<'_>)> = vec![
            ("label", Arg::Verbatim(label)),
            ("got", Arg::Code(got)),
            ("start", Arg::Code(start)),
            ("expected", Arg::Code(expected)),
            ("accepted", Arg::Code(&accepted)),
            ("standard", Arg::Code(standard)),
            ("example", Arg::Code("52.5163")),
            ("chars", Arg::Code("a-z, 0-9, '-', '_'")),
            ("min", Arg::Code(&min)),
            ("number", Arg::Code(&number)),
            ("code", Arg::Code(&code)),
            ("first", Arg::Text(self.field(Field::DateStart).into())),
        ];
        let n = |x: usize| Arg::Number(i64::try_from(x).unwrap_or(i64::MAX));
        match &v.code {
            C::TooLong { max, got } | C::TooManySources { max, got } | C::TooManyTags { max, got } => {
                args.extend([("max", n(*max)), ("count", n(*got))]);
            }
            C::BadId => args.push(("max", n(domain::limits::ID))),
            C::BadTag { .. } => args.push(("max", n(domain::limits::TAG))),
            C::PointArity { got } => args.push(("count", n(*got))),
            C::CoordinateOutOfRange { .. } => args.push(("max", Arg::Code(&max))),
            C::CountTooLarge { .. } => {
                args.push(("max", Arg::Number(i64::try_from(domain::limits::COUNT).unwrap_or(i64::MAX))));
            }
            C::TooManyItems { max, got } => args.extend([("max", n(*max)), ("count", n(*got))]),
            _ => {}
        }
        // The numbers of people and the names of a crowd estimate.
        let people = |x: u64| Arg::Text(self.people(x).into());
        let (low, high, estimate, source, names, convention, phrase, derived) = match &v.code {
            C::LowAboveHigh { low, high } => (Some(*low), Some(*high), None, "", String::new(), "", "", None),
            C::EstimateBelowRange { low, source, estimate } => {
                (Some(*low), None, Some(*estimate), source.as_str(), String::new(), "", "", None)
            }
            C::EstimateAboveRange { high, source, estimate } => {
                (None, Some(*high), Some(*estimate), source.as_str(), String::new(), "", "", None)
            }
            C::UnknownSource { names, .. } => (None, None, None, "", names.join("؛ "), "", "", None),
            C::NoConventionNumber { convention, phrase } => {
                (None, None, None, "", String::new(), convention.as_str(), phrase.as_str(), None)
            }
            C::DerivedMismatch { convention, phrase, expected } => {
                (None, None, None, "", String::new(), convention.as_str(), phrase.as_str(), Some(*expected))
            }
            _ => (None, None, None, "", String::new(), "", "", None),
        };
        args.extend(low.map(|x| ("low", people(x))));
        args.extend(high.map(|x| ("high", people(x))));
        args.extend(estimate.map(|x| ("estimate", people(x))));
        args.extend(derived.map(|x| ("expected", people(x))));
        args.extend([
            ("source", Arg::Verbatim(source)),
            ("names", Arg::Verbatim(&names)),
            ("convention", Arg::Code(convention)),
            ("phrase", Arg::Verbatim(phrase)),
        ]);
        if let C::CoordinateRequired { axis }
        | C::CoordinateOutOfRange { axis, .. }
        | C::CoordinateNotANumber { axis, .. } = &v.code
        {
            args.push(("axis", Arg::Text(self.t(&format!("axis-{}", axis.name())).into())));
        }
        let text = self.t_with(&key, &args);
        if text == key {
            v.sentence(label)
        } else {
            text
        }
    }
}

/// The code's name as the API writes it (`kind` of the JSON object):
/// `too_long`, `end_before_start`.
fn code_kind(code: &ViolationCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::violation::Axis;

    fn fa() -> Lang {
        Lang::parse("fa").expect("a Persian message file")
    }

    /// One of each code, as the form can meet them.
    fn every_code() -> Vec<ViolationCode> {
        use ViolationCode as C;
        let s = || "x".to_owned();
        vec![
            C::Required,
            C::TooLong { max: 200, got: 201 },
            C::LineBreak,
            C::ControlCharacter { code_point: 7 },
            C::NotOneOf { accepted: vec!["exact".into(), "approximate".into()], got: s() },
            C::BadId,
            C::IdTaken { id: s() },
            C::NotADate { got: s() },
            C::NoSuchDay { got: s() },
            C::EndBeforeStart { start: "2020-01-20".into() },
            C::CountryCode { got: s() },
            C::CoordinateRequired { axis: Axis::Latitude },
            C::CoordinateOutOfRange { axis: Axis::Latitude, got: 91.5 },
            C::CoordinateNotANumber { axis: Axis::Longitude, got: s() },
            C::NoSource,
            C::TooManySources { max: 20, got: 21 },
            C::TooManyTags { max: 20, got: 21 },
            C::UrlScheme { scheme: "javascript".into() },
            C::UrlNotAbsolute { got: s() },
            C::BadTag { got: s() },
            C::DuplicateTag { got: s() },
            C::Timestamp { got: s() },
            C::BadStatus { got: s() },
            C::WrongType { expected: "a string".into(), got: "a number".into() },
            C::IdNumber { number: "1".into() },
            C::GeometryRequired,
            C::NotAPoint { got: "LineString".into() },
            C::PointArity { got: 3 },
            C::UnknownProperty,
            C::Negative { got: "-5".into() },
            C::NotWhole { got: "1.5".into() },
            C::CountWords { got: "dozens".into() },
            C::CountSeparators { got: "2,000".into() },
            C::CountTooLarge { got: "9999999999".into() },
            C::LowAboveHigh { low: 3000, high: 200 },
            C::UnknownSource { got: "police".into(), names: vec!["BBC Persian".into()] },
            C::EstimateBelowRange { low: 3000, source: "police".into(), estimate: 2000 },
            C::EstimateAboveRange { high: 3000, source: "organisers".into(), estimate: 10000 },
            C::DerivedWithoutPhrase,
            C::NoConventionNumber { convention: "ccc".into(), phrase: "dozens".into() },
            C::DerivedMismatch { convention: "ccc".into(), phrase: "hundreds".into(), expected: 200 },
            C::NameSeparator { got: "a; b".into() },
            C::TooManyItems { max: 50, got: 51 },
            C::OnlineAtVenue,
        ]
    }

    #[test]
    fn english_labels_are_the_domains() {
        for f in Field::ALL {
            assert_eq!(Lang::default().field(*f), f.label(), "{f}");
        }
        for path in [
            FieldPath::Item(Field::Sources, 1),
            FieldPath::Source(0, SourcePart::Name),
            FieldPath::Source(0, SourcePart::Url),
            FieldPath::Item(Field::CrowdEstimates, 0),
            FieldPath::Estimate(0, EstimatePart::Low),
            FieldPath::Estimate(0, EstimatePart::High),
            FieldPath::Estimate(0, EstimatePart::Source),
        ] {
            assert_eq!(Lang::default().field_path(&path), path.label());
        }
    }

    #[test]
    fn every_refusal_has_a_persian_sentence() {
        for code in every_code() {
            let v = Violation::new(Field::Title, code);
            let text = fa().violation(&v, "عنوان");
            assert!(!text.starts_with("violation-") && text != v.sentence("عنوان"), "{text}");
            // Every value the message names was given.
            assert!(!text.contains('{') && !text.contains("???"), "{text}");
        }
    }

    #[test]
    fn refusals_read_in_the_interfaces_language() {
        let v = Violation::new(Field::DateEnd, ViolationCode::EndBeforeStart { start: "2020-01-20".into() });
        assert_eq!(Lang::default().violation(&v, "Last day"), "Last day must not be before the first day (2020-01-20)");
        // The date keeps its order inside the right-to-left sentence.
        assert_eq!(
            fa().violation(&v, &fa().field(Field::DateEnd)),
            "روز آخر نباید پیش از روز نخست (\u{2068}2020-01-20\u{2069}) باشد"
        );
        let far =
            Violation::new(Field::Geometry, ViolationCode::CoordinateOutOfRange { axis: Axis::Longitude, got: 200.0 });
        assert_eq!(
            fa().violation(&far, "نقطه"),
            "طول جغرافیایی باید میان \u{2068}-180\u{2069} و \u{2068}180\u{2069} درجه باشد؛ داده شد: \u{2068}200\u{2069}"
        );
        let country = Violation::new(Field::CountryCode, ViolationCode::CountryCode { got: "XX".into() });
        assert_eq!(
            fa().violation(&country, "کد کشور"),
            "کد کشور باید کد \u{2068}ISO 3166-1 alpha-2\u{2069} مانند SE یا US باشد؛ داده شد: «\u{2068}XX\u{2069}»"
        );
        let long = Violation::new(Field::Title, ViolationCode::TooLong { max: 200, got: 201 });
        assert_eq!(fa().violation(&long, "عنوان"), "عنوان باید حداکثر ۲۰۰ نویسه باشد؛ ۲۰۱ نویسه داده شد");
        let estimate = Violation::new(
            Field::CrowdSizeHigh,
            ViolationCode::EstimateAboveRange { high: 3000, source: "organisers".into(), estimate: 10_000 },
        );
        assert_eq!(
            fa().violation(&estimate, "اندازهٔ جمعیت، بیشینه"),
            "اندازهٔ جمعیت، بیشینه ۳٬۰۰۰ است، کمتر از برآورد organisers (۱۰٬۰۰۰)؛ این بیشترین عدد گزارش‌شده است"
        );
        let lat = Violation::new(Field::Geometry, ViolationCode::CoordinateRequired { axis: Axis::Latitude });
        assert_eq!(fa().violation(&lat, "نقطه"), "عرض جغرافیایی لازم است");
    }
}

//! Why an event is refused: each [`Violation`] is a [`FieldPath`] and a
//! [`ViolationCode`], and the English text of every code is written here
//! and nowhere else ([`ViolationCode::text`]). The API reads it as
//! `field: predicate` (`date_end: must not be before date_start
//! (2020-01-20)`), the event form as a sentence under the field's label
//! (`Last day must not be before the first day (2020-01-20)`).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::field::{Field, FieldPath};

/// Which coordinate of the point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    /// Degrees east, [-180, 180].
    Longitude,
    /// Degrees north, [-90, 90].
    Latitude,
}

impl Axis {
    /// `longitude` or `latitude`.
    pub fn name(self) -> &'static str {
        match self {
            Axis::Longitude => "longitude",
            Axis::Latitude => "latitude",
        }
    }

    /// The largest absolute value in degrees: 180 or 90.
    pub fn limit(self) -> f64 {
        match self {
            Axis::Longitude => 180.0,
            Axis::Latitude => 90.0,
        }
    }
}

/// What is wrong with a field's value. Values carry what was given, so the
/// text can quote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ViolationCode {
    /// Empty, and required.
    Required,
    /// Longer than allowed, in characters.
    TooLong {
        /// The limit.
        max: usize,
        /// The length given.
        got: usize,
    },
    /// A line break in one-line text.
    LineBreak,
    /// A control character (other than line breaks and tabs where those
    /// are allowed).
    ControlCharacter {
        /// Its code point.
        code_point: u32,
    },
    /// Not one of the names of an enumerated field.
    NotOneOf {
        /// The accepted names.
        accepted: Vec<String>,
        /// What was given.
        got: String,
    },
    /// An id that is not URL-safe.
    BadId,
    /// An id another event already has.
    IdTaken {
        /// The id.
        id: String,
    },
    /// Not shaped `YYYY-MM-DD`.
    NotADate {
        /// What was given.
        got: String,
    },
    /// Shaped `YYYY-MM-DD`, but no such day (`2023-02-29`).
    NoSuchDay {
        /// What was given.
        got: String,
    },
    /// The last day is before the first.
    EndBeforeStart {
        /// The first day, `YYYY-MM-DD`.
        start: String,
    },
    /// Not an ISO 3166-1 alpha-2 code.
    CountryCode {
        /// What was given.
        got: String,
    },
    /// A coordinate is missing.
    CoordinateRequired {
        /// Which one.
        axis: Axis,
    },
    /// A coordinate is outside WGS 84's range.
    CoordinateOutOfRange {
        /// Which one.
        axis: Axis,
        /// The value, degrees.
        got: f64,
    },
    /// A coordinate is not a finite decimal number.
    CoordinateNotANumber {
        /// Which one.
        axis: Axis,
        /// What was given.
        got: String,
    },
    /// No source at all.
    NoSource,
    /// More sources than allowed.
    TooManySources {
        /// The limit.
        max: usize,
        /// How many were given.
        got: usize,
    },
    /// More tags than allowed.
    TooManyTags {
        /// The limit.
        max: usize,
        /// How many were given.
        got: usize,
    },
    /// A URL whose scheme is not `http` or `https` (e.g. `javascript:`).
    UrlScheme {
        /// The scheme given.
        scheme: String,
    },
    /// Not an absolute URL.
    UrlNotAbsolute {
        /// What was given.
        got: String,
    },
    /// A tag that breaks the tag rules.
    BadTag {
        /// What was given.
        got: String,
    },
    /// A tag given twice.
    DuplicateTag {
        /// The tag.
        got: String,
    },
    /// Not an RFC 3339 timestamp.
    Timestamp {
        /// What was given.
        got: String,
    },
    /// A status other than draft or published.
    BadStatus {
        /// What was given.
        got: String,
    },
    /// In GeoJSON: a value of the wrong JSON type.
    WrongType {
        /// What it must be, with its article: "a string".
        expected: String,
        /// What it is: "a number".
        got: String,
    },
    /// In GeoJSON: a number where the id (a string) belongs.
    IdNumber {
        /// The number as written.
        number: String,
    },
    /// In GeoJSON: no geometry.
    GeometryRequired,
    /// In GeoJSON: a geometry other than a Point.
    NotAPoint {
        /// Its type, e.g. `LineString`.
        got: String,
    },
    /// In GeoJSON: a Point without exactly two coordinates.
    PointArity {
        /// How many it has.
        got: usize,
    },
    /// In GeoJSON: a property that is not a field of an event.
    UnknownProperty,
    /// A count below zero.
    Negative {
        /// What was given.
        got: String,
    },
    /// A count that is not a whole number.
    NotWhole {
        /// What was given.
        got: String,
    },
    /// A count written in words (`dozens`, `unclear`).
    CountWords {
        /// What was given.
        got: String,
    },
    /// A count with a separator that is a thousands separator in one
    /// convention and a decimal mark in the other (`2,000`, `2.000`).
    CountSeparators {
        /// What was given.
        got: String,
    },
    /// A count above [`crate::limits::COUNT`].
    CountTooLarge {
        /// What was given.
        got: String,
    },
    /// A low number above its high number.
    LowAboveHigh {
        /// The low number.
        low: u64,
        /// The high number.
        high: u64,
    },
    /// A crowd estimate that names no source of the event.
    UnknownSource {
        /// The name given.
        got: String,
        /// The event's sources' names.
        names: Vec<String>,
    },
    /// The crowd's low number is above a source's estimate.
    EstimateBelowRange {
        /// `crowd_size_low`.
        low: u64,
        /// The estimate's source.
        source: String,
        /// The estimate's low number.
        estimate: u64,
    },
    /// The crowd's high number is below a source's estimate.
    EstimateAboveRange {
        /// `crowd_size_high`.
        high: u64,
        /// The estimate's source.
        source: String,
        /// The estimate's high number.
        estimate: u64,
    },
    /// Numbers marked as derived by a convention without the phrase they
    /// come from.
    DerivedWithoutPhrase,
    /// Numbers marked as derived by a convention that has no number for
    /// the phrase.
    NoConventionNumber {
        /// The convention's name.
        convention: String,
        /// The phrase.
        phrase: String,
    },
    /// Numbers marked as derived that are not what the convention gives.
    DerivedMismatch {
        /// The convention's name.
        convention: String,
        /// The phrase.
        phrase: String,
        /// What the convention gives.
        expected: u64,
    },
    /// A name with the `;` that separates names in a list.
    NameSeparator {
        /// What was given.
        got: String,
    },
    /// More items in a list than allowed.
    TooManyItems {
        /// The limit.
        max: usize,
        /// How many were given.
        got: usize,
    },
    /// An online event whose point claims a venue.
    OnlineAtVenue,
}

/// A code's English text: either a predicate of the field it is about
/// ("is required") or a whole clause that names its own subject
/// ("longitude is required").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// Read after the field's name or label.
    Predicate(String),
    /// Read on its own.
    Clause(String),
}

impl Text {
    /// The text after `field: ` in the API's words.
    pub fn into_string(self) -> String {
        match self {
            Text::Predicate(s) | Text::Clause(s) => s,
        }
    }
}

impl ViolationCode {
    /// The English text. Another field that the text mentions is named by
    /// `other`: its API name in the API, "the first day" in the form.
    pub fn text(&self, other: impl Fn(Field) -> String) -> Text {
        use Text::{Clause, Predicate};
        use ViolationCode as C;
        match self {
            C::Required => Predicate("is required".into()),
            C::TooLong { max, got } => Predicate(format!("must be at most {max} characters, got {got}")),
            C::LineBreak => Predicate("must be plain text without a line break".into()),
            C::ControlCharacter { code_point } => {
                Predicate(format!("must be plain text without the control character U+{code_point:04X}"))
            }
            C::NotOneOf { accepted, got } => Predicate(format!("must be one of {}, got {got:?}", accepted.join(", "))),
            C::BadId => Predicate(format!(
                "must be 1 to {} characters of a-z, 0-9, '-' and '_', starting with a letter or digit",
                crate::limits::ID
            )),
            C::IdTaken { id } => Predicate(format!("{id:?} is already used by another event")),
            C::NotADate { got } => Clause(crate::dates::DateError::Shape(got.clone()).to_string()),
            C::NoSuchDay { got } => Clause(crate::dates::DateError::NoSuchDay(got.clone()).to_string()),
            C::EndBeforeStart { start } => {
                Predicate(format!("must not be before {} ({start})", other(Field::DateStart)))
            }
            C::CountryCode { got } => {
                Predicate(format!("must be an ISO 3166-1 alpha-2 code such as SE or US, got {got:?}"))
            }
            C::CoordinateRequired { axis } => Clause(format!("{} is required", axis.name())),
            C::CoordinateOutOfRange { axis, got } => {
                let limit = axis.limit();
                Clause(format!("{} must be between -{limit} and {limit} degrees, got {got}", axis.name()))
            }
            C::CoordinateNotANumber { axis, got } => Clause(format!(
                "{} must be a finite number of degrees with a dot or a comma before the decimals, such as 52.5163, got {got:?}",
                axis.name()
            )),
            C::NoSource => Clause("at least one source is required".into()),
            C::TooManySources { max, got } => Predicate(format!("must be at most {max} sources, got {got}")),
            C::TooManyTags { max, got } => Predicate(format!("must be at most {max} tags, got {got}")),
            C::UrlScheme { scheme } => Predicate(format!("must be an http or https URL, not {scheme}:")),
            C::UrlNotAbsolute { got } => Predicate(format!("must be an absolute http or https URL, got {got:?}")),
            C::BadTag { got } => Predicate(format!(
                "must be 1 to {} letters, digits (any script) or '-', got {got:?}",
                crate::limits::TAG
            )),
            C::DuplicateTag { got } => Predicate(format!("{got:?} is given twice")),
            C::Timestamp { got } => Predicate(format!("must be an RFC 3339 timestamp, got {got:?}")),
            C::BadStatus { .. } => Predicate("must be draft or published".into()),
            C::WrongType { expected, got } => Predicate(format!("must be {expected}, got {got}")),
            C::IdNumber { number } => Predicate(format!("must be a string, got the number {number}")),
            C::GeometryRequired => Predicate("is required (a Point)".into()),
            C::NotAPoint { got } => Predicate(format!("must be a Point, got a {got}")),
            C::PointArity { got } => Clause(format!("a Point must have 2 coordinates [longitude, latitude], got {got}")),
            C::UnknownProperty => Predicate("is not a property of an event".into()),
            C::Negative { got } => Predicate(format!("must be 0 or more, got {got:?}")),
            C::NotWhole { got } => Predicate(format!("must be a whole number of people, got {got:?}")),
            C::CountWords { got } => {
                Predicate(format!("must be a number written in digits, such as 2000, got {got:?}"))
            }
            C::CountSeparators { got } => Predicate(format!(
                "must be written without separators, such as 2000 ({got:?} is a thousand in one convention and \
                 a decimal in another)"
            )),
            C::CountTooLarge { got } => {
                Predicate(format!("must be at most {}, got {got:?}", crate::limits::COUNT))
            }
            C::LowAboveHigh { low, high } => Predicate(format!("is {low}, more than the high number ({high})")),
            C::UnknownSource { got, names } => Predicate(format!(
                "must name one of the event's sources ({}), got {got:?}",
                names.join("; ")
            )),
            C::EstimateBelowRange { low, source, estimate } => Predicate(format!(
                "is {low}, more than the estimate of {source} ({estimate}); it is the lowest number reported"
            )),
            C::EstimateAboveRange { high, source, estimate } => Predicate(format!(
                "is {high}, less than the estimate of {source} ({estimate}); it is the highest number reported"
            )),
            C::DerivedWithoutPhrase => {
                Predicate(format!("needs the phrase ({}) the numbers come from", other(Field::CrowdSizeText)))
            }
            C::NoConventionNumber { convention, phrase } => {
                Clause(format!("the {convention} convention has no number for {phrase:?}"))
            }
            C::DerivedMismatch { convention, phrase, expected } => Clause(format!(
                "the {convention} convention gives {expected} for {phrase:?}; the low and high numbers must both \
                 be {expected}"
            )),
            C::NameSeparator { got } => {
                Predicate(format!("must not contain \";\", which separates the names of a list, got {got:?}"))
            }
            C::TooManyItems { max, got } => Predicate(format!("must be at most {max} items, got {got}")),
            C::OnlineAtVenue => Predicate(
                "is the venue, but the event took place online; choose city or region for the place it is \
                 attributed to"
                    .into(),
            ),
        }
    }
}

impl fmt::Display for ViolationCode {
    /// The text in the API's words (other fields by their API names).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(|x| x.name().to_owned()).into_string())
    }
}

/// One broken rule: where, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The field, item or part.
    pub field: FieldPath,
    /// What is wrong.
    pub code: ViolationCode,
}

impl Violation {
    /// A violation of `field`.
    pub fn new(field: impl Into<FieldPath>, code: ViolationCode) -> Self {
        Self { field: field.into(), code }
    }

    /// The violation as a sentence for the event form, under the label of
    /// its input: "Title is required", "Last day must not be before the
    /// first day (2020-01-20)", "Longitude is required".
    pub fn sentence(&self, label: &str) -> String {
        match self.code.text(Field::in_sentence) {
            Text::Predicate(p) => format!("{label} {p}"),
            Text::Clause(c) => {
                let mut chars = c.chars();
                chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
            }
        }
    }
}

impl fmt::Display for Violation {
    /// `field: text`, in the API's words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.code)
    }
}

/// On the wire a violation is `{"field": "sources[0].url", "code": {...},
/// "message": "must be an http or https URL, not ftp:"}`: the message for
/// people, the code for programs.
impl Serialize for Violation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Violation", 3)?;
        st.serialize_field("field", &self.field)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("message", &self.code.to_string())?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Violation {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            field: FieldPath,
            code: ViolationCode,
        }
        let w = Wire::deserialize(d)?;
        Ok(Violation { field: w.field, code: w.code })
    }
}

/// Every violation of one event, in field order. Never empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub struct Violations(pub Vec<Violation>);

impl fmt::Display for Violations {
    /// `field: text; field: text`, in the API's words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(Violation::to_string).collect();
        f.write_str(&parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::SourcePart;

    #[test]
    fn the_api_and_the_form_read_the_same_code_in_their_words() {
        let v = Violation::new(Field::DateEnd, ViolationCode::EndBeforeStart { start: "2020-01-20".into() });
        assert_eq!(v.to_string(), "date_end: must not be before date_start (2020-01-20)");
        assert_eq!(v.sentence("Last day"), "Last day must not be before the first day (2020-01-20)");
        let v = Violation::new(Field::Geometry, ViolationCode::CoordinateRequired { axis: Axis::Longitude });
        assert_eq!(v.to_string(), "geometry: longitude is required");
        assert_eq!(v.sentence("Point"), "Longitude is required");
        let v =
            Violation::new(FieldPath::Source(0, SourcePart::Url), ViolationCode::UrlScheme { scheme: "ftp".into() });
        assert_eq!(v.to_string(), "sources[0].url: must be an http or https URL, not ftp:");
        assert_eq!(v.sentence("URL"), "URL must be an http or https URL, not ftp:");
    }

    #[test]
    fn violations_cross_the_wire_with_their_message() {
        let v = Violation::new(Field::Title, ViolationCode::TooLong { max: 200, got: 201 });
        let json = serde_json::to_value(&v).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"field": "title", "code": {"kind": "too_long", "max": 200, "got": 201},
                "message": "must be at most 200 characters, got 201"})
        );
        assert_eq!(serde_json::from_value::<Violation>(json).expect("back"), v);
    }
}

//! The event: one reported gathering or action at one place, as a source
//! reported it (README, "The data").
//!
//! [`EventInput`] is what an editor typed or a GeoJSON Feature carried: every
//! field as text, unchecked. [`EventInput::validate`] is the one place the rules
//! live; it returns either a valid [`Event`] or every [`Violation`] at once,
//! each naming its [`Field`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::dates::{self, DateRange};
use crate::field::{Field, FieldPath, SourcePart};
use crate::limits;
use crate::violation::{Axis, Violation, ViolationCode, Violations};

text_enum! {
    /// What kind of action the source reported.
    EventKind {
        /// A gathering in support of a cause.
        Rally = "rally",
        /// A gathering against something.
        Protest = "protest",
        /// People moving along a route.
        March = "march",
        /// A quiet gathering of remembrance.
        Vigil = "vigil",
        /// Banners or posters put up, not a gathering.
        BannerAction = "banner_action",
        /// Anything else.
        Other = "other",
        /// People stop work (or study) together.
        Strike = "strike",
        /// People occupy a place and stay.
        SitIn = "sit_in",
        /// People block a road, an entrance or a site.
        Blockade = "blockade",
        /// People refuse to buy, use or take part.
        Boycott = "boycott",
        /// A gathering against another gathering.
        CounterProtest = "counter_protest",
    }
}

impl EventKind {
    /// The kinds in the order forms and legends list them: the gatherings,
    /// the other forms of action, and "other" last. ([`EventKind::ALL`]
    /// keeps the order the kinds were added in, which the map's compact
    /// form stores.)
    pub const LISTED: [EventKind; 11] = [
        EventKind::Rally,
        EventKind::Protest,
        EventKind::March,
        EventKind::Vigil,
        EventKind::CounterProtest,
        EventKind::SitIn,
        EventKind::Blockade,
        EventKind::Strike,
        EventKind::Boycott,
        EventKind::BannerAction,
        EventKind::Other,
    ];
}

text_enum! {
    /// What happened to a gathering: ACLED's sub-event types of
    /// demonstrations (ACLED codebook, "Protests" and "Riots").
    Conduct {
        /// Peaceful: no force used against it, no violence by it (ACLED
        /// "Peaceful protest").
        Peaceful = "peaceful",
        /// Met with intervention: force used to disperse it, arrests (ACLED
        /// "Protest with intervention").
        Intervention = "intervention",
        /// Met with excessive force: lethal or otherwise excessive force
        /// against people taking part (ACLED "Excessive force against
        /// protesters").
        ExcessiveForce = "excessive_force",
        /// Turned violent: people taking part used violence (ACLED "Violent
        /// demonstration", also "Mob violence").
        Violent = "violent",
    }
}

/// One estimate of the crowd by one of the event's sources: police,
/// organisers and media often disagree, so each is kept with who gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrowdEstimate {
    /// The lowest number of people in the estimate.
    pub low: u64,
    /// The highest (equal to `low` for one number).
    pub high: u64,
    /// The name of the source that gave it, one of the event's `sources`.
    pub source: String,
}

/// A crowd estimate as typed; a row with all three empty is dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CrowdEstimateInput {
    /// Whole people, digits.
    pub low: String,
    /// Whole people, digits; empty for one number.
    pub high: String,
    /// A source's name, as in the event's sources.
    pub source: String,
}

text_enum! {
    /// How exactly the source dates the event.
    DatePrecision {
        /// The event happened on every day of its range.
        Exact = "exact",
        /// The source gives no exact date: the event happened on some day of
        /// its range.
        Approximate = "approximate",
    }
}

text_enum! {
    /// What the event's point stands for.
    GeoPrecision {
        /// The venue itself.
        Site = "site",
        /// The city centre; the venue was not reported.
        City = "city",
        /// Several places in an area.
        Region = "region",
    }
}

/// A source that reported the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Who reported it, e.g. "irannewsupdate"; 1..=200 characters.
    pub name: String,
    /// Where, if known: an absolute `http` or `https` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A valid event. Build one with [`EventInput::validate`]; the fields are
/// public for reading, and anything that changes them should go back through
/// [`Event::to_input`] and `validate` again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable, URL-safe id (`[a-z0-9_-]`, 1..=100), never reused.
    pub id: String,
    /// Plain text, 1..=200 characters, one line.
    pub title: String,
    /// Plain text, 0..=5000 characters, line breaks kept.
    pub description: String,
    /// What happened.
    pub kind: EventKind,
    /// The days, inclusive, as calendar dates at the event's place.
    pub dates: DateRange,
    /// Whether it happened on every day of `dates` or some day of it.
    pub date_precision: DatePrecision,
    /// The place as reported, 1..=200 characters.
    pub location_name: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country_code: String,
    /// WGS 84 longitude in degrees, [-180, 180].
    pub lon: f64,
    /// WGS 84 latitude in degrees, [-90, 90].
    pub lat: f64,
    /// What the point stands for.
    pub geo_precision: GeoPrecision,
    /// What happened to it; `None`: not reported.
    #[serde(default)]
    pub conduct: Option<Conduct>,
    /// The first-level administrative area (province, state) by name, as
    /// reported, 1..=200 characters; never derived from the point.
    #[serde(default)]
    pub admin1: Option<String>,
    /// The second-level administrative area (district, county) by name, as
    /// reported.
    #[serde(default)]
    pub admin2: Option<String>,
    /// `Some(true)`: it took place online, and the point is the place it is
    /// attributed to (never the venue); `Some(false)`: in person; `None`:
    /// not reported.
    #[serde(default)]
    pub online: Option<bool>,
    /// Who organised it, as reported: names, each 1..=200 characters on one
    /// line without `;`, at most 50.
    #[serde(default)]
    pub organisers: Vec<String>,
    /// Groups that took part, as reported (rules as `organisers`).
    #[serde(default)]
    pub participants: Vec<String>,
    /// The demands, as reported, one line of up to 2000 characters.
    #[serde(default)]
    pub claims: Option<String>,
    /// The reported crowd size phrase ("hundreds"); never estimated by us.
    pub crowd_size_text: Option<String>,
    /// The lowest reported number of people; with `crowd_size_high`, both or
    /// neither (one number is both).
    #[serde(default)]
    pub crowd_size_low: Option<u64>,
    /// The highest reported number of people, `>= crowd_size_low`.
    #[serde(default)]
    pub crowd_size_high: Option<u64>,
    /// The convention that derived the numbers from `crowd_size_text`,
    /// when they are not numbers a source gave.
    #[serde(default)]
    pub crowd_size_derived: Option<crate::crowd::CrowdConvention>,
    /// Estimates, each by one of the event's sources, within
    /// `crowd_size_low..=crowd_size_high` when that is given.
    #[serde(default)]
    pub crowd_estimates: Vec<CrowdEstimate>,
    /// People arrested, as reported; `None`: not reported (not zero).
    #[serde(default)]
    pub arrests: Option<u64>,
    /// Participants injured, as reported.
    #[serde(default)]
    pub injuries: Option<u64>,
    /// People killed, as reported.
    #[serde(default)]
    pub fatalities: Option<u64>,
    /// Whether property was damaged, as reported.
    #[serde(default)]
    pub property_damage: Option<bool>,
    /// At least one source.
    pub sources: Vec<Source>,
    /// Short words in any script, lower case where the script has case, 1..=32
    /// characters (see [`is_valid_tag`]).
    pub tags: Vec<String>,
    /// The dataset it was imported from (`ACLED`, `CCC`), 1..=100
    /// characters on one line; events of one dataset are kept in step with
    /// it (`rallymap import --sync`).
    #[serde(default)]
    pub dataset: Option<String>,
    /// The event's id in the dataset or list it came from, exactly as
    /// written there, 1..=200 characters on one line; `None` for events made
    /// here. The event is found by it as by its own `id`.
    pub external_id: Option<String>,
    /// When its dataset last changed it (ACLED's `timestamp`), UTC.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub upstream_updated_at: Option<OffsetDateTime>,
    /// Last change, set by the server; `None` before it is stored.
    #[serde(with = "time::serde::rfc3339::option")]
    pub updated_at: Option<OffsetDateTime>,
}

/// An event as typed or as read from a Feature: text, not yet checked.
/// Missing fields read as empty (a form may leave some out).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventInput {
    /// Empty when the store should assign one.
    pub id: String,
    /// See [`Event::title`].
    pub title: String,
    /// See [`Event::description`].
    pub description: String,
    /// One of [`EventKind`]'s names.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub date_start: String,
    /// `YYYY-MM-DD`; empty means the same day as `date_start`.
    pub date_end: String,
    /// One of [`DatePrecision`]'s names.
    pub date_precision: String,
    /// See [`Event::location_name`].
    pub location_name: String,
    /// ISO 3166-1 alpha-2; lower case is accepted and upper-cased.
    pub country_code: String,
    /// Longitude in decimal degrees, as text.
    pub lon: String,
    /// Latitude in decimal degrees, as text.
    pub lat: String,
    /// One of [`GeoPrecision`]'s names.
    pub geo_precision: String,
    /// One of [`Conduct`]'s names; empty for none.
    pub conduct: String,
    /// Empty for none.
    pub admin1: String,
    /// Empty for none.
    pub admin2: String,
    /// `true`, `false`, or empty for none.
    pub online: String,
    /// Names; empty strings are dropped. Reads a list, or one text of
    /// names separated by `;` or line breaks.
    #[serde(deserialize_with = "name_words")]
    pub organisers: Vec<String>,
    /// As `organisers`.
    #[serde(deserialize_with = "name_words")]
    pub participants: Vec<String>,
    /// Empty for none.
    pub claims: String,
    /// Empty for none.
    pub crowd_size_text: String,
    /// Whole people in digits; empty for none.
    pub crowd_size_low: String,
    /// Whole people in digits; empty for the same as `crowd_size_low`.
    pub crowd_size_high: String,
    /// A [`crate::crowd::CrowdConvention`]'s name; empty when the numbers
    /// were reported as numbers.
    pub crowd_size_derived: String,
    /// Estimates by source; rows with all parts empty are dropped.
    pub crowd_estimates: Vec<CrowdEstimateInput>,
    /// Whole people in digits; empty: not reported.
    pub arrests: String,
    /// Whole people in digits; empty: not reported.
    pub injuries: String,
    /// Whole people in digits; empty: not reported.
    pub fatalities: String,
    /// `true`, `false`, or empty for not reported.
    pub property_damage: String,
    /// Name and URL pairs; pairs with both empty are dropped.
    pub sources: Vec<SourceInput>,
    /// Tags; empty strings are dropped. Reads a list, or one text of words
    /// separated by commas or spaces (the form's single tags field).
    #[serde(deserialize_with = "tag_words")]
    pub tags: Vec<String>,
    /// See [`Event::dataset`]; empty for none.
    pub dataset: String,
    /// See [`Event::external_id`]; empty for none.
    pub external_id: String,
    /// RFC 3339; empty for none.
    pub upstream_updated_at: String,
    /// RFC 3339; empty when not yet stored.
    pub updated_at: String,
}

/// Reads tags from a list (JSON), an indexed map (`tags[0]=a` in a query
/// string) or one text such as `"mek, diaspora solidarity"`.
fn tag_words<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(Words {
        expecting: "a list of tags or a text of comma- or space-separated tags",
        split: split_tags,
    })
}

/// A list of words read from a list (JSON), an indexed map (a query string)
/// or one text that `split` cuts into words.
struct Words {
    expecting: &'static str,
    split: fn(&str) -> Vec<String>,
}

impl<'de> serde::de::Visitor<'de> for Words {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Vec<String>, E> {
        Ok((self.split)(s))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut out = Vec::new();
        while let Some(t) = seq.next_element::<String>()? {
            out.push(t);
        }
        Ok(out)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
        let mut out = Vec::new();
        while let Some((_, t)) = map.next_entry::<serde::de::IgnoredAny, String>()? {
            out.push(t);
        }
        Ok(out)
    }
}

/// Splits a typed tags field on commas and white space, dropping empty
/// words: `"mek, diaspora  solidarity"` → `["mek", "diaspora", "solidarity"]`.
pub fn split_tags(s: &str) -> Vec<String> {
    s.split(|c: char| c == ',' || c.is_whitespace()).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// Splits a typed list of names on `;` and line breaks, trimming each and
/// dropping empty ones: `"Students (Iran); Labor Group (Iran)"` →
/// `["Students (Iran)", "Labor Group (Iran)"]`. Names never contain `;`,
/// so a list written with "; " between names reads back the same.
pub fn split_names(s: &str) -> Vec<String> {
    s.split([';', '\n', '\r']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// Reads names from a list (JSON), an indexed map (a query string) or one
/// text separated by `;` or line breaks (the form's single field).
fn name_words<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(Words { expecting: "a list of names or a text of names separated by ';'", split: split_names })
}

/// A source as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceInput {
    /// See [`Source::name`].
    pub name: String,
    /// Empty for none.
    pub url: String,
}

struct Check(Vec<Violation>);

impl Check {
    fn fail(&mut self, field: impl Into<FieldPath>, code: ViolationCode) {
        self.0.push(Violation::new(field, code));
    }

    /// Checks a plain-text field (one line unless `multiline`) and returns
    /// it as stored. Spaces around one-line text are trimmed; a tab or a
    /// line break is content, never trimmed away unseen: refused anywhere
    /// in one-line text (a title's leading tab too), kept as written in
    /// multi-line text, which is stored exactly unless it is all white space.
    fn text(&mut self, field: impl Into<FieldPath>, raw: &str, min: usize, max: usize, multiline: bool) -> String {
        let field = field.into();
        let value = if multiline {
            if raw.trim().is_empty() {
                ""
            } else {
                raw
            }
        } else {
            raw.trim_matches(|c: char| c.is_whitespace() && !c.is_control())
        };
        let n = value.chars().count();
        if n < min {
            self.fail(field.clone(), ViolationCode::Required);
        } else if n > max {
            self.fail(field.clone(), ViolationCode::TooLong { max, got: n });
        }
        let bad = value.chars().find(|&c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')));
        match bad {
            Some('\n' | '\r') => self.fail(field, ViolationCode::LineBreak),
            Some(c) => self.fail(field, ViolationCode::ControlCharacter { code_point: c as u32 }),
            None => {}
        }
        value.to_owned()
    }

    fn optional(&mut self, field: Field, raw: &str, max: usize) -> Option<String> {
        let v = self.text(field, raw, 0, max, false);
        (!v.is_empty()).then_some(v)
    }

    /// An optional choice: empty text is `None`.
    fn maybe<T: FromStr<Err = ViolationCode>>(&mut self, field: Field, raw: &str) -> Option<T> {
        if raw.trim().is_empty() {
            return None;
        }
        self.choice(field, raw)
    }

    /// A count of people: empty is `None` (not reported); anything but whole
    /// digits is refused with the reason.
    fn count(&mut self, field: impl Into<FieldPath>, raw: &str) -> Option<u64> {
        match crate::crowd::parse_count(raw) {
            Ok(n) => n,
            Err(problem) => {
                self.fail(field, crate::crowd::count_violation(problem, raw));
                None
            }
        }
    }

    /// Yes or no: `true` or `false` (any case); empty is `None`.
    fn flag(&mut self, field: Field, raw: &str) -> Option<bool> {
        match raw.trim() {
            "" => None,
            t if t.eq_ignore_ascii_case("true") => Some(true),
            t if t.eq_ignore_ascii_case("false") => Some(false),
            t => {
                self.fail(
                    field,
                    ViolationCode::NotOneOf { accepted: vec!["true".into(), "false".into()], got: t.to_owned() },
                );
                None
            }
        }
    }

    /// A list of names: each one line of 1..=200 characters without `;`,
    /// none twice, at most [`limits::NAMES`]; empty ones are dropped.
    fn names(&mut self, field: Field, given: &[String]) -> Vec<String> {
        let given: Vec<&String> = given.iter().filter(|n| !n.trim().is_empty()).collect();
        if given.len() > limits::NAMES {
            self.fail(field, ViolationCode::TooManyItems { max: limits::NAMES, got: given.len() });
        }
        let mut names: Vec<String> = Vec::new();
        for (i, raw) in given.into_iter().enumerate() {
            let at = FieldPath::Item(field, i);
            let name = self.text(at.clone(), raw, 1, limits::NAME, false);
            if name.contains(';') {
                self.fail(at, ViolationCode::NameSeparator { got: name });
            } else if names.contains(&name) {
                self.fail(at, ViolationCode::DuplicateTag { got: name });
            } else {
                names.push(name);
            }
        }
        names
    }

    /// A low and a high count: one given is both; low above high is
    /// refused at `low_at`.
    fn range(&mut self, low_at: FieldPath, high_at: FieldPath, low: &str, high: &str) -> Option<(u64, u64)> {
        let l = self.count(low_at.clone(), low);
        let h = self.count(high_at, high);
        match (l, h) {
            (Some(l), Some(h)) if l > h => {
                self.fail(low_at, ViolationCode::LowAboveHigh { low: l, high: h });
                None
            }
            (Some(l), Some(h)) => Some((l, h)),
            (Some(n), None) | (None, Some(n)) => Some((n, n)),
            (None, None) => None,
        }
    }

    /// An RFC 3339 timestamp, as UTC; empty is `None`.
    fn timestamp(&mut self, field: Field, raw: &str) -> Option<OffsetDateTime> {
        match raw.trim() {
            "" => None,
            s => match OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339) {
                Ok(t) => Some(t.to_offset(time::UtcOffset::UTC)),
                Err(_) => {
                    self.fail(field, ViolationCode::Timestamp { got: s.to_owned() });
                    None
                }
            },
        }
    }

    fn choice<T: FromStr<Err = ViolationCode>>(&mut self, field: Field, raw: &str) -> Option<T> {
        if raw.trim().is_empty() {
            self.fail(field, ViolationCode::Required);
            return None;
        }
        raw.trim().parse().map_err(|code| self.fail(field, code)).ok()
    }

    fn date(&mut self, field: Field, raw: &str) -> Option<Date> {
        if raw.trim().is_empty() {
            self.fail(field, ViolationCode::Required);
            return None;
        }
        // Typed dates may be in Persian or Arabic-Indic digits.
        dates::parse_date(&crate::numerals::ascii_digits(raw.trim()))
            .map_err(|e| {
                let code = match e {
                    dates::DateError::Shape(got) => ViolationCode::NotADate { got },
                    dates::DateError::NoSuchDay(got) => ViolationCode::NoSuchDay { got },
                };
                self.fail(field, code);
            })
            .ok()
    }

    fn degrees(&mut self, axis: Axis, raw: &str) -> Option<f64> {
        let raw = raw.trim();
        if raw.is_empty() {
            self.fail(Field::Geometry, ViolationCode::CoordinateRequired { axis });
            return None;
        }
        let limit = axis.limit();
        match crate::bbox::typed_decimal(raw) {
            Some(v) if (-limit..=limit).contains(&v) => Some(v),
            Some(got) => {
                self.fail(Field::Geometry, ViolationCode::CoordinateOutOfRange { axis, got });
                None
            }
            None => {
                self.fail(Field::Geometry, ViolationCode::CoordinateNotANumber { axis, got: raw.to_owned() });
                None
            }
        }
    }
}

/// Whether `id` may name an event: 1..=100 of `[a-z0-9_-]`, starting with a
/// letter or digit. Such ids are safe in URLs and file names unescaped.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= limits::ID
        && id.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_')
        && id.as_bytes()[0].is_ascii_alphanumeric()
}

/// Whether `t` may be a tag: 1 to 32 characters (not bytes) of Unicode
/// letters, digits and marks (`اعتراض`, `ps752`, `नारी`), `-`, and the
/// zero-width non-joiner of Persian words; lower case where the script has
/// case.
pub fn is_valid_tag(t: &str) -> bool {
    let n = t.chars().count();
    (1..=limits::TAG).contains(&n)
        && t.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '\u{200C}' || is_combining(c))
        && t.to_lowercase() == t
}

/// Combining marks that letters of some scripts carry (Arabic harakat,
/// Devanagari vowel signs), which `char::is_alphanumeric` does not count.
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}' | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}')
}

impl EventInput {
    /// Checks every rule of the event (README, "The data") and returns the event, or
    /// every violation in field order (not only the first).
    ///
    /// One-line text is trimmed of spaces (a tab or line break in it is
    /// refused, also at its ends); the description is kept exactly as
    /// written; empty optional text becomes `None`; an empty
    /// `date_end` means a one-day event; the country code is upper-cased.
    /// An empty `id` is allowed here and reported as `id: is required` only
    /// by callers that need one (see [`EventInput::validate_with_id`]).
    ///
    /// # Errors
    /// [`Violations`], each with the field name as in GeoJSON properties
    /// (`geometry` for the coordinates, `sources[i].url` for list items).
    ///
    /// # Examples
    ///
    /// ```
    /// use domain::event::{EventInput, SourceInput};
    ///
    /// let typed = EventInput {
    ///     title: "Rally in Hamburg".into(),
    ///     kind: "rally".into(),
    ///     date_start: "2020-01-18".into(),
    ///     date_precision: "exact".into(),
    ///     location_name: "Hamburg, Germany".into(),
    ///     country_code: "de".into(),
    ///     lon: "9.9937".into(),
    ///     lat: "53.5511".into(),
    ///     geo_precision: "city".into(),
    ///     sources: vec![SourceInput { name: "a report".into(), url: String::new() }],
    ///     ..Default::default()
    /// };
    /// let event = typed.validate().expect("valid");
    /// assert_eq!(event.country_code, "DE");
    /// assert_eq!(event.dates.end, event.dates.start, "an empty last day is a one-day event");
    ///
    /// let broken = EventInput { lat: "95".into(), date_end: "2020-01-17".into(), ..typed };
    /// let fields: Vec<String> =
    ///     broken.validate().expect_err("refused").0.iter().map(|v| v.field.to_string()).collect();
    /// assert_eq!(fields, ["date_end", "geometry"]);
    /// ```
    pub fn validate(&self) -> Result<Event, Violations> {
        let mut c = Check(Vec::new());
        let id = self.id.trim().to_owned();
        if !id.is_empty() && !is_valid_id(&id) {
            c.fail(Field::Id, ViolationCode::BadId);
        }
        let title = c.text(Field::Title, &self.title, 1, limits::TITLE, false);
        let description = c.text(Field::Description, &self.description, 0, limits::DESCRIPTION, true);
        let kind = c.choice::<EventKind>(Field::Kind, &self.kind);
        let start = c.date(Field::DateStart, &self.date_start);
        let end = if self.date_end.trim().is_empty() { start } else { c.date(Field::DateEnd, &self.date_end) };
        let dates = match (start, end) {
            (Some(s), Some(e)) => {
                let r = DateRange::new(s, e);
                if r.is_none() {
                    c.fail(Field::DateEnd, ViolationCode::EndBeforeStart { start: dates::format_date(s) });
                }
                r
            }
            _ => None,
        };
        let date_precision = c.choice::<DatePrecision>(Field::DatePrecision, &self.date_precision);
        let location_name = c.text(Field::LocationName, &self.location_name, 1, limits::LOCATION_NAME, false);
        let country_code = self.country_code.trim().to_ascii_uppercase();
        if country_code.is_empty() {
            c.fail(Field::CountryCode, ViolationCode::Required);
        } else if country_code.len() != 2 || isocountry::CountryCode::for_alpha2(&country_code).is_err() {
            c.fail(Field::CountryCode, ViolationCode::CountryCode { got: self.country_code.trim().to_owned() });
        }
        let lon = c.degrees(Axis::Longitude, &self.lon);
        let lat = c.degrees(Axis::Latitude, &self.lat);
        let geo_precision = c.choice::<GeoPrecision>(Field::GeoPrecision, &self.geo_precision);
        let conduct = c.maybe::<Conduct>(Field::Conduct, &self.conduct);
        let admin1 = c.optional(Field::Admin1, &self.admin1, limits::ADMIN_AREA);
        let admin2 = c.optional(Field::Admin2, &self.admin2, limits::ADMIN_AREA);
        let online = c.flag(Field::Online, &self.online);
        if online == Some(true) && geo_precision == Some(GeoPrecision::Site) {
            c.fail(Field::GeoPrecision, ViolationCode::OnlineAtVenue);
        }
        let organisers = c.names(Field::Organisers, &self.organisers);
        let participants = c.names(Field::Participants, &self.participants);
        let claims = c.optional(Field::Claims, &self.claims, limits::CLAIMS);
        let crowd_size_text = c.optional(Field::CrowdSizeText, &self.crowd_size_text, limits::CROWD_SIZE_TEXT);
        let crowd = c.range(
            Field::CrowdSizeLow.into(),
            Field::CrowdSizeHigh.into(),
            &self.crowd_size_low,
            &self.crowd_size_high,
        );
        let crowd_size_derived =
            c.maybe::<crate::crowd::CrowdConvention>(Field::CrowdSizeDerived, &self.crowd_size_derived);
        if let Some(convention) = crowd_size_derived {
            match crowd_size_text.as_deref().map(|p| (p, convention.number(p))) {
                None => c.fail(Field::CrowdSizeDerived, ViolationCode::DerivedWithoutPhrase),
                Some((phrase, None)) => c.fail(
                    Field::CrowdSizeDerived,
                    ViolationCode::NoConventionNumber { convention: convention.to_string(), phrase: phrase.to_owned() },
                ),
                Some((_, Some(n))) if crowd == Some((n, n)) => {}
                Some((phrase, Some(n))) => c.fail(
                    Field::CrowdSizeDerived,
                    ViolationCode::DerivedMismatch {
                        convention: convention.to_string(),
                        phrase: phrase.to_owned(),
                        expected: n,
                    },
                ),
            }
        }
        let arrests = c.count(Field::Arrests, &self.arrests);
        let injuries = c.count(Field::Injuries, &self.injuries);
        let fatalities = c.count(Field::Fatalities, &self.fatalities);
        let property_damage = c.flag(Field::PropertyDamage, &self.property_damage);
        let dataset = c.optional(Field::Dataset, &self.dataset, limits::DATASET);
        let external_id = c.optional(Field::ExternalId, &self.external_id, limits::EXTERNAL_ID);
        let upstream_updated_at = c.timestamp(Field::UpstreamUpdatedAt, &self.upstream_updated_at);

        let mut sources = Vec::new();
        let given: Vec<(usize, &SourceInput)> = self
            .sources
            .iter()
            .enumerate()
            .filter(|(_, s)| !(s.name.trim().is_empty() && s.url.trim().is_empty()))
            .collect();
        if given.is_empty() {
            c.fail(Field::Sources, ViolationCode::NoSource);
        } else if given.len() > limits::SOURCES {
            c.fail(Field::Sources, ViolationCode::TooManySources { max: limits::SOURCES, got: given.len() });
        }
        for (i, s) in given {
            let name = c.text(FieldPath::Source(i, SourcePart::Name), &s.name, 1, limits::SOURCE_NAME, false);
            let at = FieldPath::Source(i, SourcePart::Url);
            let url = s.url.trim();
            let n = url.chars().count();
            let url = if url.is_empty() {
                None
            } else if n > limits::SOURCE_URL {
                c.fail(at, ViolationCode::TooLong { max: limits::SOURCE_URL, got: n });
                None
            } else {
                match url::Url::parse(url) {
                    Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Some(url.to_owned()),
                    Ok(u) if !matches!(u.scheme(), "http" | "https") => {
                        c.fail(at, ViolationCode::UrlScheme { scheme: u.scheme().to_owned() });
                        None
                    }
                    _ => {
                        c.fail(at, ViolationCode::UrlNotAbsolute { got: url.to_owned() });
                        None
                    }
                }
            };
            sources.push(Source { name, url });
        }

        let mut tags: Vec<String> = Vec::new();
        let given_tags: Vec<&str> = self.tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).collect();
        if given_tags.len() > limits::TAGS {
            c.fail(Field::Tags, ViolationCode::TooManyTags { max: limits::TAGS, got: given_tags.len() });
        }
        for (i, typed) in given_tags.into_iter().enumerate() {
            // Any script: lower-cased by Unicode rules where it has case.
            let t = typed.to_lowercase();
            if !is_valid_tag(&t) {
                c.fail(FieldPath::Item(Field::Tags, i), ViolationCode::BadTag { got: typed.to_owned() });
            } else if tags.contains(&t) {
                c.fail(FieldPath::Item(Field::Tags, i), ViolationCode::DuplicateTag { got: t });
            } else {
                tags.push(t);
            }
        }

        // Estimates name one of the event's sources, and lie within the
        // crowd's range when one is given.
        let source_names: Vec<String> = sources.iter().map(|s| s.name.clone()).collect();
        let given_estimates: Vec<&CrowdEstimateInput> = self
            .crowd_estimates
            .iter()
            .filter(|e| !(e.low.trim().is_empty() && e.high.trim().is_empty() && e.source.trim().is_empty()))
            .collect();
        if given_estimates.len() > limits::ESTIMATES {
            c.fail(
                Field::CrowdEstimates,
                ViolationCode::TooManyItems { max: limits::ESTIMATES, got: given_estimates.len() },
            );
        }
        let mut crowd_estimates = Vec::new();
        for (i, e) in given_estimates.into_iter().enumerate() {
            use crate::field::EstimatePart as Part;
            let numbers =
                c.range(FieldPath::Estimate(i, Part::Low), FieldPath::Estimate(i, Part::High), &e.low, &e.high);
            if e.low.trim().is_empty() && e.high.trim().is_empty() {
                c.fail(FieldPath::Estimate(i, Part::Low), ViolationCode::Required);
            }
            let source = c.text(FieldPath::Estimate(i, Part::Source), &e.source, 1, limits::SOURCE_NAME, false);
            if !source.is_empty() && !source_names.contains(&source) {
                c.fail(
                    FieldPath::Estimate(i, Part::Source),
                    ViolationCode::UnknownSource { got: source.clone(), names: source_names.clone() },
                );
            }
            if let Some((low, high)) = numbers {
                crowd_estimates.push(CrowdEstimate { low, high, source });
            }
        }
        if let Some((low, high)) = crowd {
            if let Some(e) = crowd_estimates.iter().find(|e| e.low < low) {
                c.fail(
                    Field::CrowdSizeLow,
                    ViolationCode::EstimateBelowRange { low, source: e.source.clone(), estimate: e.low },
                );
            }
            if let Some(e) = crowd_estimates.iter().find(|e| e.high > high) {
                c.fail(
                    Field::CrowdSizeHigh,
                    ViolationCode::EstimateAboveRange { high, source: e.source.clone(), estimate: e.high },
                );
            }
        }

        let updated_at = c.timestamp(Field::UpdatedAt, &self.updated_at);

        match (c.0.is_empty(), kind, dates, date_precision, lon, lat, geo_precision) {
            (true, Some(kind), Some(dates), Some(date_precision), Some(lon), Some(lat), Some(geo_precision)) => {
                Ok(Event {
                    id,
                    title,
                    description,
                    kind,
                    dates,
                    date_precision,
                    location_name,
                    country_code,
                    lon,
                    lat,
                    geo_precision,
                    conduct,
                    admin1,
                    admin2,
                    online,
                    organisers,
                    participants,
                    claims,
                    crowd_size_text,
                    crowd_size_low: crowd.map(|(l, _)| l),
                    crowd_size_high: crowd.map(|(_, h)| h),
                    crowd_size_derived,
                    crowd_estimates,
                    arrests,
                    injuries,
                    fatalities,
                    property_damage,
                    sources,
                    tags,
                    dataset,
                    external_id,
                    upstream_updated_at,
                    updated_at,
                })
            }
            _ => Err(Violations(c.0)),
        }
    }

    /// [`validate`](Self::validate), and also requires a non-empty `id`.
    ///
    /// # Errors
    /// As `validate`, plus `id: is required`.
    pub fn validate_with_id(&self) -> Result<Event, Violations> {
        let result = self.validate();
        if !self.id.trim().is_empty() {
            return result;
        }
        let mut all = vec![Violation::new(Field::Id, ViolationCode::Required)];
        if let Err(Violations(rest)) = result {
            all.extend(rest);
        }
        Err(Violations(all))
    }
}

impl Event {
    /// The event as editable text, such that `to_input().validate()` gives it
    /// back unchanged.
    pub fn to_input(&self) -> EventInput {
        EventInput {
            id: self.id.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            kind: self.kind.as_str().into(),
            date_start: dates::format_date(self.dates.start),
            date_end: dates::format_date(self.dates.end),
            date_precision: self.date_precision.as_str().into(),
            location_name: self.location_name.clone(),
            country_code: self.country_code.clone(),
            lon: self.lon.to_string(),
            lat: self.lat.to_string(),
            geo_precision: self.geo_precision.as_str().into(),
            conduct: self.conduct.map(|c| c.as_str().to_owned()).unwrap_or_default(),
            admin1: self.admin1.clone().unwrap_or_default(),
            admin2: self.admin2.clone().unwrap_or_default(),
            online: self.online.map(|b| b.to_string()).unwrap_or_default(),
            organisers: self.organisers.clone(),
            participants: self.participants.clone(),
            claims: self.claims.clone().unwrap_or_default(),
            crowd_size_text: self.crowd_size_text.clone().unwrap_or_default(),
            crowd_size_low: self.crowd_size_low.map(|n| n.to_string()).unwrap_or_default(),
            crowd_size_high: self.crowd_size_high.map(|n| n.to_string()).unwrap_or_default(),
            crowd_size_derived: self.crowd_size_derived.map(|c| c.as_str().to_owned()).unwrap_or_default(),
            crowd_estimates: self
                .crowd_estimates
                .iter()
                .map(|e| CrowdEstimateInput {
                    low: e.low.to_string(),
                    high: e.high.to_string(),
                    source: e.source.clone(),
                })
                .collect(),
            arrests: self.arrests.map(|n| n.to_string()).unwrap_or_default(),
            injuries: self.injuries.map(|n| n.to_string()).unwrap_or_default(),
            fatalities: self.fatalities.map(|n| n.to_string()).unwrap_or_default(),
            property_damage: self.property_damage.map(|b| b.to_string()).unwrap_or_default(),
            sources: self
                .sources
                .iter()
                .map(|s| SourceInput { name: s.name.clone(), url: s.url.clone().unwrap_or_default() })
                .collect(),
            tags: self.tags.clone(),
            dataset: self.dataset.clone().unwrap_or_default(),
            external_id: self.external_id.clone().unwrap_or_default(),
            upstream_updated_at: self.upstream_updated_at.map(format_timestamp).unwrap_or_default(),
            updated_at: self.updated_at.map(format_timestamp).unwrap_or_default(),
        }
    }
}

/// Writes a timestamp as RFC 3339 in UTC with a `Z`, e.g. `2026-11-30T09:00:00Z`.
pub fn format_timestamp(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC).format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// A valid event as typed, for tests and examples: the Stockholm rally of
/// 18 January 2020 (exact date, city precision, one source without URL).
pub fn sample_input() -> EventInput {
    EventInput {
        id: "2020-01-18-stockholm".into(),
        title: "MEK supporters rally in Stockholm".into(),
        description: "Line one.\nLine two.".into(),
        kind: "rally".into(),
        date_start: "2020-01-18".into(),
        date_end: "2020-01-18".into(),
        date_precision: "exact".into(),
        location_name: "Stockholm".into(),
        country_code: "SE".into(),
        lon: "18.0686".into(),
        lat: "59.3293".into(),
        geo_precision: "city".into(),
        sources: vec![SourceInput { name: "irannewsupdate".into(), url: String::new() }],
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stockholm() -> EventInput {
        sample_input()
    }

    fn violations(input: &EventInput) -> Vec<String> {
        input.validate().expect_err("should be invalid").0.iter().map(Violation::to_string).collect()
    }

    #[test]
    fn a_valid_event_keeps_its_values() {
        let e = stockholm().validate().expect("valid");
        assert_eq!(e.id, "2020-01-18-stockholm");
        assert_eq!(e.kind, EventKind::Rally);
        assert_eq!(dates::format_date(e.dates.start), "2020-01-18");
        assert_eq!(e.description, "Line one.\nLine two.");
        assert_eq!((e.lon, e.lat), (18.0686, 59.3293));
        assert_eq!(e.sources, vec![Source { name: "irannewsupdate".into(), url: None }]);
        assert_eq!(e.participants, Vec::<String>::new());
        assert_eq!(e.to_input().validate().expect("round trip"), e);
    }

    #[test]
    fn normalises_case_whitespace_and_one_day_end() {
        let mut i = stockholm();
        i.country_code = " se ".into();
        i.title = "  Rally  ".into();
        i.date_end = String::new();
        i.participants = vec!["   ".into()];
        let e = i.validate().expect("valid");
        assert_eq!(e.country_code, "SE");
        assert_eq!(e.title, "Rally");
        assert_eq!(e.dates.end, e.dates.start);
        assert_eq!(e.participants, Vec::<String>::new());
    }

    #[test]
    fn tabs_and_line_breaks_at_the_ends_are_kept_or_refused_never_dropped() {
        // A one-line field refuses a tab or carriage return at its ends as
        // it does in its middle (they were trimmed away unseen before).
        let mut i = stockholm();
        i.title = "\tRally".into();
        i.location_name = "Stockholm\r".into();
        assert_eq!(
            violations(&i),
            [
                "title: must be plain text without the control character U+0009",
                "location_name: must be plain text without a line break"
            ]
        );
        // The description keeps them, byte for byte.
        let mut i = stockholm();
        i.description = "\tIndented first line.\r\nSecond line.\n".into();
        assert_eq!(i.validate().expect("valid").description, "\tIndented first line.\r\nSecond line.\n");
        i.description = " \n\t ".into();
        assert_eq!(i.validate().expect("valid").description, "");
    }

    #[test]
    fn an_empty_form_lists_every_required_field() {
        assert_eq!(
            violations(&EventInput::default()),
            vec![
                "title: is required",
                "kind: is required",
                "date_start: is required",
                "date_precision: is required",
                "location_name: is required",
                "country_code: is required",
                "geometry: longitude is required",
                "geometry: latitude is required",
                "geo_precision: is required",
                "sources: at least one source is required",
            ]
        );
        assert_eq!(EventInput::default().validate_with_id().expect_err("invalid").0[0].to_string(), "id: is required");
    }

    #[test]
    fn each_rule_names_its_field() {
        let mut i = stockholm();
        i.id = "Bad Id!".into();
        i.title = "x".repeat(201);
        i.description = "y".repeat(5001);
        i.kind = "riot".into();
        i.date_start = "2020-01-20".into();
        i.date_end = "2020-01-18".into();
        i.date_precision = "roughly".into();
        i.location_name = "a\nb".into();
        i.country_code = "XX".into();
        i.lon = "180.5".into();
        i.lat = "NaN".into();
        i.geo_precision = "street".into();
        i.crowd_size_text = "z".repeat(201);
        i.sources = vec![
            SourceInput { name: "ok".into(), url: "javascript:alert(1)".into() },
            SourceInput { name: String::new(), url: "https://example.org/a".into() },
            SourceInput { name: "rel".into(), url: "/relative".into() },
        ];
        i.tags = vec!["a b".into(), "ok".into(), "OK".into()];
        i.updated_at = "yesterday".into();
        assert_eq!(
            violations(&i),
            vec![
                "id: must be 1 to 100 characters of a-z, 0-9, '-' and '_', starting with a letter or digit",
                "title: must be at most 200 characters, got 201",
                "description: must be at most 5000 characters, got 5001",
                "kind: must be one of rally, protest, march, vigil, banner_action, other, strike, sit_in, blockade, boycott, \
             counter_protest, got \"riot\"",
                "date_end: must not be before date_start (2020-01-20)",
                "date_precision: must be one of exact, approximate, got \"roughly\"",
                "location_name: must be plain text without a line break",
                "country_code: must be an ISO 3166-1 alpha-2 code such as SE or US, got \"XX\"",
                "geometry: longitude must be between -180 and 180 degrees, got 180.5",
                "geometry: latitude must be a finite number of degrees with a dot or a comma before the decimals, such as 52.5163, got \"NaN\"",
                "geo_precision: must be one of site, city, region, got \"street\"",
                "crowd_size_text: must be at most 200 characters, got 201",
                "sources[0].url: must be an http or https URL, not javascript:",
                "sources[1].name: is required",
                "sources[2].url: must be an absolute http or https URL, got \"/relative\"",
                "tags[0]: must be 1 to 32 letters, digits (any script) or '-', got \"a b\"",
                "tags[2]: \"ok\" is given twice",
                "updated_at: must be an RFC 3339 timestamp, got \"yesterday\"",
            ]
        );
    }

    #[test]
    fn malformed_dates_and_control_characters() {
        let mut i = stockholm();
        i.date_start = "18/01/2020".into();
        i.date_end = "2020-02-30".into();
        i.title = "bell\u{7}".into();
        assert_eq!(
            violations(&i),
            vec![
                "title: must be plain text without the control character U+0007",
                "date_start: expected a calendar date YYYY-MM-DD, got \"18/01/2020\"",
                "date_end: 30 February 2020 is not a day of the calendar",
            ]
        );
    }

    #[test]
    fn persian_and_arabic_indic_digits_are_numbers_too() {
        // Issue 21, item 8: the Persian editor typed its own digits.
        let mut i = stockholm();
        i.lon = "۱۸٫۰۶۸۶".into();
        i.lat = "٥٩٫٣٢٩٣".into();
        i.date_start = "۲۰۲۰-۰۱-۱۸".into();
        i.date_end = "٢٠٢٠-٠١-١٩".into();
        let e = i.validate().expect("digits of any script");
        assert_eq!((e.lon, e.lat), (18.0686, 59.3293));
        assert_eq!(
            (dates::format_date(e.dates.start), dates::format_date(e.dates.end)),
            ("2020-01-18".into(), "2020-01-19".into())
        );
        // Still refused: what is not a number in any script.
        i.lat = "۵۹ درجه".into();
        assert_eq!(
            violations(&i),
            vec!["geometry: latitude must be a finite number of degrees with a dot or a comma before the decimals, such as 52.5163, got \"۵۹ درجه\""]
        );
    }

    #[test]
    fn boundaries_are_inclusive() {
        let mut i = stockholm();
        i.title = "é".repeat(200);
        i.description = "d".repeat(5000);
        i.lon = "-180".into();
        i.lat = "90".into();
        i.tags = vec!["a".repeat(32)];
        assert!(i.validate().is_ok());
    }

    #[test]
    fn tags_in_any_script_lower_cased() {
        let mut i = stockholm();
        i.tags = vec!["اعتراض".into(), "PS752".into(), "Diaspora-Solidarität".into(), "می‌خواهم".into()];
        assert_eq!(i.validate().expect("valid").tags, ["اعتراض", "ps752", "diaspora-solidarität", "می‌خواهم"]);
        // The limit is in characters: 32 Persian letters are 64 bytes.
        i.tags = vec!["ا".repeat(32)];
        assert!(i.validate().is_ok());
        i.tags = vec!["ا".repeat(33)];
        assert_eq!(violations(&i).len(), 1);
        i.tags = vec!["a_b".into(), "a.b".into()];
        assert_eq!(violations(&i).len(), 2);
    }

    #[test]
    fn hostile_text_is_kept_as_text() {
        let mut i = stockholm();
        i.title = "<script>alert(1)</script>".into();
        i.description = "<img src=x onerror=alert(1)>".into();
        let e = i.validate().expect("text is text");
        assert_eq!(e.title, "<script>alert(1)</script>");
    }

    #[test]
    fn tags_read_from_a_list_or_one_typed_text() {
        let from_text: EventInput = serde_json::from_str(r#"{"tags":"mek, diaspora  solidarity,"}"#).expect("text");
        assert_eq!(from_text.tags, vec!["mek", "diaspora", "solidarity"]);
        let from_list: EventInput = serde_json::from_str(r#"{"tags":["a b","c"]}"#).expect("list");
        assert_eq!(from_list.tags, vec!["a b", "c"]);
        let mut i = stockholm();
        i.tags = from_list.tags;
        assert_eq!(violations(&i), vec!["tags[0]: must be 1 to 32 letters, digits (any script) or '-', got \"a b\""]);
    }

    #[test]
    fn ids_are_url_safe() {
        assert!(is_valid_id("2020-01-18-stockholm"));
        assert!(is_valid_id("a_b"));
        for bad in ["", "-x", "A", "a b", "a/b", "é", &"a".repeat(101)] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}

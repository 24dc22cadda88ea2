//! A reader's report of an event (issue 26): what a reader typed on
//! `/report`, checked by the same rules as an editor's event
//! ([`EventInput::validate`]) plus the report's own fields (a contact
//! address for the editors, "I was there" as the source).
//!
//! Nothing of a report is public: it waits for editors (README, "Reports
//! from readers: what is kept").

use serde::{Deserialize, Serialize};

use crate::event::{Event, EventInput, SourceInput};
use crate::violation::Violation;

/// The longest contact e-mail address, in characters (RFC 5321's path limit).
pub const CONTACT_EMAIL: usize = 254;

/// The name a report's source gets when the reader was there.
pub const WAS_THERE_SOURCE: &str = "a reader who was there";
/// The name a report's source gets when the reader gave a URL.
pub const URL_SOURCE: &str = "a reader's link";

/// A report as typed: every field as text, unchecked. The form's input
/// names are the field names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportInput {
    /// What happened, one line.
    pub title: String,
    /// What happened, in more words; may be empty.
    pub description: String,
    /// One of the event kinds' names.
    pub kind: String,
    /// The place as the reader names it.
    pub location_name: String,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    /// Latitude in decimal degrees, as text.
    pub lat: String,
    /// Longitude in decimal degrees, as text.
    pub lon: String,
    /// `YYYY-MM-DD`.
    pub date_start: String,
    /// `YYYY-MM-DD`; empty for one day.
    pub date_end: String,
    /// The dates are a range the event happened on some day of.
    pub approximate: bool,
    /// Where the reader saw it reported; empty when `was_there`.
    pub source_url: String,
    /// The reader saw it themselves.
    pub was_there: bool,
    /// How many people, as the reader puts it ("a few hundred"); may be empty.
    pub crowd_size_text: String,
    /// An address the editors may write to; may be empty. Never public.
    pub contact_email: String,
}

/// A report that passed every rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The event as reported (no id: editors give it one if they accept it).
    pub event: Event,
    /// The reader's address for the editors, trimmed.
    pub contact_email: Option<String>,
    /// The reader saw it themselves.
    pub was_there: bool,
}

/// What is wrong with a report's own fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactProblem {
    /// Longer than [`CONTACT_EMAIL`] characters.
    TooLong,
    /// Not of the form `name@domain` (one `@`, no spaces, a dot in the domain).
    NotAnAddress,
}

/// Why a report was refused: the event's violations (each naming its
/// field, as editors see them) and the contact address's problem.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportRefusal {
    /// The event's rules, in field order.
    pub event: Vec<Violation>,
    /// The contact address, if it is wrong.
    pub contact: Option<ContactProblem>,
}

impl ReportInput {
    /// The event this report describes, as an editor would have typed it:
    /// the point is "city" precise (a reader's coordinates are rarely the
    /// venue's), the source is the reader's link or "a reader who was
    /// there", and the crowd is the reader's phrase alone.
    pub fn to_event_input(&self) -> EventInput {
        let mut sources = Vec::new();
        if !self.source_url.trim().is_empty() {
            sources.push(SourceInput { name: URL_SOURCE.into(), url: self.source_url.clone() });
        }
        if self.was_there {
            sources.push(SourceInput { name: WAS_THERE_SOURCE.into(), url: String::new() });
        }
        EventInput {
            title: self.title.clone(),
            description: self.description.clone(),
            kind: self.kind.clone(),
            date_start: self.date_start.clone(),
            date_end: self.date_end.clone(),
            date_precision: if self.approximate { "approximate" } else { "exact" }.into(),
            location_name: self.location_name.clone(),
            country_code: self.country_code.clone(),
            lon: self.lon.clone(),
            lat: self.lat.clone(),
            geo_precision: "city".into(),
            crowd_size_text: self.crowd_size_text.clone(),
            sources,
            ..EventInput::default()
        }
    }

    /// Checks the report: the event by [`EventInput::validate`] (the one
    /// place an event's rules live), the contact address here.
    ///
    /// # Errors
    /// [`ReportRefusal`] with every problem at once.
    ///
    /// ```
    /// use domain::report::{ContactProblem, ReportInput};
    /// let typed = ReportInput {
    ///     title: "Vigil at the square".into(),
    ///     kind: "vigil".into(),
    ///     location_name: "Malmö".into(),
    ///     country_code: "se".into(),
    ///     lat: "55.6".into(),
    ///     lon: "13.0".into(),
    ///     date_start: "2024-03-01".into(),
    ///     was_there: true,
    ///     ..Default::default()
    /// };
    /// let report = typed.validate().expect("valid");
    /// assert_eq!(report.event.country_code, "SE");
    /// let broken = ReportInput { was_there: false, contact_email: "nobody".into(), ..typed };
    /// let refusal = broken.validate().expect_err("no source, bad address");
    /// assert_eq!(refusal.event[0].field.to_string(), "sources");
    /// assert_eq!(refusal.contact, Some(ContactProblem::NotAnAddress));
    /// ```
    pub fn validate(&self) -> Result<Report, ReportRefusal> {
        let contact = self.contact_email.trim();
        let problem = if contact.is_empty() {
            None
        } else if contact.chars().count() > CONTACT_EMAIL {
            Some(ContactProblem::TooLong)
        } else if !looks_like_address(contact) {
            Some(ContactProblem::NotAnAddress)
        } else {
            None
        };
        match (self.to_event_input().validate(), problem) {
            (Ok(event), None) => Ok(Report {
                event,
                contact_email: (!contact.is_empty()).then(|| contact.to_owned()),
                was_there: self.was_there,
            }),
            (Ok(_), contact) => Err(ReportRefusal { event: Vec::new(), contact }),
            (Err(v), contact) => Err(ReportRefusal { event: v.0, contact }),
        }
    }
}

/// `local@domain.tld`: one `@`, something before it, a dot inside the
/// domain, no spaces or control characters. Whether it reaches anyone only
/// a message can tell.
fn looks_like_address(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Where a report is in the editors' queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Not yet looked at.
    New,
    /// An editor is checking it.
    InReview,
    /// Made into an event (which editors publish as any other).
    Accepted,
    /// Not made into an event.
    Rejected,
    /// Not a report.
    Spam,
}

impl ReportStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::InReview => "in_review",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Spam => "spam",
        }
    }

    /// Parses a stored name.
    ///
    /// ```
    /// use domain::report::ReportStatus;
    /// assert_eq!(ReportStatus::parse("in_review"), Some(ReportStatus::InReview));
    /// assert_eq!(ReportStatus::parse("open"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Self> {
        [Self::New, Self::InReview, Self::Accepted, Self::Rejected, Self::Spam].into_iter().find(|x| x.as_str() == s)
    }
}

/// The source name an event gets from report `reference` (accepted as a
/// new event, or merged into one as a corroborating source): "reader
/// report R-XXXXX". Counting an event's sources that begin with
/// [`READER_REPORT`] counts the reports that corroborate it.
///
/// ```
/// assert_eq!(domain::report::source_name("R-7F3K9"), "reader report R-7F3K9");
/// ```
pub fn source_name(reference: &str) -> String {
    format!("{READER_REPORT} {reference}")
}

/// How the name of a source taken from a report begins.
pub const READER_REPORT: &str = "reader report";

/// How many distinct readers' reports corroborate an event: its sources
/// named exactly [`source_name`] of a well-formed reference, each
/// reference counted once (a report accepted as the event and others
/// merged into it as sources). A source an editor named "reader report"
/// by hand, without a reference, is not counted.
///
/// ```
/// use domain::event::Source;
/// use domain::report::corroborating_reports;
/// let s = |n: &str| Source { name: n.into(), url: None };
/// let sources = [s("reader report R-7F3K9"), s("AFP"), s("reader report R-00001"), s("reader report R-7F3K9"), s("reader report from a friend")];
/// assert_eq!(corroborating_reports(&sources), 2);
/// ```
pub fn corroborating_reports(sources: &[crate::event::Source]) -> usize {
    let mut seen: Vec<&str> = sources
        .iter()
        .filter_map(|s| s.name.strip_prefix(READER_REPORT)?.strip_prefix(' ').filter(|r| is_reference(r)))
        .collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

/// A report as the editors' queue shows it: what the reader typed, as
/// checked on arrival, and what editors decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredReport {
    /// `R-XXXXX` ([`reference_from_bits`]).
    pub reference: String,
    /// Where it is in the queue.
    pub status: ReportStatus,
    /// What happened, one line.
    pub title: String,
    /// More words; may be empty.
    pub description: String,
    /// The event kind's stored name.
    pub kind: String,
    /// The place as the reader named it.
    pub location_name: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country_code: String,
    /// Longitude, WGS 84 degrees.
    pub lon: f64,
    /// Latitude, WGS 84 degrees.
    pub lat: f64,
    /// First day, `YYYY-MM-DD`.
    pub date_start: String,
    /// Last day, `YYYY-MM-DD` (the first for one day).
    pub date_end: String,
    /// `exact` or `approximate`.
    pub date_precision: String,
    /// The reader's link, if they gave one.
    pub source_url: Option<String>,
    /// The reader saw it themselves.
    pub was_there: bool,
    /// The reader's crowd phrase; may be empty.
    pub crowd_size_text: String,
    /// The reader's address: for editors only, and only until a decision
    /// (then erased, README "Reports from readers: what is kept").
    pub contact_email: Option<String>,
    /// When it arrived, RFC 3339 UTC.
    pub received_at: String,
    /// The editor who decided, once decided.
    pub decided_by: Option<String>,
    /// When, RFC 3339 UTC.
    pub decided_at: Option<String>,
    /// A rejection's reason.
    pub decision_reason: Option<String>,
    /// The event an accepted report became or was merged into.
    pub event_id: Option<String>,
}

impl StoredReport {
    /// Whether it still waits for a decision (`new` or `in_review`).
    pub fn is_open(&self) -> bool {
        matches!(self.status, ReportStatus::New | ReportStatus::InReview)
    }

    /// The source an event gets from this report: named
    /// [`source_name`], with the reader's link if they gave one.
    pub fn source(&self) -> SourceInput {
        SourceInput { name: source_name(&self.reference), url: self.source_url.clone().unwrap_or_default() }
    }

    /// The editors' event form filled from the report, unchanged: text,
    /// kind, place, country, the point as stored (Rust writes an `f64` so
    /// that it reads back the same), the days and their precision, the
    /// crowd phrase, "city" precision (as [`ReportInput::to_event_input`])
    /// and the report as the source ([`StoredReport::source`]).
    pub fn to_event_input(&self) -> EventInput {
        EventInput {
            title: self.title.clone(),
            description: self.description.clone(),
            kind: self.kind.clone(),
            date_start: self.date_start.clone(),
            date_end: self.date_end.clone(),
            date_precision: self.date_precision.clone(),
            location_name: self.location_name.clone(),
            country_code: self.country_code.clone(),
            lon: self.lon.to_string(),
            lat: self.lat.to_string(),
            geo_precision: "city".into(),
            crowd_size_text: self.crowd_size_text.clone(),
            sources: vec![self.source()],
            ..EventInput::default()
        }
    }
}

/// What an editor decides on an open report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Not made into an event, for this reason (shown on the report).
    Reject(String),
    /// Not a report at all.
    Spam,
    /// Made into the event with this id, or merged into it as a source.
    Accept(String),
    /// Not decided yet: an editor is checking it (status `in_review`, the
    /// editor and time recorded so others see who). The report stays open
    /// and keeps its contact address; another editor may take it over or
    /// decide it.
    Review,
}

impl Decision {
    /// The status the report takes.
    pub fn status(&self) -> ReportStatus {
        match self {
            Self::Reject(_) => ReportStatus::Rejected,
            Self::Spam => ReportStatus::Spam,
            Self::Accept(_) => ReportStatus::Accepted,
            Self::Review => ReportStatus::InReview,
        }
    }

    /// Whether it closes the report (everything but [`Decision::Review`]):
    /// a closed report's contact address is erased with it.
    pub fn closes(&self) -> bool {
        !matches!(self, Self::Review)
    }
}

/// How near (great-circle km) a published event must be to be offered for
/// merging a report into.
pub const MERGE_KM: f64 = 25.0;

/// How many days before a report's first day or after its last an event
/// may begin or end and still be offered for merging.
pub const MERGE_DAYS: i32 = 1;

/// The great-circle distance in km between two WGS 84 points (degrees),
/// on a sphere of radius 6371 km (haversine).
///
/// ```
/// let km = domain::report::distance_km(59.3293, 18.0686, 55.6761, 12.5683);
/// assert!((km - 522.0).abs() < 1.0, "{km}");
/// ```
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// The letters of a reference: Crockford's base 32 (no I, L, O, U), so
/// that it reads aloud and types without confusion.
const LETTERS: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A report's reference as the reader is given it: `R-` and five letters
/// of [`LETTERS`] (33 million), made from random bits so that one reference
/// says nothing of the others.
///
/// ```
/// use domain::report::{is_reference, reference_from_bits};
/// assert_eq!(reference_from_bits(0), "R-00000");
/// assert_eq!(reference_from_bits(u64::MAX), "R-ZZZZZ");
/// assert!(is_reference("R-7F3K9"));
/// assert!(!is_reference("R-7F3KI"));
/// ```
pub fn reference_from_bits(bits: u64) -> String {
    let mut s = String::from("R-");
    for i in (0..5).rev() {
        s.push(LETTERS[((bits >> (i * 5)) & 31) as usize] as char);
    }
    s
}

/// Whether `s` is written as a reference is.
pub fn is_reference(s: &str) -> bool {
    s.strip_prefix("R-").is_some_and(|r| r.len() == 5 && r.bytes().all(|b| LETTERS.contains(&b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_survives_json_as_the_page_hands_it_to_the_browser() {
        let typed = ReportInput { country_code: "XX".into(), lat: "95".into(), ..ReportInput::default() };
        let refusal = typed.validate().expect_err("refused");
        let text = serde_json::to_string(&refusal).expect("writes");
        let back: ReportRefusal = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        assert_eq!(back, refusal);
    }
}

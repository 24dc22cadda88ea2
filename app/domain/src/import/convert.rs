//! One record to one event: the mapped values become an [`EventInput`],
//! which [`EventInput::validate_with_id`] checks like any other, so an
//! imported event obeys the same rules as a typed one. What the file's
//! form needs (decimal commas, month-only dates, ACLED's codes) is read
//! here, and every refusal names the field (README, "Import and export").

use serde_json::Value as JsonValue;
use sha2::{Digest, Sha256};
use time::{Date, Duration};

use super::columns::Target;
use super::countries::{Outlines, Place};
use super::dates::{self, ReadDate};
use super::records::{Cell, Record};
use super::{CountryDefault, Options};
use crate::event::{split_tags, Event, EventInput, SourceInput};
use crate::violation::{Axis, ViolationCode};

/// The earliest year read without the editor's confirmation: older events
/// are mapped (by historians), but a typo such as `0025` for `2025` must
/// not pass unseen.
pub const EARLIEST_YEAR: i32 = 1800;

/// Which of the editor's defaults a record took, because it gave no value
/// of its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Took {
    /// The kind of records without one.
    pub kind: bool,
    /// The place precision of records without one.
    pub geo_precision: bool,
    /// The source of records without one.
    pub source: bool,
    /// The fixed country of records without one.
    pub country: bool,
    /// The country the point lies in, by the outlines.
    pub country_from_point: bool,
    /// Its date was a date-time, read as its calendar date in its offset.
    pub date_time: bool,
}

/// What a record asks the editor to confirm before it is stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Held {
    /// Its country from the point is near a border, or the point is in no
    /// country or two ([`Place::Review`]).
    pub border: bool,
    /// A date before [`EARLIEST_YEAR`] or after next year.
    pub unusual_date: bool,
}

/// An event read from a record, and what was left behind.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    /// The valid event.
    pub event: Event,
    /// The position had a height, which was not kept.
    pub height: bool,
    /// The id was made from the content (the record had none).
    pub made_id: bool,
    /// The defaults it took.
    pub took: Took,
    /// What the editor confirmed for it.
    pub confirmed: Held,
}

/// A record that was refused: every problem as `field: reason`, and what
/// in it waits for the editor's confirmation (so that the preview can ask).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// Each problem.
    pub problems: Vec<String>,
    /// What the editor could confirm.
    pub held: Held,
}

/// The values of one record by target: text, or JSON for lists.
#[derive(Default)]
struct Values {
    text: Vec<(Target, String)>,
    json: Vec<(Target, JsonValue)>,
}

impl Values {
    fn get(&self, t: Target) -> Option<&str> {
        self.text.iter().find(|(x, _)| *x == t).map(|(_, s)| s.as_str())
    }
    fn all(&self, t: Target) -> Vec<&str> {
        self.text.iter().filter(|(x, _)| *x == t).map(|(_, s)| s.as_str()).collect()
    }
    fn json(&self, t: Target) -> Option<&JsonValue> {
        self.json.iter().find(|(x, _)| *x == t).map(|(_, v)| v)
    }
    fn has(&self, t: Target) -> bool {
        self.get(t).is_some() || self.json(t).is_some()
    }
}

/// Converts one record. `targets[i]` is where column `i` goes; `csv` says
/// whether cells may carry the export's formula mark (`'=…`, see
/// `domain::table::unguard`); `outlines` are the countries for
/// [`CountryDefault::FromPoint`].
///
/// # Errors
/// [`Refused`]: every problem, each as `field: reason`.
pub fn convert(
    record: &Record,
    targets: &[Target],
    options: &Options,
    csv: bool,
    outlines: Option<&Outlines>,
) -> Result<Converted, Refused> {
    let mut problems = Vec::new();
    let mut took = Took::default();
    let mut held = Held::default();
    let mut v = Values::default();
    for (col, cell) in &record.values {
        let t = targets.get(*col).copied().unwrap_or(Target::Ignore);
        if t == Target::Ignore {
            continue;
        }
        match cell {
            Cell::Text(s) => {
                let s = if csv { crate::table::unguard(s) } else { s.as_str() };
                if !s.trim().is_empty() {
                    v.text.push((t, s.to_owned()));
                }
            }
            Cell::Json(JsonValue::Number(n)) => v.text.push((t, n.to_string())),
            Cell::Json(j @ (JsonValue::Array(_) | JsonValue::Object(_)))
                if matches!(t, Target::Sources | Target::Tags) =>
            {
                v.json.push((t, j.clone()))
            }
            Cell::Json(other) => problems.push(format!("{t}: must be text, got {}", short_json(other))),
        }
    }

    let mut input = EventInput::default();
    let mut made_id = false;
    input.title = v.get(Target::Title).unwrap_or_default().to_owned();
    input.description = v.get(Target::Description).unwrap_or_default().to_owned();
    input.location_name = v.get(Target::LocationName).unwrap_or_default().to_owned();
    input.crowd_size_text = v.get(Target::CrowdSizeText).unwrap_or_default().to_owned();
    input.actors = v.all(Target::Actors).join("; ");
    if input.crowd_size_text.is_empty() {
        if let Some(tags) = v.get(Target::AcledTags) {
            input.crowd_size_text = acled_crowd(tags).unwrap_or_default();
        }
    }
    let sub_type = v.get(Target::AcledSubEventType);
    if input.title.is_empty() {
        if let Some(what) = sub_type.or(v.get(Target::AcledEventType)) {
            input.title = if input.location_name.is_empty() {
                what.trim().to_owned()
            } else {
                format!("{} in {}", what.trim(), input.location_name.trim())
            };
        }
    }
    input.kind = match (v.get(Target::Kind), v.get(Target::AcledEventType)) {
        (Some(k), _) => k.trim().to_lowercase().replace([' ', '-'], "_"),
        (None, Some(t)) if t.trim().eq_ignore_ascii_case("protests") => "protest".into(),
        (None, Some(_)) => "other".into(),
        (None, None) => {
            took.kind = options.default_kind.as_deref().is_some_and(|k| !k.trim().is_empty());
            options.default_kind.clone().unwrap_or_default()
        }
    };

    // Dates.
    let read = |t: Target, problems: &mut Vec<String>| -> Option<ReadDate> {
        let text = v.get(t)?;
        dates::read(text, options.date_format).map_err(|e| problems.push(format!("{}: {e}", date_field(t)))).ok()
    };
    let before = problems.len();
    let mut date = read(Target::Date, &mut problems);
    let given_start = read(Target::DateStart, &mut problems);
    if let Some(text) = v.get(Target::Year) {
        match year(text) {
            Err(e) => problems.push(format!("year: {e}")),
            Ok(y) => match given_start.or(date) {
                // A year alone is the date: the whole year, approximately.
                None => date = dates::read(&y.to_string(), options.date_format).ok(),
                Some(d) if d.first.year() != y => {
                    let (field, t) =
                        if given_start.is_some() { ("date_start", Target::DateStart) } else { ("date", Target::Date) };
                    problems.push(format!(
                        "{field}: {:?} is in the year {}, but the year column says {y}",
                        v.get(t).unwrap_or_default().trim(),
                        d.first.year()
                    ));
                }
                Some(_) => {}
            },
        }
    }
    let start = given_start.or(date);
    let end = read(Target::DateEnd, &mut problems).or(date).or(start);
    took.date_time = [date, start, end].iter().flatten().any(|d| d.time);
    let mut approximate = start.is_some_and(|d| d.partial) || end.is_some_and(|d| d.partial);
    let mut range = start.zip(end).map(|(s, e)| (s.first, e.last));
    if let (Some(code), Some((first, _))) = (v.get(Target::AcledTimePrecision), range) {
        match code.trim() {
            "1" => {}
            "2" => {
                let monday = week_start(first);
                range = Some((monday, monday + Duration::days(6)));
                approximate = true;
            }
            "3" => {
                let last = time::util::days_in_month(first.month(), first.year());
                range = first.replace_day(1).ok().zip(first.replace_day(last).ok());
                approximate = true;
            }
            other => problems.push(format!("time_precision: must be 1, 2 or 3 (ACLED), got {other:?}")),
        }
    }
    if let Some((first, last)) = range {
        input.date_start = crate::dates::format_date(first);
        input.date_end = crate::dates::format_date(last);
        // Only dates that read without a problem are worth confirming.
        if problems.len() == before {
            let latest = options.today.unwrap_or_else(|| time::OffsetDateTime::now_utc().date()).year() + 1;
            let unusual = [
                ("date_start", first, first.year() < EARLIEST_YEAR, format!("before {EARLIEST_YEAR}")),
                ("date_end", last, last.year() > latest, format!("after {latest}")),
            ];
            for (field, day, outside, why) in unusual {
                if outside {
                    held.unusual_date = true;
                    if !options.accept_unusual_dates {
                        problems.push(format!(
                            "{field}: {} is {why}; if it is meant, confirm \"unusual dates\" (before {EARLIEST_YEAR} \
                             or after {latest})",
                            crate::dates::format_date(day)
                        ));
                    }
                }
            }
        }
    }
    input.date_precision = match v.get(Target::DatePrecision).map(|p| p.trim().to_lowercase()) {
        Some(p) if p == "exact" && approximate => {
            problems.push(
                "date_precision: is \"exact\", but the date is a whole week, month or year; write \"approximate\" or leave it empty"
                    .into(),
            );
            p
        }
        Some(p) => p,
        None if approximate => "approximate".into(),
        None => "exact".into(),
    };

    // Place.
    input.country_code = match (v.get(Target::CountryCode), v.get(Target::Country)) {
        (Some(c), _) => c.trim().to_owned(),
        (None, Some(name)) => match country(name) {
            Some(code) => code.to_owned(),
            None => {
                problems.push(format!("country: no ISO 3166 country is named, coded or numbered {:?}", name.trim()));
                String::new()
            }
        },
        (None, None) => match &options.default_country {
            CountryDefault::Code(code) => {
                took.country = true;
                code.clone()
            }
            // Found from the point below, once it is read.
            CountryDefault::FromPoint | CountryDefault::None => String::new(),
        },
    };
    let from_point = input.country_code.is_empty() && options.default_country == CountryDefault::FromPoint;
    let mut height = false;
    match &record.point {
        Some(Ok(p)) => {
            // The shortest text that reads back to the same f64.
            input.lon = p.lon.to_string();
            input.lat = p.lat.to_string();
            height = p.height;
        }
        Some(Err(reason)) => problems.push(reason.clone()),
        None => {
            for (target, axis) in [(Target::Longitude, Axis::Longitude), (Target::Latitude, Axis::Latitude)] {
                let raw = v.get(target).unwrap_or_default();
                match degrees(raw, options.decimal_comma) {
                    Ok(text) => match axis {
                        Axis::Longitude => input.lon = text,
                        Axis::Latitude => input.lat = text,
                    },
                    Err(e) => problems.push(format!("{}: {e}", axis.name())),
                }
            }
        }
    }
    if from_point {
        let lon = input.lon.trim().parse::<f64>().ok().filter(|l| l.abs() <= 180.0);
        let lat = input.lat.trim().parse::<f64>().ok().filter(|l| l.abs() <= 90.0);
        match (outlines, lon.zip(lat)) {
            // A point that cannot be read is refused for that already.
            (_, None) => {}
            (None, Some(_)) => problems.push(
                "country_code: the country outlines are not loaded; give the country in a column or as the default"
                    .into(),
            ),
            (Some(o), Some((lon, lat))) => match o.locate(lon, lat) {
                Place::In(code) => {
                    took.country_from_point = true;
                    input.country_code = code.to_owned();
                }
                Place::Review { proposal, reason } => {
                    held.border = true;
                    match proposal {
                        Some(code) if options.accept_border_countries => {
                            took.country_from_point = true;
                            input.country_code = code.to_owned();
                        }
                        Some(code) => problems.push(format!(
                            "country_code: {reason}; confirm \"countries near a border\" to take {code}, or give \
                             the country in a column"
                        )),
                        None => problems
                            .push(format!("country_code: {reason}; give the country in a column or as the default")),
                    }
                }
            },
        }
    }
    input.geo_precision = match (v.get(Target::GeoPrecision), v.get(Target::AcledGeoPrecision)) {
        (Some(p), _) => p.trim().to_lowercase(),
        (None, Some(code)) => match code.trim() {
            "1" => "site".into(),
            "2" => "city".into(),
            "3" => "region".into(),
            other => {
                problems.push(format!("geo_precision: must be 1, 2 or 3 (ACLED), got {other:?}"));
                String::new()
            }
        },
        (None, None) => {
            took.geo_precision = options.default_geo_precision.as_deref().is_some_and(|g| !g.trim().is_empty());
            options.default_geo_precision.clone().unwrap_or_default()
        }
    };

    // Sources and tags.
    input.sources = match (v.json(Target::Sources), v.get(Target::Sources)) {
        (Some(j), _) => sources_json(j, &mut problems),
        (None, Some(t)) if t.trim_start().starts_with('[') => match serde_json::from_str::<JsonValue>(t) {
            Ok(j) => sources_json(&j, &mut problems),
            Err(e) => {
                problems.push(format!("sources: looks like a JSON array but is not one: {e}"));
                Vec::new()
            }
        },
        (None, Some(t)) => t
            .split(';')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| SourceInput { name: n.to_owned(), url: String::new() })
            .collect(),
        (None, None) => Vec::new(),
    };
    if let Some(url) = v.get(Target::SourceUrl).map(str::trim) {
        match input.sources.as_mut_slice() {
            [] => input.sources.push(SourceInput { name: host(url), url: url.to_owned() }),
            [one] if one.url.is_empty() => one.url = url.to_owned(),
            _ => problems.push("source_url: there are several sources; write the URLs in the sources column".into()),
        }
    }
    let no_source = input.sources.iter().all(|s| s.name.trim().is_empty() && s.url.trim().is_empty());
    if no_source && !v.has(Target::Sources) {
        if let Some(source) = options.default_source.as_ref().filter(|s| !s.name.trim().is_empty()) {
            took.source = true;
            input.sources = vec![source.clone()];
        }
    }
    input.tags = match (v.json(Target::Tags), v.has(Target::Tags)) {
        (Some(JsonValue::Array(items)), _) => items.iter().filter_map(|t| t.as_str().map(str::to_lowercase)).collect(),
        (Some(other), _) => {
            problems.push(format!("tags: must be an array of text or text, got {}", short_json(other)));
            Vec::new()
        }
        (None, true) => v.all(Target::Tags).iter().flat_map(|t| split_tags(t)).map(|t| t.to_lowercase()).collect(),
        (None, false) => Vec::new(),
    };
    if let Some(sub) = sub_type {
        let tag = crate::ids::slug(sub, crate::limits::TAG);
        if !tag.is_empty() && !input.tags.contains(&tag) {
            input.tags.push(tag);
        }
    }

    let given = v.get(Target::Id).unwrap_or_default().trim().to_owned();
    input.external_id = match v.get(Target::ExternalId) {
        // Our own export: both columns, as they were.
        Some(external) => external.to_owned(),
        // An id that is not one of ours as written is kept as it was.
        None if !crate::event::is_valid_id(&given) => given.clone(),
        None => String::new(),
    };
    input.id = own_id(&given);
    if input.id.is_empty() {
        input.id = made_up_id(&input);
        made_id = true;
    }
    let lat_outside = input.lat.parse::<f64>().is_ok_and(|l| l.abs() > 90.0);
    let swapped = lat_outside && input.lon.parse::<f64>().is_ok_and(|l| l.abs() <= 90.0);
    let confirmed = Held {
        border: held.border && options.accept_border_countries,
        unusual_date: held.unusual_date && options.accept_unusual_dates,
    };
    let refused = |problems| Refused { problems, held };
    match input.validate_with_id() {
        Ok(event) if problems.is_empty() => Ok(Converted { event, height, made_id, took, confirmed }),
        Ok(_) => Err(refused(problems)),
        Err(violations) => {
            for x in violations.0 {
                // A date or coordinate already explained above is not also "required".
                let field = x.field.to_string();
                let said = problems.iter().any(|p| p.starts_with(&format!("{field}:")))
                    || (field.starts_with("date_") && problems.iter().any(|p| p.starts_with("date:")))
                    || (matches!(x.code, ViolationCode::CoordinateRequired { .. })
                        && problems.iter().any(|p| {
                            p.starts_with("geometry:") || p.starts_with("longitude:") || p.starts_with("latitude:")
                        }));
                if said {
                    continue;
                }
                let mut text = x.to_string();
                if swapped && matches!(x.code, ViolationCode::CoordinateOutOfRange { axis: Axis::Latitude, .. }) {
                    text.push_str(&format!(
                        "; longitude and latitude look swapped (longitude {}, latitude {})",
                        input.lon, input.lat
                    ));
                }
                problems.push(text);
            }
            Err(refused(problems))
        }
    }
}

/// A year cell: digits only (`2025`).
fn year(text: &str) -> Result<i32, String> {
    let t = text.trim();
    t.parse::<i32>()
        .ok()
        .filter(|_| (1..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| format!("must be a year such as 2025, got {t:?}"))
}

fn date_field(t: Target) -> &'static str {
    match t {
        Target::DateEnd => "date_end",
        Target::DateStart => "date_start",
        _ => "date",
    }
}

/// A coordinate cell as decimal degrees text: empty is left empty (the
/// rules say it is required), a decimal comma is read only when the editor
/// said so, degrees–minutes–seconds are refused with a word on why.
fn degrees(raw: &str, decimal_comma: bool) -> Result<String, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    let lower = t.to_ascii_lowercase();
    if lower.contains("nan") || lower.contains("inf") {
        return Err(format!("{t:?} is not a number of degrees (NaN and infinity are not places)"));
    }
    // Words ("unknown", "n/a", "-") are no number at all: only text with a
    // digit can be degrees–minutes–seconds or carry a hemisphere letter.
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{t:?} is not a number of degrees; write decimal degrees (59.3293, -77.0365) or leave it empty"
        ));
    }
    let hemisphere = |c: char| matches!(c.to_ascii_uppercase(), 'N' | 'S' | 'E' | 'W');
    let numbers = t.trim_matches(hemisphere).split_whitespace().count();
    if t.contains(['°', '′', '″', '\'', '"']) || numbers > 1 {
        return Err(format!("{t:?} is in degrees, minutes and seconds; write decimal degrees (59.3293, -77.0365)"));
    }
    if t.ends_with(hemisphere) || t.starts_with(hemisphere) {
        return Err(format!(
            "{t:?} has a hemisphere letter; write signed decimal degrees (north and east positive, south and west \
             negative: 59.3293, -77.0365)"
        ));
    }
    if t.contains(',') {
        let once = t.matches(',').count() == 1 && !t.contains('.');
        return if decimal_comma && once {
            Ok(t.replace(',', "."))
        } else if once {
            Err(format!("{t:?} has a decimal comma; confirm \"decimal comma\" to read it as {}", t.replace(',', ".")))
        } else {
            Err(format!("{t:?} is not a decimal number of degrees"))
        };
    }
    Ok(t.to_owned())
}

/// Sources from JSON: an array of `{name, url}` objects or of names.
fn sources_json(j: &JsonValue, problems: &mut Vec<String>) -> Vec<SourceInput> {
    let JsonValue::Array(items) = j else {
        problems.push(format!("sources: must be an array, got {}", short_json(j)));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            JsonValue::String(name) => out.push(SourceInput { name: name.clone(), url: String::new() }),
            JsonValue::Object(o) => {
                let part = |k: &str| o.get(k).and_then(JsonValue::as_str).unwrap_or_default().to_owned();
                out.push(SourceInput { name: part("name"), url: part("url") });
            }
            other => problems.push(format!("sources[{i}]: must be an object {{name, url}}, got {}", short_json(other))),
        }
    }
    out
}

/// The host of a URL, as a source's name when only the URL is given.
fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_owned()))
        .unwrap_or_else(|| url.to_owned())
}

/// ACLED's `tags` cell: `crowd size=around 100; …` gives "around 100".
fn acled_crowd(tags: &str) -> Option<String> {
    tags.split(';')
        .find_map(|t| t.trim().strip_prefix("crowd size=").map(|c| c.trim().to_owned()))
        .filter(|c| !c.is_empty())
}

/// The alpha-2 code of a country's numeric code (ACLED's `iso`) or English
/// name, as ISO 3166 writes it or before its parenthesis ("Iran" for "Iran
/// (Islamic Republic of)").
fn country(name: &str) -> Option<&'static str> {
    let n = name.trim();
    if let Ok(num) = n.parse::<u32>() {
        return isocountry::CountryCode::for_id(num).ok().map(|c| c.alpha2());
    }
    // Spreadsheets name the column "country" whatever it holds: two- and
    // three-letter codes are read as codes.
    if n.len() == 2 {
        if let Ok(c) = isocountry::CountryCode::for_alpha2_caseless(n) {
            return Some(c.alpha2());
        }
    }
    if n.len() == 3 {
        if let Ok(c) = isocountry::CountryCode::for_alpha3_caseless(n) {
            return Some(c.alpha2());
        }
    }
    isocountry::CountryCode::iter()
        .find(|c| {
            let full = c.name();
            let short = full.split(" (").next().unwrap_or(full);
            full.eq_ignore_ascii_case(n) || short.eq_ignore_ascii_case(n)
        })
        .map(|c| c.alpha2())
}

/// An id for a record without one, made from what it says, so that the
/// same row imported twice gets the same id (and is reported, not added
/// twice): the first day, up to 40 characters of the title and 8 hex digits
/// of a SHA-256 of the record's fields.
/// Our id for a record whose id is `given` (empty when it has none): the
/// id itself when it is one of ours (`a-z 0-9 - _`, up to 100 characters),
/// in lower case when that makes it one (`TRUE` → `true`, ACLED's
/// `IRN1234` → `irn1234`), else its words and a short hash of it, so that
/// different ids never meet (`bel_air/maryland` →
/// `bel-air-maryland-` and 8 hex digits). The same `given` always gives the
/// same id: importing a file again finds its events.
pub fn own_id(given: &str) -> String {
    if given.is_empty() || crate::event::is_valid_id(given) {
        return given.to_owned();
    }
    let lower = given.to_lowercase();
    if crate::event::is_valid_id(&lower) {
        return lower;
    }
    let digest = Sha256::digest(given.as_bytes());
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let words = crate::ids::slug(given, 60);
    if words.is_empty() {
        format!("id-{hex}")
    } else {
        format!("{words}-{hex}")
    }
}

fn made_up_id(input: &EventInput) -> String {
    let mut h = Sha256::new();
    for part in [
        &input.title,
        &input.date_start,
        &input.date_end,
        &input.location_name,
        &input.lon,
        &input.lat,
        &input.description,
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let digest = h.finalize();
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let title = crate::ids::slug(&input.title, 40);
    [input.date_start.as_str(), title.as_str(), hex.as_str()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("-")
}

fn short_json(v: &JsonValue) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// The Monday that starts the ISO week of `d`.
pub fn week_start(d: Date) -> Date {
    d - Duration::days(i64::from(d.weekday().number_days_from_monday()))
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_id_from_elsewhere_gives_one_of_ours_the_same_every_time() {
        assert_eq!(own_id(""), "");
        assert_eq!(own_id("2020-01-18-stockholm"), "2020-01-18-stockholm");
        assert_eq!(own_id("TRUE"), "true");
        assert_eq!(own_id("IRN1234"), "irn1234");
        assert_eq!(own_id("bel_air/maryland"), "bel-air-maryland-78665d94");
        assert_eq!(own_id("bel_air/maryland"), own_id("bel_air/maryland"));
        assert_ne!(own_id("bel_air/maryland"), own_id("bel_air maryland"));
        assert!(own_id("میدان آزادی").starts_with("mydn-azdy-"), "{}", own_id("میدان آزادی"));
        assert!(own_id("—").starts_with("id-"));
        assert!(crate::event::is_valid_id(&own_id(&"x/".repeat(200))));
    }
    use super::*;
    use crate::import::Position;

    /// A CSV-like record of `(target, text)` cells.
    fn record(cells: &[(Target, &str)]) -> (Record, Vec<Target>) {
        let values = cells.iter().enumerate().map(|(i, (_, t))| (i, Cell::Text((*t).to_owned()))).collect();
        (Record { position: Position::Row(2), values, point: None }, cells.iter().map(|(t, _)| *t).collect())
    }

    const BASE: &[(Target, &str)] = &[
        (Target::Title, "Rally"),
        (Target::Kind, "Banner action"),
        (Target::LocationName, "Stockholm"),
        (Target::Country, "Sweden"),
        (Target::GeoPrecision, "City"),
        (Target::Sources, "irannewsupdate"),
        (Target::SourceUrl, "https://www.example.org/a"),
    ];

    fn with(extra: &[(Target, &str)], options: &Options) -> Result<Converted, Vec<String>> {
        let cells: Vec<(Target, &str)> = BASE.iter().chain(extra).copied().collect();
        let (r, t) = record(&cells);
        let options = Options { today: Some(time::macros::date!(2026 - 11 - 30)), ..options.clone() };
        convert(&r, &t, &options, true, None).map_err(|r| r.problems)
    }

    #[test]
    fn names_and_words_are_read_as_the_rules_want() {
        let got = with(
            &[(Target::Date, "2020-01-18"), (Target::Latitude, "59.3293"), (Target::Longitude, "18.0686")],
            &Options::default(),
        );
        let c = got.expect("valid");
        assert_eq!(c.event.kind, crate::event::EventKind::BannerAction);
        assert_eq!(c.event.country_code, "SE");
        assert_eq!(c.event.geo_precision, crate::event::GeoPrecision::City);
        assert_eq!(c.event.sources[0].url.as_deref(), Some("https://www.example.org/a"));
        assert!(c.made_id);
        assert!(c.event.id.starts_with("2020-01-18-rally-"), "{}", c.event.id);
    }

    #[test]
    fn a_decimal_comma_needs_a_yes() {
        let cells = [(Target::Date, "2020-01-18"), (Target::Latitude, "59,3293"), (Target::Longitude, "18,0686")];
        let refused = with(&cells, &Options::default()).expect_err("refused");
        assert_eq!(
            refused[0],
            "longitude: \"18,0686\" has a decimal comma; confirm \"decimal comma\" to read it as 18.0686"
        );
        let ok = with(&cells, &Options { decimal_comma: true, ..Options::default() }).expect("read");
        assert_eq!((ok.event.lon, ok.event.lat), (18.0686, 59.3293));
    }

    #[test]
    fn acled_time_precision_is_a_week_or_a_month() {
        let week = with(
            &[
                (Target::Date, "2020-01-22"),
                (Target::AcledTimePrecision, "2"),
                (Target::Latitude, "1"),
                (Target::Longitude, "1"),
            ],
            &Options::default(),
        )
        .expect("valid");
        assert_eq!(
            (week.event.dates.start.to_string(), week.event.dates.end.to_string()),
            ("2020-01-20".into(), "2020-01-26".into())
        );
        assert_eq!(week.event.date_precision, crate::event::DatePrecision::Approximate);
        let bad = with(
            &[
                (Target::Date, "2020-01-22"),
                (Target::AcledTimePrecision, "4"),
                (Target::Latitude, "1"),
                (Target::Longitude, "1"),
            ],
            &Options::default(),
        )
        .expect_err("refused");
        assert_eq!(bad, ["time_precision: must be 1, 2 or 3 (ACLED), got \"4\""]);
    }

    #[test]
    fn an_exact_precision_with_a_month_is_a_contradiction() {
        let got = with(
            &[
                (Target::Date, "2020-01"),
                (Target::DatePrecision, "exact"),
                (Target::Latitude, "1"),
                (Target::Longitude, "1"),
            ],
            &Options::default(),
        );
        assert_eq!(
            got.expect_err("refused"),
            ["date_precision: is \"exact\", but the date is a whole week, month or year; write \"approximate\" or leave it empty"]
        );
    }

    #[test]
    fn sources_are_a_json_array_or_names_separated_by_semicolons() {
        let mut problems = Vec::new();
        let j = serde_json::json!([{"name": "a", "url": "https://a.example"}, "b"]);
        let got = sources_json(&j, &mut problems);
        assert_eq!(
            got.iter().map(|s| (s.name.as_str(), s.url.as_str())).collect::<Vec<_>>(),
            [("a", "https://a.example"), ("b", "")]
        );
        let cells = [(Target::Sources, "Iran International; Radio Farda"), (Target::Title, "T")];
        let (r, t) = record(&cells);
        let refused = convert(&r, &t, &Options::default(), true, None).expect_err("incomplete").problems;
        assert!(!refused.iter().any(|p| p.starts_with("sources")), "{refused:?}");
        assert_eq!(host("https://www.example.org/x"), "example.org");
    }

    #[test]
    fn countries_by_name_number_or_code() {
        assert_eq!(country("Iran"), Some("IR"));
        assert_eq!(country("364"), Some("IR"));
        assert_eq!(country("swe"), Some("SE"));
        assert_eq!(country("Germany"), Some("DE"));
        assert_eq!(country("de"), Some("DE"), "a column named country holding codes");
        assert_eq!(country("XX"), None);
        assert_eq!(country("Atlantis"), None);
    }

    #[test]
    fn week_starts_on_monday() {
        assert_eq!(week_start(time::macros::date!(2020 - 01 - 26)), time::macros::date!(2020 - 01 - 20));
        assert_eq!(week_start(time::macros::date!(2020 - 01 - 20)), time::macros::date!(2020 - 01 - 20));
    }
}

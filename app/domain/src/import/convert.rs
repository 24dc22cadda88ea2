//! One record to one event: the mapped values become an [`EventInput`],
//! which [`EventInput::validate_with_id`] checks like any other, so an
//! imported event obeys the same rules as a typed one. What the file's
//! form needs (decimal commas, month-only dates, ACLED's codes) is read
//! here, and every refusal names the field (README, "Import and export").

use serde_json::Value as JsonValue;
use sha2::{Digest, Sha256};
use time::{Date, Duration};

use super::columns::{Known, Target};
use super::countries::{Outlines, Place};
use super::dates::{self, ReadDate};
use super::records::{Cell, Record};
use super::{CountryDefault, Options};
use crate::crowd::{CrowdConvention, DecimalMark};
use crate::event::{split_names, split_tags, CrowdEstimateInput, Event, EventInput, SourceInput};
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
    /// Its crowd numbers were derived from its phrase by a convention.
    pub crowd_derived: bool,
    /// Its property damage was a description (CCC), read as yes.
    pub damage_described: bool,
    /// Its property damage said "unclear", read as not reported.
    pub unclear_damage: bool,
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
/// `domain::table::unguard`); `known` is the dataset whose columns the
/// header has (ACLED, CCC); `outlines` are the countries for
/// [`CountryDefault::FromPoint`].
///
/// # Errors
/// [`Refused`]: every problem, each as `field: reason`.
pub fn convert(
    record: &Record,
    targets: &[Target],
    options: &Options,
    csv: bool,
    known: Option<Known>,
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
                if matches!(
                    t,
                    Target::Sources | Target::Tags | Target::Organisers | Target::Participants | Target::CrowdEstimates
                ) =>
            {
                v.json.push((t, j.clone()))
            }
            // GeoJSON's yes or no (our own exports' `online`,
            // `property_damage`).
            Cell::Json(JsonValue::Bool(b)) if matches!(t, Target::Online | Target::PropertyDamage) => {
                v.text.push((t, b.to_string()))
            }
            Cell::Json(other) => problems.push(format!("{t}: must be text, got {}", short_json(other))),
        }
    }

    let mut input = EventInput::default();
    let mut made_id = false;
    input.title = v.get(Target::Title).unwrap_or_default().to_owned();
    input.description = v.get(Target::Description).unwrap_or_default().to_owned();
    input.location_name = v.get(Target::LocationName).unwrap_or_default().to_owned();
    input.admin1 = v.get(Target::Admin1).unwrap_or_default().to_owned();
    input.admin2 = v.get(Target::Admin2).unwrap_or_default().to_owned();
    input.claims = v.get(Target::Claims).unwrap_or_default().to_owned();
    input.organisers = names(&v, Target::Organisers, &mut problems);
    input.participants = names(&v, Target::Participants, &mut problems);
    input.online = yes_no(Target::Online, v.get(Target::Online), &mut problems);
    input.property_damage = match v.get(Target::PropertyDamage).map(str::trim) {
        None => String::new(),
        Some(d) if ["unclear", "unknown", "n/a", "na"].contains(&d.to_lowercase().as_str()) => {
            took.unclear_damage = true;
            String::new()
        }
        Some(d) if d.chars().any(char::is_alphabetic) && !is_yes_no(d) => {
            // CCC from 2021: what was damaged ("graffiti; broken windows").
            took.damage_described = true;
            "true".into()
        }
        Some(d) => match crate::crowd::parse_count_in(d, DecimalMark::Dot) {
            // CCC before 2021: a count of damaged things, or 1 and 0.
            Ok(Some(n)) if !is_yes_no(d) => (n > 0).to_string(),
            _ => yes_no(Target::PropertyDamage, Some(d), &mut problems),
        },
    };
    input.dataset = v.get(Target::Dataset).map(str::to_owned).or_else(|| options.dataset.clone()).unwrap_or_default();
    input.upstream_updated_at = match v.get(Target::UpstreamUpdatedAt).map(str::trim) {
        None => String::new(),
        Some(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
            // ACLED's `timestamp`: seconds since 1970 (UTC).
            match t.parse::<i64>().ok().and_then(|n| time::OffsetDateTime::from_unix_timestamp(n).ok()) {
                Some(at) => crate::event::format_timestamp(at),
                None => {
                    problems.push(format!("upstream_updated_at: {t:?} is not a time in seconds since 1970"));
                    String::new()
                }
            }
        }
        Some(t) => t.to_owned(),
    };

    // Counts, with the file's decimal mark.
    let mark = if options.decimal_comma {
        DecimalMark::Comma
    } else if options.decimal_dot {
        DecimalMark::Dot
    } else {
        DecimalMark::Unstated
    };
    for (target, slot) in [
        (Target::CrowdSizeLow, &mut input.crowd_size_low),
        (Target::CrowdSizeHigh, &mut input.crowd_size_high),
        (Target::Arrests, &mut input.arrests),
        (Target::Injuries, &mut input.injuries),
        (Target::Fatalities, &mut input.fatalities),
    ] {
        if let Some(text) = v.get(target) {
            match crate::crowd::parse_count_in(text, mark) {
                Ok(n) => *slot = n.map(|n| n.to_string()).unwrap_or_default(),
                Err(crate::crowd::CountProblem::Separators) => problems.push(format!(
                    "{target}: {:?} has a separator that is a thousand in one convention and a decimal mark in the \
                     other; choose the file's decimal mark (decimal comma: 1.000 is one thousand; decimal dot: 1,000 \
                     is)",
                    text.trim()
                )),
                Err(p) => problems.push(format!("{target}: {}", crate::crowd::count_violation(p, text))),
            }
        }
    }

    // The crowd: a phrase, numbers, and estimates; ACLED's tag.
    input.crowd_size_text = v.get(Target::CrowdSizeText).unwrap_or_default().to_owned();
    input.crowd_size_derived = v.get(Target::CrowdSizeDerived).unwrap_or_default().trim().to_owned();
    if let Some(tags) = v.get(Target::AcledTags) {
        if let Some(tag) = super::acled::crowd_tag(tags) {
            if input.crowd_size_text.is_empty() {
                input.crowd_size_text = tag.phrase;
            }
            if let (Some((low, high)), true) =
                (tag.numbers, input.crowd_size_low.is_empty() && input.crowd_size_high.is_empty())
            {
                input.crowd_size_low = low.to_string();
                input.crowd_size_high = high.to_string();
            }
        }
    }
    input.crowd_estimates = estimates(&v, &mut problems);
    if input.crowd_size_derived.is_empty() && !input.crowd_size_text.is_empty() {
        let phrase = input.crowd_size_text.as_str();
        let numbers = (input.crowd_size_low.as_str(), input.crowd_size_high.as_str());
        match (options.crowd_convention, numbers) {
            // The editor chose a convention: a phrase without numbers gets
            // its numbers, marked as derived.
            (Some(conv), ("", "")) => {
                if let Some(n) = conv.number(phrase) {
                    input.crowd_size_low = n.to_string();
                    input.crowd_size_high = n.to_string();
                    input.crowd_size_derived = conv.as_str().to_owned();
                    took.crowd_derived = true;
                }
            }
            // CCC's numbers for its vague phrases are its convention's
            // (its data dictionary): say so.
            (conv, (low, high)) if conv.is_some() || known == Some(Known::Ccc) => {
                let conv = conv.unwrap_or(CrowdConvention::Ccc);
                let high = if high.is_empty() { low } else { high };
                let low = if low.is_empty() { high } else { low };
                if let Some(n) = conv.number(phrase).filter(|n| low == n.to_string() && high == n.to_string()) {
                    input.crowd_size_low = n.to_string();
                    input.crowd_size_high = n.to_string();
                    input.crowd_size_derived = conv.as_str().to_owned();
                    took.crowd_derived = true;
                }
            }
            _ => {}
        }
    }
    let sub_type = v.get(Target::AcledSubEventType);
    input.conduct = match (v.get(Target::Conduct), sub_type) {
        (Some(c), _) => conduct_name(c),
        (None, Some(sub)) => super::acled::conduct(sub).map(|c| c.as_str().to_owned()).unwrap_or_default(),
        (None, None) => String::new(),
    };
    let ccc_types: Vec<&str> = v
        .get(Target::CccType)
        .map(|t| t.split([';', ',']).map(str::trim).filter(|w| !w.is_empty()).collect())
        .unwrap_or_default();
    if input.location_name.trim().is_empty() {
        // CCC before 2021 and ACLED rows without a location: the place is
        // the locality or district they name.
        input.location_name = input.admin2.clone();
    }
    if input.title.is_empty() {
        if let Some(what) = sub_type.or(v.get(Target::AcledEventType)).or(ccc_types.first().copied()) {
            // "march" (CCC's type) reads as "March in Minneapolis".
            let mut chars = what.trim().chars();
            let what: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
            input.title =
                if input.location_name.is_empty() { what } else { format!("{what} in {}", input.location_name.trim()) };
        }
    }
    input.kind = match (v.get(Target::Kind), v.get(Target::AcledEventType), ccc_types.is_empty()) {
        (Some(k), _, _) => k.trim().to_lowercase().replace([' ', '-'], "_"),
        (None, Some(t), _) if t.trim().eq_ignore_ascii_case("protests") => "protest".into(),
        // A riot that was a demonstration turned violent (ACLED's "Violent
        // demonstration") is a protest; what happened is its conduct.
        (None, Some(t), _)
            if t.trim().eq_ignore_ascii_case("riots")
                && sub_type.is_some_and(|s| s.trim().eq_ignore_ascii_case("violent demonstration")) =>
        {
            "protest".into()
        }
        (None, Some(_), _) => "other".into(),
        (None, None, false) => ccc_types.iter().find_map(|w| ccc_kind(w)).map_or("other", |k| k.as_str()).to_owned(),
        (None, None, true) => {
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
            // CCC covers the United States and its territories (its data
            // dictionary); `state` is the postal code, and a territory has
            // an ISO 3166 code of its own.
            CountryDefault::None if known == Some(Known::Ccc) => match input.admin1.trim() {
                t @ ("PR" | "GU" | "VI" | "AS" | "MP") => t.to_owned(),
                _ => "US".to_owned(),
            },
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
    for cell in v.all(Target::SourceColumn) {
        let t = cell.trim();
        let is_url = url::Url::parse(t).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        input.sources.push(if is_url {
            SourceInput { name: host(t), url: t.to_owned() }
        } else {
            SourceInput { name: t.to_owned(), url: String::new() }
        });
    }
    if let Some(url) = v.get(Target::SourceUrl).map(str::trim) {
        match input.sources.as_mut_slice() {
            [] => input.sources.push(SourceInput { name: host(url), url: url.to_owned() }),
            [one] if one.url.is_empty() => one.url = url.to_owned(),
            _ => problems.push("source_url: there are several sources; write the URLs in the sources column".into()),
        }
    }
    let no_source = input.sources.iter().all(|s| s.name.trim().is_empty() && s.url.trim().is_empty());
    if no_source && !v.has(Target::Sources) && !v.has(Target::SourceColumn) {
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

/// Names from their columns: each cell names separated by ";" (or a JSON
/// array, in GeoJSON), several columns joined in order, a name given twice
/// kept once (ACLED's `actor1` is often among `assoc_actor_1`'s too).
fn names(v: &Values, t: Target, problems: &mut Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(j) = v.json(t) {
        match j {
            JsonValue::Array(items) => {
                for item in items {
                    match item.as_str() {
                        Some(s) => out.push(s.to_owned()),
                        None => problems.push(format!("{t}: must be an array of text, got {}", short_json(j))),
                    }
                }
            }
            other => problems.push(format!("{t}: must be an array of text or text, got {}", short_json(other))),
        }
    }
    for cell in v.all(t) {
        for name in split_names(cell) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// Whether a cell is one of the words [`yes_no`] reads.
fn is_yes_no(t: &str) -> bool {
    matches!(t.trim().to_lowercase().as_str(), "1" | "0" | "true" | "false" | "yes" | "no" | "y" | "n")
}

/// A yes-or-no cell as `true` or `false`: `1`, `true`, `yes`, `y` and `0`,
/// `false`, `no`, `n` (any case); empty is not reported.
fn yes_no(t: Target, cell: Option<&str>, problems: &mut Vec<String>) -> String {
    match cell.map(|c| c.trim().to_lowercase()) {
        None => String::new(),
        Some(c) => match c.as_str() {
            "" => String::new(),
            "1" | "true" | "yes" | "y" => "true".into(),
            "0" | "false" | "no" | "n" => "false".into(),
            _ => {
                problems.push(format!(
                    "{t}: must be yes or no (1 or 0, true or false), got {:?}",
                    cell.unwrap_or_default().trim()
                ));
                String::new()
            }
        },
    }
}

/// Crowd estimates from a JSON array of `{low, high, source}` (a cell, or
/// a GeoJSON property).
fn estimates(v: &Values, problems: &mut Vec<String>) -> Vec<CrowdEstimateInput> {
    let parsed;
    let j = match (v.json(Target::CrowdEstimates), v.get(Target::CrowdEstimates)) {
        (Some(j), _) => j,
        (None, Some(t)) => match serde_json::from_str::<JsonValue>(t) {
            Ok(j) => {
                parsed = j;
                &parsed
            }
            Err(e) => {
                problems.push(format!("crowd_estimates: must be a JSON array of {{low, high, source}}: {e}"));
                return Vec::new();
            }
        },
        (None, None) => return Vec::new(),
    };
    let JsonValue::Array(items) = j else {
        problems.push(format!("crowd_estimates: must be an array, got {}", short_json(j)));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let part = |k: &str| match item.get(k) {
            None | Some(JsonValue::Null) => Some(String::new()),
            Some(JsonValue::Number(n)) => Some(n.to_string()),
            Some(JsonValue::String(s)) if k == "source" => Some(s.clone()),
            Some(_) => None,
        };
        match (item.is_object(), part("low"), part("high"), part("source")) {
            (true, Some(low), Some(high), Some(source)) => out.push(CrowdEstimateInput { low, high, source }),
            _ => problems.push(format!(
                "crowd_estimates[{i}]: must be {{\"low\": a number, \"high\": a number, \"source\": a name}}, got {}",
                short_json(item)
            )),
        }
    }
    out
}

/// What happened to it as we name it: `peaceful`, `intervention`,
/// `excessive_force`, `violent`, also from the words of the labels ("Met
/// with intervention", "Turned violent") and ACLED's sub-event types;
/// other text is passed on for the rules to refuse.
fn conduct_name(text: &str) -> String {
    let t = text.trim().to_lowercase().replace([' ', '-'], "_");
    if let Some(c) = super::acled::conduct(text) {
        return c.as_str().to_owned();
    }
    match t.as_str() {
        "met_with_intervention" => "intervention".into(),
        "met_with_excessive_force" => "excessive_force".into(),
        "turned_violent" => "violent".into(),
        _ => t,
    }
}

/// One of CCC's action types as our kind: `march`, `rally`, `vigil`,
/// `strike` (also `walkout`), `sit-in`, `blockade`, `boycott`,
/// `counter-protest`, and `protest` or `demonstration`.
fn ccc_kind(word: &str) -> Option<crate::event::EventKind> {
    use crate::event::EventKind as K;
    match word.trim().to_lowercase().replace(['-', ' '], "").as_str() {
        "protest" | "demonstration" => Some(K::Protest),
        "rally" => Some(K::Rally),
        "march" => Some(K::March),
        "vigil" => Some(K::Vigil),
        "strike" | "walkout" => Some(K::Strike),
        "sitin" => Some(K::SitIn),
        "blockade" => Some(K::Blockade),
        "boycott" => Some(K::Boycott),
        "counterprotest" => Some(K::CounterProtest),
        "bannerdrop" => Some(K::BannerAction),
        _ => None,
    }
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
        convert(&r, &t, &options, true, None, None).map_err(|r| r.problems)
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
        let refused = convert(&r, &t, &Options::default(), true, None, None).expect_err("incomplete").problems;
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

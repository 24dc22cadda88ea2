//! Import: GeoJSON, CSV and ACLED files into events, with every record
//! either read exactly or refused by its position, field and reason
//! (README, "Import and export").
//!
//! [`read`] turns a file into a [`Reading`] (the valid events and the
//! refusals) without touching the store; [`run::run`] applies the editor's
//! [`run::Policy`] (all or nothing, valid only, update existing, publish)
//! and stores in one transaction. The command line (`rallymap import`) and
//! the editor's page `/editor/import` share both.
//!
//! Behind the `import` feature: the reader's WASM never carries the CSV
//! reader.

pub mod acled;
pub mod columns;
pub mod convert;
pub mod countries;
pub mod dates;
pub mod records;
pub mod run;
pub mod sync;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::event::{Event, SourceInput};
use columns::Target;
use countries::Outlines;
use dates::DateFormat;
use records::{Cell, Columns, RecordRead};

/// What a file is, found from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "format", rename_all = "snake_case")]
pub enum Format {
    /// A GeoJSON FeatureCollection or Feature (RFC 7946).
    GeoJson,
    /// GeoJSON inside a JavaScript assignment (`var data = {…};`).
    JavaScript,
    /// CSV with this delimiter.
    Csv {
        /// `,`, `;` or tab.
        delimiter: u8,
    },
    /// An ACLED export (CSV with ACLED's columns).
    Acled {
        /// `,`, `;` or tab.
        delimiter: u8,
    },
    /// A Crowd Counting Consortium file (CSV with CCC's columns).
    Ccc {
        /// `,`, `;` or tab.
        delimiter: u8,
    },
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |d: u8| match d {
            b'\t' => "tab".to_owned(),
            d => format!("\"{}\"", d as char),
        };
        match self {
            Self::GeoJson => f.write_str("GeoJSON"),
            Self::JavaScript => f.write_str("GeoJSON inside JavaScript"),
            Self::Csv { delimiter } => write!(f, "CSV separated by {}", name(*delimiter)),
            Self::Acled { delimiter } => write!(f, "ACLED export (CSV separated by {})", name(*delimiter)),
            Self::Ccc { delimiter } => {
                write!(f, "Crowd Counting Consortium file (CSV separated by {})", name(*delimiter))
            }
        }
    }
}

/// Where a record is: a Feature's index in `features` (from 0), or a CSV
/// row number as a spreadsheet shows it (the header is row 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    /// `features[i]`.
    Feature(usize),
    /// Row `n`, counting the header as 1.
    Row(u64),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Feature(i) => write!(f, "feature {i}"),
            Self::Row(n) => write!(f, "row {n}"),
        }
    }
}

/// Why a whole file cannot be read; nothing of it is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum FileError {
    /// No content.
    #[error("the file is empty")]
    Empty,
    /// UTF-16 (a byte-order mark FF FE or FE FF).
    #[error("the file is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\" in spreadsheets) and import it again")]
    Utf16,
    /// Bytes that are not UTF-8 (Windows-1252, Latin-1, …).
    #[error("{}the file is not UTF-8 text (perhaps Windows-1252 or Latin-1); save it as UTF-8 (\"CSV UTF-8\" in spreadsheets) and import it again", row.map(|r| format!("row {r}: ")).unwrap_or_default())]
    NotUtf8 {
        /// The CSV row where it was found.
        row: Option<u64>,
    },
    /// A JSON array at the top.
    #[error("the file is a JSON array; expected a GeoJSON FeatureCollection or Feature")]
    JsonArray,
    /// JSON syntax.
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What `serde_json` says, with a hint for `NaN`.
        message: String,
    },
    /// JSON, but not a FeatureCollection or Feature.
    #[error("not GeoJSON: {0}")]
    NotGeoJson(String),
    /// JavaScript that is not one GeoJSON object assigned to a name.
    #[error("the file is JavaScript, not GeoJSON or CSV: {0}; only a file that assigns one GeoJSON object (var data = {{…}};) can be read, or export the layer as GeoJSON")]
    JavaScript(String),
    /// "Country from the point" was chosen without the country outlines.
    #[error("country from the point needs the country outlines, which were not given")]
    NoOutlines,
    /// A `crs` member naming something other than WGS 84.
    #[error("crs: the coordinates are in {0}, not WGS 84 longitude and latitude (RFC 7946 §4); export the layer as EPSG:4326 and import it again")]
    Crs(String),
    /// A CSV without a header row.
    #[error("row 1: the first row must name the columns")]
    NoHeader,
    /// Two columns of the same name.
    #[error("row 1: columns {first} and {second} are both named {name:?}")]
    DuplicateColumn {
        /// The name.
        name: String,
        /// The first column, from 1.
        first: usize,
        /// The second.
        second: usize,
    },
    /// Two columns mapped to one field that takes one value.
    #[error("columns {first:?} and {second:?} both go to {target}; leave one of them out")]
    MappedTwice {
        /// The field.
        target: String,
        /// One column.
        first: String,
        /// The other.
        second: String,
    },
    /// A CSV syntax error.
    #[error("row {row}: {message}")]
    Csv {
        /// The row.
        row: u64,
        /// The `csv` crate's words.
        message: String,
    },
    /// The upload is larger than allowed.
    #[error("the file is larger than {limit_mb} MB; split it, or raise RALLYMAP_IMPORT_MAX_MB")]
    TooLarge {
        /// The limit, MB.
        limit_mb: u64,
    },
    /// Reading the file failed.
    #[error("could not read the file: {0}")]
    Io(String),
}

/// Where the country of a record without one comes from (a country column
/// mapped to `country_code` or `country` always wins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CountryDefault {
    /// Nowhere: such a record is refused.
    #[default]
    None,
    /// This ISO 3166-1 alpha-2 code, upper case.
    Code(String),
    /// The country whose outline the point lies in
    /// ([`countries::Outlines::locate`]); points near a border, in no
    /// country or in two wait for the editor's confirmation.
    FromPoint,
}

impl CountryDefault {
    /// Reads `point`, an alpha-2 code (any case) or nothing.
    ///
    /// # Errors
    /// A sentence naming the value.
    pub fn parse(s: &str) -> Result<Self, String> {
        let t = s.trim();
        if t.is_empty() {
            return Ok(Self::None);
        }
        if t.eq_ignore_ascii_case("point") {
            return Ok(Self::FromPoint);
        }
        isocountry::CountryCode::for_alpha2_caseless(t)
            .map(|c| Self::Code(c.alpha2().to_owned()))
            .map_err(|_| format!("{t:?} is not an ISO 3166-1 alpha-2 country code (SE, DE, IR…) nor \"point\""))
    }

    /// The text [`CountryDefault::parse`] reads: `""`, `SE` or `point`.
    pub fn name(&self) -> &str {
        match self {
            Self::None => "",
            Self::Code(c) => c,
            Self::FromPoint => "point",
        }
    }
}

/// How to read a file: the editor's choices in the preview (or on the
/// command line). What is not chosen is guessed from the column names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Column (or property) name → target, over the guesses.
    pub mapping: Vec<(String, Target)>,
    /// A date form besides the ISO ones.
    pub date_format: DateFormat,
    /// The file writes a comma before decimals: `59,3293` is 59.3293 and
    /// `1.000` people are one thousand.
    pub decimal_comma: bool,
    /// The file writes a dot before decimals: `1,000` people are one
    /// thousand. (Coordinates are read with a dot unless `decimal_comma`.)
    pub decimal_dot: bool,
    /// The dataset the events come from (`ACLED`, a name of the editor's);
    /// `None`: an ACLED export's is `ACLED`, a CCC file's `CCC`, others
    /// have none (a `dataset` column always wins).
    pub dataset: Option<String>,
    /// Turn a crowd phrase without numbers into numbers by this documented
    /// convention, marking them as derived (`crowd_size_derived`); `None`:
    /// phrases stay phrases.
    pub crowd_convention: Option<crate::crowd::CrowdConvention>,
    /// Keep the dataset in step with the file ([`sync`]) rather than
    /// import it as new events: the page's choice (`sync=on`), which the
    /// preview shows the counts of before anything is stored.
    pub sync: bool,
    /// The kind of records that name none (a spreadsheet rarely does).
    pub default_kind: Option<String>,
    /// The place precision of records that give none.
    pub default_geo_precision: Option<String>,
    /// The source of records that name none (the file's name, or a name and
    /// URL the editor typed); `None`: such a record is refused.
    pub default_source: Option<SourceInput>,
    /// The country of records that give none.
    pub default_country: CountryDefault,
    /// The editor looked at the points whose country from the point is
    /// uncertain (near a border, at sea) and takes the proposed country.
    pub accept_border_countries: bool,
    /// The editor confirms dates before 1800 or after next year.
    pub accept_unusual_dates: bool,
    /// The day "next year" is counted from; today (UTC) when `None`.
    pub today: Option<time::Date>,
}

impl Options {
    /// Reads the preview's query string: `map.COLUMN=TARGET`,
    /// `date_format=dmy`, `decimal=comma|dot` (or `decimal_comma=on`),
    /// `dataset`, `crowd_convention=ccc`, `kind`, `geo_precision`,
    /// `source_name` and `source_url` (without `source_name` the source of
    /// records without one is `file_name`; with it empty, there is none),
    /// `country` (`SE`, `point` or empty; `country_from=none|code|point`
    /// chooses between them as the page's radio buttons do),
    /// `accept_border=on`, `accept_dates=on`. Other parameters are left to
    /// the caller.
    ///
    /// # Errors
    /// A sentence naming the parameter and the accepted values.
    pub fn from_query(query: &str, file_name: &str) -> Result<Self, String> {
        let mut o = Self {
            default_source: Some(SourceInput { name: file_name.to_owned(), url: String::new() }),
            ..Self::default()
        };
        let mut country = String::new();
        let mut country_from = None;
        let mut source_url = String::new();
        for (k, v) in url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            if let Some(column) = k.strip_prefix("map.") {
                let t: Target = v.parse().map_err(|e| format!("map.{column}: {e}"))?;
                o.mapping.push((column.to_owned(), t));
            } else if k == "date_format" {
                o.date_format = v.parse().map_err(|e| format!("date_format: {e}"))?;
            } else if k == "decimal_comma" {
                o.decimal_comma = matches!(v.as_ref(), "on" | "true" | "1" | "yes");
            } else if k == "decimal" {
                (o.decimal_comma, o.decimal_dot) = match v.as_ref() {
                    "comma" => (true, false),
                    "dot" => (false, true),
                    "" => (false, false),
                    other => return Err(format!("decimal: must be comma or dot, got {other:?}")),
                };
            } else if k == "sync" {
                o.sync = matches!(v.as_ref(), "on" | "true" | "1" | "yes");
            } else if k == "dataset" {
                o.dataset = (!v.trim().is_empty()).then(|| v.trim().to_owned());
            } else if k == "crowd_convention" && !v.is_empty() {
                o.crowd_convention = Some(v.parse().map_err(|e| format!("crowd_convention: {e}"))?);
            } else if k == "kind" && !v.is_empty() {
                o.default_kind = Some(v.into_owned());
            } else if k == "geo_precision" && !v.is_empty() {
                o.default_geo_precision = Some(v.into_owned());
            } else if k == "source_name" {
                o.default_source =
                    (!v.trim().is_empty()).then(|| SourceInput { name: v.trim().to_owned(), url: String::new() });
            } else if k == "source_url" {
                source_url = v.trim().to_owned();
            } else if k == "country" {
                country = v.into_owned();
            } else if k == "country_from" {
                country_from = Some(v.into_owned());
            } else if k == "accept_border" {
                o.accept_border_countries = matches!(v.as_ref(), "on" | "true" | "1" | "yes");
            } else if k == "accept_dates" {
                o.accept_unusual_dates = matches!(v.as_ref(), "on" | "true" | "1" | "yes");
            }
        }
        if let Some(s) = o.default_source.as_mut() {
            s.url = source_url;
        }
        o.default_country = match country_from.as_deref() {
            None => CountryDefault::parse(&country).map_err(|e| format!("country: {e}"))?,
            Some("none") => CountryDefault::None,
            Some("point") => CountryDefault::FromPoint,
            Some("code") => match CountryDefault::parse(&country).map_err(|e| format!("country: {e}"))? {
                CountryDefault::Code(c) => CountryDefault::Code(c),
                _ => return Err("country: write the ISO 3166-1 alpha-2 code of the country (SE, DE, IR…)".into()),
            },
            Some(other) => return Err(format!("country_from: must be none, code or point, got {other:?}")),
        };
        Ok(o)
    }

    /// The query string [`Options::from_query`] reads.
    pub fn to_query(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (c, t) in &self.mapping {
            q.append_pair(&format!("map.{c}"), t.name());
        }
        if self.date_format != DateFormat::Iso {
            q.append_pair("date_format", self.date_format.name());
        }
        if self.decimal_comma {
            q.append_pair("decimal", "comma");
        } else if self.decimal_dot {
            q.append_pair("decimal", "dot");
        }
        if let Some(d) = &self.dataset {
            q.append_pair("dataset", d);
        }
        if self.sync {
            q.append_pair("sync", "on");
        }
        if let Some(c) = self.crowd_convention {
            q.append_pair("crowd_convention", c.as_str());
        }
        if let Some(k) = &self.default_kind {
            q.append_pair("kind", k);
        }
        if let Some(p) = &self.default_geo_precision {
            q.append_pair("geo_precision", p);
        }
        q.append_pair("source_name", self.default_source.as_ref().map_or("", |s| s.name.as_str()));
        if let Some(url) = self.default_source.as_ref().map(|s| s.url.as_str()).filter(|u| !u.is_empty()) {
            q.append_pair("source_url", url);
        }
        if self.default_country != CountryDefault::None {
            q.append_pair("country", self.default_country.name());
        }
        if self.accept_border_countries {
            q.append_pair("accept_border", "on");
        }
        if self.accept_unusual_dates {
            q.append_pair("accept_dates", "on");
        }
        q.finish()
    }

    /// Parses `COLUMN=TARGET` as given to `--map`.
    ///
    /// # Errors
    /// A sentence naming what is wrong.
    pub fn parse_map(s: &str) -> Result<(String, Target), String> {
        let (c, t) = s.rsplit_once('=').ok_or_else(|| format!("--map {s:?}: write COLUMN=FIELD, e.g. name=title"))?;
        Ok((c.to_owned(), t.parse().map_err(|e| format!("--map {s:?}: {e}"))?))
    }
}

/// A record that was refused, with every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// Where it is in the file.
    pub position: Position,
    /// Its id, when it had one.
    pub id: Option<String>,
    /// Each problem as `field: reason`.
    pub problems: Vec<String>,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{} ({id}): {}", self.position, self.problems.join("; ")),
            None => write!(f, "{}: {}", self.position, self.problems.join("; ")),
        }
    }
}

/// A column as the preview shows it: its name, where it goes, and the first
/// values in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// As in the header or the properties.
    pub name: String,
    /// [`Target::name`].
    pub target: String,
    /// Up to three values, as text.
    pub samples: Vec<String>,
}

/// A file read: its format and columns, the valid events with their
/// positions, and the refusals.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The format found.
    pub format: Format,
    /// The columns with their targets.
    pub columns: Vec<Column>,
    /// How many records (rows or Features) it has.
    pub records: usize,
    /// The valid events, in file order.
    pub events: Vec<(Position, Event)>,
    /// The refused records, in file order.
    pub refusals: Vec<Refusal>,
    /// Notes on what was read differently from the file: heights left out,
    /// ids made from the content, defaults taken, date-times read as dates.
    pub notes: Vec<String>,
    /// How many valid records took each default, and how many records wait
    /// for (or got) the editor's confirmation.
    pub counts: Counts,
    /// The dataset the records were given ([`Options::dataset`], or
    /// ACLED's or CCC's for their files), which a sync keeps in step.
    pub dataset: Option<String>,
}

/// How many records took each default or need a confirmation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Valid records that took the default kind.
    pub kind: usize,
    /// … the default place precision.
    pub geo_precision: usize,
    /// … the default source.
    pub source: usize,
    /// … the fixed default country.
    pub country: usize,
    /// … the country their point lies in.
    pub country_from_point: usize,
    /// … whose date was a date-time.
    pub date_time: usize,
    /// Records whose country from the point is uncertain (near a border, in
    /// no country or two), confirmed or not.
    pub border: usize,
    /// Of those, the valid ones whose proposed country the editor took.
    pub border_confirmed: usize,
    /// Records dated before 1800 or after next year, confirmed or not.
    pub unusual_dates: usize,
    /// Of those, the valid ones the editor confirmed.
    pub unusual_dates_confirmed: usize,
    /// Valid records whose crowd numbers were derived from the phrase by a
    /// convention (chosen, or CCC's own in a CCC file).
    #[serde(default)]
    pub crowd_derived: usize,
    /// Valid records whose property damage was a description (CCC), read
    /// as yes.
    #[serde(default)]
    pub damage_described: usize,
    /// Valid records whose property damage said "unclear" or "unknown",
    /// read as not reported.
    #[serde(default)]
    pub unclear_damage: usize,
}

/// Reads the file at `path` (any size: one record is in memory at a time,
/// plus the valid events). `outlines` are needed for
/// [`CountryDefault::FromPoint`] only.
///
/// # Errors
/// [`FileError`] when the file as a whole cannot be read (or
/// [`FileError::NoOutlines`]); a record that cannot be read is a
/// [`Refusal`] in the [`Reading`].
pub fn read(path: &Path, options: &Options, outlines: Option<&Outlines>) -> Result<Reading, FileError> {
    if options.default_country == CountryDefault::FromPoint && outlines.is_none() {
        return Err(FileError::NoOutlines);
    }
    let head = {
        use std::io::Read;
        let mut buf = vec![0u8; 8192];
        let mut f = std::fs::File::open(path).map_err(|e| FileError::Io(e.to_string()))?;
        let n = f.read(&mut buf).map_err(|e| FileError::Io(e.to_string()))?;
        buf.truncate(n);
        buf
    };
    let sniffed = records::sniff(&head)?;
    let csv = matches!(sniffed.format, Format::Csv { .. });
    let mut state = State::new(options);
    let mut failure: Option<FileError> = None;
    let columns = records::read(path, sniffed, |columns, read| {
        if failure.is_none() {
            if let Err(e) = state.take(columns, read, csv, outlines) {
                failure = Some(e);
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    state.targets(&columns, csv)?;
    let format = match sniffed.format {
        Format::Csv { delimiter } if state.known == Some(columns::Known::Acled) => Format::Acled { delimiter },
        Format::Csv { delimiter } if state.known == Some(columns::Known::Ccc) => Format::Ccc { delimiter },
        f => f,
    };
    let column_list = columns
        .names()
        .iter()
        .enumerate()
        .map(|(i, name)| Column {
            name: name.clone(),
            target: state.targets.get(i).copied().unwrap_or(Target::Ignore).name().to_owned(),
            samples: state.samples.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    let mut notes = Vec::new();
    if state.heights > 0 {
        notes.push(format!("positions with a height (a third number): {}; the height was not kept", state.heights));
    }
    if state.made_ids > 0 {
        notes.push(format!(
            "records without an id: {}; each got one made from its date, title and content, so that importing them again finds them",
            state.made_ids
        ));
    }
    notes.extend(default_notes(&state.options, &state.counts));
    Ok(Reading {
        format,
        columns: column_list,
        records: state.records,
        events: state.events,
        refusals: state.refusals,
        notes,
        counts: state.counts,
        dataset: state.options.dataset,
    })
}

/// The notes that say how many records took each default and what waits
/// for the editor's confirmation.
fn default_notes(o: &Options, c: &Counts) -> Vec<String> {
    let mut notes = Vec::new();
    let records = |n: usize| if n == 1 { "1 record".to_owned() } else { format!("{n} records") };
    if c.kind > 0 {
        notes.push(format!(
            "kind: {} without one got {:?}, the default given",
            records(c.kind),
            o.default_kind.as_deref().unwrap_or_default()
        ));
    }
    if c.geo_precision > 0 {
        notes.push(format!(
            "geo_precision: {} without one got {:?}, the default given",
            records(c.geo_precision),
            o.default_geo_precision.as_deref().unwrap_or_default()
        ));
    }
    if let (true, Some(s)) = (c.source > 0, &o.default_source) {
        let url = if s.url.is_empty() { String::new() } else { format!(" ({})", s.url) };
        notes.push(format!("sources: {} without one got the source {:?}{url}", records(c.source), s.name));
    }
    if let (true, CountryDefault::Code(code)) = (c.country > 0, &o.default_country) {
        notes.push(format!("country_code: {} without one got {code}, the default given", records(c.country)));
    }
    if c.country_from_point > 0 {
        let confirmed = if c.border_confirmed > 0 {
            format!(
                "; for {} near a border or off a coast you confirmed the country proposed",
                records(c.border_confirmed)
            )
        } else {
            String::new()
        };
        notes.push(format!(
            "country_code: {} without one got the country their point lies in, by the Natural Earth 1:110m outlines{confirmed}",
            records(c.country_from_point)
        ));
    }
    let waiting = c.border - c.border_confirmed;
    if waiting > 0 && !o.accept_border_countries {
        notes.push(format!(
            "country_code: {} near a border, off a coast or in no country wait for you to look at their country (listed with the refused records)",
            records(waiting)
        ));
    }
    if c.crowd_derived > 0 {
        let how = match o.crowd_convention {
            Some(conv) => format!(
                "the {conv} convention you chose ({})",
                conv.phrases().iter().map(|(p, n)| format!("{p} = {n}")).collect::<Vec<_>>().join(", ")
            ),
            None => "the Crowd Counting Consortium's convention (hundreds = 200, thousands = 2000, …), which the \
                     file's numbers follow"
                .to_owned(),
        };
        notes.push(format!(
            "crowd_size: {} have numbers derived from their phrase by {how}; they are marked \
             crowd_size_derived",
            records(c.crowd_derived)
        ));
    }
    if c.damage_described > 0 {
        notes.push(format!(
            "property_damage: {} described the damage in words; each got yes, and the words were not kept",
            records(c.damage_described)
        ));
    }
    if c.unclear_damage > 0 {
        notes.push(format!(
            "property_damage: {} said \"unclear\" or \"unknown\"; each was left as not reported",
            records(c.unclear_damage)
        ));
    }
    if c.date_time > 0 {
        notes.push(format!(
            "dates: {} had a date with a time; each got the calendar date in the offset it was written in \
             (2024-03-08T22:30:00-06:00 is 8 March 2024), as the API reads datetime",
            records(c.date_time)
        ));
    }
    let latest = o.today.map_or_else(String::new, |t| format!(" or after {}", t.year() + 1));
    if c.unusual_dates_confirmed > 0 {
        notes.push(format!(
            "dates: {} before {}{latest}, as you confirmed",
            records(c.unusual_dates_confirmed),
            convert::EARLIEST_YEAR
        ));
    }
    if c.unusual_dates > c.unusual_dates_confirmed && !o.accept_unusual_dates {
        notes.push(format!(
            "dates: {} before {}{latest} wait for you to confirm them (listed with the refused records)",
            records(c.unusual_dates - c.unusual_dates_confirmed),
            convert::EARLIEST_YEAR
        ));
    }
    notes
}

/// What [`read`] keeps while records come.
struct State {
    options: Options,
    targets: Vec<Target>,
    known: Option<columns::Known>,
    samples: Vec<Vec<String>>,
    records: usize,
    events: Vec<(Position, Event)>,
    refusals: Vec<Refusal>,
    first_of: HashMap<String, Position>,
    heights: usize,
    made_ids: usize,
    counts: Counts,
}

impl State {
    fn new(options: &Options) -> Self {
        let today = options.today.unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
        Self {
            options: Options { today: Some(today), ..options.clone() },
            targets: Vec::new(),
            known: None,
            samples: Vec::new(),
            records: 0,
            events: Vec::new(),
            refusals: Vec::new(),
            first_of: HashMap::new(),
            heights: 0,
            made_ids: 0,
            counts: Counts::default(),
        }
    }

    /// Gives each column not yet seen its target: the editor's choice, else
    /// the guess. Refuses a second column for a field that takes one value.
    fn targets(&mut self, columns: &Columns, csv: bool) -> Result<(), FileError> {
        let names = columns.names();
        if self.targets.is_empty() && csv {
            self.known = if columns::is_acled(names) {
                Some(columns::Known::Acled)
            } else if columns::is_ccc(names) {
                Some(columns::Known::Ccc)
            } else {
                None
            };
            let o = &mut self.options;
            if let Some(known) = self.known {
                // ACLED writes `2020-01-18` (API) or `18 January 2020` (export
                // tool); both are unambiguous, so no choice is asked for.
                if known == columns::Known::Acled && o.date_format == DateFormat::Iso {
                    o.date_format = DateFormat::DayMonthName;
                }
                // Both write English numbers; their counts have no
                // separators, but a dot is theirs.
                if !o.decimal_comma {
                    o.decimal_dot = true;
                }
                if o.dataset.is_none() {
                    o.dataset = Some(known.dataset().to_owned());
                }
                // CCC's point is its locality's (its data dictionary).
                if known == columns::Known::Ccc && o.default_geo_precision.is_none() {
                    o.default_geo_precision = Some("city".into());
                }
            }
        }
        let lower: Vec<String> = names.iter().map(|n| n.trim().to_lowercase()).collect();
        let has = |n: &str| lower.iter().any(|x| x == n);
        while self.targets.len() < names.len() {
            let name = &names[self.targets.len()];
            let chosen = self.options.mapping.iter().find(|(c, _)| c == name).map(|(_, t)| *t);
            let guessed = match (self.known, lower[self.targets.len()].as_str()) {
                // CCC's compiled files have both `location` (locality and
                // state) and `location_detail` (the place in it), and
                // `actors` joins `organizations` and `participants`.
                (Some(columns::Known::Ccc), "location") if has("location_detail") => Target::Ignore,
                (Some(columns::Known::Ccc), "actors") if has("organizations") || has("participants") => Target::Ignore,
                _ => columns::guess(name, self.known),
            };
            let t = chosen.unwrap_or(guessed);
            if !t.joins() {
                if let Some(j) = self.targets.iter().position(|x| *x == t) {
                    return Err(FileError::MappedTwice {
                        target: t.name().to_owned(),
                        first: names[j].clone(),
                        second: name.clone(),
                    });
                }
            }
            self.targets.push(t);
            self.samples.push(Vec::new());
        }
        Ok(())
    }

    fn take(
        &mut self,
        columns: &Columns,
        read: RecordRead,
        csv: bool,
        outlines: Option<&Outlines>,
    ) -> Result<(), FileError> {
        self.targets(columns, csv)?;
        self.records += 1;
        let record = match read {
            Ok(r) => r,
            Err((position, problem)) => {
                self.refusals.push(Refusal { position, id: None, problems: vec![problem] });
                return Ok(());
            }
        };
        for (i, cell) in &record.values {
            let s = &mut self.samples[*i];
            if s.len() < 3 {
                let text: String = match cell {
                    Cell::Text(t) => t.chars().take(60).collect(),
                    Cell::Json(j) => j.to_string().chars().take(60).collect(),
                };
                if !text.trim().is_empty() {
                    s.push(text);
                }
            }
        }
        match convert::convert(&record, &self.targets, &self.options, csv, self.known, outlines) {
            Ok(c) => {
                let n = &mut self.counts;
                n.border += usize::from(c.confirmed.border);
                n.unusual_dates += usize::from(c.confirmed.unusual_date);
                if let Some(first) = self.first_of.get(&c.event.id) {
                    self.refusals.push(Refusal {
                        position: record.position,
                        id: Some(c.event.id.clone()),
                        problems: vec![format!("id: {:?} is also the id of {first} in this file", c.event.id)],
                    });
                    return Ok(());
                }
                self.first_of.insert(c.event.id.clone(), record.position);
                self.heights += usize::from(c.height);
                self.made_ids += usize::from(c.made_id);
                n.kind += usize::from(c.took.kind);
                n.geo_precision += usize::from(c.took.geo_precision);
                n.source += usize::from(c.took.source);
                n.country += usize::from(c.took.country);
                n.country_from_point += usize::from(c.took.country_from_point);
                n.date_time += usize::from(c.took.date_time);
                n.crowd_derived += usize::from(c.took.crowd_derived);
                n.damage_described += usize::from(c.took.damage_described);
                n.unclear_damage += usize::from(c.took.unclear_damage);
                n.border_confirmed += usize::from(c.confirmed.border);
                n.unusual_dates_confirmed += usize::from(c.confirmed.unusual_date);
                self.events.push((record.position, c.event));
            }
            Err(convert::Refused { problems, held }) => {
                self.counts.border += usize::from(held.border);
                self.counts.unusual_dates += usize::from(held.unusual_date);
                let id = record.values.iter().find_map(|(i, cell)| match (self.targets.get(*i), cell) {
                    (Some(Target::Id), Cell::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_owned()),
                    _ => None,
                });
                self.refusals.push(Refusal { position: record.position, id, problems });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_survive_the_preview_address() {
        // The first preview: the file's name is the source, nothing else.
        let first = Options::from_query("", "acled.csv").expect("reads");
        assert_eq!(first.default_source, Some(SourceInput { name: "acled.csv".into(), url: String::new() }));
        assert_eq!(first.default_country, CountryDefault::None);
        // The page's form: radio buttons and a code field.
        let q = "source_name=DR+Nyheder&source_url=https%3A%2F%2Fwww.dr.dk%2F&country_from=code&country=dk\
                 &accept_border=on&accept_dates=on";
        let o = Options::from_query(q, "x.geojson").expect("reads");
        assert_eq!(
            (o.default_source.clone(), o.default_country.clone(), o.accept_border_countries, o.accept_unusual_dates),
            (
                Some(SourceInput { name: "DR Nyheder".into(), url: "https://www.dr.dk/".into() }),
                CountryDefault::Code("DK".into()),
                true,
                true
            )
        );
        assert_eq!(Options::from_query(&o.to_query(), "x.geojson"), Ok(o));
        // An empty name: no default source; "point"; a bad code names itself.
        let none = Options::from_query("source_name=&country_from=point&country=DK", "x").expect("reads");
        assert_eq!((none.default_source, none.default_country), (None, CountryDefault::FromPoint));
        assert_eq!(
            Options::from_query("country_from=code&country=XX", "x"),
            Err("country: \"XX\" is not an ISO 3166-1 alpha-2 country code (SE, DE, IR…) nor \"point\"".into())
        );
        assert_eq!(
            Options::from_query("country_from=code", "x"),
            Err("country: write the ISO 3166-1 alpha-2 code of the country (SE, DE, IR…)".into())
        );
    }
}

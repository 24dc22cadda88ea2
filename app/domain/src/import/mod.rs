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

pub mod columns;
pub mod convert;
pub mod dates;
pub mod records;
pub mod run;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::event::Event;
use columns::Target;
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

/// How to read a file: the editor's choices in the preview (or on the
/// command line). What is not chosen is guessed from the column names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Column (or property) name → target, over the guesses.
    pub mapping: Vec<(String, Target)>,
    /// A date form besides the ISO ones.
    pub date_format: DateFormat,
    /// Read `59,3293` as 59.3293.
    pub decimal_comma: bool,
    /// The kind of records that name none (a spreadsheet rarely does).
    pub default_kind: Option<String>,
    /// The place precision of records that give none.
    pub default_geo_precision: Option<String>,
}

impl Options {
    /// Reads the preview's query string: `map.COLUMN=TARGET`,
    /// `date_format=dmy`, `decimal_comma=on`. Other parameters are left to
    /// the caller.
    ///
    /// # Errors
    /// A sentence naming the parameter and the accepted values.
    pub fn from_query(query: &str) -> Result<Self, String> {
        let mut o = Self::default();
        for (k, v) in url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            if let Some(column) = k.strip_prefix("map.") {
                let t: Target = v.parse().map_err(|e| format!("map.{column}: {e}"))?;
                o.mapping.push((column.to_owned(), t));
            } else if k == "date_format" {
                o.date_format = v.parse().map_err(|e| format!("date_format: {e}"))?;
            } else if k == "decimal_comma" {
                o.decimal_comma = matches!(v.as_ref(), "on" | "true" | "1" | "yes");
            } else if k == "kind" && !v.is_empty() {
                o.default_kind = Some(v.into_owned());
            } else if k == "geo_precision" && !v.is_empty() {
                o.default_geo_precision = Some(v.into_owned());
            }
        }
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
            q.append_pair("decimal_comma", "on");
        }
        if let Some(k) = &self.default_kind {
            q.append_pair("kind", k);
        }
        if let Some(p) = &self.default_geo_precision {
            q.append_pair("geo_precision", p);
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
    /// ids made from the content.
    pub notes: Vec<String>,
}

/// Reads the file at `path` (any size: one record is in memory at a time,
/// plus the valid events).
///
/// # Errors
/// [`FileError`] when the file as a whole cannot be read; a record that
/// cannot be read is a [`Refusal`] in the [`Reading`].
pub fn read(path: &Path, options: &Options) -> Result<Reading, FileError> {
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
            if let Err(e) = state.take(columns, read, csv) {
                failure = Some(e);
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    state.targets(&columns, csv)?;
    let format = match sniffed.format {
        Format::Csv { delimiter } if state.acled => Format::Acled { delimiter },
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
    Ok(Reading {
        format,
        columns: column_list,
        records: state.records,
        events: state.events,
        refusals: state.refusals,
        notes,
    })
}

/// What [`read`] keeps while records come.
struct State {
    options: Options,
    targets: Vec<Target>,
    acled: bool,
    samples: Vec<Vec<String>>,
    records: usize,
    events: Vec<(Position, Event)>,
    refusals: Vec<Refusal>,
    first_of: HashMap<String, Position>,
    heights: usize,
    made_ids: usize,
}

impl State {
    fn new(options: &Options) -> Self {
        Self {
            options: options.clone(),
            targets: Vec::new(),
            acled: false,
            samples: Vec::new(),
            records: 0,
            events: Vec::new(),
            refusals: Vec::new(),
            first_of: HashMap::new(),
            heights: 0,
            made_ids: 0,
        }
    }

    /// Gives each column not yet seen its target: the editor's choice, else
    /// the guess. Refuses a second column for a field that takes one value.
    fn targets(&mut self, columns: &Columns, csv: bool) -> Result<(), FileError> {
        let names = columns.names();
        if self.targets.is_empty() && csv {
            self.acled = columns::is_acled(names);
            // ACLED writes `2020-01-18` (API) or `18 January 2020` (export
            // tool); both are unambiguous, so no choice is asked for.
            if self.acled && self.options.date_format == DateFormat::Iso {
                self.options.date_format = DateFormat::DayMonthName;
            }
        }
        while self.targets.len() < names.len() {
            let name = &names[self.targets.len()];
            let chosen = self.options.mapping.iter().find(|(c, _)| c == name).map(|(_, t)| *t);
            let t = chosen.unwrap_or_else(|| columns::guess(name, self.acled));
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

    fn take(&mut self, columns: &Columns, read: RecordRead, csv: bool) -> Result<(), FileError> {
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
        match convert::convert(&record, &self.targets, &self.options, csv) {
            Ok(c) => {
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
                self.events.push((record.position, c.event));
            }
            Err(problems) => {
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

//! `rallymap import FILE…`: files into events, with a report (README,
//! "Import and export"). Every file is read and checked before anything is
//! stored, so that without `--valid-only` a refusal in the last file leaves
//! the database as it was.
//!
//! The report (one line per file, notes, what was stored) goes to standard
//! output; refusals and files that cannot be read go to standard error,
//! each line starting with the file's name. A reader that stops reading
//! (`rallymap import x.csv | head -1`) only loses the rest of the report:
//! the import goes on, and the exit code says what was stored.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use domain::event::SourceInput;
use domain::import::columns::Target;
use domain::import::countries::{Outlines, OutlinesError};
use domain::import::dates::DateFormat;
use domain::import::run::{self, Policy, Report};
use domain::import::{self, CountryDefault, Options};

use crate::config::Config;
use crate::store::OpenError;

/// The arguments of `rallymap import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// GeoJSON (FeatureCollection or Feature, also inside a `.js` file),
    /// CSV (`,` `;` or tab) or an ACLED export; the format is found from
    /// the content.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Publish the imported events (else they are drafts).
    #[arg(long)]
    pub publish: bool,
    /// Check and report; store nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Store the valid records even when others are refused (those are
    /// listed); without it, one refusal stores nothing.
    #[arg(long)]
    pub valid_only: bool,
    /// Replace events whose id exists (else they are reported).
    #[arg(long, conflicts_with = "sync")]
    pub update_existing: bool,
    /// Keep the events of DATASET (`ACLED`, `CCC`, a name of yours) in
    /// step with a newer export of it: add new events, update those whose
    /// upstream time (ACLED's `timestamp`) is newer (their history names
    /// the file), leave the others as they are, and list the dataset's
    /// events the file lacks for review (nothing is removed). With
    /// `--dry-run`, the counts only.
    #[arg(long, value_name = "DATASET")]
    pub sync: Option<String>,
    /// The name in each event's history: "imported from FILE by NAME".
    #[arg(long, default_value = "command line")]
    pub editor: String,
    /// Where a column goes, over the guess: `COLUMN=FIELD`, e.g.
    /// `--map name=title --map when=date`; FIELD `ignore` leaves it out.
    #[arg(long = "map", value_parser = Options::parse_map)]
    pub mapping: Vec<(String, Target)>,
    /// Dates other than 2020-01-18 / 2020-01 / 2020: `dmy` (18.01.2020),
    /// `mdy` (01/18/2020) or `d-month-y` (18 January 2020, 18-Jan-20).
    #[arg(long, default_value = "iso")]
    pub date_format: DateFormat,
    /// Read `59,3293` as 59.3293 in coordinate columns, and `1.000` people
    /// as a thousand.
    #[arg(long, conflicts_with = "decimal_dot")]
    pub decimal_comma: bool,
    /// Read `1,000` people as a thousand (the file writes a dot before
    /// decimals).
    #[arg(long)]
    pub decimal_dot: bool,
    /// The dataset the events come from (an ACLED export's is `ACLED`, a
    /// CCC file's `CCC` without it).
    #[arg(long, value_name = "NAME")]
    pub dataset: Option<String>,
    /// Turn crowd phrases into numbers by a documented convention, marked
    /// as derived: `ccc` (hundreds = 200, thousands = 2000, tens of
    /// thousands = 20000, hundreds of thousands = 200000).
    #[arg(long, value_name = "CONVENTION", value_parser = convention)]
    pub crowd_convention: Option<domain::crowd::CrowdConvention>,
    /// The kind of records that name none: rally, protest, march, vigil,
    /// banner_action or other.
    #[arg(long)]
    pub kind: Option<String>,
    /// The place precision of records that give none: site, city or region.
    #[arg(long)]
    pub geo_precision: Option<String>,
    /// The name of the source of records that name none (default: the
    /// file's name, e.g. "acled-2025.csv").
    #[arg(long, value_name = "NAME")]
    pub source_name: Option<String>,
    /// The URL of that source (http or https).
    #[arg(long, value_name = "URL", value_parser = web_address)]
    pub source_url: Option<String>,
    /// Give records without a source no default: they are refused.
    #[arg(long, conflicts_with_all = ["source_name", "source_url"])]
    pub no_default_source: bool,
    /// The country of records that give none: an ISO 3166-1 alpha-2 code
    /// (SE, DE, IR). A country column (`--map COLUMN=country_code`, or
    /// `country` for names) always wins.
    #[arg(long, value_name = "CODE", value_parser = country_code, conflicts_with = "country_from_point")]
    pub country: Option<String>,
    /// The country of records that give none is the one their point lies in,
    /// by the Natural Earth 1:110m outlines of the site
    /// (SITE_ROOT/vendor/countries-110m.geojson). Points within 30 km of
    /// another country, at sea or in two countries are refused unless
    /// `--accept-border-countries`.
    #[arg(long)]
    pub country_from_point: bool,
    /// With `--country-from-point`: take the proposed country of points near
    /// a border or off a coast (after looking at them in a dry run).
    #[arg(long, requires = "country_from_point")]
    pub accept_border_countries: bool,
    /// Store dates before 1800 or after next year (otherwise refused as
    /// possible typos, e.g. 0025 for 2025).
    #[arg(long)]
    pub accept_unusual_dates: bool,
}

/// Parses `--source-url`: an absolute `http` or `https` URL, as a source's
/// URL must be.
fn web_address(s: &str) -> Result<String, String> {
    match url::Url::parse(s.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(s.trim().to_owned()),
        _ => Err(format!("{s:?} is not an http or https address (https://example.org/report)")),
    }
}

/// Parses `--crowd-convention`: a [`domain::crowd::CrowdConvention`]'s name.
fn convention(s: &str) -> Result<domain::crowd::CrowdConvention, String> {
    s.trim().parse().map_err(|e| format!("{e}"))
}

/// Parses `--country`: an ISO 3166-1 alpha-2 code, any case.
fn country_code(s: &str) -> Result<String, String> {
    match CountryDefault::parse(s)? {
        CountryDefault::Code(c) => Ok(c),
        _ => Err(format!("{s:?} is not an ISO 3166-1 alpha-2 country code (SE, DE, IR…)")),
    }
}

impl ImportArgs {
    /// The reading options for the file called `file_name`.
    fn options(&self, file_name: &str) -> Options {
        let default_source = (!self.no_default_source).then(|| SourceInput {
            name: self.source_name.clone().unwrap_or_else(|| file_name.to_owned()),
            url: self.source_url.clone().unwrap_or_default(),
        });
        let default_country = match (&self.country, self.country_from_point) {
            (Some(c), _) => CountryDefault::Code(c.clone()),
            (None, true) => CountryDefault::FromPoint,
            (None, false) => CountryDefault::None,
        };
        Options {
            mapping: self.mapping.clone(),
            date_format: self.date_format,
            decimal_comma: self.decimal_comma,
            decimal_dot: self.decimal_dot,
            dataset: self.sync.clone().or_else(|| self.dataset.clone()),
            crowd_convention: self.crowd_convention,
            sync: self.sync.is_some(),
            default_kind: self.kind.clone(),
            default_geo_precision: self.geo_precision.clone(),
            default_source,
            default_country,
            accept_border_countries: self.accept_border_countries,
            accept_unusual_dates: self.accept_unusual_dates,
            today: None,
        }
    }

    fn policy(&self) -> Policy {
        Policy {
            publish: self.publish,
            valid_only: self.valid_only,
            update_existing: self.update_existing,
            dry_run: self.dry_run,
            sync: self.sync.is_some(),
        }
    }
}

/// Why `rallymap import` failed (exit code 2); refused records and
/// unreadable files are not failures but part of the report.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The database could not be opened.
    #[error(transparent)]
    Open(#[from] OpenError),
    /// The store failed; nothing of the file being stored was stored.
    #[error(transparent)]
    Store(#[from] domain::store::StoreError),
    /// `--country-from-point` without the country outlines.
    #[error(
        "--country-from-point needs the country outlines: {source}. They are part of the built site \
         (scripts/setup.sh makes them, cargo leptos build copies them); give the site's folder with --site-root \
         or LEPTOS_SITE_ROOT (now {})",
        site_root.display()
    )]
    Outlines {
        /// What went wrong reading them.
        source: OutlinesError,
        /// The site folder they were looked for in.
        site_root: PathBuf,
    },
}

/// A writer that a closed pipe cannot fail: after the first error the rest
/// is dropped, so that a reader who stops reading (`| head -1`) changes
/// neither what is stored nor the exit code. Rust ignores SIGPIPE, so a
/// closed pipe is this `BrokenPipe` error rather than the end of the
/// process, which could come between two files' transactions.
struct Sink<'a> {
    inner: &'a mut dyn Write,
    /// The first error other than a closed pipe (a full disk, say).
    failed: Option<std::io::Error>,
    closed: bool,
}

impl<'a> Sink<'a> {
    fn new(inner: &'a mut dyn Write) -> Self {
        Self { inner, failed: None, closed: false }
    }

    /// Writes one line, or nothing once the writer has failed.
    fn line(&mut self, text: &str) {
        if self.closed {
            return;
        }
        let result = self.inner.write_all(text.as_bytes()).and_then(|()| self.inner.write_all(b"\n"));
        if let Err(e) = result.and_then(|()| self.inner.flush()) {
            self.closed = true;
            if e.kind() != ErrorKind::BrokenPipe {
                self.failed = Some(e);
            }
        }
    }
}

/// The report of one file: its headline, notes and outcome on `out`, its
/// refusals on `err`, each after the file's name.
fn write_report(report: &Report, out: &mut Sink<'_>, err: &mut Sink<'_>) {
    out.line(&report.headline());
    for n in &report.notes {
        out.line(&format!("  note: {n}"));
    }
    for line in report.sync_lines(50) {
        out.line(&format!("  {line}"));
    }
    for r in &report.refusals {
        err.line(&format!("{}: {r}", report.file_name));
    }
    out.line(&report.outcome_listed("listed on standard error"));
}

/// The name a file is reported and sourced by: its last part.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Runs `rallymap import` against the database of `config`, writing the
/// report of each file to `out` and its refusals to `err`. Returns the exit
/// code: 0 when every record of every file was stored (or would be, with
/// `--dry-run`), 3 when some were stored and others not (`--valid-only`),
/// 1 when nothing was stored.
///
/// # Errors
/// [`ImportError`]: the database, the store or the country outlines
/// failing. A file that cannot be read is reported on `err` and stores
/// nothing (exit code 1, or 3 with `--valid-only` when other files were
/// stored).
pub async fn import(
    config: &Config,
    args: &ImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, ImportError> {
    let mut out = Sink::new(out);
    let mut err = Sink::new(err);
    let code = run_files(config, args, &mut out, &mut err).await?;
    if let Some(e) = out.failed.take() {
        err.line(&format!("rallymap: the report could not be written to standard output: {e}"));
    }
    Ok(code)
}

async fn run_files(
    config: &Config,
    args: &ImportArgs,
    out: &mut Sink<'_>,
    err: &mut Sink<'_>,
) -> Result<u8, ImportError> {
    let store = crate::store::open(&config.database_url).await?;
    let outlines = if args.country_from_point {
        let path = config.country_outlines();
        let read = tokio::task::spawn_blocking(move || Outlines::read(&path)).await;
        let read = read
            .unwrap_or_else(|e| Err(OutlinesError::Read { path: config.country_outlines(), reason: e.to_string() }));
        Some(read.map_err(|source| ImportError::Outlines { source, site_root: config.site_root.clone() })?)
    } else {
        None
    };
    let policy = args.policy();
    let mut readings = Vec::new();
    let mut unreadable = false;
    for path in &args.files {
        let name = file_name(path);
        match import::read(path, &args.options(&name), outlines.as_ref()) {
            Ok(r) => readings.push((name, r)),
            Err(e) => {
                err.line(&format!("{name}: {e}"));
                out.line(&format!("{name}: cannot be read (see standard error); nothing was stored."));
                unreadable = true;
            }
        }
    }
    if unreadable && !args.valid_only {
        if !readings.is_empty() {
            out.line("No file was stored, because a file could not be read.");
        }
        return Ok(1);
    }
    // First every file as a dry run: without --valid-only, one refusal
    // anywhere stores nothing anywhere.
    let mut checks: Vec<Report> = Vec::new();
    for (name, reading) in &readings {
        checks.push(run::check(&*store, reading, policy, name).await?);
    }
    let all_complete = checks.iter().all(Report::complete);
    if policy.dry_run || (!all_complete && !policy.valid_only) {
        for mut c in checks {
            c.policy.dry_run = policy.dry_run;
            write_report(&c, out, err);
        }
        if !policy.dry_run && readings.len() > 1 {
            out.line("No file was stored, because a file has refusals.");
        }
        return Ok(if all_complete && !unreadable { 0 } else { 1 });
    }
    // Every file that can be stored is (with --valid-only, its valid
    // records): the code says whether all, some or none of the records were.
    let mut everything = !unreadable;
    let mut stored_some = false;
    for (name, reading) in readings {
        let report = run::run(&*store, reading, policy, &name, &args.editor).await?;
        write_report(&report, out, err);
        everything &= report.complete();
        stored_some |= report.stored;
    }
    Ok(if everything {
        0
    } else if stored_some {
        3
    } else {
        1
    })
}

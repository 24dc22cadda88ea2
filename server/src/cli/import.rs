//! `rallymap import FILE…`: files into events, with a report (README,
//! "Import and export"). Every file is read and checked before anything is
//! stored, so that without `--valid-only` a refusal in the last file leaves
//! the database as it was.

use std::io::Write;
use std::path::PathBuf;

use domain::import::columns::Target;
use domain::import::dates::DateFormat;
use domain::import::run::{self, Policy, Report};
use domain::import::{self, Options};

use crate::config::Config;
use crate::store::sqlite::SqliteStore;

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
    #[arg(long)]
    pub update_existing: bool,
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
    /// Read `59,3293` as 59.3293 in coordinate columns.
    #[arg(long)]
    pub decimal_comma: bool,
    /// The kind of records that name none: rally, protest, march, vigil,
    /// banner_action or other.
    #[arg(long)]
    pub kind: Option<String>,
    /// The place precision of records that give none: site, city or region.
    #[arg(long)]
    pub geo_precision: Option<String>,
}

impl ImportArgs {
    fn options(&self) -> Options {
        Options {
            mapping: self.mapping.clone(),
            date_format: self.date_format,
            decimal_comma: self.decimal_comma,
            default_kind: self.kind.clone(),
            default_geo_precision: self.geo_precision.clone(),
        }
    }

    fn policy(&self) -> Policy {
        Policy {
            publish: self.publish,
            valid_only: self.valid_only,
            update_existing: self.update_existing,
            dry_run: self.dry_run,
        }
    }
}

/// Runs `rallymap import` against the database of `config`, writing the
/// report of each file to `out`. Returns the exit code: 0 when every
/// record of every file was stored (or would be, with `--dry-run`), 3 when
/// `--valid-only` skipped some, 1 when nothing was stored.
///
/// # Errors
/// Opening the database, or the store failing; a file that cannot be read
/// is reported in `out` and gives exit code 1.
pub async fn import(config: &Config, args: &ImportArgs, out: &mut dyn Write) -> Result<u8, super::CliError> {
    let store = SqliteStore::open(&config.database_url).await?;
    let options = args.options();
    let policy = args.policy();
    let mut readings = Vec::new();
    let mut unreadable = false;
    for path in &args.files {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        match import::read(path, &options) {
            Ok(r) => readings.push((name, r)),
            Err(e) => {
                writeln!(out, "{name}: {e}\nNothing was stored.")?;
                unreadable = true;
            }
        }
    }
    if unreadable && !args.valid_only {
        if !readings.is_empty() {
            writeln!(out, "No file was stored, because a file could not be read.")?;
        }
        return Ok(1);
    }
    // First every file as a dry run: without --valid-only, one refusal
    // anywhere stores nothing anywhere.
    let mut checks: Vec<Report> = Vec::new();
    for (name, reading) in &readings {
        checks.push(run::check(&store, reading, policy, name).await?);
    }
    let all_complete = checks.iter().all(Report::complete);
    if policy.dry_run || (!all_complete && !policy.valid_only) {
        for mut c in checks {
            c.policy.dry_run = policy.dry_run;
            write!(out, "{c}")?;
        }
        if !policy.dry_run && readings.len() > 1 {
            writeln!(out, "No file was stored, because a file has refusals.")?;
        }
        return Ok(if all_complete && !unreadable { 0 } else { 1 });
    }
    // A file that could not be read, with --valid-only: the others are stored, some records are not.
    let mut code = if unreadable { 3 } else { 0 };
    for (name, reading) in readings {
        let report = run::run(&store, reading, policy, &name, &args.editor).await?;
        write!(out, "{report}")?;
        code = code.max(report.exit_code());
    }
    Ok(code)
}

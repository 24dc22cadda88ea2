//! `rallymap migrate-data --from URL --to URL`: everything of one database
//! copied into another, empty one, SQLite or PostgreSQL on either side
//! (README, "Moving between SQLite and PostgreSQL"). Both are opened as the
//! server opens them (so both are migrated first); the copy is one
//! transaction on the target ([`crate::store::copy`]); after the commit
//! the target is read back and compared.
//!
//! Exit codes: 0 copied and checked; 1 nothing copied (a refusal or a
//! failure: the target is as it was); 2 copied, but the check found a
//! difference.

use std::io::Write;
use std::path::PathBuf;
use std::str::FromStr;

use crate::config::{redacted, Database};
use crate::store::copy::{self, CopyError, Mismatch};
use crate::store::OpenError;

/// The arguments of `rallymap migrate-data`.
#[derive(Debug, Clone, clap::Args)]
pub struct MigrateArgs {
    /// The database to copy: `sqlite://PATH`, a file path, or
    /// `postgres://USER@HOST/DATABASE` (`postgresql://` too), as
    /// DATABASE_URL takes them.
    #[arg(long, value_name = "URL")]
    pub from: String,
    /// The database to copy into, which must hold no events and no
    /// editors: a new SQLite file is created; a PostgreSQL database must
    /// exist (createdb). Never started as a server before, which would
    /// have loaded the seed data.
    #[arg(long, value_name = "URL")]
    pub to: String,
}

/// Why `rallymap migrate-data` stopped; each one line.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// A database could not be opened (or its URL is not one).
    #[error("{}", opening(flag, source))]
    Open {
        /// `--from` or `--to`.
        flag: &'static str,
        /// Why.
        source: OpenError,
    },
    /// `--from` names a SQLite file that does not exist.
    #[error("--from {url}: there is no SQLite database {path}")]
    NoSource {
        /// The URL as given.
        url: String,
        /// The file it names.
        path: String,
    },
    /// Both name the same database.
    #[error("--from and --to name the same database ({url})")]
    Same {
        /// The URL, its password left out.
        url: String,
    },
    /// The target holds events or editors.
    #[error(
        "--to {url} is not empty: it holds {events} events and {editors} editors; migrate-data copies only into an \
         empty database"
    )]
    NotEmpty {
        /// The target's URL, its password left out.
        url: String,
        /// Its events (removed ones included).
        events: i64,
        /// Its editors.
        editors: i64,
    },
    /// The copy failed; nothing was stored.
    #[error("nothing was copied, --to {url} is as it was: {source}")]
    Copy {
        /// The target's URL, its password left out.
        url: String,
        /// What failed.
        source: CopyError,
    },
    /// The copy was committed, but the target differs from the source.
    #[error("copied into --to {url}, but the check after the commit found that {source}")]
    Mismatch {
        /// The target's URL, its password left out.
        url: String,
        /// The difference.
        source: Mismatch,
    },
}

impl MigrateError {
    /// The exit code: 2 when something was copied but differs, else 1
    /// (nothing copied).
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Mismatch { .. } => 2,
            _ => 1,
        }
    }
}

/// An opening error's message with the flag where the server's says
/// `DATABASE_URL`.
fn opening(flag: &str, e: &OpenError) -> String {
    let text = e.to_string();
    match text.strip_prefix("DATABASE_URL") {
        Some(rest) => format!("{flag}{rest}"),
        None => format!("{flag}: {text}"),
    }
}

/// The file a SQLite URL names, if it names one (not `sqlite::memory:`).
fn sqlite_file(url: &str) -> Option<PathBuf> {
    if !url.starts_with("sqlite:") {
        return Some(PathBuf::from(url));
    }
    let file = sqlx::sqlite::SqliteConnectOptions::from_str(url).ok()?.get_filename().to_owned();
    (file.as_os_str() != ":memory:" && !file.as_os_str().is_empty()).then_some(file)
}

/// Copies `args.from` into `args.to`, writing the counts and the check to
/// `out`.
///
/// # Errors
/// [`MigrateError`]; [`MigrateError::exit_code`] says whether anything
/// was copied.
pub async fn migrate_data(args: &MigrateArgs, out: &mut dyn Write) -> Result<(), MigrateError> {
    let from = Database::parse(&args.from).map_err(|e| MigrateError::Open { flag: "--from", source: e.into() })?;
    let to = Database::parse(&args.to).map_err(|e| MigrateError::Open { flag: "--to", source: e.into() })?;
    let (from_url, to_url) = (redacted(&args.from), redacted(&args.to));
    if from == to {
        return Err(MigrateError::Same { url: from_url });
    }
    if let Database::Sqlite(url) = &from {
        if let Some(path) = sqlite_file(url).filter(|p| !p.exists()) {
            return Err(MigrateError::NoSource { url: from_url, path: path.display().to_string() });
        }
    }
    let source =
        crate::store::open(&args.from).await.map_err(|source| MigrateError::Open { flag: "--from", source })?;
    let target = crate::store::open(&args.to).await.map_err(|source| MigrateError::Open { flag: "--to", source })?;
    let started = std::time::Instant::now();
    let copied = copy::copy(&source, &target).await.map_err(|e| match e {
        CopyError::NotEmpty { events, editors } => MigrateError::NotEmpty { url: to_url.clone(), events, editors },
        source => MigrateError::Copy { url: to_url.clone(), source },
    })?;
    // The report is a courtesy: a closed standard output changes neither
    // what was stored nor the exit code.
    let mut line = |text: String| {
        let _ = writeln!(out, "{text}");
    };
    line(format!("copied {from_url} into {to_url}:"));
    for (table, rows) in &copied.tables {
        line(format!("  {table:<18}{rows:>9}"));
    }
    line(format!("  {:<18}{:>9} (counted again from the public events)", "day_counts", copied.day_counts));
    line(format!("  {:<18}{:>9}", "data_version", copied.data_version));
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "copied and committed");
    let started = std::time::Instant::now();
    copy::check(&target, &copied).await.map_err(|source| MigrateError::Mismatch { url: to_url.clone(), source })?;
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "checked");
    line(
        "checked in the target after the commit: every count above; every event's id, version, status, removal, \
         editor and Feature; event_history, editors, sessions and reports row for row"
            .into(),
    );
    source.close().await;
    target.close().await;
    Ok(())
}

//! The command line: [`Cli`] (the settings of [`Config`] and a
//! subcommand), and the subcommands other than serving: `rallymap editor …`
//! (accounts), `rallymap import …` (files into events) and `rallymap
//! migrate-data` (one database into another). The settings
//! know nothing of the command line; the command line wraps them.

mod editor;
mod import;
mod migrate;

use clap::{Parser, Subcommand};

use crate::config::Config;

pub use editor::{editor, CliError, PasswordSource};
pub use import::{import, ImportArgs, ImportError};
pub use migrate::{migrate_data, MigrateArgs, MigrateError};

/// The `rallymap` command line.
#[derive(Debug, Parser)]
#[command(name = "rallymap", version, about = "A self-hosted map of reported rallies and protests")]
pub struct Cli {
    /// Settings shared by every subcommand.
    #[command(flatten)]
    pub config: Config,
    /// What to do; serving the app when left out.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands of the `rallymap` binary.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the map, the pages and the API (the default).
    Serve,
    /// Write made-up events (GeoJSON) to standard output, for trying the
    /// map and the API at scale: points clustered in cities, several years
    /// with peaks on a few days, titles in several scripts. Deterministic.
    Generate {
        /// How many events.
        #[arg(long, default_value_t = 10_000)]
        events: u64,
        /// The seed: the same seed gives the same events.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Import GeoJSON, CSV or ACLED files as events, with a report
    /// (README, "Import and export").
    Import(Box<ImportArgs>),
    /// Copy everything (events, history, editors, sessions, the sign-in
    /// throttle) from one database into another, empty one: SQLite to
    /// PostgreSQL, back, or SQLite to SQLite (README, "Moving between
    /// SQLite and PostgreSQL").
    MigrateData(MigrateArgs),
    /// Manage editor accounts.
    Editor {
        /// What to do.
        #[command(subcommand)]
        action: EditorCommand,
    },
}

/// `rallymap editor …`. Passwords are read from standard input (one line)
/// or, at a terminal, from a prompt without echo; never from arguments.
#[derive(Debug, Clone, Subcommand)]
pub enum EditorCommand {
    /// Add an editor.
    Add {
        /// Sign-in name: a-z, 0-9, '.', '_', '-'.
        name: String,
    },
    /// Set a new password for an editor.
    ResetPassword {
        /// The editor's name.
        name: String,
    },
    /// List the editors.
    List,
}

//! Settings, parsed once at start from flags and environment variables
//! (README, "Settings"). Tests build a [`Config`] with
//! [`Config::for_tests`] instead of touching the process environment.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{ArgAction, Args, Parser};

/// Every setting, each with a flag and an environment variable.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on, `IP:PORT`.
    #[arg(long = "listen", env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,

    /// Database: `sqlite://PATH` or a plain file path (the file and its
    /// folder are created on first start), or `postgres://USER:PASSWORD@HOST/DB`
    /// (`postgresql://` too) for several servers sharing one PostgreSQL.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://var/rallymap.sqlite3")]
    pub database_url: String,

    /// Folder of `*.geojson` FeatureCollections loaded into an empty database.
    #[arg(long, env = "RALLYMAP_SEED_DIR", default_value = "data")]
    pub seed_dir: PathBuf,

    /// Folder of the built site (WASM, JS, CSS, assets), as cargo-leptos writes it.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Public base URL for links and embed code, e.g. `https://map.example.org`;
    /// taken from the request when unset.
    #[arg(long, env = "RALLYMAP_PUBLIC_URL")]
    pub public_url: Option<url::Url>,

    /// Raster tile URL template (`{z}/{x}/{y}`); the bundled basemap when unset.
    #[arg(long, env = "RALLYMAP_TILE_URL")]
    pub tile_url: Option<String>,

    /// Attribution shown with the raster tiles.
    #[arg(long, env = "RALLYMAP_TILE_ATTRIBUTION")]
    pub tile_attribution: Option<String>,

    /// Origins allowed to frame `/embed` (CSP `frame-ancestors` sources).
    #[arg(long, env = "RALLYMAP_EMBED_ANCESTORS", default_value = "*")]
    pub embed_ancestors: String,

    /// Memory for built API answers (and their compressed forms), in MiB:
    /// a repeated query is then a lookup, not a database read.
    #[arg(long, env = "RALLYMAP_ANSWER_CACHE_MB", default_value_t = 128)]
    pub answer_cache_mb: u64,

    /// The largest file an editor may upload to `/editor/import`, in MB.
    #[arg(long, env = "RALLYMAP_IMPORT_MAX_MB", default_value_t = 50)]
    pub import_max_mb: u64,

    /// Folder for uploaded files between preview and import (kept a day).
    #[arg(long, env = "RALLYMAP_IMPORT_DIR", default_value = "var/imports")]
    pub import_dir: PathBuf,

    /// Reports one sender (one address) may send on `/report` in an hour;
    /// the next is answered 429 with `Retry-After`.
    #[arg(long, env = "RALLYMAP_REPORTS_PER_HOUR", default_value_t = 5)]
    pub reports_per_hour: u32,

    /// Open reports (new or in review) the editors' queue holds; beyond it
    /// `/report` answers 503 "the queue is full" and stores nothing.
    #[arg(long, env = "RALLYMAP_REPORTS_OPEN_MAX", default_value_t = 10_000)]
    pub reports_open_max: u64,

    /// Days a decided report is kept, and a report's contact address at
    /// most: older decided reports are deleted and older addresses erased
    /// at start and on every decision (README, "Reports from readers: what
    /// is kept").
    #[arg(long, env = "RALLYMAP_REPORTS_KEEP_DAYS", default_value_t = 90)]
    pub reports_keep_days: u32,

    /// The fewest seconds between the report form being served and sent;
    /// a faster post (a script, not a reader) is refused.
    #[arg(long, env = "RALLYMAP_REPORT_MIN_SECONDS", default_value_t = 3)]
    pub report_min_seconds: u64,

    /// Proxies whose `X-Forwarded-For` names the client, for the sign-in
    /// and report throttles: comma-separated addresses or networks
    /// (`127.0.0.1,10.0.0.0/8`). Empty by default: the connection's peer
    /// is the client (README, "Behind a proxy, under a path").
    #[arg(long, env = "RALLYMAP_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: crate::client_addr::TrustedProxies,

    /// Mark cookies `Secure` (set when served over HTTPS).
    #[arg(long, env = "RALLYMAP_SECURE_COOKIES", action = ArgAction::Set, default_value_t = false)]
    pub secure_cookies: bool,
}

impl Config {
    /// The path the site is served under: that of `RALLYMAP_PUBLIC_URL`
    /// (`/rallies`), or none. A proxy strips it before asking; every URL
    /// the app writes carries it (README, "Behind a proxy, under a path").
    pub fn base_path(&self) -> app::base::BasePath {
        app::base::BasePath::from_public_url(self.public_url.as_ref().map(url::Url::as_str))
    }

    /// The settings the pages read (provided to them as Leptos context):
    /// the tiles under the maps and the public URL.
    pub fn site_settings(&self) -> app::api::SiteSettings {
        app::api::SiteSettings {
            tiles: self.tile_url.clone().map(|url| domain::tiles::TileLayer {
                url,
                attribution: self.tile_attribution.clone().unwrap_or_default(),
            }),
            public_url: self.public_url.as_ref().map(|u| u.to_string()),
            listen: self.listen.to_string(),
        }
    }

    /// The country outlines that "country from the point" reads, in the
    /// built site: `SITE_ROOT/vendor/countries-110m.geojson`, the file the
    /// map draws (`scripts/setup.sh` makes it; `cargo leptos build` copies
    /// it into the site).
    pub fn country_outlines(&self) -> PathBuf {
        self.site_root.join(domain::import::countries::OUTLINES_PATH)
    }

    /// Defaults with the given database and seed folder, for tests and tools.
    /// The process environment is not read, so a developer's settings never
    /// leak into tests.
    pub fn for_tests(database_url: impl Into<String>, seed_dir: impl Into<PathBuf>) -> Self {
        use clap::{CommandFactory, FromArgMatches};
        /// The settings alone, as a command line of their own.
        #[derive(Parser)]
        struct Settings {
            #[command(flatten)]
            config: Config,
        }
        let cmd = Settings::command().mut_args(|a| a.env(None));
        let matches = cmd.get_matches_from(["rallymap"]);
        let mut c = Settings::from_arg_matches(&matches).expect("the defaults parse").config;
        c.database_url = database_url.into();
        c.seed_dir = seed_dir.into();
        c
    }
}

/// Which database `DATABASE_URL` names, decided once from its scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file: `sqlite://PATH`, `sqlite::memory:` or a plain path, as given.
    Sqlite(String),
    /// A PostgreSQL database: `postgres://…` or `postgresql://…`, as given.
    Postgres(String),
}

/// A `DATABASE_URL` that names no database rallymap can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("DATABASE_URL {url:?}: {reason}")]
pub struct DatabaseUrlError {
    /// The URL as given, its password left out.
    pub url: String,
    /// Why it is refused.
    pub reason: String,
}

impl Database {
    /// Reads the scheme of `url`: `postgres://` and `postgresql://` are
    /// PostgreSQL; `sqlite:` or a path without a scheme is SQLite; any other
    /// scheme is refused.
    ///
    /// # Errors
    /// [`DatabaseUrlError`] for another scheme.
    pub fn parse(url: &str) -> Result<Self, DatabaseUrlError> {
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_owned()));
        }
        if lower.starts_with("sqlite:") {
            return Ok(Self::Sqlite(url.to_owned()));
        }
        match url.split_once("://") {
            Some((scheme, _)) if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) => {
                Err(DatabaseUrlError {
                    url: redacted(url),
                    reason: format!(
                        "the scheme {scheme:?} is not supported; use sqlite://PATH, a file path, or postgres://USER@HOST/DATABASE"
                    ),
                })
            }
            _ => Ok(Self::Sqlite(url.to_owned())),
        }
    }
}

/// `url` with its password (if any) replaced by `***`, for messages and logs.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_chooses_the_database() {
        assert_eq!(Database::parse("postgres://a@h/db"), Ok(Database::Postgres("postgres://a@h/db".into())));
        assert_eq!(Database::parse("postgresql://a@h/db"), Ok(Database::Postgres("postgresql://a@h/db".into())));
        assert_eq!(Database::parse("sqlite://var/x.db"), Ok(Database::Sqlite("sqlite://var/x.db".into())));
        assert_eq!(Database::parse("sqlite::memory:"), Ok(Database::Sqlite("sqlite::memory:".into())));
        assert_eq!(Database::parse("var/x.sqlite3"), Ok(Database::Sqlite("var/x.sqlite3".into())));
        let e = Database::parse("mysql://root:secret@h/db").expect_err("refused");
        assert_eq!(
            e.to_string(),
            "DATABASE_URL \"mysql://root:***@h/db\": the scheme \"mysql\" is not supported; use sqlite://PATH, a file \
             path, or postgres://USER@HOST/DATABASE"
        );
    }
}

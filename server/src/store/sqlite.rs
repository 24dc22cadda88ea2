//! [`EventStore`] on SQLite through sqlx: one file, created and migrated on
//! open, WAL journal, every write one transaction.

use std::path::Path;
use std::str::FromStr;

use app::event::{format_timestamp, Event, EventInput, SourceInput};
use app::geojson::sort_events;
use app::store::{EventStore, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use time::OffsetDateTime;

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// `DATABASE_URL` names a database we cannot use.
    #[error("DATABASE_URL {url:?}: {reason}")]
    Url {
        /// The URL as given.
        url: String,
        /// Why it is refused.
        reason: String,
    },
    /// The database's folder could not be created.
    #[error("cannot create the folder {path}: {source}")]
    Folder {
        /// The folder.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Connecting failed.
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    /// A migration failed.
    #[error("cannot migrate the database: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
}

/// Events in a SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(Box::new(e))
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: String,
    title: String,
    description: String,
    kind: String,
    date_start: String,
    date_end: String,
    date_precision: String,
    location_name: String,
    country_code: String,
    longitude: f64,
    latitude: f64,
    geo_precision: String,
    actors: Option<String>,
    crowd_size_text: Option<String>,
    sources: String,
    tags: String,
    updated_at: String,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SourceColumn {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

impl EventRow {
    /// Back through validation: a row edited by hand into something invalid is
    /// reported, never served.
    fn into_event(self) -> Result<Event, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt { id: self.id.clone(), reason };
        let sources: Vec<SourceColumn> =
            serde_json::from_str(&self.sources).map_err(|e| corrupt(format!("sources: {e}")))?;
        let tags: Vec<String> = serde_json::from_str(&self.tags).map_err(|e| corrupt(format!("tags: {e}")))?;
        let input = EventInput {
            id: self.id.clone(),
            title: self.title,
            description: self.description,
            kind: self.kind,
            date_start: self.date_start,
            date_end: self.date_end,
            date_precision: self.date_precision,
            location_name: self.location_name,
            country_code: self.country_code,
            lon: self.longitude.to_string(),
            lat: self.latitude.to_string(),
            geo_precision: self.geo_precision,
            actors: self.actors.unwrap_or_default(),
            crowd_size_text: self.crowd_size_text.unwrap_or_default(),
            sources: sources
                .into_iter()
                .map(|s| SourceInput { name: s.name, url: s.url.unwrap_or_default() })
                .collect(),
            tags,
            updated_at: self.updated_at,
        };
        input.validate_with_id().map_err(|v| StoreError::Corrupt { id: self.id, reason: v.to_string() })
    }
}

const COLUMNS: &str = "id, title, description, kind, date_start, date_end, date_precision, location_name, \
     country_code, longitude, latitude, geo_precision, actors, crowd_size_text, sources, tags, updated_at";

impl SqliteStore {
    /// Opens (creating the file and its folder if needed) and migrates the
    /// database at `url`: `sqlite://PATH`, `sqlite::memory:`, or a plain path.
    ///
    /// # Errors
    /// [`OpenError`]: a non-SQLite URL, an uncreatable folder, a failed
    /// connection or migration.
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        let bad = |reason: &str| OpenError::Url { url: url.to_owned(), reason: reason.to_owned() };
        if url.starts_with("postgres") {
            return Err(bad("PostgreSQL is not supported yet; use a SQLite file"));
        }
        let options = if url.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(url).map_err(|e| bad(&e.to_string()))?
        } else {
            SqliteConnectOptions::new().filename(url)
        };
        let file = options.get_filename().to_owned();
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() && file != Path::new(":memory:") {
                std::fs::create_dir_all(dir)
                    .map_err(|source| OpenError::Folder { path: dir.display().to_string(), source })?;
            }
        }
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(OpenError::Connect)?;
        sqlx::migrate!("./migrations").run(&pool).await.map_err(OpenError::Migrate)?;
        Ok(Self { pool })
    }

    /// The connection pool, for tests that inspect or damage rows.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

#[async_trait::async_trait]
impl EventStore for SqliteStore {
    async fn list(&self) -> Result<Vec<Event>, StoreError> {
        let rows: Vec<EventRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM events ORDER BY date_start, id"))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let mut events = rows.into_iter().map(EventRow::into_event).collect::<Result<Vec<_>, _>>()?;
        // SQL already orders them; sort again with the app's rule so the order
        // never depends on a database's collation.
        sort_events(&mut events);
        Ok(events)
    }

    async fn get(&self, id: &str) -> Result<Option<Event>, StoreError> {
        let row: Option<EventRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM events WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.map(EventRow::into_event).transpose()
    }

    async fn count(&self) -> Result<u64, StoreError> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM events")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn insert_all(&self, events: &[Event]) -> Result<(), StoreError> {
        let now = format_timestamp(OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| OffsetDateTime::now_utc()));
        let mut tx = self.pool.begin().await.map_err(backend)?;
        for e in events {
            let sources: Vec<SourceColumn> =
                e.sources.iter().map(|s| SourceColumn { name: s.name.clone(), url: s.url.clone() }).collect();
            let result = sqlx::query(&format!(
                "INSERT INTO events ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
            ))
            .bind(&e.id)
            .bind(&e.title)
            .bind(&e.description)
            .bind(e.kind.as_str())
            .bind(app::dates::format_date(e.dates.start))
            .bind(app::dates::format_date(e.dates.end))
            .bind(e.date_precision.as_str())
            .bind(&e.location_name)
            .bind(&e.country_code)
            .bind(e.lon)
            .bind(e.lat)
            .bind(e.geo_precision.as_str())
            .bind(&e.actors)
            .bind(&e.crowd_size_text)
            .bind(serde_json::to_string(&sources).map_err(|x| StoreError::Backend(Box::new(x)))?)
            .bind(serde_json::to_string(&e.tags).map_err(|x| StoreError::Backend(Box::new(x)))?)
            .bind(&now)
            .execute(&mut *tx)
            .await;
            match result {
                Ok(_) => {}
                Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                    return Err(StoreError::DuplicateId(e.id.clone()));
                }
                Err(x) => return Err(backend(x)),
            }
        }
        tx.commit().await.map_err(backend)
    }
}

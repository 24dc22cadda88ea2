//! [`EventStore`] on SQLite through sqlx: one file, created and migrated on
//! open, WAL journal, every write one transaction.

use std::path::Path;
use std::str::FromStr;

use domain::event::{format_timestamp, Event, EventInput, SourceInput};
use domain::geojson::sort_events;
use domain::store::{Action, EventStore, HistoryEntry, Revision, Status, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, Transaction};
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

#[derive(sqlx::FromRow)]
struct RevisionRow {
    #[sqlx(flatten)]
    event: EventRow,
    status: String,
    version: i64,
    deleted_at: Option<String>,
    updated_by: Option<String>,
}

impl RevisionRow {
    fn into_revision(self) -> Result<Revision, StoreError> {
        let status = Status::parse(&self.status).ok_or_else(|| StoreError::Corrupt {
            id: self.event.id.clone(),
            reason: format!("status {:?}", self.status),
        })?;
        Ok(Revision {
            event: self.event.into_event()?,
            status,
            version: self.version,
            deleted: self.deleted_at.is_some(),
            updated_by: self.updated_by,
        })
    }
}

/// A stored previous version: the event as a GeoJSON Feature and its status.
#[derive(serde::Serialize, serde::Deserialize)]
struct Snapshot {
    feature: geojson::Feature,
    status: Status,
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
/// Editing columns, read after [`COLUMNS`] for a [`Revision`].
const EDIT_COLUMNS: &str = "status, version, deleted_at, updated_by";
/// What the public sees.
const PUBLIC: &str = "status = 'published' AND deleted_at IS NULL";

fn now_stamp() -> String {
    format_timestamp(OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| OffsetDateTime::now_utc()))
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(Box::new(e)))
}

fn sources_json(e: &Event) -> Result<String, StoreError> {
    json(&e.sources.iter().map(|s| SourceColumn { name: s.name.clone(), url: s.url.clone() }).collect::<Vec<_>>())
}

/// A readable id for a new event: its first day and the first part of its
/// place, e.g. `2020-01-18-stockholm`.
fn id_base(e: &Event) -> String {
    let place = e.location_name.split(',').next().unwrap_or("").to_lowercase();
    let mut slug = String::new();
    for c in place.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_matches('-').chars().take(40).collect();
    let day = domain::dates::format_date(e.dates.start);
    if slug.is_empty() {
        format!("{day}-event")
    } else {
        format!("{day}-{slug}")
    }
}

async fn load(tx: &mut Transaction<'_, Sqlite>, id: &str) -> Result<Option<Revision>, StoreError> {
    let row: Option<RevisionRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS}, {EDIT_COLUMNS} FROM events WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend)?;
    row.map(RevisionRow::into_revision).transpose()
}

async fn record(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
    version: i64,
    action: Action,
    editor: &str,
    at: &str,
    previous: Option<&Revision>,
) -> Result<(), StoreError> {
    let previous = previous
        .map(|p| json(&Snapshot { feature: domain::geojson::to_feature(&p.event), status: p.status }))
        .transpose()?;
    sqlx::query(
        "INSERT INTO event_history (event_id, version, action, editor, at, previous) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(version)
    .bind(action.as_str())
    .bind(editor)
    .bind(at)
    .bind(previous)
    .execute(&mut **tx)
    .await
    .map_err(backend)?;
    Ok(())
}

/// Writes `e`'s fields over the row `e.id` at `expected` version; the
/// version goes up by one. `Conflict` or `NotFound` when it is not there.
async fn overwrite(
    tx: &mut Transaction<'_, Sqlite>,
    e: &Event,
    status: Status,
    deleted_at: Option<&str>,
    expected: i64,
    editor: &str,
    at: &str,
) -> Result<(), StoreError> {
    let r = bind_fields(
        sqlx::query(
            "UPDATE events SET title = $2, description = $3, kind = $4, date_start = $5, date_end = $6, \
             date_precision = $7, location_name = $8, country_code = $9, longitude = $10, latitude = $11, \
             geo_precision = $12, actors = $13, crowd_size_text = $14, sources = $15, tags = $16, updated_at = $17, \
             status = $18, updated_by = $19, deleted_at = $20, version = version + 1 \
             WHERE id = $1 AND version = $21",
        ),
        e,
    )?
    .bind(at)
    .bind(status.as_str())
    .bind(editor)
    .bind(deleted_at)
    .bind(expected)
    .execute(&mut **tx)
    .await
    .map_err(backend)?;
    if r.rows_affected() == 1 {
        return Ok(());
    }
    match load(tx, &e.id).await? {
        Some(now) => Err(StoreError::Conflict { id: e.id.clone(), current: now.version }),
        None => Err(StoreError::NotFound(e.id.clone())),
    }
}

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
        let pool =
            SqlitePoolOptions::new().max_connections(8).connect_with(options).await.map_err(OpenError::Connect)?;
        sqlx::migrate!("./migrations").run(&pool).await.map_err(OpenError::Migrate)?;
        Ok(Self { pool })
    }

    /// The connection pool, for tests that inspect or damage rows.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

type Query<'q> = sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

/// Binds `$1` (the id) to `$16` (tags) of an event row, in the column order
/// of [`COLUMNS`].
fn bind_fields<'q>(q: Query<'q>, e: &'q Event) -> Result<Query<'q>, StoreError> {
    Ok(q.bind(&e.id)
        .bind(&e.title)
        .bind(&e.description)
        .bind(e.kind.as_str())
        .bind(domain::dates::format_date(e.dates.start))
        .bind(domain::dates::format_date(e.dates.end))
        .bind(e.date_precision.as_str())
        .bind(&e.location_name)
        .bind(&e.country_code)
        .bind(e.lon)
        .bind(e.lat)
        .bind(e.geo_precision.as_str())
        .bind(&e.actors)
        .bind(&e.crowd_size_text)
        .bind(sources_json(e)?)
        .bind(json(&e.tags)?))
}

/// Inserts `e` at version 1; [`StoreError::DuplicateId`] when its id is taken.
async fn insert_row(
    tx: &mut Transaction<'_, Sqlite>,
    e: &Event,
    status: Status,
    editor: Option<&str>,
    at: &str,
) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO events ({COLUMNS}, status, updated_by, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1)"
    );
    let result =
        bind_fields(sqlx::query(&sql), e)?.bind(at).bind(status.as_str()).bind(editor).execute(&mut **tx).await;
    match result {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => Err(StoreError::DuplicateId(e.id.clone())),
        Err(x) => Err(backend(x)),
    }
}

impl SqliteStore {
    /// One change to an existing event in one transaction: `next` gives the
    /// new event, status and removal from the current revision; the change
    /// is refused unless the event is at `expected`, and recorded with the
    /// full previous version.
    async fn apply(
        &self,
        id: &str,
        action: Action,
        expected: i64,
        editor: &str,
        next: impl FnOnce(&Revision) -> (Event, Status, bool),
    ) -> Result<Revision, StoreError> {
        let at = now_stamp();
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let before = load(&mut tx, id).await?.ok_or_else(|| StoreError::NotFound(id.to_owned()))?;
        let (event, status, deleted) = next(&before);
        let deleted_at = deleted.then(|| at.clone());
        overwrite(&mut tx, &event, status, deleted_at.as_deref(), expected, editor, &at).await?;
        record(&mut tx, id, expected + 1, action, editor, &at, Some(&before)).await?;
        let saved = load(&mut tx, id).await?.ok_or_else(|| StoreError::NotFound(id.to_owned()))?;
        tx.commit().await.map_err(backend)?;
        Ok(saved)
    }
}

#[async_trait::async_trait]
impl EventStore for SqliteStore {
    async fn list(&self) -> Result<Vec<Event>, StoreError> {
        let rows: Vec<EventRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM events WHERE {PUBLIC} ORDER BY date_start, id"))
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
        let row: Option<EventRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM events WHERE id = $1 AND {PUBLIC}"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.map(EventRow::into_event).transpose()
    }

    async fn count(&self) -> Result<u64, StoreError> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM events").fetch_one(&self.pool).await.map_err(backend)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn insert_all(&self, events: &[Event]) -> Result<(), StoreError> {
        let now = now_stamp();
        let mut tx = self.pool.begin().await.map_err(backend)?;
        for e in events {
            insert_row(&mut tx, e, Status::Published, None, &now).await?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn list_for_editors(&self) -> Result<Vec<Revision>, StoreError> {
        let rows: Vec<RevisionRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS}, {EDIT_COLUMNS} FROM events ORDER BY updated_at DESC, id"))
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
        rows.into_iter().map(RevisionRow::into_revision).collect()
    }

    async fn revision(&self, id: &str) -> Result<Option<Revision>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let r = load(&mut tx, id).await?;
        tx.commit().await.map_err(backend)?;
        Ok(r)
    }

    async fn create(&self, event: &Event, status: Status, editor: &str) -> Result<Revision, StoreError> {
        let at = now_stamp();
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut e = event.clone();
        if e.id.is_empty() {
            let base = id_base(&e);
            let mut n = 1;
            e.id = base.clone();
            while load(&mut tx, &e.id).await?.is_some() {
                n += 1;
                e.id = format!("{base}-{n}");
            }
        }
        insert_row(&mut tx, &e, status, Some(editor), &at).await?;
        record(&mut tx, &e.id, 1, Action::Created, editor, &at, None).await?;
        let saved = load(&mut tx, &e.id).await?.ok_or_else(|| StoreError::NotFound(e.id.clone()))?;
        tx.commit().await.map_err(backend)?;
        Ok(saved)
    }

    async fn update(
        &self,
        event: &Event,
        status: Status,
        expected_version: i64,
        editor: &str,
    ) -> Result<Revision, StoreError> {
        self.apply(&event.id, Action::Updated, expected_version, editor, |b| (event.clone(), status, b.deleted)).await
    }

    async fn set_deleted(
        &self,
        id: &str,
        deleted: bool,
        expected_version: i64,
        editor: &str,
    ) -> Result<Revision, StoreError> {
        let action = if deleted { Action::Deleted } else { Action::Restored };
        self.apply(id, action, expected_version, editor, |b| (b.event.clone(), b.status, deleted)).await
    }

    async fn history(&self, id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows: Vec<(i64, i64, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, version, action, editor, at, previous FROM event_history WHERE event_id = $1 ORDER BY id DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|(hid, version, action, editor, at, previous)| {
                let corrupt = |reason: String| StoreError::Corrupt { id: id.to_owned(), reason };
                let action = Action::parse(&action).ok_or_else(|| corrupt(format!("history action {action:?}")))?;
                let previous = previous
                    .map(|p| -> Result<(Event, Status), StoreError> {
                        let snap: Snapshot = serde_json::from_str(&p).map_err(|e| corrupt(e.to_string()))?;
                        let event = domain::geojson::from_feature(&snap.feature).map_err(|v| corrupt(v.to_string()))?;
                        Ok((event, snap.status))
                    })
                    .transpose()?;
                Ok(HistoryEntry { id: hid, version, action, editor, at, previous })
            })
            .collect()
    }

    async fn revert(&self, id: &str, entry: i64, expected_version: i64, editor: &str) -> Result<Revision, StoreError> {
        let history = self.history(id).await?;
        let (event, status) = history
            .into_iter()
            .find(|h| h.id == entry)
            .and_then(|h| h.previous)
            .ok_or_else(|| StoreError::NotFound(format!("{id} history {entry}")))?;
        self.apply(id, Action::Reverted, expected_version, editor, |b| (event, status, b.deleted)).await
    }
}

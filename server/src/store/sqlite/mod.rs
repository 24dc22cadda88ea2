//! [`EventStore`] on SQLite through sqlx: one file, created and migrated on
//! open, WAL journal, every write one transaction (ARCHITECTURE.md, "The
//! store").
//!
//! - `rows`: which columns hold which field; rows to events and back;
//! - `write`: the writes, with their Feature text, day counts and version;
//! - `read`: what readers ask for, from indexes and stored Features.
//!
//! SQL is built at run time (`sqlx::query`), not checked at compile time
//! with `query!`: the column lists come from [`domain::field::Field`] and
//! the R*Tree is a virtual table that sqlx cannot describe; every query
//! runs in the integration tests on real SQLite files (README, "Build
//! notes").

mod read;
mod rows;
mod write;

use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use domain::bbox::BBox;
use domain::compact::CompactEvents;
use domain::dates::day_number;
use domain::event::{format_timestamp, Event, EventInput, SourceInput};
use domain::filter::EventFilter;
use domain::store::{
    Action, DataVersion, EventBatches, EventStore, FeatureStream, HistoryEntry, ImportCounts, ImportPlan, Revision,
    Status, StoreError,
};
use domain::timeline::Extent;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use time::OffsetDateTime;

use rows::{RevisionRow, EDIT_COLUMNS, FIELD_COLUMNS, PUBLIC};
use write::{bump_version, insert_row, is_public, load, now, overwrite, record, DayCounts, Snapshot, Tx};

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
    /// Rows written before this version could not be brought up to date.
    #[error("cannot bring stored events up to date: {0}")]
    Backfill(#[source] StoreError),
}

/// How long a read data version is trusted before it is read again: our own
/// writes update it at once; this bounds how long a write by another
/// process (`rallymap` on the command line) goes unseen.
const VERSION_TTL: Duration = Duration::from_millis(250);

/// The data version as last read, and what was read once for it: the
/// longest public event and the box of their points.
#[derive(Debug, Clone, Copy)]
struct Known {
    version: DataVersion,
    longest: i64,
    /// The box of the public events' points, read once per version.
    bbox: Option<domain::store::SpatialExtent>,
    read_at: Instant,
}

/// The map's index of public events and the data version it was built
/// for: about 20 bytes and an id per event (40 MB at 1,000,000).
type KeptIndex = Arc<tokio::sync::Mutex<Option<(i64, Arc<CompactEvents>)>>>;

/// Events in a SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    known: Arc<Mutex<Option<Known>>>,
    compact: KeptIndex,
}

fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(Box::new(e))
}

impl SqliteStore {
    /// Opens (creating the file and its folder if needed) and migrates the
    /// database at `url`: `sqlite://PATH`, `sqlite::memory:`, or a plain path;
    /// then fills what reads need for rows written before this version.
    ///
    /// # Errors
    /// [`OpenError`]: a non-SQLite URL, an uncreatable folder, a failed
    /// connection, migration or backfill.
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
            .pragma("temp_store", "memory")
            .foreign_keys(true);
        let pool =
            SqlitePoolOptions::new().max_connections(8).connect_with(options).await.map_err(OpenError::Connect)?;
        sqlx::migrate!("./migrations").run(&pool).await.map_err(OpenError::Migrate)?;
        let store = Self { pool, known: Arc::new(Mutex::new(None)), compact: KeptIndex::default() };
        store.backfill().await.map_err(OpenError::Backfill)?;
        Ok(store)
    }

    /// The connection pool, for tests that inspect or damage rows.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Rows stored before reads kept their Feature text and day numbers
    /// (migration 0004) get them now, once, validated as any write is.
    async fn backfill(&self) -> Result<(), StoreError> {
        #[derive(sqlx::FromRow)]
        struct OldRow {
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
            sources: sqlx::types::Json<Vec<domain::event::Source>>,
            tags: sqlx::types::Json<Vec<String>>,
            updated_at: String,
            status: String,
            deleted_at: Option<String>,
        }
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let old: Vec<OldRow> = sqlx::query_as(
            "SELECT id, title, description, kind, date_start, date_end, date_precision, location_name, country_code, \
             longitude, latitude, geo_precision, actors, crowd_size_text, sources, tags, updated_at, status, deleted_at \
             FROM events WHERE feature IS NULL",
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        if old.is_empty() {
            return Ok(());
        }
        let mut counts = DayCounts::default();
        for r in old {
            let input = EventInput {
                id: r.id.clone(),
                title: r.title,
                description: r.description,
                kind: r.kind,
                date_start: r.date_start,
                date_end: r.date_end,
                date_precision: r.date_precision,
                location_name: r.location_name,
                country_code: r.country_code,
                lon: r.longitude.to_string(),
                lat: r.latitude.to_string(),
                geo_precision: r.geo_precision,
                actors: r.actors.unwrap_or_default(),
                crowd_size_text: r.crowd_size_text.unwrap_or_default(),
                sources: r
                    .sources
                    .0
                    .into_iter()
                    .map(|s| SourceInput { name: s.name, url: s.url.unwrap_or_default() })
                    .collect(),
                tags: r.tags.0,
                updated_at: r.updated_at,
            };
            let e = input
                .validate_with_id()
                .map_err(|v| StoreError::Corrupt { id: r.id.clone(), reason: v.to_string() })?;
            sqlx::query("UPDATE events SET day_start = ?, day_end = ?, feature = ? WHERE id = ?")
                .bind(day_number(e.dates.start))
                .bind(day_number(e.dates.end))
                .bind(rows::feature_text(&e)?)
                .bind(&e.id)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            if r.status == Status::Published.as_str() && r.deleted_at.is_none() {
                counts.add(&e, 1);
            }
        }
        counts.write(&mut tx).await?;
        bump_version(&mut tx, now()).await?;
        tx.commit().await.map_err(backend)
    }

    /// The data version and the longest public event, read again when the
    /// last read is older than [`VERSION_TTL`] or `fresh` is asked for.
    async fn known(&self, fresh: bool) -> Result<Known, StoreError> {
        let cached = *self.known.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(k) = cached.filter(|k| !fresh && k.read_at.elapsed() < VERSION_TTL) {
            return Ok(k);
        }
        let (version, modified): (i64, String) =
            sqlx::query_as("SELECT version, modified_at FROM data_version WHERE id = 1")
                .fetch_one(&self.pool)
                .await
                .map_err(backend)?;
        let modified = OffsetDateTime::parse(&modified, &time::format_description::well_known::Rfc3339)
            .map_err(|e| StoreError::Corrupt { id: "data_version".into(), reason: e.to_string() })?;
        let (longest, bbox) = match cached {
            Some(k) if k.version.version == version => (k.longest, k.bbox),
            _ => (read::longest_duration(&self.pool).await?, read::spatial_extent(&self.pool).await?),
        };
        let k = Known { version: DataVersion { version, modified }, longest, bbox, read_at: Instant::now() };
        *self.known.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(k);
        Ok(k)
    }

    /// Commits a write and reads the new version at once, so that the next
    /// request's ETag differs.
    async fn commit(&self, tx: Tx<'_>) -> Result<(), StoreError> {
        tx.commit().await.map_err(backend)?;
        self.known(true).await.map(|_| ())
    }

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
        let at = now();
        let stamp = format_timestamp(at);
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let before = load(&mut tx, id).await?.ok_or_else(|| StoreError::NotFound(id.to_owned()))?;
        let (mut event, status, deleted) = next(&before);
        event.updated_at = Some(at);
        let deleted_at = deleted.then(|| stamp.clone());
        overwrite(&mut tx, &event, status, deleted_at.as_deref(), expected, editor).await?;
        record(&mut tx, id, expected + 1, action, editor, &stamp, Some(&before)).await?;
        let mut counts = DayCounts::default();
        if is_public(before.status, before.deleted) {
            counts.add(&before.event, -1);
        }
        if is_public(status, deleted) {
            counts.add(&event, 1);
        }
        counts.write(&mut tx).await?;
        bump_version(&mut tx, at).await?;
        let saved = load(&mut tx, id).await?.ok_or_else(|| StoreError::NotFound(id.to_owned()))?;
        self.commit(tx).await?;
        Ok(saved)
    }
}

#[async_trait::async_trait]
impl EventStore for SqliteStore {
    async fn list(&self) -> Result<Vec<Event>, StoreError> {
        let rows: Vec<rows::EventRow> =
            sqlx::query_as(&format!("SELECT {} FROM events WHERE {PUBLIC} ORDER BY day_start, id", *FIELD_COLUMNS))
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
        rows.into_iter().map(rows::EventRow::into_event).collect()
    }

    async fn get(&self, id: &str) -> Result<Option<Event>, StoreError> {
        let row: Option<rows::EventRow> =
            sqlx::query_as(&format!("SELECT {} FROM events WHERE id = ? AND {PUBLIC}", *FIELD_COLUMNS))
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        row.map(rows::EventRow::into_event).transpose()
    }

    async fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events").fetch_one(&self.pool).await.map_err(backend)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn features_matching(&self, filter: EventFilter, properties: domain::filter::PropertyFilter) -> FeatureStream {
        let store = self.clone();
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<String, StoreError>>(256);
        tokio::spawn(async move {
            match store.known(false).await {
                Ok(k) => read::send_features(&store.pool, filter, &properties, k.longest, &tx).await,
                Err(e) => {
                    let _ = tx.send(Err(e)).await;
                }
            }
        });
        Box::pin(futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) }))
    }

    async fn list_page(
        &self,
        filter: EventFilter,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<domain::store::ListItem>, StoreError> {
        let longest = self.known(false).await?.longest;
        read::list_page(&self.pool, filter, longest, offset, limit).await
    }

    async fn feature_page(
        &self,
        filter: EventFilter,
        properties: &domain::filter::PropertyFilter,
        offset: u64,
        limit: u64,
    ) -> Result<domain::store::FeaturePage, StoreError> {
        let longest = self.known(false).await?.longest;
        read::feature_page(&self.pool, filter, properties, longest, offset, limit).await
    }

    async fn spatial_extent(&self) -> Result<Option<domain::store::SpatialExtent>, StoreError> {
        Ok(self.known(false).await?.bbox)
    }

    async fn feature(&self, id: &str) -> Result<Option<String>, StoreError> {
        read::feature(&self.pool, id).await
    }

    async fn extent(&self) -> Result<Option<Extent>, StoreError> {
        read::extent(&self.pool).await
    }

    async fn day_counts(
        &self,
        first: time::Date,
        last: time::Date,
        bbox: Option<BBox>,
    ) -> Result<Vec<u32>, StoreError> {
        read::day_counts(&self.pool, day_number(first), day_number(last), bbox).await
    }

    async fn compact(&self) -> Result<Arc<CompactEvents>, StoreError> {
        let version = self.known(false).await?.version.version;
        let mut kept = self.compact.lock().await;
        if let Some((_, index)) = kept.as_ref().filter(|(v, _)| *v == version) {
            return Ok(index.clone());
        }
        let started = Instant::now();
        let index = Arc::new(read::compact(&self.pool).await?);
        tracing::debug!(events = index.len(), ms = started.elapsed().as_millis() as u64, "built the map's index");
        *kept = Some((version, index.clone()));
        Ok(index)
    }

    async fn data_version(&self) -> Result<DataVersion, StoreError> {
        Ok(self.known(false).await?.version)
    }

    async fn insert_all(&self, events: &[Event]) -> Result<(), StoreError> {
        let batch = events.to_vec();
        self.load(Box::pin(futures_util::stream::once(async move { Ok(batch) }))).await.map(|_| ())
    }

    async fn load(&self, mut batches: EventBatches) -> Result<u64, StoreError> {
        use futures_util::StreamExt;
        let at = now();
        let mut tx = self.pool.begin().await.map_err(backend)?;
        // 64 MiB of page cache for this connection while it loads (SQLite's
        // default is 2 MiB): the indexes of a million events stay in memory.
        // Set back before the connection returns to the pool.
        sqlx::query("PRAGMA cache_size = -65536").execute(&mut *tx).await.map_err(backend)?;
        let mut counts = DayCounts::default();
        let mut stored = 0u64;
        while let Some(batch) = batches.next().await {
            // Dropping the transaction rolls back everything stored so far.
            let batch = batch.map_err(StoreError::Abandoned)?;
            write::insert_many(&mut tx, &batch, at, Status::Published, None).await?;
            for e in &batch {
                counts.add(e, 1);
            }
            stored += batch.len() as u64;
        }
        counts.write(&mut tx).await?;
        sqlx::query("PRAGMA cache_size = -2000").execute(&mut *tx).await.map_err(backend)?;
        bump_version(&mut tx, at).await?;
        self.commit(tx).await?;
        Ok(stored)
    }

    async fn existing_ids(&self, ids: &[String]) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        write::taken_ids(&mut conn, ids).await
    }

    async fn import(&self, events: &[Event], plan: &ImportPlan) -> Result<ImportCounts, StoreError> {
        let at = now();
        let stamp = format_timestamp(at);
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query("PRAGMA cache_size = -65536").execute(&mut *tx).await.map_err(backend)?;
        let ids: Vec<String> = events.iter().map(|e| e.id.clone()).collect();
        let taken = write::taken_ids(&mut tx, &ids).await?;
        let (old, new): (Vec<&Event>, Vec<&Event>) = events.iter().partition(|e| taken.contains(&e.id));
        if let (Some(e), false) = (old.first(), plan.update_existing) {
            return Err(StoreError::DuplicateId(e.id.clone()));
        }
        let mut counts = DayCounts::default();
        let new: Vec<Event> = new.into_iter().cloned().collect();
        write::insert_many(&mut tx, &new, at, plan.status, Some(&plan.editor)).await?;
        let new_ids: Vec<&str> = new.iter().map(|e| e.id.as_str()).collect();
        write::record_imports(&mut tx, &new_ids, &plan.editor, &stamp, &plan.note).await?;
        if is_public(plan.status, false) {
            for e in &new {
                counts.add(e, 1);
            }
        }
        for e in &old {
            let before = load(&mut tx, &e.id).await?.ok_or_else(|| StoreError::NotFound(e.id.clone()))?;
            let event = Event { updated_at: Some(at), ..(*e).clone() };
            let deleted_at = before.deleted.then(|| stamp.clone());
            overwrite(&mut tx, &event, plan.status, deleted_at.as_deref(), before.version, &plan.editor).await?;
            let version = before.version + 1;
            write::record_noted(
                &mut tx,
                &e.id,
                version,
                Action::Imported,
                &plan.editor,
                &stamp,
                Some(&before),
                Some(&plan.note),
            )
            .await?;
            if is_public(before.status, before.deleted) {
                counts.add(&before.event, -1);
            }
            if is_public(plan.status, before.deleted) {
                counts.add(&event, 1);
            }
        }
        counts.write(&mut tx).await?;
        sqlx::query("PRAGMA cache_size = -2000").execute(&mut *tx).await.map_err(backend)?;
        bump_version(&mut tx, at).await?;
        self.commit(tx).await?;
        Ok(ImportCounts { created: new.len(), updated: old.len() })
    }

    async fn list_for_editors(&self) -> Result<Vec<Revision>, StoreError> {
        let rows: Vec<RevisionRow> = sqlx::query_as(&format!(
            "SELECT {}, {EDIT_COLUMNS} FROM events ORDER BY updated_at DESC, id",
            *FIELD_COLUMNS
        ))
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
        let at = now();
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut e = Event { updated_at: Some(at), ..event.clone() };
        if e.id.is_empty() {
            let base = domain::ids::id_base(e.dates.start, &e.location_name);
            let mut n = 1;
            e.id = base.clone();
            while load(&mut tx, &e.id).await?.is_some() {
                n += 1;
                e.id = format!("{base}-{n}");
            }
        }
        insert_row(&mut tx, &e, status, Some(editor)).await?;
        record(&mut tx, &e.id, 1, Action::Created, editor, &format_timestamp(at), None).await?;
        if is_public(status, false) {
            let mut counts = DayCounts::default();
            counts.add(&e, 1);
            counts.write(&mut tx).await?;
        }
        bump_version(&mut tx, at).await?;
        let saved = load(&mut tx, &e.id).await?.ok_or_else(|| StoreError::NotFound(e.id.clone()))?;
        self.commit(tx).await?;
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
        let rows: Vec<(i64, i64, String, String, String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT id, version, action, editor, at, previous, note FROM event_history WHERE event_id = ? ORDER BY id DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|(hid, version, action, editor, at, previous, note)| {
                let corrupt = |reason: String| StoreError::Corrupt { id: id.to_owned(), reason };
                let action = Action::parse(&action).ok_or_else(|| corrupt(format!("history action {action:?}")))?;
                let previous = previous
                    .map(|p| -> Result<(Event, Status), StoreError> {
                        let snap: Snapshot = serde_json::from_str(&p).map_err(|e| corrupt(e.to_string()))?;
                        let event = domain::geojson::from_feature(&snap.feature).map_err(|v| corrupt(v.to_string()))?;
                        Ok((event, snap.status))
                    })
                    .transpose()?;
                Ok(HistoryEntry { id: hid, version, action, editor, at, previous, note })
            })
            .collect()
    }

    async fn revert(&self, id: &str, entry: i64, expected_version: i64, editor: &str) -> Result<Revision, StoreError> {
        let previous: Option<Option<String>> =
            sqlx::query_scalar("SELECT previous FROM event_history WHERE event_id = ? AND id = ?")
                .bind(id)
                .bind(entry)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        let not_found = || StoreError::NotFound(format!("{id} history {entry}"));
        let snap: Snapshot = serde_json::from_str(&previous.flatten().ok_or_else(not_found)?)
            .map_err(|e| StoreError::Corrupt { id: id.to_owned(), reason: e.to_string() })?;
        let event = domain::geojson::from_feature(&snap.feature)
            .map_err(|v| StoreError::Corrupt { id: id.to_owned(), reason: v.to_string() })?;
        self.apply(id, Action::Reverted, expected_version, editor, |b| (event, snap.status, b.deleted)).await
    }
}

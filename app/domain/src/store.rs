//! The storage port: what the app needs from wherever events are kept.
//!
//! The app's server functions and the server's API read and write events
//! through three traits, one per job: [`EventReader`] (what readers and the
//! API ask), [`EventEditor`] (editors' changes, with versions and history)
//! and [`EventImporter`] (many events in one transaction); [`EventStore`] is
//! all three. The server crate implements them on SQLite (and later
//! PostgreSQL), each in a module of its own. It lives in the domain, not in `server`, because
//! `app` must never depend on `server`. The editing types ([`Revision`],
//! [`Status`], [`HistoryEntry`]) also cross the wire to the editor's pages.

use std::pin::Pin;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::bbox::BBox;
use crate::event::Event;
use crate::filter::EventFilter;
use crate::timeline::Extent;

/// Whether the public sees an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Only editors see it.
    Draft,
    /// On the public map and API.
    Published,
}

impl Status {
    /// `draft` or `published`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
        }
    }

    /// Parses `draft` or `published`.
    ///
    /// ```
    /// use domain::store::Status;
    /// assert_eq!(Status::parse("published"), Some(Status::Published));
    /// assert_eq!(Status::parse("Published"), None);
    /// assert_eq!(Status::Draft.as_str(), "draft");
    /// ```
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "published" => Some(Self::Published),
            _ => None,
        }
    }
}

/// An event as editors see it: with its status, version and whether it was
/// removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    /// The event.
    pub event: Event,
    /// Draft or published.
    pub status: Status,
    /// Increases by one with every change; a save must name the version it
    /// started from.
    pub version: i64,
    /// Removed (soft-deleted): hidden from the public, restorable.
    pub deleted: bool,
    /// The editor of the last change (`None` for seed data).
    pub updated_by: Option<String>,
}

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Made.
    Created,
    /// Edited.
    Updated,
    /// Removed (soft delete).
    Deleted,
    /// Brought back after removal.
    Restored,
    /// Set back to a previous version.
    Reverted,
    /// Added or replaced by an import; the entry's note names the file.
    Imported,
}

impl Action {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Deleted => "deleted",
            Self::Restored => "restored",
            Self::Reverted => "reverted",
            Self::Imported => "imported",
        }
    }

    /// Parses a stored name.
    ///
    /// ```
    /// use domain::store::Action;
    /// assert_eq!(Action::parse("imported"), Some(Action::Imported));
    /// assert_eq!(Action::parse(Action::Reverted.as_str()), Some(Action::Reverted));
    /// assert_eq!(Action::parse("archived"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Created, Self::Updated, Self::Deleted, Self::Restored, Self::Reverted, Self::Imported]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Its id (to revert to `previous`).
    pub id: i64,
    /// The version the change produced.
    pub version: i64,
    /// What it did.
    pub action: Action,
    /// Who did it.
    pub editor: String,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// The full version before the change; `None` for a create.
    pub previous: Option<(Event, Status)>,
    /// A word on the change, e.g. "imported from events.csv".
    pub note: Option<String>,
}

/// How [`EventStore::import`] stores a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    /// Draft or published, for every event.
    pub status: Status,
    /// Whether an event whose id exists is replaced; if not, such an id
    /// fails the whole import with [`StoreError::DuplicateId`].
    pub update_existing: bool,
    /// Who imported (the history's editor).
    pub editor: String,
    /// The history's note, "imported from FILE".
    pub note: String,
    /// Events that exist keep their status (draft or published) rather
    /// than taking `status`: a sync brings a dataset's changes, not an
    /// editor's decision to publish.
    pub keep_status: bool,
}

/// What a sync needs to know of a stored event whose id a file has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncKey {
    /// The event's id.
    pub id: String,
    /// Its dataset, if it has one.
    pub dataset: Option<String>,
    /// When its dataset last changed it, as stored.
    pub upstream_updated_at: Option<time::OffsetDateTime>,
}

/// An event of a dataset, as a sync lists it when a full export lacks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetMember {
    /// The event's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its id in the dataset.
    pub external_id: Option<String>,
}

/// What [`EventStore::import`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Events added.
    pub created: usize,
    /// Events replaced.
    pub updated: usize,
}

/// Why the store could not answer. Never caused by a reader's input.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed (SQL, a constraint).
    #[error("database error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The database cannot be reached now: the connection is lost, no
    /// connection came free within the pool's wait, the file cannot be read
    /// or the disk is full. Nothing was read or stored; asking again later
    /// may succeed (the API answers 503 with `Retry-After`).
    #[error("the database is unavailable: {0}")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A stored row no longer satisfies the event rules (edited by hand?).
    #[error("stored event {id:?} is invalid: {reason}")]
    Corrupt {
        /// The row's id.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An insert reused an existing id.
    #[error("an event with id {0:?} already exists")]
    DuplicateId(String),
    /// A load was abandoned by its reader; nothing was stored.
    #[error("the load was abandoned: {0}")]
    Abandoned(String),
    /// No event (or history entry) with this id.
    #[error("no event with id {0:?}")]
    NotFound(String),
    /// Someone else saved first: the change was made to an older version.
    #[error("event {id:?} was changed by someone else (now version {current}); reload it and make your change again")]
    Conflict {
        /// The event.
        id: String,
        /// Its version now.
        current: i64,
    },
}

/// One row of the map's list: what it shows of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    /// The event's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its days.
    pub dates: crate::dates::DateRange,
    /// Exact or approximate.
    pub date_precision: crate::event::DatePrecision,
    /// What happened.
    pub kind: crate::event::EventKind,
    /// The place as reported.
    pub location_name: String,
}

/// One page of the public events a query matches (OGC API – Features items).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeaturePage {
    /// How many match in all (`numberMatched`).
    pub matched: u64,
    /// The page's Features as stored, in the API's order.
    pub features: Vec<String>,
}

/// The spatial extent of the public events: `[west, south, east, north]` in
/// WGS 84 degrees, the smallest box holding every point (not across the
/// antimeridian).
pub type SpatialExtent = [f64; 4];

/// The data's version, bumped by every write: it keys ETags and caches, so
/// that a reader's next request after an edit sees the edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataVersion {
    /// Increases with every write (1 for a new store).
    pub version: i64,
    /// When the last write happened (UTC, whole seconds).
    pub modified: time::OffsetDateTime,
}

/// Public events as their stored GeoJSON Feature texts, in the API's order
/// (first day, then id), read as they are needed.
pub type FeatureStream = Pin<Box<dyn futures_core::Stream<Item = Result<String, StoreError>> + Send>>;

/// Events for one load, a batch at a time (see [`EventStore::load`]); an
/// `Err` abandons the load with its reason.
pub type EventBatches = Pin<Box<dyn futures_core::Stream<Item = Result<Vec<Event>, String>> + Send>>;

/// What readers and the API ask of the store: public events, their
/// Features, counts, extents and the data version. Reads never change
/// anything.
#[async_trait::async_trait]
pub trait EventReader: Send + Sync + 'static {
    /// Every public event (published, not removed), sorted by first day then id.
    async fn list(&self) -> Result<Vec<Event>, StoreError>;
    /// One public event, or `None` if there is none with that id.
    async fn get(&self, id: &str) -> Result<Option<Event>, StoreError>;
    /// How many events are stored.
    async fn count(&self) -> Result<u64, StoreError>;
    /// The public events that `filter` matches, as Feature texts, in order;
    /// only the matching rows are read.
    fn features(&self, filter: EventFilter) -> FeatureStream;
    /// The ids of the public events `filter` matches, in the API's order
    /// (first day, then id), for conditions the map's index cannot answer
    /// (see [`positions`]).
    async fn matching_ids(&self, filter: &EventFilter) -> Result<Vec<String>, StoreError>;
    /// The list's rows of the public events `ids`, in that order; an id
    /// with no public event is left out.
    async fn list_items(&self, ids: &[String]) -> Result<Vec<ListItem>, StoreError>;
    /// The public events that `filter` matches: how many in all, and their
    /// Features `offset..offset + limit` in the API's order (first day, then
    /// id), as stored.
    async fn feature_page(&self, filter: &EventFilter, offset: u64, limit: u64) -> Result<FeaturePage, StoreError>;
    /// What the public events `filter` matches add up to: events, people
    /// reported as a range, outcomes where reported.
    async fn summary(&self, filter: &EventFilter) -> Result<crate::summary::WindowSummary, StoreError>;
    /// How many events each value of each filter would select, within the
    /// window, the box and the search of `filter` (see [`crate::facets`]).
    async fn facets(&self, filter: &EventFilter) -> Result<crate::facets::FacetCounts, StoreError>;
    /// The public events `filter` matches, counted by country (events and
    /// people reported as a range), most events first, then by code.
    async fn countries(&self, filter: &EventFilter) -> Result<crate::choropleth::CountryCounts, StoreError>;
    /// The newest `limit` public events `filter` matches, by the time they
    /// were published or last changed (newest first, then by id): each as
    /// its stored Feature text and that time (RFC 3339), for feeds.
    async fn recent(&self, filter: &EventFilter, limit: u64) -> Result<Vec<(String, String)>, StoreError>;
    /// The box of every public event's point; `None` when there are none.
    async fn spatial_extent(&self) -> Result<Option<SpatialExtent>, StoreError>;
    /// One public event's Feature text, or `None`.
    async fn feature(&self, id: &str) -> Result<Option<String>, StoreError>;
    /// The first and last day of the public events; `None` when there are none.
    async fn extent(&self) -> Result<Option<Extent>, StoreError>;
    /// Every public event as the map needs it ([`crate::compact`]), sorted
    /// by first day then id: kept in memory for the data version now and
    /// built again (once, however many ask at the same time) after a write.
    async fn compact(&self) -> Result<Arc<crate::compact::CompactEvents>, StoreError>;
    /// The data's version now, as the database has it (a write by another
    /// process shows at once).
    async fn data_version(&self) -> Result<DataVersion, StoreError>;
}

/// What editors do to events, one change at a time: each change is one
/// transaction that checks the version the editor started from and records
/// the previous version in the history.
#[async_trait::async_trait]
pub trait EventEditor: Send + Sync + 'static {
    /// Every event, drafts and removed ones included, newest change first.
    async fn list_for_editors(&self) -> Result<Vec<Revision>, StoreError>;
    /// One event with its status and version, removed or not.
    async fn revision(&self, id: &str) -> Result<Option<Revision>, StoreError>;
    /// Stores a new event (an id is made from its date and place when
    /// `event.id` is empty) and records the change.
    async fn create(&self, event: &Event, status: Status, editor: &str) -> Result<Revision, StoreError>;
    /// Replaces an event if it is still at `expected_version`, recording the
    /// previous version; [`StoreError::Conflict`] otherwise.
    async fn update(
        &self,
        event: &Event,
        status: Status,
        expected_version: i64,
        editor: &str,
    ) -> Result<Revision, StoreError>;
    /// Removes (`deleted`) or restores an event at `expected_version`.
    async fn set_deleted(
        &self,
        id: &str,
        deleted: bool,
        expected_version: i64,
        editor: &str,
    ) -> Result<Revision, StoreError>;
    /// The event's changes, newest first.
    async fn history(&self, id: &str) -> Result<Vec<HistoryEntry>, StoreError>;
    /// Sets the event back to the version before history entry `entry`.
    async fn revert(&self, id: &str, entry: i64, expected_version: i64, editor: &str) -> Result<Revision, StoreError>;
}

/// Many events at once: the seed, loads of made-up data and editors'
/// imports, each one transaction, all or nothing.
#[async_trait::async_trait]
pub trait EventImporter: Send + Sync + 'static {
    /// Stores new events, all or none, setting each `updated_at` to now.
    async fn insert_all(&self, events: &[Event]) -> Result<(), StoreError>;
    /// Stores new published events as their batches arrive, in one
    /// transaction: all of them, or none when a batch is an `Err` (then
    /// [`StoreError::Abandoned`]) or an id is taken. Returns how many.
    async fn load(&self, batches: EventBatches) -> Result<u64, StoreError>;
    /// Which of `ids` are taken, by any event: published, draft or removed
    /// (ids are never reused).
    async fn existing_ids(&self, ids: &[String]) -> Result<std::collections::HashSet<String>, StoreError>;
    /// Stores imported events in one transaction, each with a history
    /// entry [`Action::Imported`] carrying `plan.note`: all of them or,
    /// on any error, none.
    async fn import(&self, events: &[Event], plan: &ImportPlan) -> Result<ImportCounts, StoreError>;
    /// For each of `ids` that is taken, its dataset and upstream time (a
    /// sync decides from these which events changed).
    async fn sync_keys(&self, ids: &[String]) -> Result<Vec<SyncKey>, StoreError>;
    /// The events `ids` as editors see them, removed ones too.
    async fn revisions(&self, ids: &[String]) -> Result<Vec<Revision>, StoreError>;
    /// The events of `dataset` that are not removed, by id.
    async fn dataset_members(&self, dataset: &str) -> Result<Vec<DatasetMember>, StoreError>;
}

/// A whole store: reading, editing and importing, as the app and the server
/// share it. Implemented for every type that implements the three; a
/// function that needs one job takes that trait alone.
pub trait EventStore: EventReader + EventEditor + EventImporter {}

impl<T: EventReader + EventEditor + EventImporter> EventStore for T {}

/// The store as shared through Leptos context and axum state.
pub type SharedStore = Arc<dyn EventStore>;

/// Positions in `index` (ascending, so in the API's order) of the public
/// events `filter` selects: the window and the box from the index itself;
/// conditions on properties and the search, when there are any, from the
/// store ([`EventReader::matching_ids`]). An event the store has but the
/// index does not yet (a write between the two) is left out, as the index
/// leaves it out everywhere else.
///
/// # Errors
/// The store's.
pub async fn positions<R: EventReader + ?Sized>(
    reader: &R,
    index: &crate::compact::CompactEvents,
    filter: &EventFilter,
) -> Result<Vec<usize>, StoreError> {
    let (first, last) = filter.window.day_numbers();
    let bbox = filter.bbox.filter(|b| *b != BBox::WORLD);
    let in_view = index.intersecting(first, last).filter(|&i| index.in_box(i, bbox.as_ref()));
    if filter.properties == crate::filter::PropertyFilter::default() {
        return Ok(in_view.collect());
    }
    // Kinds, countries, conduct, precisions and crowd sizes: from memory,
    // without reading the table (a filter change over every day at a
    // million events took 2 s in SQL).
    if filter.properties.answered_by_index() {
        return Ok(in_view.filter(|&i| index.matches(i, &filter.properties)).collect());
    }
    let ids: std::collections::HashSet<String> = reader.matching_ids(filter).await?.into_iter().collect();
    Ok(in_view.filter(|&i| ids.contains(&index.ids[i])).collect())
}

/// A report as the store keeps it on arrival (see [`ReportStore::submit`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NewReport {
    /// The checked report.
    pub report: crate::report::Report,
    /// A fresh reference ([`crate::report::reference_from_bits`]); the store
    /// answers [`StoreError::DuplicateId`] when it is taken, and the caller
    /// tries another.
    pub reference: String,
    /// A keyed hash of the client's address (never the address): only for
    /// counting the client's reports in the last hour.
    pub client_hash: String,
    /// What identifies the same report sent twice: a hash of its text and
    /// place (the caller's choice of what counts).
    pub fingerprint: String,
}

/// The limits a submission is held to, from the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubmitLimits {
    /// Reports one client may send in an hour.
    pub per_hour: u32,
    /// Open reports (new or in review) beyond which none is taken.
    pub open_cap: u64,
}

/// What became of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submission {
    /// Stored, with this reference.
    Stored(String),
    /// The same text and place arrived within a day: not stored again;
    /// the first one's reference.
    Duplicate(String),
    /// The client sent `per_hour` reports in the last hour; the next is
    /// taken after this many seconds.
    Throttled {
        /// Seconds until the oldest of them is an hour old.
        retry_after: u64,
    },
    /// The queue holds `open_cap` open reports.
    QueueFull,
}

/// Readers' reports, apart from events: nothing here is ever public. The
/// editors' queue (issue 26, next) reads and changes them through this
/// port too.
#[async_trait::async_trait]
pub trait ReportStore: Send + Sync + 'static {
    /// Takes a report in one write transaction, checking in it, in this
    /// order, the queue's cap, the client's hourly count and a duplicate
    /// within a day; `Ok(Submission::Stored)` means committed.
    async fn submit(&self, new: &NewReport, limits: SubmitLimits) -> Result<Submission, StoreError>;
    /// How many reports are new or in review.
    async fn open_reports(&self) -> Result<u64, StoreError>;
    /// The secret key `name` every server of this database shares: the
    /// stored one, or `candidate`, stored now when there is none. Keys whose
    /// names begin with `replaces`, other than `name`, are deleted in the
    /// same transaction (yesterday's sender key). Bytes, as stored.
    async fn shared_key(&self, name: &str, candidate: &[u8], replaces: &str) -> Result<Vec<u8>, StoreError>;
    /// The reports whose status is one of `statuses`, newest first (then
    /// by reference), with their contact addresses: for editors only.
    async fn reports(
        &self,
        statuses: &[crate::report::ReportStatus],
    ) -> Result<Vec<crate::report::StoredReport>, StoreError>;
    /// One report by its reference, or `None`.
    async fn report(&self, reference: &str) -> Result<Option<crate::report::StoredReport>, StoreError>;
    /// Decides an open report in one write transaction: its status, the
    /// editor, the time, the reason or event, and (unless the decision is
    /// only [`crate::report::Decision::Review`]) its contact address
    /// erased; then [`ReportStore::purge`]'s work in the same transaction.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for no such report; [`StoreError::Conflict`]
    /// (with `current` 0) when it is already decided.
    async fn decide(
        &self,
        reference: &str,
        decision: &crate::report::Decision,
        editor: &str,
        keep_days: u32,
    ) -> Result<crate::report::StoredReport, StoreError>;
    /// Deletes decided reports received more than `keep_days` days ago and
    /// erases the contact address of every report that old; returns how
    /// many reports were deleted.
    async fn purge(&self, keep_days: u32) -> Result<u64, StoreError>;
}

/// The report store as shared through axum state and Leptos context.
pub type SharedReports = Arc<dyn ReportStore>;

//! The storage port: what the app needs from wherever events are kept.
//!
//! Server functions (in this crate) read events through this trait; the
//! server crate implements it on SQLite (and later PostgreSQL). It lives here,
//! not in `server`, because `app` must never depend on `server`. Server-only.

use std::sync::Arc;

use crate::event::Event;

/// Why the store could not answer. Never caused by a reader's input.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed (connection, I/O, SQL).
    #[error("database error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
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
}

/// Keeps events. Implementations make every write one transaction.
#[async_trait::async_trait]
pub trait EventStore: Send + Sync + 'static {
    /// Every public event, sorted by first day then id.
    async fn list(&self) -> Result<Vec<Event>, StoreError>;
    /// One public event, or `None` if there is none with that id.
    async fn get(&self, id: &str) -> Result<Option<Event>, StoreError>;
    /// How many events are stored.
    async fn count(&self) -> Result<u64, StoreError>;
    /// Stores new events, all or none, setting each `updated_at` to now.
    async fn insert_all(&self, events: &[Event]) -> Result<(), StoreError>;
}

/// The store as shared through Leptos context and axum state.
pub type SharedStore = Arc<dyn EventStore>;

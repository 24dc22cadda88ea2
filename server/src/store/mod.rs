//! Where events are kept: the SQLite implementation of [`domain::store::EventStore`]
//! and the loader of seed data.

pub mod seed;
pub mod sqlite;

pub use sqlite::SqliteStore;

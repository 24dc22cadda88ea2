//! After the commit: the target read again, in a snapshot of its own, and
//! compared with what was copied — each table's count, every event (id,
//! version, status, removal, editor and Feature, page by page), the
//! history, editors and sessions row for row, and the counts per day.

use super::{each, events, plain, Copied, CopyError, RowDigest};
use crate::store::sqlite::rows::feature_text;
use crate::store::Opened;

/// How the target differs from what was copied.
#[derive(Debug, thiserror::Error)]
pub enum Mismatch {
    /// The target could not be read back.
    #[error("reading the target back: {0}")]
    Read(#[from] CopyError),
    /// A table holds another number of rows.
    #[error("{table} has {found} rows in the target, {copied} were copied")]
    Count {
        /// The table.
        table: &'static str,
        /// Rows in the target.
        found: i64,
        /// Rows expected.
        copied: i64,
    },
    /// A page of events differs.
    #[error("the events from {first:?} on differ from the source's (id, version, status, removal, editor or Feature)")]
    Events {
        /// The first id of the page that differs.
        first: String,
    },
    /// An event's stored Feature is not the one its columns make.
    #[error("the event {id:?} is stored with a Feature other than its columns make")]
    Feature {
        /// The event.
        id: String,
    },
    /// A table copied cell for cell differs.
    #[error("{table} differs from the source's, row for row")]
    Rows {
        /// The table.
        table: &'static str,
    },
    /// The counts per day are not those of the copied events.
    #[error("day_counts differs from the counts of the copied public events")]
    Counts,
}

/// Compares the target with what [`super::copy`] copied into it.
///
/// # Errors
/// The first [`Mismatch`] found.
pub async fn check(target: &Opened, copied: &Copied) -> Result<(), Mismatch> {
    let mut c = target.read_tx().await?;
    for (table, rows) in &copied.tables {
        let found: i64 =
            each!(&mut c, |c, _pg| sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(c).await)
                .map_err(CopyError::at(format!("counting {table}")))?;
        let before = if *table == "sign_in_failures" { copied.failures_before } else { 0 };
        let copied = i64::try_from(*rows).unwrap_or(i64::MAX) + before;
        if found != copied {
            return Err(Mismatch::Count { table, found, copied });
        }
    }
    let mut after = String::new();
    for (first, expected) in &copied.event_pages {
        let rows = events::page(&mut c, &after).await?;
        let mut digest = RowDigest::default();
        for s in &rows {
            let feature = feature_text(&s.event).map_err(CopyError::Source)?;
            if s.feature.as_deref() != Some(feature.as_str()) {
                return Err(Mismatch::Feature { id: s.event.id.clone() });
            }
            s.digest(&feature, &mut digest);
        }
        if rows.first().map(|s| &s.event.id) != Some(first) || digest.finish() != *expected {
            return Err(Mismatch::Events { first: first.clone() });
        }
        after = rows.last().map(|s| s.event.id.clone()).unwrap_or_default();
    }
    for table in plain::TABLES.iter().filter(|t| t.checked) {
        let digest = plain::digest_of(table, &mut c).await?;
        if copied.digests.iter().any(|(name, d)| *name == table.name && *d != digest) {
            return Err(Mismatch::Rows { table: table.name });
        }
    }
    let counts: Vec<(i32, i64)> = each!(&mut c, |c, _pg| {
        sqlx::query_as("SELECT day, CAST(n AS BIGINT) FROM day_counts ORDER BY day").fetch_all(c).await
    })
    .map_err(CopyError::at("reading day_counts"))?;
    if counts != copied.counts {
        return Err(Mismatch::Counts);
    }
    Ok(())
}

//! Keeping in step with a dataset (README, "Keeping in step with a
//! dataset"): a newer export of the same dataset (ACLED, CCC) is compared
//! with what is stored, event by event, before anything is written.
//!
//! - **New**: its id is not taken: it is added.
//! - **Updated**: it exists, and its upstream time (ACLED's `timestamp`)
//!   is newer than the stored one; without upstream times on both sides,
//!   its content differs. It replaces the stored version, which its
//!   history keeps ("synced from FILE"); its status (draft, published,
//!   removed) stays as it is.
//! - **Unchanged**: the same upstream time (or, without times, the same
//!   content): untouched, editors' corrections included.
//! - **Older**: the file's upstream time is older than the stored one:
//!   untouched.
//! - **Missing**: an event of the dataset that the file lacks. A full
//!   export lacking it means the dataset dropped it: it is listed for an
//!   editor to review and remove, never removed here.
//! - An id taken by an event of another dataset is refused; an event
//!   without a dataset whose id matches is taken into the dataset.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Position, Refusal};
use crate::event::Event;
use crate::store::{DatasetMember, EventStore, StoreError, SyncKey};

/// How many events of each kind a sync finds, and the missing ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSummary {
    /// The dataset kept in step.
    pub dataset: String,
    /// Events to add.
    pub new: usize,
    /// Events to update (newer upstream time, or changed content).
    pub updated: usize,
    /// Events left as they are: the same upstream time or content.
    pub unchanged: usize,
    /// Events left as they are: the file's version is older.
    pub older: usize,
    /// Events of the dataset that the file lacks, for an editor to review.
    pub missing: Vec<DatasetMember>,
}

/// What a sync would write.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncPlan {
    /// The counts and the missing events.
    pub summary: SyncSummary,
    /// Events to add or update, in file order.
    pub write: Vec<(Position, Event)>,
    /// Records refused (an id of another dataset; a record of another
    /// dataset).
    pub refusals: Vec<Refusal>,
}

/// What happens to one record whose id may be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    New,
    Updated,
    Unchanged,
    Older,
    /// Compare the content: no upstream time on one side.
    Compare,
}

/// The step for `incoming` given its stored key, if any.
fn step(incoming: &Event, stored: Option<&SyncKey>) -> Step {
    match stored {
        None => Step::New,
        Some(k) => match (incoming.upstream_updated_at, k.upstream_updated_at) {
            (Some(new), Some(old)) if new > old => Step::Updated,
            (Some(new), Some(old)) if new == old => Step::Unchanged,
            (Some(_), Some(_)) => Step::Older,
            _ => Step::Compare,
        },
    }
}

/// Whether two versions say the same (what the server sets aside).
fn same(a: &Event, b: &Event) -> bool {
    Event { updated_at: None, ..a.clone() } == Event { updated_at: None, ..b.clone() }
}

/// Compares `events` (a file's valid records) with the store's events of
/// `dataset`.
///
/// # Errors
/// [`StoreError`] from the store.
pub async fn plan(store: &dyn EventStore, dataset: &str, events: &[(Position, Event)]) -> Result<SyncPlan, StoreError> {
    let ids: Vec<String> = events.iter().map(|(_, e)| e.id.clone()).collect();
    let keys: HashMap<String, SyncKey> = store.sync_keys(&ids).await?.into_iter().map(|k| (k.id.clone(), k)).collect();
    let mut summary = SyncSummary { dataset: dataset.to_owned(), ..SyncSummary::default() };
    let mut refusals = Vec::new();
    let mut steps = Vec::with_capacity(events.len());
    for (position, e) in events {
        let stored = keys.get(&e.id);
        let theirs = stored.and_then(|k| k.dataset.as_deref());
        let refuse = |problem: String| Refusal { position: *position, id: Some(e.id.clone()), problems: vec![problem] };
        if e.dataset.as_deref() != Some(dataset) {
            refusals.push(refuse(format!(
                "dataset: is {:?}, not {dataset:?}, the dataset kept in step",
                e.dataset.as_deref().unwrap_or("")
            )));
            steps.push(None);
        } else if theirs.is_some_and(|d| d != dataset) {
            refusals.push(refuse(format!(
                "id: {:?} is an event of the dataset {:?}, not {dataset:?}",
                e.id,
                theirs.unwrap_or_default()
            )));
            steps.push(None);
        } else {
            steps.push(Some(step(e, stored)));
        }
    }
    // Only events without upstream times are read whole, to compare.
    let compare: Vec<String> =
        events.iter().zip(&steps).filter(|(_, s)| **s == Some(Step::Compare)).map(|((_, e), _)| e.id.clone()).collect();
    let stored: HashMap<String, Event> = if compare.is_empty() {
        HashMap::new()
    } else {
        store.revisions(&compare).await?.into_iter().map(|r| (r.event.id.clone(), r.event)).collect()
    };
    let mut write = Vec::new();
    for ((position, e), s) in events.iter().zip(steps) {
        let s = match s {
            Some(Step::Compare) => match stored.get(&e.id) {
                Some(old) if same(old, e) => Step::Unchanged,
                _ => Step::Updated,
            },
            Some(s) => s,
            None => continue,
        };
        match s {
            Step::New => summary.new += 1,
            Step::Updated => summary.updated += 1,
            Step::Unchanged => summary.unchanged += 1,
            Step::Older => summary.older += 1,
            Step::Compare => {}
        }
        if matches!(s, Step::New | Step::Updated) {
            write.push((*position, e.clone()));
        }
    }
    let in_file: HashSet<&str> = events.iter().map(|(_, e)| e.id.as_str()).collect();
    summary.missing =
        store.dataset_members(dataset).await?.into_iter().filter(|m| !in_file.contains(m.id.as_str())).collect();
    Ok(SyncPlan { summary, write, refusals })
}

impl SyncSummary {
    /// The counts in one line: "ACLED: 1 new, 1 updated, 1 unchanged, 0
    /// older in the file, 1 missing from the file".
    pub fn line(&self) -> String {
        format!(
            "{}: {} new, {} updated, {} unchanged, {} older in the file, {} missing from the file",
            self.dataset,
            self.new,
            self.updated,
            self.unchanged,
            self.older,
            self.missing.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::sample_input;

    fn at(s: &str) -> Option<time::OffsetDateTime> {
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
    }

    fn key(upstream: Option<&str>) -> SyncKey {
        SyncKey { id: "irn1".into(), dataset: Some("ACLED".into()), upstream_updated_at: upstream.and_then(at) }
    }

    #[test]
    fn the_upstream_time_decides_and_without_it_the_content() {
        let mut e = sample_input().validate().expect("valid");
        e.upstream_updated_at = at("2025-02-10T20:23:33Z");
        assert_eq!(step(&e, None), Step::New);
        assert_eq!(step(&e, Some(&key(Some("2025-02-01T00:00:00Z")))), Step::Updated);
        assert_eq!(step(&e, Some(&key(Some("2025-02-10T20:23:33Z")))), Step::Unchanged);
        assert_eq!(step(&e, Some(&key(Some("2025-03-01T00:00:00Z")))), Step::Older);
        assert_eq!(step(&e, Some(&key(None))), Step::Compare);
        let mut edited = e.clone();
        edited.updated_at = at("2026-01-01T00:00:00Z");
        assert!(same(&e, &edited), "the server's own time is no change");
        edited.title = "Another title".into();
        assert!(!same(&e, &edited));
    }
}

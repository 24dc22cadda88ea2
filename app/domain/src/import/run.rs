//! The editor's policy over a [`Reading`]: all or nothing unless "valid
//! only", existing ids reported unless "update existing", drafts unless
//! "publish", and one transaction for what is stored (README, "Import and
//! export").

use serde::{Deserialize, Serialize};

use super::sync::{self, SyncSummary};
use super::{Format, Position, Reading, Refusal};
use crate::store::{EventStore, ImportPlan, Status, StoreError};

/// What the editor asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Publish the events (else drafts).
    pub publish: bool,
    /// Store the valid records even if others are refused.
    pub valid_only: bool,
    /// A record whose id exists replaces that event (else it is reported).
    pub update_existing: bool,
    /// Check only; store nothing.
    pub dry_run: bool,
    /// Keep the reading's dataset in step with the file
    /// ([`super::sync`]): add new events, update those with a newer
    /// upstream time, leave the others, list the dataset's events the file
    /// lacks. `update_existing` and `publish` then apply to new events
    /// only; existing ones keep their status.
    #[serde(default)]
    pub sync: bool,
}

/// What happened, for the command line and the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The file's name as given.
    pub file_name: String,
    /// Its format.
    pub format: Format,
    /// Records (rows or Features) read.
    pub records: usize,
    /// Records that would make valid new or updated events.
    pub valid: usize,
    /// Records refused, with reasons; with "update existing" off, this
    /// includes records whose id exists.
    pub refusals: Vec<Refusal>,
    /// Notes on what was read.
    pub notes: Vec<String>,
    /// Events added.
    pub created: usize,
    /// Events replaced.
    pub updated: usize,
    /// Whether anything was written.
    pub stored: bool,
    /// What was asked.
    pub policy: Policy,
    /// With [`Policy::sync`]: what the sync found (and, once stored, did).
    #[serde(default)]
    pub sync: Option<SyncSummary>,
}

impl Report {
    /// Everything in the file was (or, in a dry run, would be) stored; a
    /// file without records has nothing to store and nothing refused.
    pub fn complete(&self) -> bool {
        // A sync that finds nothing new or newer has nothing to store.
        let nothing_to_sync = self.sync.is_some() && self.valid == 0;
        self.refusals.is_empty() && (self.stored || self.policy.dry_run || self.records == 0 || nothing_to_sync)
    }

    /// The closing sentence, with the refusals "listed above" (the page).
    pub fn outcome(&self) -> String {
        self.outcome_listed("listed above")
    }

    /// The closing sentence: what was stored, or why nothing was; `listed`
    /// says where the refusals are ("listed above", "listed on standard
    /// error").
    pub fn outcome_listed(&self, listed: &str) -> String {
        let status = if self.policy.publish { "published" } else { "drafts" };
        let refused = self.refusals.len();
        if self.records == 0 {
            return "Nothing to store: the file has no records.".to_owned();
        }
        if let (Some(sync), 0, 0) = (&self.sync, self.valid, refused) {
            return format!(
                "{} is in step: nothing new or newer in the file ({} unchanged, {} older); nothing was stored.",
                sync.dataset, sync.unchanged, sync.older
            );
        }
        if let (true, Some(sync), 0) = (self.policy.dry_run, &self.sync, refused) {
            return format!(
                "Dry run: {} new events would be stored ({status}) and {} updated; nothing was stored.",
                sync.new, sync.updated
            );
        }
        if self.policy.dry_run {
            return if refused == 0 {
                format!("Dry run: all {} records would be stored ({status}); nothing was stored.", self.valid)
            } else {
                format!("Dry run: {refused} records are refused ({listed}); nothing was stored.")
            };
        }
        if !self.stored {
            return if self.valid == 0 {
                format!("Nothing was stored: all {refused} records are refused ({listed}).")
            } else {
                format!(
                    "Nothing was stored: {refused} of {} records are refused ({listed}). Fix them, or choose \
                     \"valid only\" to store the {} valid ones.",
                    self.records, self.valid
                )
            };
        }
        let mut s = match &self.sync {
            Some(sync) => format!(
                "Kept {} in step: stored {} new events as {status} and updated {}; {} unchanged and {} older in the \
                 file were left as they are.",
                sync.dataset, self.created, self.updated, sync.unchanged, sync.older
            ),
            None => format!("Stored {} new and {} updated events as {status}.", self.created, self.updated),
        };
        if refused > 0 {
            s.push_str(&format!(" Skipped {refused} refused records ({listed})."));
        }
        s
    }

    /// The lines of a sync's preview: the counts, and each event of the
    /// dataset the file lacks (up to `listed` of them), to review and remove
    /// by hand.
    pub fn sync_lines(&self, listed: usize) -> Vec<String> {
        let Some(sync) = &self.sync else { return Vec::new() };
        let mut lines = vec![format!("sync: {}", sync.line())];
        if !sync.missing.is_empty() {
            lines.push(format!(
                "sync: {} events of {} are not in this file; if it is a full export, the dataset no longer has them: \
                 review each and remove it in the editor (nothing is removed by an import)",
                sync.missing.len(),
                sync.dataset
            ));
            for m in sync.missing.iter().take(listed) {
                let theirs = m.external_id.as_deref().map(|x| format!(" ({x})")).unwrap_or_default();
                lines.push(format!("missing: {}{theirs}: {}", m.id, m.title));
            }
            if sync.missing.len() > listed {
                lines.push(format!("missing: … and {} more", sync.missing.len() - listed));
            }
        }
        lines
    }

    /// The first line of the report: file, format and counts.
    pub fn headline(&self) -> String {
        format!(
            "{}: {}, {} records, {} valid, {} refused",
            self.file_name,
            self.format,
            self.records,
            self.valid,
            self.refusals.len()
        )
    }
}

/// The refusals of `events` whose id exists, when "update existing" is off.
async fn taken(
    store: &dyn EventStore,
    events: &[(Position, crate::event::Event)],
    policy: Policy,
) -> Result<Vec<Refusal>, StoreError> {
    if policy.update_existing {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = events.iter().map(|(_, e)| e.id.clone()).collect();
    let existing = store.existing_ids(&ids).await?;
    Ok(events
        .iter()
        .filter(|(_, e)| existing.contains(&e.id))
        .map(|(position, e)| Refusal {
            position: *position,
            id: Some(e.id.clone()),
            problems: vec![format!("id: an event {:?} already exists; choose \"update existing\" to replace it", e.id)],
        })
        .collect())
}

fn report(reading: &Reading, refusals: Vec<Refusal>, valid: usize, file_name: &str, policy: Policy) -> Report {
    Report {
        file_name: file_name.to_owned(),
        format: reading.format,
        records: reading.records,
        valid,
        refusals,
        notes: reading.notes.clone(),
        created: 0,
        updated: 0,
        stored: false,
        policy,
        sync: None,
    }
}

/// A sync without a dataset to keep in step: nothing is compared.
fn no_dataset(reading: &Reading, file_name: &str, policy: Policy) -> Report {
    let mut r = report(reading, reading.refusals.clone(), 0, file_name, policy);
    r.notes.push("sync: no dataset was named to keep in step; nothing was compared or stored".into());
    r
}

/// What [`run`] would do, without storing and without copying the events:
/// the report of a dry run.
///
/// # Errors
/// [`StoreError`] from the store.
pub async fn check(
    store: &dyn EventStore,
    reading: &Reading,
    policy: Policy,
    file_name: &str,
) -> Result<Report, StoreError> {
    if policy.sync {
        let Some(dataset) = reading.dataset.as_deref() else { return Ok(no_dataset(reading, file_name, policy)) };
        let plan = sync::plan(store, dataset, &reading.events).await?;
        let mut refusals: Vec<Refusal> = reading.refusals.iter().cloned().chain(plan.refusals).collect();
        refusals.sort_by_key(|r| r.position);
        let mut r = report(reading, refusals, plan.write.len(), file_name, Policy { dry_run: true, ..policy });
        r.sync = Some(plan.summary);
        return Ok(r);
    }
    let taken = taken(store, &reading.events, policy).await?;
    let valid = reading.events.len() - taken.len();
    let mut refusals: Vec<Refusal> = reading.refusals.iter().cloned().chain(taken).collect();
    refusals.sort_by_key(|r| r.position);
    Ok(report(reading, refusals, valid, file_name, Policy { dry_run: true, ..policy }))
}

/// Applies `policy` to `reading` and stores in one transaction (unless a
/// dry run or the policy says nothing may be stored). Each stored event
/// gets the history entry "imported from `file_name`" by `editor`.
///
/// # Errors
/// [`StoreError`] from the store; nothing is stored then.
pub async fn run(
    store: &dyn EventStore,
    mut reading: Reading,
    policy: Policy,
    file_name: &str,
    editor: &str,
) -> Result<Report, StoreError> {
    if policy.sync {
        return run_sync(store, reading, policy, file_name, editor).await;
    }
    let taken = taken(store, &reading.events, policy).await?;
    let events = std::mem::take(&mut reading.events);
    let skip: std::collections::HashSet<Position> = taken.iter().map(|r| r.position).collect();
    let to_store: Vec<crate::event::Event> =
        events.into_iter().filter(|(p, _)| !skip.contains(p)).map(|(_, e)| e).collect();
    let mut refusals: Vec<Refusal> = std::mem::take(&mut reading.refusals).into_iter().chain(taken).collect();
    refusals.sort_by_key(|r| r.position);
    let may_store = !policy.dry_run && !to_store.is_empty() && (refusals.is_empty() || policy.valid_only);
    let mut report = report(&reading, refusals, to_store.len(), file_name, policy);
    if may_store {
        let plan = ImportPlan {
            status: if policy.publish { Status::Published } else { Status::Draft },
            update_existing: policy.update_existing,
            editor: editor.to_owned(),
            note: format!("imported from {file_name}"),
            keep_status: false,
        };
        let counts = store.import(&to_store, &plan).await?;
        report.created = counts.created;
        report.updated = counts.updated;
        report.stored = true;
    }
    Ok(report)
}

/// [`run`] for a sync: the plan of [`sync::plan`], stored in one
/// transaction; existing events keep their status, and each changed one
/// gets the history entry "synced from FILE".
async fn run_sync(
    store: &dyn EventStore,
    reading: Reading,
    policy: Policy,
    file_name: &str,
    editor: &str,
) -> Result<Report, StoreError> {
    let Some(dataset) = reading.dataset.clone() else { return Ok(no_dataset(&reading, file_name, policy)) };
    let plan = sync::plan(store, &dataset, &reading.events).await?;
    let mut refusals: Vec<Refusal> = reading.refusals.iter().cloned().chain(plan.refusals).collect();
    refusals.sort_by_key(|r| r.position);
    let to_store: Vec<crate::event::Event> = plan.write.into_iter().map(|(_, e)| e).collect();
    let may_store = !policy.dry_run && !to_store.is_empty() && (refusals.is_empty() || policy.valid_only);
    let mut report = report(&reading, refusals, to_store.len(), file_name, policy);
    report.sync = Some(plan.summary);
    if may_store {
        let plan = ImportPlan {
            status: if policy.publish { Status::Published } else { Status::Draft },
            update_existing: true,
            editor: editor.to_owned(),
            note: format!("synced from {file_name}"),
            keep_status: true,
        };
        let counts = store.import(&to_store, &plan).await?;
        report.created = counts.created;
        report.updated = counts.updated;
        report.stored = true;
    }
    Ok(report)
}

//! The editors' queue of readers' reports (issue 26; README, "Reports from
//! readers: the queue"): server functions for signed-in editors to list
//! reports, read one and decide it. Accepting a report as a new event goes
//! through the event form ([`crate::editing::save_event`] with `report`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::editing::EditError;
pub use crate::editing::Queue;
#[cfg(feature = "ssr")]
use crate::editing::{decision_error, open_report, signed_in_editor, with_status};
use domain::report::{ReportStatus, StoredReport};

/// The statuses the queue shows when none is asked for: the open ones.
pub const OPEN: [ReportStatus; 2] = [ReportStatus::New, ReportStatus::InReview];

/// Every status, in the order the filter lists them.
pub const ALL: [ReportStatus; 5] =
    [ReportStatus::New, ReportStatus::InReview, ReportStatus::Accepted, ReportStatus::Rejected, ReportStatus::Spam];

/// The statuses named in `text` (comma-separated stored names, e.g.
/// `new,in_review`); the open ones when `text` is empty.
///
/// # Errors
/// The first name that is no status.
///
/// ```
/// use app::queue::statuses;
/// use domain::report::ReportStatus;
/// assert_eq!(statuses(""), Ok(vec![ReportStatus::New, ReportStatus::InReview]));
/// assert_eq!(statuses("spam,rejected"), Ok(vec![ReportStatus::Spam, ReportStatus::Rejected]));
/// assert_eq!(statuses("open"), Err("open".to_owned()));
/// ```
pub fn statuses(text: &str) -> Result<Vec<ReportStatus>, String> {
    let names: Vec<&str> = text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if names.is_empty() {
        return Ok(OPEN.to_vec());
    }
    names.into_iter().map(|n| ReportStatus::parse(n).ok_or_else(|| n.to_owned())).collect()
}

#[cfg(feature = "ssr")]
async fn signed_in() -> Result<(String, Queue), EditError> {
    let editor = signed_in_editor().await?;
    let queue = use_context::<Queue>().ok_or(EditError::Unavailable)?;
    Ok((editor, queue))
}

/// Records `decision` on report `reference` as the signed-in editor (a
/// refused decision is answered after the sign-in check, so a stranger
/// learns nothing of the rules), with the answer's status set for its error.
#[cfg(feature = "ssr")]
async fn decide(
    reference: &str,
    decision: Result<domain::report::Decision, EditError>,
) -> Result<StoredReport, EditError> {
    with_status(
        async {
            let (editor, queue) = signed_in().await?;
            let decision = decision?;
            queue.reports.decide(reference, &decision, &editor, queue.keep_days).await.map_err(decision_error)
        }
        .await,
    )
}

/// The reports of the statuses `status` names (see [`statuses`]; empty for
/// new and in review), newest first, contact addresses included.
///
/// # Errors
/// [`EditError::SignInRequired`]; [`EditError::Refused`] naming an unknown status.
#[server(prefix = "/_fn", endpoint = "editor_reports")]
pub async fn editor_reports(
    /// Comma-separated statuses.
    #[server(default)]
    status: String,
) -> Result<Vec<StoredReport>, EditError> {
    with_status(
        async {
            let (_, queue) = signed_in().await?;
            let wanted = statuses(&status)
                .map_err(|s| EditError::Refused(format!("status: no report status is called {s:?}")))?;
            Ok(queue.reports.reports(&wanted).await?)
        }
        .await,
    )
}

/// One report.
///
/// # Errors
/// [`EditError::SignInRequired`], [`EditError::NotFound`].
#[server(prefix = "/_fn", endpoint = "editor_report")]
pub async fn editor_report(
    /// `R-XXXXX`.
    reference: String,
) -> Result<StoredReport, EditError> {
    with_status(
        async {
            let (_, queue) = signed_in().await?;
            queue.reports.report(&reference).await?.ok_or(EditError::NotFound(reference))
        }
        .await,
    )
}

/// Rejects an open report with a reason; its contact address is erased.
///
/// # Errors
/// [`EditError::SignInRequired`]; [`EditError::Refused`] without a reason;
/// [`EditError::NotFound`]; [`EditError::Conflict`] when already decided.
#[server(prefix = "/_fn", endpoint = "reject_report")]
pub async fn reject_report(
    /// `R-XXXXX`.
    reference: String,
    /// Why, for the other editors; 1 to 1000 characters.
    #[server(default)]
    reason: String,
) -> Result<StoredReport, EditError> {
    let reason = reason.trim();
    let decision = if reason.is_empty() || reason.chars().count() > 1000 {
        Err(EditError::Refused("reason: give a reason of 1 to 1000 characters".into()))
    } else {
        Ok(domain::report::Decision::Reject(reason.to_owned()))
    };
    decide(&reference, decision).await
}

/// Marks an open report as spam; its contact address is erased.
///
/// # Errors
/// [`EditError::SignInRequired`], [`EditError::NotFound`], [`EditError::Conflict`].
#[server(prefix = "/_fn", endpoint = "spam_report")]
pub async fn spam_report(
    /// `R-XXXXX`.
    reference: String,
) -> Result<StoredReport, EditError> {
    decide(&reference, Ok(domain::report::Decision::Spam)).await
}

/// Takes an open report for checking: status `in_review` with this editor
/// and the time, so other editors see who is on it. Not a decision: the
/// report stays open, keeps its contact address, and any editor may still
/// accept, merge, reject or take it over.
///
/// # Errors
/// [`EditError::SignInRequired`], [`EditError::NotFound`], [`EditError::Conflict`]
/// when already decided.
#[server(prefix = "/_fn", endpoint = "review_report")]
pub async fn review_report(
    /// `R-XXXXX`.
    reference: String,
) -> Result<StoredReport, EditError> {
    decide(&reference, Ok(domain::report::Decision::Review)).await
}

/// A published event a report could corroborate: within
/// [`domain::report::MERGE_KM`] of its point, its days overlapping the
/// report's widened by [`domain::report::MERGE_DAYS`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nearby {
    /// The event's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its place.
    pub location_name: String,
    /// Its days.
    pub dates: domain::dates::DateRange,
    /// Its version now (a merge saves from it).
    pub version: i64,
    /// Great-circle km from the report's point.
    pub km: f64,
}

/// The nearest ten [`Nearby`] events of `r`, nearest first, from the map's
/// index of published events (no table scan). Server only.
#[cfg(feature = "ssr")]
async fn nearby(store: &domain::store::SharedStore, r: &StoredReport) -> Result<Vec<Nearby>, EditError> {
    use domain::dates::{day_number, parse_date};
    use domain::report::{distance_km, MERGE_DAYS, MERGE_KM};
    let (Ok(start), Ok(end)) = (parse_date(&r.date_start), parse_date(&r.date_end)) else { return Ok(Vec::new()) };
    let index = store.compact().await?;
    let mut hits: Vec<(f64, String)> = index
        .intersecting(day_number(start) - MERGE_DAYS, day_number(end) + MERGE_DAYS)
        .filter_map(|i| {
            let km = distance_km(r.lat, r.lon, f64::from(index.lat[i]), f64::from(index.lon[i]));
            (km <= MERGE_KM).then(|| (km, index.ids[i].clone()))
        })
        .collect();
    hits.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    hits.truncate(10);
    let ids: Vec<String> = hits.iter().map(|h| h.1.clone()).collect();
    let revisions = store.revisions(&ids).await?;
    Ok(hits
        .into_iter()
        .filter_map(|(km, id)| {
            let rev = revisions.iter().find(|v| v.event.id == id && !v.deleted)?;
            Some(Nearby {
                id,
                title: rev.event.title.clone(),
                location_name: rev.event.location_name.clone(),
                dates: rev.event.dates,
                version: rev.version,
                km,
            })
        })
        .collect())
}

/// The queue page's data: the reports of `status` (as [`editor_reports`]),
/// each open one with the published events it could be merged into.
///
/// # Errors
/// As [`editor_reports`].
#[server(prefix = "/_fn", endpoint = "report_queue")]
pub async fn report_queue(
    /// Comma-separated statuses.
    #[server(default)]
    status: String,
) -> Result<Vec<(StoredReport, Vec<Nearby>)>, EditError> {
    with_status(
        async {
            let (_, queue) = signed_in().await?;
            let store = use_context::<domain::store::SharedStore>().ok_or(EditError::Unavailable)?;
            let wanted = statuses(&status)
                .map_err(|s| EditError::Refused(format!("status: no report status is called {s:?}")))?;
            let mut out = Vec::new();
            for r in queue.reports.reports(&wanted).await? {
                let near = if r.is_open() { nearby(&store, &r).await? } else { Vec::new() };
                out.push((r, near));
            }
            Ok(out)
        }
        .await,
    )
}

/// Merges an open report into a published event as a corroborating
/// source: the event gets the source "reader report R-XXXXX" (with the
/// reader's link, if any) through the normal editing path
/// ([`crate::editing::logic::save`], so its history names the editor),
/// then the report is accepted with the event's id.
///
/// # Errors
/// [`EditError::SignInRequired`]; [`EditError::NotFound`] (report or
/// event); [`EditError::Conflict`] when the report is decided or the event
/// changed since `version`; [`EditError::Invalid`] when the event would
/// break a rule (too many sources).
#[server(prefix = "/_fn", endpoint = "merge_report")]
pub async fn merge_report(
    /// `R-XXXXX`.
    reference: String,
    /// The event's id.
    event_id: String,
    /// The event's version the editor saw.
    version: i64,
) -> Result<StoredReport, EditError> {
    with_status(
        async {
            let (editor, queue) = signed_in().await?;
            let store = use_context::<domain::store::SharedStore>().ok_or(EditError::Unavailable)?;
            let report = open_report(&queue, &reference).await?;
            let rev = store.revision(&event_id).await?.filter(|r| !r.deleted).ok_or(EditError::NotFound(event_id))?;
            let mut input = rev.event.to_input();
            let source = report.source();
            if !input.sources.iter().any(|s| s.name == source.name) {
                input.sources.push(source);
            }
            let saved =
                crate::editing::logic::save(store.as_ref(), &editor, &input, rev.status.as_str(), Some(version))
                    .await?;
            let decision = domain::report::Decision::Accept(saved.event.id);
            queue.reports.decide(&reference, &decision, &editor, queue.keep_days).await.map_err(decision_error)
        }
        .await,
    )
}

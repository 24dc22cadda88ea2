//! Editing events: server functions for signed-in editors, and the plain
//! functions behind them. Every function checks the session first; none
//! stores anything unless the whole event validates.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

use domain::event::{Event, EventInput};
use domain::field::Field;
use domain::store::{HistoryEntry, Revision, Status};
use domain::violation::{Violation, ViolationCode, Violations};

/// What an editing request can fail with, as the editor sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum EditError {
    /// No session (HTTP 401).
    #[error("Please sign in again.")]
    SignInRequired,
    /// The event breaks rules; nothing was stored.
    #[error("{violations}")]
    Invalid {
        /// Every broken rule, each naming its field.
        violations: Violations,
        /// What was submitted, to show the form again as typed.
        typed: Option<Box<Typed>>,
    },
    /// Someone else saved first; nothing was stored.
    #[error("{message}")]
    Conflict {
        /// What happened, for the editor.
        message: String,
        /// The event as saved now (by the other editor); saving again from
        /// its version replaces it deliberately.
        theirs: Option<Box<Revision>>,
        /// What was submitted, to show the form again as typed.
        typed: Option<Box<Typed>>,
    },
    /// No such event.
    #[error("There is no event with id {0:?}.")]
    NotFound(String),
    /// The store failed; details are in the server log.
    #[error("Not saved: the database cannot be reached right now.")]
    Unavailable,
    /// An import was refused as a whole (an unreadable file, an unknown
    /// option); nothing was stored.
    #[error("{0}")]
    Refused(String),
    /// The request itself failed.
    #[error("{0}")]
    ServerFn(ServerFnErrorErr),
}

/// The event form as submitted. A refused save carries it back, because a
/// form posted without JavaScript is answered with a redirect to the form,
/// which must show what the editor typed rather than a blank or stale form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Typed {
    /// The fields as typed.
    pub input: EventInput,
    /// `draft` or `published` (or whatever was sent).
    pub status: String,
    /// The version the editor started from; `None` for a new event.
    pub version: Option<i64>,
}

impl FromServerFnError for EditError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::ServerFn(value)
    }
}

impl EditError {
    /// The HTTP status this error answers with: 401, 422, 409, 404 or 503
    /// (never a 5xx for what an editor typed).
    pub fn status(&self) -> u16 {
        match self {
            Self::SignInRequired => 401,
            Self::Invalid { .. } | Self::Refused(_) => 422,
            Self::Conflict { .. } => 409,
            Self::NotFound(_) => 404,
            Self::Unavailable => 503,
            Self::ServerFn(_) => 400,
        }
    }
}

/// Sets the response status for an error (server functions answer 500
/// otherwise). Server only.
#[cfg(feature = "ssr")]
pub(crate) fn with_status<T>(r: Result<T, EditError>) -> Result<T, EditError> {
    if let Err(e) = &r {
        if let Ok(code) = http::StatusCode::from_u16(e.status()) {
            crate::auth::set_error_status(code);
        }
    }
    r
}

#[cfg(feature = "ssr")]
impl From<domain::store::StoreError> for EditError {
    fn from(e: domain::store::StoreError) -> Self {
        use domain::store::StoreError as S;
        match e {
            S::NotFound(id) => Self::NotFound(id),
            e @ S::Conflict { .. } => Self::Conflict { message: e.to_string(), theirs: None, typed: None },
            S::DuplicateId(id) => Self::Invalid {
                violations: Violations(vec![Violation::new(Field::Id, ViolationCode::IdTaken { id })]),
                typed: None,
            },
            other => {
                leptos::logging::error!("store: {other}");
                Self::Unavailable
            }
        }
    }
}

/// Checks a submitted event form: every rule of the event (an `id` too when
/// `update`) and that `status` is `draft` or `published`. The server runs it
/// before storing anything; the form runs it in the browser for instant
/// feedback.
///
/// # Errors
/// Every violation, in field order, `status` last.
pub fn check(input: &EventInput, status: &str, update: bool) -> Result<(Event, Status), Violations> {
    let checked = if update { input.validate_with_id() } else { input.validate() };
    let parsed = Status::parse(status);
    let mut violations = checked.as_ref().err().map(|v| v.0.clone()).unwrap_or_default();
    if parsed.is_none() {
        violations.push(Violation::new(Field::Status, ViolationCode::BadStatus { got: status.to_owned() }));
    }
    let status = parsed;
    match (checked, status) {
        (Ok(event), Some(status)) => Ok((event, status)),
        _ => Err(Violations(violations)),
    }
}

/// The plain logic, callable from tests. Server only.
#[cfg(feature = "ssr")]
pub mod logic {
    use super::{EditError, Typed};
    use domain::event::EventInput;
    use domain::store::{EventEditor, Revision};

    /// Validates and saves: a new event when `version` is `None`, else an
    /// update of the version the editor started from.
    ///
    /// # Errors
    /// [`EditError::Invalid`] with every violation (a bad `status` too);
    /// [`EditError::Conflict`] when someone else saved first. Both carry
    /// what was submitted ([`Typed`]).
    pub async fn save(
        store: &dyn EventEditor,
        editor: &str,
        input: &EventInput,
        status: &str,
        version: Option<i64>,
    ) -> Result<Revision, EditError> {
        let typed = || Some(Box::new(Typed { input: input.clone(), status: status.to_owned(), version }));
        let (event, status) = super::check(input, status, version.is_some())
            .map_err(|violations| EditError::Invalid { violations, typed: typed() })?;
        let saved = match version {
            None => store.create(&event, status, editor).await,
            Some(v) => store.update(&event, status, v, editor).await,
        };
        match saved {
            Ok(r) => Ok(r),
            Err(e) => Err(match EditError::from(e) {
                EditError::Invalid { violations, .. } => EditError::Invalid { violations, typed: typed() },
                EditError::Conflict { message, .. } => {
                    let theirs = store.revision(&event.id).await.ok().flatten().map(Box::new);
                    EditError::Conflict { message, theirs, typed: typed() }
                }
                other => other,
            }),
        }
    }
}

/// The signed-in editor's name.
///
/// # Errors
/// [`EditError::SignInRequired`] without a live session;
/// [`EditError::Unavailable`] when the sessions cannot be read (so that a
/// lost database is not taken for a signed-out editor).
pub async fn signed_in_editor() -> Result<String, EditError> {
    match crate::auth::current_editor().await {
        Ok(Some(name)) => Ok(name),
        Err(crate::auth::SignInError::Unavailable) => Err(EditError::Unavailable),
        Ok(None) | Err(_) => Err(EditError::SignInRequired),
    }
}

#[cfg(feature = "ssr")]
async fn signed_in() -> Result<(String, domain::store::SharedStore), EditError> {
    let editor = signed_in_editor().await?;
    let store = use_context::<domain::store::SharedStore>().ok_or(EditError::Unavailable)?;
    Ok((editor, store))
}

/// Every event for editors: drafts and removed ones too, newest change first.
///
/// # Errors
/// [`EditError::SignInRequired`] without a session.
#[server(prefix = "/_fn", endpoint = "editor_events")]
pub async fn editor_events() -> Result<Vec<Revision>, EditError> {
    with_status(async { Ok(signed_in().await?.1.list_for_editors().await?) }.await)
}

/// One event for editing.
///
/// # Errors
/// [`EditError::SignInRequired`], [`EditError::NotFound`].
#[server(prefix = "/_fn", endpoint = "editor_event")]
pub async fn editor_event(
    /// The event's id.
    id: String,
) -> Result<Revision, EditError> {
    with_status(async { signed_in().await?.1.revision(&id).await?.ok_or(EditError::NotFound(id)) }.await)
}

/// Creates (`version` empty) or updates an event, then goes to the event's
/// form (`/editor/events/{id}?saved={version}`).
///
/// # Errors
/// See [`logic::save`]; [`EditError::SignInRequired`] without a session.
#[server(prefix = "/_fn", endpoint = "save_event")]
pub async fn save_event(
    /// The event as typed; missing fields are empty.
    #[server(default)]
    input: EventInput,
    /// `draft` or `published`.
    status: String,
    /// The version the editor started from; empty for a new event.
    version: Option<i64>,
    /// The reader's report (`R-XXXXX`) this new event is made from: once
    /// the event is stored the report is accepted with its id.
    report: Option<String>,
) -> Result<Revision, EditError> {
    with_status(
        async {
            let (editor, store) = signed_in().await?;
            let report = report.filter(|r| !r.trim().is_empty() && version.is_none());
            let queue = match &report {
                Some(reference) => {
                    let queue = use_context::<Queue>().ok_or(EditError::Unavailable)?;
                    open_report(&queue, reference).await?;
                    Some(queue)
                }
                None => None,
            };
            let saved = logic::save(store.as_ref(), &editor, &input, &status, version).await?;
            if let (Some(reference), Some(queue)) = (&report, &queue) {
                // A second transaction (README, "Reports from readers: the
                // queue"). Should another editor have decided the report
                // since it was checked above (rejected it, or accepted it
                // as an event of their own), their decision stands: this
                // event is removed again (restorable, in its history) and
                // the editor is told, rather than answered "saved".
                let decision = domain::report::Decision::Accept(saved.event.id.clone());
                match queue.reports.decide(reference, &decision, &editor, queue.keep_days).await {
                    Ok(_) => {}
                    Err(domain::store::StoreError::Conflict { .. }) => {
                        store.set_deleted(&saved.event.id, true, saved.version, &editor).await?;
                        return Err(EditError::Conflict {
                            message: format!(
                                "Report {reference} was decided by another editor while this event was saved; \
                                 the event {} was removed again (restore it from the list if it should stand).",
                                saved.event.id
                            ),
                            theirs: None,
                            typed: None,
                        });
                    }
                    Err(e) => {
                        leptos::logging::error!("report {reference} not marked accepted for {}: {e}", saved.event.id);
                    }
                }
            }
            leptos_axum::redirect(&crate::base::href(&format!(
                "/editor/events/{}?saved={}",
                saved.event.id, saved.version
            )));
            Ok(saved)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
async fn set_removed(id: &str, version: i64, removed: bool) -> Result<Revision, EditError> {
    with_status(
        async {
            let (editor, store) = signed_in().await?;
            Ok(store.set_deleted(id, removed, version, &editor).await?)
        }
        .await,
    )
}

/// Removes (soft-deletes) an event: gone from the public map and API,
/// restorable by editors.
///
/// # Errors
/// [`EditError::SignInRequired`], [`EditError::NotFound`], [`EditError::Conflict`].
#[server(prefix = "/_fn", endpoint = "delete_event")]
pub async fn delete_event(
    /// The event's id.
    id: String,
    /// The version the editor saw.
    version: i64,
) -> Result<Revision, EditError> {
    set_removed(&id, version, true).await
}

/// Restores a removed event.
///
/// # Errors
/// [`EditError::SignInRequired`], [`EditError::NotFound`], [`EditError::Conflict`].
#[server(prefix = "/_fn", endpoint = "restore_event")]
pub async fn restore_event(
    /// The event's id.
    id: String,
    /// The version the editor saw.
    version: i64,
) -> Result<Revision, EditError> {
    set_removed(&id, version, false).await
}

/// An event's recorded changes, newest first.
///
/// # Errors
/// [`EditError::SignInRequired`].
#[server(prefix = "/_fn", endpoint = "event_history")]
pub async fn event_history(
    /// The event's id.
    id: String,
) -> Result<Vec<HistoryEntry>, EditError> {
    with_status(async { Ok(signed_in().await?.1.history(&id).await?) }.await)
}

/// Sets an event back to the version before history entry `entry`.
///
/// # Errors
/// [`EditError::SignInRequired`], [`EditError::NotFound`], [`EditError::Conflict`].
#[server(prefix = "/_fn", endpoint = "revert_event")]
pub async fn revert_event(
    /// The event's id.
    id: String,
    /// The history entry whose previous version to bring back.
    entry: i64,
    /// The version the editor saw.
    version: i64,
) -> Result<Revision, EditError> {
    with_status(
        async {
            let (editor, store) = signed_in().await?;
            Ok(store.revert(&id, entry, version, &editor).await?)
        }
        .await,
    )
}

/// The readers' reports' store and how long decided reports are kept, as
/// the server provides them to the server functions (here, not in
/// `queue`, because saving an event may accept the report it was made
/// from: see [`save_event`]).
#[derive(Clone)]
pub struct Queue {
    /// The reports.
    pub reports: domain::store::SharedReports,
    /// `RALLYMAP_REPORTS_KEEP_DAYS`.
    pub keep_days: u32,
}

/// What a decision on a decided (or unknown) report fails with.
#[cfg(feature = "ssr")]
pub(crate) fn decision_error(e: domain::store::StoreError) -> EditError {
    match e {
        domain::store::StoreError::Conflict { id, .. } => EditError::Conflict {
            message: format!("Report {id} was already decided by another editor."),
            theirs: None,
            typed: None,
        },
        domain::store::StoreError::NotFound(id) => EditError::NotFound(id),
        other => other.into(),
    }
}

/// An open report by its reference, for the event form. Server only.
///
/// # Errors
/// [`EditError::NotFound`], or [`EditError::Conflict`] when it is decided.
#[cfg(feature = "ssr")]
pub(crate) async fn open_report(queue: &Queue, reference: &str) -> Result<domain::report::StoredReport, EditError> {
    let r = queue.reports.report(reference).await?.ok_or_else(|| EditError::NotFound(reference.to_owned()))?;
    if r.is_open() {
        Ok(r)
    } else {
        Err(decision_error(domain::store::StoreError::Conflict { id: r.reference, current: 0 }))
    }
}

//! The edit page's heading: status, version, last change, links, the
//! saved notice, and the remove/restore button.

use leptos::prelude::*;

use super::super::{action_error, utc_minute, RemoveOrRestore};
use crate::editing::{DeleteEvent, RestoreEvent};
use domain::store::{Revision, Status};

/// The edit page's heading: status, version, last change, links, the saved
/// notice, and the remove/restore button.
#[component]
pub(super) fn EditHead(
    r: Revision,
    saved: Option<i64>,
    remove: ServerAction<DeleteEvent>,
    restore: ServerAction<RestoreEvent>,
) -> impl IntoView {
    let id = r.event.id.clone();
    let public = r.status == Status::Published && !r.deleted;
    let state = match (r.deleted, r.status) {
        (true, _) => "Removed: not on the public map or API",
        (false, Status::Draft) => "Draft: only editors see it",
        (false, Status::Published) => "Published: on the public map and API",
    };
    let last = format!(
        "Id {} · version {} · last changed {} by {}",
        r.event.id,
        r.version,
        r.event.updated_at.map(utc_minute).unwrap_or_default(),
        r.updated_by.clone().unwrap_or_else(|| "seed data".into())
    );
    let saved_note = (saved == Some(r.version)).then(|| {
        let text = if public { "Saved. It is on the public map now." } else { "Saved." };
        view! { <p class="notice ok" role="status">{text}</p> }
    });
    let failed = action_error(remove, restore);
    let toggle = view! { <RemoveOrRestore id=id.clone() version=r.version deleted=r.deleted remove restore/> };
    view! {
        <div class="list-head">
            <h1>"Edit event"</h1>
            {toggle}
        </div>
        {saved_note}
        {failed}
        <p class="state" class:removed=r.deleted><strong>{state}</strong> " · " {last}</p>
        <p class="links">
            <a href=format!("/editor/events/{id}/history")>"History"</a>
            {public.then(|| view! {
                " · " <a href=format!("/events/{id}")>"Public page"</a>
                " · " <a href=format!("/?event={id}")>"On the map"</a>
            })}
        </p>
    }
}

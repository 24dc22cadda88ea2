//! The edit page's heading: status, version, last change, links, the
//! saved notice, and the remove/restore button.

use leptos::prelude::*;

use super::super::{action_error, utc_minute, RemoveOrRestore};
use crate::editing::{DeleteEvent, RestoreEvent};
use crate::i18n::{use_lang, Arg};
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
    let lang = use_lang();
    let id = r.event.id.clone();
    let public = r.status == Status::Published && !r.deleted;
    let state = lang.t(match (r.deleted, r.status) {
        (true, _) => "ed-state-removed",
        (false, Status::Draft) => "ed-state-draft",
        (false, Status::Published) => "ed-state-published",
    });
    let who = r.updated_by.clone().unwrap_or_else(|| lang.t("ed-seed-data"));
    let last = lang.t_with(
        "ed-last-change",
        &[
            ("id", Arg::Code(&r.event.id)),
            ("version", Arg::Number(r.version)),
            ("when", Arg::Text(r.event.updated_at.map(|t| utc_minute(lang, t)).unwrap_or_default().into())),
            ("who", Arg::Verbatim(&who)),
        ],
    );
    let saved_note = (saved == Some(r.version)).then(|| {
        let text = lang.t(if public { "ed-saved-public" } else { "ed-saved" });
        view! { <p class="notice ok" role="status">{text}</p> }
    });
    let failed = action_error(remove, restore);
    let toggle = view! { <RemoveOrRestore id=id.clone() version=r.version deleted=r.deleted remove restore/> };
    view! {
        <div class="list-head">
            <h1>{lang.t("ed-edit-event")}</h1>
            {toggle}
        </div>
        {saved_note}
        {failed}
        <p class="state" class:removed=r.deleted><strong>{state}</strong> " · " {last}</p>
        <p class="links">
            <a href=crate::base::href(&format!("/editor/events/{id}/history"))>{lang.t("ed-history")}</a>
            {public.then(|| view! {
                " · " <a href=crate::base::href(&format!("/events/{id}"))>{lang.t("ed-public-page")}</a>
                " · " <a href=crate::base::href(&format!("/?event={id}"))>{lang.t("ed-on-map")}</a>
            })}
        </p>
    }
}

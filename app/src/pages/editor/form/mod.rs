//! The event form: `/editor/new` and `/editor/events/{id}`.
//!
//! A Leptos `ActionForm` on [`save_event`](crate::editing::save_event), so it
//! also works as a plain form post without JavaScript. Every field of the
//! event; the point is set by clicking the map, dragging its pin or typing
//! longitude and latitude. With JavaScript, the same
//! [`check`](crate::editing::check) the server runs shows each error next to
//! its field as the editor leaves it, and on submit. A refused save stores
//! nothing and shows the form again as typed (without JavaScript too: the
//! refusal carries what was typed back through the redirect).
//!
//! - `event_form`: the form and its fields;
//! - `codebook`: the inputs of what protest research codes (crowd
//!   numbers and estimates, what happened, outcomes, areas, dataset);
//! - `inputs`: which input shows which [`Field`](domain::field::Field);
//! - `refusal`: a refused save, and the summary at the top of the form;
//! - `head`: the edit page's heading;
//! - `client`: the check as the editor types (browser only).

#[cfg(feature = "hydrate")]
mod client;
mod codebook;
mod event_form;
mod head;
mod inputs;
mod labelled;
mod refusal;

pub use inputs::{field_of, input_id, input_name};

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{as_editor, editor_view, loading, page_title};
use crate::api::tile_setting;
use crate::editing::{editor_event, DeleteEvent, RestoreEvent, Typed};
use crate::i18n::{use_lang, Arg};
use domain::event::{DatePrecision, EventInput, EventKind, GeoPrecision};
use domain::store::{Revision, Status};
use domain::tiles::TileLayer;
use event_form::EventForm;
use head::EditHead;

/// `/editor/new`; `/editor/new?report=R-XXXXX` fills the form from a
/// reader's report ([`domain::report::StoredReport::to_event_input`]) and
/// saving it accepts the report.
#[component]
pub fn NewEventPage() -> impl IntoView {
    let query = use_query_map();
    let tiles = Resource::new(
        move || query.read().get("report").filter(|r| !r.is_empty()),
        |report| {
            as_editor(async move {
                let from = match report {
                    Some(reference) => Some(crate::queue::editor_report(reference).await?),
                    None => None,
                };
                Ok((tile_setting().await.ok().flatten(), from))
            })
        },
    );
    let lang = use_lang();
    view! {
        <Title text=page_title(lang, &lang.t("ed-new-event"))/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                editor_view(tiles.await, move |(tiles, from): (Option<TileLayer>, Option<domain::report::StoredReport>)| {
                    let input = from.as_ref().map_or_else(
                        || EventInput {
                            kind: EventKind::Rally.as_str().into(),
                            date_precision: DatePrecision::Exact.as_str().into(),
                            geo_precision: GeoPrecision::City.as_str().into(),
                            ..Default::default()
                        },
                        domain::report::StoredReport::to_event_input,
                    );
                    let report = from.map(|r| r.reference);
                    let note = report.clone().map(|reference| {
                        view! { <p class="notice" role="status">{lang.t_with("rq-from-report", &[("reference", Arg::Code(&reference))])}</p> }
                    });
                    view! {
                        <main class="page wide">
                            <h1>{lang.t("ed-new-event")}</h1>
                            {note}
                            <EventForm typed=Typed { input, status: Status::Draft.as_str().into(), version: None } tiles report/>
                        </main>
                    }
                })
            })}
        </Suspense>
    }
}

/// `/editor/events/{id}`.
#[component]
pub fn EditEventPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let remove = ServerAction::<DeleteEvent>::new();
    let restore = ServerAction::<RestoreEvent>::new();
    let lang = use_lang();
    let data = Resource::new(
        move || {
            let id = params.read().get("id").unwrap_or_default();
            (id, query.read().get("saved"), remove.version().get(), restore.version().get())
        },
        |(id, ..)| as_editor(async move { Ok((editor_event(id).await?, tile_setting().await.ok().flatten())) }),
    );
    view! {
        <Title text=page_title(lang, &lang.t("ed-edit-event"))/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let saved = query.read_untracked().get("saved").and_then(|v| v.parse::<i64>().ok());
                editor_view(data.await, move |(r, tiles): (Revision, Option<TileLayer>)| {
                    let typed = Typed { input: r.event.to_input(), status: r.status.as_str().into(), version: Some(r.version) };
                    view! {
                        <Title text=page_title(lang, &lang.t_with("ed-edit-title", &[("title", Arg::Verbatim(&r.event.title))]))/>
                        <main class="page wide">
                            <EditHead r=r.clone() saved remove restore/>
                            <EventForm typed tiles/>
                        </main>
                    }
                })
            })}
        </Suspense>
    }
}

lazy_page!(
    /// `/editor/new`, lazily loaded.
    NewRoute => NewEventPage
);

lazy_page!(
    /// `/editor/events/{id}`, lazily loaded.
    EditRoute => EditEventPage
);

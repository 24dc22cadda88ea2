//! `/editor`: every event, drafts and removed ones included, newest change
//! first, with search by title or place, a status filter, links to edit and
//! history, and remove/restore buttons. The search is a plain GET form (so
//! it works without JavaScript) that filters as the editor types.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{action_error, as_editor, editor_view, loading, utc_minute, RemoveOrRestore};
use crate::editing::{editor_events, DeleteEvent, RestoreEvent};
use domain::dates::human_range;
use domain::event::DatePrecision;
use domain::store::{Revision, Status};

/// Which events the status filter shows (query `show`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// Every event that is not removed (the default).
    Current,
    /// Drafts only.
    Drafts,
    /// Published only.
    Published,
    /// Removed only.
    Removed,
    /// Everything.
    All,
}

impl Show {
    /// Every choice with its query value and label, in menu order.
    pub const CHOICES: &'static [(Show, &'static str, &'static str)] = &[
        (Show::Current, "", "Drafts and published"),
        (Show::Drafts, "draft", "Drafts"),
        (Show::Published, "published", "Published"),
        (Show::Removed, "removed", "Removed"),
        (Show::All, "all", "Everything"),
    ];

    /// From the query value; anything unknown is the default.
    pub fn parse(s: &str) -> Show {
        Self::CHOICES.iter().find(|(_, q, _)| *q == s).map_or(Show::Current, |c| c.0)
    }

    fn admits(self, r: &Revision) -> bool {
        match self {
            Show::Current => !r.deleted,
            Show::Drafts => !r.deleted && r.status == Status::Draft,
            Show::Published => !r.deleted && r.status == Status::Published,
            Show::Removed => r.deleted,
            Show::All => true,
        }
    }
}

/// Whether an event matches the search: every word of `q` occurs in its
/// title, place, country code or id, ignoring case and, in Arabic and
/// Persian, diacritics and letter variants (`domain::search`).
pub fn matches(r: &Revision, q: &str) -> bool {
    let e = &r.event;
    domain::search::matches_words(&format!("{} {} {} {}", e.title, e.location_name, e.country_code, e.id), q)
}

/// The list page.
#[component]
pub fn EditorListPage() -> impl IntoView {
    let remove = ServerAction::<DeleteEvent>::new();
    let restore = ServerAction::<RestoreEvent>::new();
    let events =
        Resource::new(move || (remove.version().get(), restore.version().get()), |_| as_editor(editor_events()));
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let show = Memo::new(move |_| query.read().get("show").unwrap_or_default());
    let navigate = use_navigate();
    let search = move |ev: leptos::ev::Event| {
        let Some(form) = event_target::<web_sys::HtmlElement>(&ev).closest("form").ok().flatten() else { return };
        let Ok(data) = web_sys::FormData::new_with_form(form.unchecked_ref()) else { return };
        let text = |k: &str| data.get(k).as_string().unwrap_or_default();
        let pairs: Vec<(String, String)> = [("q", text("q")), ("show", text("show"))]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        let qs: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        let to = if qs.is_empty() { "/editor".to_owned() } else { format!("/editor?{qs}") };
        navigate(&to, leptos_router::NavigateOptions { replace: true, scroll: false, ..Default::default() });
    };
    let failed = action_error(remove, restore);
    // Removing hides the row (removed events are not listed by default), so
    // say where it went and offer to undo.
    let removed = move || {
        let r = remove.value().get()?.ok()?;
        let restored = restore
            .value()
            .get()
            .and_then(Result::ok)
            .is_some_and(|x| x.event.id == r.event.id && x.version > r.version);
        (!restored).then(|| {
            view! {
                <div class="notice ok" role="status">
                    {format!("Removed “{}” from the public map. It is listed under Show: Removed. ", r.event.title)}
                    <RemoveOrRestore id=r.event.id.clone() version=r.version deleted=true remove restore restore_label="Undo"/>
                </div>
            }
        })
    };
    view! {
        <Title text="Events — rallymap editor"/>
        <Suspense fallback=loading>
            {move || {
                let search = search.clone();
                Suspend::new(async move {
                    editor_view(events.await, move |all: Vec<Revision>| {
                        let all = StoredValue::new(all);
                        let rows = move || {
                            let filter = Show::parse(&show.get());
                            let q = q.get();
                            let rows: Vec<Revision> =
                                all.with_value(|a| a.iter().filter(|r| filter.admits(r) && matches(r, &q)).cloned().collect());
                            let count = format!("{} {}", rows.len(), if rows.len() == 1 { "event" } else { "events" });
                            view! {
                                <p class="count" aria-live="polite">{count}</p>
                                <table class="events">
                                    <thead>
                                        <tr><th>"Title"</th><th>"Place"</th><th>"Dates"</th><th>"Status"</th><th>"Last change"</th><th><span class="visually-hidden">"Actions"</span></th></tr>
                                    </thead>
                                    <tbody>
                                        {rows.into_iter().map(|r| view! { <Row r remove restore/> }).collect_view()}
                                    </tbody>
                                </table>
                            }
                        };
                        view! {
                            <main class="page wide editor-list">
                                <div class="list-head">
                                    <h1>"Events"</h1>
                                    <a class="button primary" href="/editor/new">"New event"</a>
                                </div>
                                <form class="search" method="get" action="/editor" role="search" on:input=search.clone() on:change=search>
                                    <label>
                                        "Search title or place "
                                        <input type="search" name="q" value=q.get_untracked() placeholder="e.g. Stockholm"/>
                                    </label>
                                    <label>
                                        "Show "
                                        <select name="show">
                                            {Show::CHOICES
                                                .iter()
                                                .map(|(_, value, label)| {
                                                    view! { <option value=*value selected=move || show.get() == *value>{*label}</option> }
                                                })
                                                .collect_view()}
                                        </select>
                                    </label>
                                    <button type="submit" class="no-js">"Search"</button>
                                </form>
                                {failed}
                                {removed}
                                {rows}
                            </main>
                        }
                    })
                })
            }}
        </Suspense>
    }
}

/// One event's row.
#[component]
fn Row(r: Revision, remove: ServerAction<DeleteEvent>, restore: ServerAction<RestoreEvent>) -> impl IntoView {
    let e = r.event;
    let edit = format!("/editor/events/{}", e.id);
    let history = format!("{edit}/history");
    let dates = match e.date_precision {
        DatePrecision::Exact => human_range(e.dates, false),
        DatePrecision::Approximate => format!("{} (approx.)", human_range(e.dates, false)),
    };
    let (badge, class) = match (r.deleted, r.status) {
        (true, _) => ("Removed", "badge removed"),
        (false, Status::Draft) => ("Draft", "badge draft"),
        (false, Status::Published) => ("Published", "badge published"),
    };
    let changed = format!(
        "{} by {}",
        e.updated_at.map(utc_minute).unwrap_or_default(),
        r.updated_by.unwrap_or_else(|| "seed data".into())
    );
    let button = view! { <RemoveOrRestore id=e.id.clone() version=r.version deleted=r.deleted remove restore/> };
    view! {
        <tr data-id=e.id.clone() class:removed=r.deleted>
            <td><a href=edit class="title" dir="auto">{e.title}</a></td>
            <td dir="auto">{format!("{} ({})", e.location_name, e.country_code)}</td>
            <td>{dates}</td>
            <td><span class=class>{badge}</span></td>
            <td class="muted">{changed}</td>
            <td class="actions"><a href=history>"History"</a> {button}</td>
        </tr>
    }
}

lazy_page!(
    /// `/editor`, lazily loaded.
    ListRoute => EditorListPage
);

#[cfg(test)]
mod tests {
    use super::*;
    use domain::event::{sample_input, EventInput};

    fn revision(title: &str, place: &str, status: Status, deleted: bool) -> Revision {
        let event = EventInput {
            id: "2020-01-18-the-hague".into(),
            title: title.into(),
            location_name: place.into(),
            country_code: "NL".into(),
            ..sample_input()
        }
        .validate()
        .expect("valid");
        Revision { event, status, version: 1, deleted, updated_by: None }
    }

    #[test]
    fn search_needs_every_word_in_title_or_place_ignoring_case() {
        let r = revision("MEK supporters rally", "The Hague", Status::Published, false);
        assert!(matches(&r, ""));
        assert!(matches(&r, "hague"));
        assert!(matches(&r, "RALLY the"));
        assert!(matches(&r, "nl"));
        assert!(!matches(&r, "hague stockholm"));
        // Persian and Arabic: without the shadda, or with the other script's letters.
        let strike = revision("اعتصاب عمّال نفت", "آبادان", Status::Published, false);
        assert!(matches(&strike, "عمال"));
        assert!(matches(&strike, "عمّال نفت"));
        assert!(matches(&strike, "ابادان"));
    }

    #[test]
    fn the_status_filter_hides_removed_events_unless_asked() {
        let draft = revision("a", "b", Status::Draft, false);
        let removed = revision("a", "b", Status::Published, true);
        assert!(Show::parse("").admits(&draft));
        assert!(!Show::parse("").admits(&removed));
        assert!(!Show::parse("published").admits(&draft));
        assert!(Show::parse("removed").admits(&removed));
        assert!(Show::parse("all").admits(&removed));
        assert_eq!(Show::parse("bogus"), Show::Current);
    }
}

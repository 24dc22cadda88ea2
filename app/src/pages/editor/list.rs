//! `/editor`: every event, drafts and removed ones included, newest change
//! first, with search by title or place, a status filter, links to edit and
//! history, and remove/restore buttons. The search is a plain GET form (so
//! it works without JavaScript) that filters as the editor types.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{action_error, as_editor, editor_view, loading, page_title, utc_minute, RemoveOrRestore};
use crate::editing::{editor_events, DeleteEvent, RestoreEvent};
use crate::i18n::{use_lang, Arg};
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
    /// Every choice with its query value and the message of its label, in
    /// menu order.
    pub const CHOICES: &'static [(Show, &'static str, &'static str)] = &[
        (Show::Current, "", "ed-show-current"),
        (Show::Drafts, "draft", "ed-show-draft"),
        (Show::Published, "published", "ed-show-published"),
        (Show::Removed, "removed", "ed-show-removed"),
        (Show::All, "all", "ed-show-all"),
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
    let lang = use_lang();
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
                    {lang.t_with("ed-removed-notice", &[("title", Arg::Verbatim(&r.event.title))])} " "
                    <RemoveOrRestore id=r.event.id.clone() version=r.version deleted=true remove restore undo=true/>
                </div>
            }
        })
    };
    view! {
        <Title text=page_title(lang, &lang.t("ed-events"))/>
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
                            let count = lang.t_with("ed-count", &[("count", Arg::Number(rows.len() as i64))]);
                            view! {
                                <p class="count" aria-live="polite">{count}</p>
                                <table class="events">
                                    <thead>
                                        <tr>
                                            <th>{lang.t("ed-col-title")}</th><th>{lang.t("ed-col-place")}</th><th>{lang.t("ed-col-dates")}</th>
                                            <th>{lang.t("ed-col-status")}</th><th>{lang.t("ed-col-changed")}</th>
                                            <th><span class="visually-hidden">{lang.t("ed-col-actions")}</span></th>
                                        </tr>
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
                                    <h1>{lang.t("ed-events")}</h1>
                                    <a class="button primary" href=crate::base::href("/editor/new")>{lang.t("ed-new-event")}</a>
                                </div>
                                <form class="search" method="get" action=crate::base::href("/editor") role="search" on:input=search.clone() on:change=search>
                                    <label>
                                        {lang.t("ed-search-label")} " "
                                        <input type="search" name="q" dir="auto" value=q.get_untracked() placeholder=lang.t("ed-search-placeholder")/>
                                    </label>
                                    <label>
                                        {lang.t("ed-show")} " "
                                        <select name="show">
                                            {Show::CHOICES
                                                .iter()
                                                .map(|(_, value, label)| {
                                                    view! { <option value=*value selected=move || show.get() == *value>{lang.t(label)}</option> }
                                                })
                                                .collect_view()}
                                        </select>
                                    </label>
                                    <button type="submit" class="no-js">{lang.t("ed-search")}</button>
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
    let lang = use_lang();
    let e = r.event;
    let edit = crate::base::href(&format!("/editor/events/{}", e.id));
    let history = format!("{edit}/history");
    let dates = match e.date_precision {
        DatePrecision::Exact => lang.range(e.dates, false),
        DatePrecision::Approximate => {
            lang.t_with("ed-approx", &[("dates", Arg::Text(lang.range(e.dates, false).into()))])
        }
    };
    let (badge, class) = match (r.deleted, r.status) {
        (true, _) => ("ed-status-removed", "badge removed"),
        (false, Status::Draft) => ("ed-status-draft", "badge draft"),
        (false, Status::Published) => ("ed-status-published", "badge published"),
    };
    let who = r.updated_by.unwrap_or_else(|| lang.t("ed-seed-data"));
    let changed = lang.t_with(
        "ed-changed-by",
        &[
            ("when", Arg::Text(e.updated_at.map(|t| utc_minute(lang, t)).unwrap_or_default().into())),
            ("who", Arg::Verbatim(&who)),
        ],
    );
    let button = view! { <RemoveOrRestore id=e.id.clone() version=r.version deleted=r.deleted remove restore/> };
    view! {
        <tr data-id=e.id.clone() class:removed=r.deleted>
            <td><a href=edit class="title" dir="auto">{e.title}</a></td>
            <td dir="auto">{format!("{} ({})", e.location_name, e.country_code)}</td>
            <td>{dates}</td>
            <td><span class=class>{lang.t(badge)}</span></td>
            <td class="muted">{changed}</td>
            <td class="actions"><a href=history>{lang.t("ed-history")}</a> {button}</td>
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

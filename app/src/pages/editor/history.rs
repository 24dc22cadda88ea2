//! `/editor/events/{id}/history`: every recorded change of an event, newest
//! first: who, when, what it did and which fields it changed, the full
//! version before it, and a button to bring that version back (itself
//! recorded as a change, so nothing is ever lost).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{as_editor, editor_view, loading, page_title, when, words_around, EditNotice};
use crate::components::action_form::ActionForm;
use crate::editing::{editor_event, event_history, RevertEvent};
use crate::i18n::{use_lang, Arg, Lang};
use domain::changes::{changed_fields, field_text, COMPARED};
use domain::event::Event;
use domain::field::Field;
use domain::store::{Action, HistoryEntry, Revision, Status};

/// What a change did, in words: "Edited".
pub fn action_text(lang: Lang, a: Action) -> String {
    lang.t(match a {
        Action::Created => "ed-action-created",
        Action::Updated => "ed-action-updated",
        Action::Deleted => "ed-action-deleted",
        Action::Restored => "ed-action-restored",
        Action::Reverted => "ed-action-reverted",
        Action::Imported => "ed-action-imported",
    })
}

/// Each entry (newest first) with the version it produced: the version
/// after entry `k` is the one before entry `k - 1`, and the newest entry's
/// is the event now.
pub fn with_after<'a>(now: &'a Revision, entries: &'a [HistoryEntry]) -> Vec<(&'a HistoryEntry, (&'a Event, Status))> {
    entries
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let after = if k == 0 {
                (&now.event, now.status)
            } else {
                entries[k - 1].previous.as_ref().map_or((&now.event, now.status), |(ev, st)| (ev, *st))
            };
            (e, after)
        })
        .collect()
}

/// The history page.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let params = use_params_map();
    let revert = ServerAction::<RevertEvent>::new();
    let lang = use_lang();
    let data = Resource::new(
        move || (params.read().get("id").unwrap_or_default(), revert.version().get()),
        |(id, _)| {
            as_editor(async move {
                let now = editor_event(id.clone()).await?;
                let entries = event_history(id).await?;
                Ok((now, entries))
            })
        },
    );
    let failed = move || revert.value().get().and_then(Result::err).map(|error| view! { <EditNotice error/> });
    let done = move || {
        revert.value().get().and_then(Result::ok).map(|r| {
            view! { <p class="notice ok" role="status">{lang.t_with("ed-reverted", &[("version", Arg::Number(r.version))])}</p> }
        })
    };
    view! {
        <Title text=page_title(lang, &lang.t("ed-history"))/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                editor_view(data.await, move |(now, entries): (Revision, Vec<HistoryEntry>)| {
                    let edit = crate::base::href(&format!("/editor/events/{}", now.event.id));
                    let (before, after) = words_around(lang, "ed-history-of", "title");
                    let rows = with_after(&now, &entries)
                        .into_iter()
                        .map(|(entry, after)| view! { <Change entry=entry.clone() after=(after.0.clone(), after.1) now=now.clone() revert/> })
                        .collect_view();
                    view! {
                        <Title text=page_title(lang, &lang.t_with("ed-history-of", &[("title", Arg::Verbatim(&now.event.title))]))/>
                        <main class="page wide history">
                            <h1>{before}<bdi>{now.event.title.clone()}</bdi>{after}</h1>
                            <p class="links"><a href=edit>{lang.t("ed-edit-the-event")}</a></p>
                            {failed}
                            {done}
                            {entries.is_empty().then(|| view! { <p class="muted">{lang.t("ed-history-none")}</p> })}
                            <ol class="changes">{rows}</ol>
                        </main>
                    }
                })
            })}
        </Suspense>
    }
}

/// One change: what, who, when, the changed fields, and the version before.
#[component]
fn Change(
    entry: HistoryEntry,
    after: (Event, Status),
    now: Revision,
    revert: ServerAction<RevertEvent>,
) -> impl IntoView {
    let lang = use_lang();
    // An import's note names the file: "Imported from events.csv by anna".
    let what = match (&entry.note, entry.action) {
        (Some(note), Action::Imported) => match note.strip_prefix("imported from ") {
            Some(file) => lang.t_with("ed-imported-from", &[("file", Arg::Verbatim(file))]),
            None => note.clone(),
        },
        _ => action_text(lang, entry.action),
    };
    let head = lang.t_with(
        "ed-change-head",
        &[
            ("version", Arg::Number(entry.version)),
            ("what", Arg::Text(what.into())),
            ("who", Arg::Verbatim(&entry.editor)),
            ("when", Arg::Text(when(lang, &entry.at).into())),
        ],
    );
    let Some((before, before_status)) = entry.previous.clone() else {
        return view! { <li class="change"><h2>{head}</h2></li> }.into_any();
    };
    let changed: Vec<Field> = changed_fields((&before, before_status), (&after.0, after.1));
    let summary = if changed.is_empty() {
        lang.t(match entry.action {
            Action::Deleted => "ed-change-deleted",
            Action::Restored => "ed-change-restored",
            _ => "ed-change-none",
        })
    } else {
        let names: Vec<String> = changed.iter().map(|f| lang.field(*f)).collect();
        lang.t_with("ed-changed-fields", &[("fields", Arg::Text(names.join(&lang.list_comma()).into()))])
    };
    let same_as_now = changed_fields((&before, before_status), (&now.event, now.status)).is_empty();
    let fields = COMPARED
        .into_iter()
        .map(|f| {
            let text = field_text(&before, before_status, f);
            let text = if text.is_empty() { "—".to_owned() } else { text };
            let was_changed = changed.contains(&f);
            view! { <dt class:changed=was_changed>{lang.field(f)}</dt><dd class:changed=was_changed dir="auto">{text}</dd> }
        })
        .collect_view();
    let older = entry.version - 1;
    let button = (!same_as_now).then(|| {
        view! {
            <ActionForm action=revert attr:class="inline">
                <input type="hidden" name="id" value=now.event.id.clone()/>
                <input type="hidden" name="entry" value=entry.id.to_string()/>
                <input type="hidden" name="version" value=now.version.to_string()/>
                <button type="submit" class="revert">{lang.t_with("ed-restore-version", &[("version", Arg::Number(older))])}</button>
            </ActionForm>
        }
    });
    view! {
        <li class="change" data-version=entry.version>
            <h2>{head}</h2>
            <p>{summary}</p>
            <details>
                <summary>{lang.t_with("ed-version-before", &[("version", Arg::Number(older))])}</summary>
                <dl class="version">{fields}</dl>
            </details>
            {button}
        </li>
    }
    .into_any()
}

lazy_page!(
    /// `/editor/events/{id}/history`, lazily loaded.
    HistoryRoute => HistoryPage
);

#[cfg(test)]
mod tests {
    use super::*;
    use domain::event::{sample_input, EventInput};

    fn event(title: &str) -> Event {
        EventInput { title: title.into(), ..sample_input() }.validate().expect("valid")
    }

    fn entry(id: i64, version: i64, action: Action, previous: Option<(Event, Status)>) -> HistoryEntry {
        HistoryEntry {
            id,
            version,
            action,
            editor: "anna".into(),
            at: "2026-11-30T10:00:00Z".into(),
            previous,
            note: None,
        }
    }

    #[test]
    fn each_change_is_paired_with_the_version_it_made() {
        let now =
            Revision { event: event("C"), status: Status::Published, version: 3, deleted: false, updated_by: None };
        let entries = vec![
            entry(30, 3, Action::Updated, Some((event("B"), Status::Draft))),
            entry(20, 2, Action::Updated, Some((event("A"), Status::Draft))),
            entry(10, 1, Action::Created, None),
        ];
        let titles: Vec<(i64, String, Status)> =
            with_after(&now, &entries).into_iter().map(|(e, (ev, st))| (e.version, ev.title.clone(), st)).collect();
        assert_eq!(
            titles,
            vec![(3, "C".into(), Status::Published), (2, "B".into(), Status::Draft), (1, "A".into(), Status::Draft)]
        );
    }
}

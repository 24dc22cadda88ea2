//! One row of the list: a swatch, the title as a link to the event's page,
//! when and where. A row of the live list follows its entry in the rows in
//! view by its key, so new text or a new position changes it in place.

use leptos::prelude::*;

use super::{Focused, InView};
use crate::components::map::{Loaded, MapSignals};
use crate::components::swatch::kind_swatch;
use crate::i18n::Lang;
use domain::dates::DateRange;
use domain::event::{DatePrecision, EventKind};
use domain::store::ListItem;

/// What a row shows.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    /// What the live list keys the row by: the event's id when the browser
    /// has the window's events, else `#position`.
    pub key: String,
    pub position: usize,
    pub id: String,
    pub kind: EventKind,
    pub dates: Option<DateRange>,
    pub approximate: bool,
    pub title: Option<String>,
    pub place: Option<String>,
}

impl Row {
    /// The row of `item` at `position`.
    pub fn of(position: usize, item: &ListItem) -> Self {
        Self {
            key: item.id.clone(),
            position,
            id: item.id.clone(),
            kind: item.kind,
            dates: Some(item.dates),
            approximate: item.date_precision == DatePrecision::Approximate,
            title: Some(item.title.clone()),
            place: Some(item.location_name.clone()),
        }
    }
}

/// Where the row keyed `key` is now: at `was` if it still is, else found
/// again in the window's events (`listed`); else `was` (within `n` rows),
/// whose row replaces it.
pub(super) fn locate(key: &str, was: usize, listed: Option<(&Loaded, &Vec<u32>)>, n: usize) -> usize {
    let Some((d, listed)) = listed else { return was.min(n.saturating_sub(1)) };
    if listed.get(was).is_some_and(|&m| d.index.ids[m as usize] == key) {
        return was;
    }
    d.index
        .position(key)
        .and_then(|m| listed.binary_search(&(m as u32)).ok())
        .unwrap_or_else(|| was.min(n.saturating_sub(1)))
}

/// A click on a row's link opens its popup on the map (a click with a
/// modifier opens the event's page, as links do).
fn open_on_map(s: MapSignals, id: String, ev: &leptos::ev::MouseEvent) {
    if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 || id.is_empty() {
        return;
    }
    ev.prevent_default();
    s.selected.set(Some(id.clone()));
    s.focus.set(Some(id));
}

/// Focus or the pointer on a row rings its marker on the map.
fn highlight(s: MapSignals, id: String) {
    s.highlighted.set(Some(id));
}

fn unhighlight(s: MapSignals, id: &str) {
    if s.highlighted.with_untracked(|h| h.as_deref() == Some(id)) {
        s.highlighted.set(None);
    }
}

/// A row of the list the server renders (and the page shows until it is
/// live): `total` rows in all.
pub(super) fn static_row(lang: Lang, r: Row, total: usize, s: MapSignals, embedded: bool) -> impl IntoView {
    let id = r.id.clone();
    let is_selected = {
        let id = id.clone();
        move || s.selected.with(|x| x.as_deref() == Some(id.as_str()))
    };
    let current = is_selected.clone();
    let (click_id, in_id, out_id) = (id.clone(), id.clone(), id.clone());
    let (enter_id, leave_id) = (id.clone(), id.clone());
    let when = r.dates.map(|d| lang.range(d, r.approximate)).unwrap_or_default();
    let title = r.title.unwrap_or_else(|| "…".into());
    let kind = lang.kind(r.kind);
    view! {
        <li data-id=id.clone() class:selected=is_selected
            aria-posinset=r.position + 1 aria-setsize=total
            on:focusin=move |_| highlight(s, in_id.clone()) on:mouseenter=move |_| highlight(s, enter_id.clone())
            on:focusout=move |_| unhighlight(s, &out_id) on:mouseleave=move |_| unhighlight(s, &leave_id)>
            {kind_swatch(r.kind, r.approximate)}
            <a href=crate::base::href(&format!("/events/{id}")) target=embedded.then_some("_blank") dir="auto"
                aria-current=move || current().then_some("true")
                on:click=move |ev| open_on_map(s, click_id.clone(), &ev)>{title}</a>
            <span class="when">{when}</span>
            <span class="where">{kind}{r.place.map(|p| view! { " · " <bdi>{p}</bdi> })}</span>
        </li>
    }
}

/// A row of the live list, keyed `key` in `in_view`; `shown` rows in all.
pub(super) fn live_row(
    lang: Lang,
    key: String,
    in_view: InView,
    shown: Signal<usize>,
    s: MapSignals,
    embedded: bool,
    focused: Focused,
) -> impl IntoView {
    let row = {
        let key = key.clone();
        Memo::new(move |_| in_view.with(|v| v.iter().find(|r| r.key == key).cloned()))
    };
    let id = move || row.with(|r| r.as_ref().map(|r| r.id.clone()).unwrap_or_default());
    let position = move || row.with(|r| r.as_ref().map_or(0, |r| r.position));
    let is_selected = move || {
        let id = id();
        !id.is_empty() && s.selected.with(|x| x.as_deref() == Some(id.as_str()))
    };
    let swatch = move || row.with(|r| r.as_ref().map(|r| kind_swatch(r.kind, r.approximate)));
    let title = move || row.with(|r| r.as_ref().and_then(|r| r.title.clone())).unwrap_or_else(|| "…".into());
    let when = move || {
        row.with(|r| r.as_ref().and_then(|r| r.dates.map(|d| lang.range(d, r.approximate)))).unwrap_or_default()
    };
    let place = move || row.with(|r| r.as_ref().and_then(|r| r.place.clone()));
    let kind = move || row.with(|r| r.as_ref().map(|r| lang.kind(r.kind))).unwrap_or_default();
    let focus_key = key.clone();
    view! {
        <li data-id=id class:selected=is_selected
            style=move || format!("top:{}px", position() as f64 * super::ROW_PX)
            aria-posinset=move || position() + 1 aria-setsize=move || shown.get()
            on:focusin=move |_| {
                focused.set(Some((focus_key.clone(), position())));
                highlight(s, id());
            }
            on:mouseenter=move |_| highlight(s, id())
            on:focusout=move |ev| {
                unhighlight(s, &id());
                #[cfg(feature = "hydrate")]
                super::client::focus_left(focused, key.clone(), &ev);
                #[cfg(not(feature = "hydrate"))]
                let _ = &ev;
            }
            on:mouseleave=move |_| unhighlight(s, &id())>
            {swatch}
            <a href=move || crate::base::href(&format!("/events/{}", id())) target=embedded.then_some("_blank") dir="auto"
                aria-current=move || is_selected().then_some("true")
                on:click=move |ev| open_on_map(s, id(), &ev)>{title}</a>
            <span class="when">{when}</span>
            <span class="where">{kind}{move || place().map(|p| view! { " · " <bdi>{p}</bdi> })}</span>
        </li>
    }
}

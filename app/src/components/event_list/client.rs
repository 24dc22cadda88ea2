//! The live list in the browser: fetching rows' text, following the
//! selection, and keeping the keyboard focus in the list.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{Focused, InView, Known, Pages, BLOCK, ROW_PX};
use crate::components::map::loader::{events_query, fetch_json, ListAnswer};
use crate::components::map::MapSignals;
use domain::dates::day_number;

/// Most rows' text kept by id (about 200 bytes each).
const MAX_KNOWN: usize = 20_000;

/// Fetches the blocks of rows in view that have no text yet; a new
/// window starts a new set of blocks.
pub fn fetch_missing(s: MapSignals, pages: Pages, known: Known, in_view: InView) {
    let asked = StoredValue::new_local(HashSet::<(String, u64)>::new());
    let filtered = StoredValue::new_local(s.filter.get_untracked());
    Effect::new(move |_| {
        let rows = in_view.with(|v| v.iter().filter(|r| r.title.is_none()).map(|r| r.position).collect::<Vec<_>>());
        let window = s.settled.get();
        let filter = s.filter.get();
        // Other filters number the rows anew.
        if filtered.with_value(|f| *f != filter) {
            filtered.set_value(filter.clone());
            pages.update(|(_, p)| p.clear());
        }
        if pages.with_untracked(|(w, _)| *w != window) {
            pages.update(|(w, p)| {
                *w = window;
                p.clear();
            });
        }
        let key = events_query(day_number(window.0), day_number(window.1), None, &filter);
        let mut blocks: Vec<u64> = rows.iter().map(|&p| p as u64 / BLOCK).collect();
        blocks.dedup();
        for block in blocks {
            if pages.with_untracked(|(_, p)| p.contains_key(&block)) {
                continue;
            }
            if !asked.try_update_value(|a| a.insert((key.clone(), block))).unwrap_or(false) {
                continue;
            }
            let url = format!("/api/map/list?{key}&offset={}&limit={BLOCK}", block * BLOCK);
            leptos::task::spawn_local(async move {
                let Some(page) = fetch_json::<ListAnswer>(&url).await else { return };
                known.update(|k| {
                    if k.len() > MAX_KNOWN {
                        k.clear();
                    }
                    k.extend(page.items.iter().map(|r| (r.id.clone(), r.clone())));
                });
                pages.update(|(w, p)| {
                    if *w == window {
                        p.insert(block, Arc::new(page.items));
                    }
                });
            });
        }
    });
}

/// Scrolls the selected event's row into view.
pub fn follow_selection(s: MapSignals, scroller: NodeRef<leptos::html::Div>, view_height: RwSignal<f64>) {
    Effect::new(move |_| {
        let Some(id) = s.selected.get() else { return };
        let Some(el) = scroller.get() else { return };
        let position = s.data.with_untracked(|d| {
            let d = d.as_ref()?;
            let m = d.index.position(&id)? as u32;
            s.listed.with_untracked(|v| v.as_ref()?.binary_search(&m).ok())
        });
        let Some(p) = position else { return };
        let top = p as f64 * ROW_PX;
        let (scroll, height) = (f64::from(el.scroll_top()), view_height.get_untracked());
        if top < scroll || top + ROW_PX > scroll + height {
            el.set_scroll_top((top - height / 2.0 + ROW_PX / 2.0).max(0.0) as i32);
        }
    });
}

/// After focus left the row keyed `key`: when the reader took it
/// somewhere else (another control, not a row), the row no longer needs
/// keeping in the page. Focus that fell to `<body>` was not taken
/// elsewhere: the list moved or replaced the row's element as it scrolled,
/// and [`keep_focus`] gives it back.
pub fn focus_left(focused: Focused, key: String, ev: &leptos::ev::FocusEvent) {
    let into_row = ev
        .related_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|t| t.closest(".event-list.virtual li").ok().flatten().is_some());
    if into_row {
        return;
    }
    request_animation_frame(move || {
        let Some(active) = document().active_element() else { return };
        let in_list = active.closest(".event-list.virtual li").ok().flatten().is_some();
        if !in_list && !active.tag_name().eq_ignore_ascii_case("body") {
            let _ = focused.try_update(|f| {
                if f.as_ref().is_some_and(|(k, _)| *k == key) {
                    *f = None;
                }
            });
        }
    });
}

/// Keeps the keyboard focus on the focused row while the list scrolls and
/// changes: when the list moved or replaced its element (focus fell to
/// `<body>`), the row at its position takes the focus back, without
/// scrolling to it. A press of the pointer outside the list lets it go.
pub fn keep_focus(scroller: NodeRef<leptos::html::Div>, focused: Focused, in_view: InView) {
    let pressed = window_event_listener(leptos::ev::pointerdown, move |ev| {
        let outside = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_none_or(|t| t.closest(".event-list.virtual").ok().flatten().is_none());
        if outside && focused.with_untracked(Option::is_some) {
            focused.set(None);
        }
    });
    on_cleanup(move || pressed.remove());
    Effect::new(move |_| {
        in_view.track();
        if focused.with_untracked(Option::is_none) {
            return;
        }
        request_animation_frame(move || {
            let Some(Some((_, p))) = focused.try_get_untracked() else { return };
            let lost = document().active_element().is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body"));
            if !lost {
                return;
            }
            let Some(list) = scroller.try_get_untracked().flatten() else { return };
            // The row at its position, or the nearest before it (its event
            // left the window).
            let target = (1..=p + 1).rev().take(64).find_map(|at| {
                list.query_selector(&format!("li[aria-posinset=\"{at}\"] a"))
                    .ok()
                    .flatten()
                    .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())
            });
            if let Some(a) = target {
                focus_without_scrolling(&a);
            }
        });
    });
}

/// `el.focus({ preventScroll: true })`: the reader scrolled the list away
/// from the row, and stays where they scrolled.
fn focus_without_scrolling(el: &web_sys::HtmlElement) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &true.into());
    if let Ok(focus) = js_sys::Reflect::get(el, &"focus".into()) {
        if let Ok(focus) = focus.dyn_into::<js_sys::Function>() {
            let _ = focus.call1(el, &options);
        }
    }
}

//! The list of events in the window, beside the map. Clicking an item opens
//! its popup on the map; the open popup's item is highlighted. Without
//! JavaScript each item is a plain link to the event's page.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::map::MapSignals;
use domain::dates::human_range;
use domain::event::{DatePrecision, Event};
use domain::labels::{kind_colour, kind_label};

/// The events of `signals.visible`, in date order.
#[component]
pub fn EventList(
    /// All events of the page, sorted.
    events: Arc<Vec<Event>>,
    /// The page's shared signals.
    signals: MapSignals,
    /// In `/embed`: links open in a new tab, never in the host's frame.
    #[prop(optional)]
    embedded: bool,
) -> impl IntoView {
    let s = signals;
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let Some(id) = s.selected.get() else { return };
        let sel = format!(".event-list li[data-id=\"{id}\"]");
        if let Ok(Some(el)) = document().query_selector(&sel) {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&opts);
        }
    });
    view! {
        <ol class="event-list">
            <For each=move || s.visible.get() key=|i| *i let:i>
                {
                    let e = &events[i];
                    let id = e.id.clone();
                    let when = human_range(e.dates, e.date_precision == DatePrecision::Approximate);
                    let approximate = e.date_precision == DatePrecision::Approximate;
                    let is_selected = {
                        let id = id.clone();
                        move || s.selected.with(|x| x.as_deref() == Some(id.as_str()))
                    };
                    let on_click = {
                        let id = id.clone();
                        move |ev: leptos::ev::MouseEvent| {
                            if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
                                return;
                            }
                            ev.prevent_default();
                            s.selected.set(Some(id.clone()));
                            s.focus.set(Some(id.clone()));
                        }
                    };
                    view! {
                        <li data-id=id.clone() class:selected=is_selected>
                            <span
                                class="swatch"
                                class:hollow=approximate
                                style=format!("--kind: {}", kind_colour(e.kind))
                                aria-hidden="true"
                            ></span>
                            <a href=format!("/events/{id}") target=embedded.then_some("_blank") on:click=on_click>{e.title.clone()}</a>
                            <span class="when">{when}</span>
                            <span class="where">{format!("{} · {}", kind_label(e.kind), e.location_name)}</span>
                        </li>
                    }
                }
            </For>
        </ol>
    }
}

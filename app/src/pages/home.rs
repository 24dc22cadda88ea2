//! `/`: the reader's map. A Leaflet map, the date slider and the list of
//! events in the window; every view is a permalink (`start`, `end`, `lat`,
//! `lon`, `z`, `event`). Without JavaScript the list still reads, filtered by
//! the permalink's window, with links to each event's page.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{load_map, MapData};
use crate::components::date_slider::DateSlider;
use crate::components::event_list::EventList;
use crate::components::map::{EventMap, MapSignals};
use crate::components::popup::kind_colour;
use crate::dates::DateWindow;
use crate::event::EventKind;
use crate::permalink::Permalink;
use crate::timeline::Extent;

/// The map page.
#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_map());
    view! {
        <Title text="rallymap — reported rallies and protests"/>
        <header class="bar">
            <h1>"rallymap"</h1>
            <p class="tagline">"Reported rallies and protests, by place and day"</p>
        </header>
        <Suspense fallback=|| view! { <p class="page">"Loading events…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Explorer data=d/> }.into_any(),
                    Err(e) => view! { <p class="page error">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

const PERMALINK_KEYS: [&str; 6] = ["start", "end", "lat", "lon", "z", "event"];

/// The map, slider and list over `data`, in step with each other and the URL.
#[component]
fn Explorer(data: MapData) -> impl IntoView {
    let events = Arc::new(data.events);
    let Some(extent) = Extent::of(&events) else {
        return view! { <p class="page empty">"No events have been published yet."</p> }.into_any();
    };
    let query = use_query_map();
    let link = query.with_untracked(|q| {
        let owned: Vec<(&str, String)> = PERMALINK_KEYS.iter().filter_map(|k| q.get(k).map(|v| (*k, v))).collect();
        Permalink::from_pairs(owned.iter().map(|(k, v)| (*k, v.as_str())))
    });
    // The window may reach beyond the data (a reader may ask for days with
    // no events); only the slider's handles stop at the data's extent.
    let start = link.start.unwrap_or(extent.first);
    let end = link.end.unwrap_or(extent.last).max(start);
    let dates = RwSignal::new((start, end));
    let visible = {
        let events = events.clone();
        Memo::new(move |_| {
            let (s, e) = dates.get();
            let w = DateWindow { start: Some(s), end: Some(e) };
            events.iter().enumerate().filter(|(_, x)| x.dates.intersects(&w)).map(|(i, _)| i).collect::<Vec<_>>()
        })
    };
    let signals = MapSignals {
        visible,
        selected: RwSignal::new(link.event),
        focus: RwSignal::new(None),
        view: RwSignal::new(link.view),
    };

    // Keep the address bar a permalink of what the reader sees, without
    // adding history entries or reloading.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let (s, e) = dates.get();
        let p = Permalink { start: Some(s), end: Some(e), view: signals.view.get(), event: signals.selected.get() };
        let path = location().pathname().unwrap_or_default();
        if let Ok(h) = window().history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}?{}", p.to_query())));
        }
    });

    let histogram = extent.histogram(&events);
    let total = events.len();
    let shown = Signal::derive(move || visible.with(Vec::len));
    view! {
        <div class="explorer">
            <div class="map-column">
                <EventMap events=events.clone() signals=signals tiles=data.tiles/>
                <Legend/>
                <DateSlider extent=extent histogram=histogram window=dates shown=shown total=total/>
            </div>
            <aside class="list-column" aria-label="Events in the window">
                <EventList events=events signals=signals/>
            </aside>
        </div>
    }
    .into_any()
}

/// What the marker styles mean.
#[component]
fn Legend() -> impl IntoView {
    let kinds = [EventKind::Rally, EventKind::Protest, EventKind::March, EventKind::Vigil, EventKind::BannerAction, EventKind::Other];
    view! {
        <ul class="legend" aria-label="Legend">
            {kinds
                .into_iter()
                .map(|k| {
                    view! {
                        <li>
                            <span class="swatch" style=format!("--kind: {}", kind_colour(k)) aria-hidden="true"></span>
                            {crate::components::popup::kind_label(k)}
                        </li>
                    }
                })
                .collect_view()}
            <li><span class="swatch plain" aria-hidden="true"></span>"exact date"</li>
            <li><span class="swatch plain hollow" aria-hidden="true"></span>"approximate date"</li>
            <li><span class="swatch plain region" aria-hidden="true"></span>"several places"</li>
        </ul>
    }
}

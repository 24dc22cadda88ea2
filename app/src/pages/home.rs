//! `/`: the reader's map. A Leaflet map, the date slider and the list of
//! events in the window; every view is a permalink (`start`, `end`, `lat`,
//! `lon`, `z`, `event`). Without JavaScript the list still reads, filtered by
//! the permalink's window, with links to each event's page.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{load_map_page, MapPage, LIST_PAGE};
use crate::components::date_slider::DateSlider;
use crate::components::event_list::{EventList, Pager};
use crate::components::map::{EventMap, MapSignals};
use crate::components::share::ShareDialog;
use domain::dates::{format_date, human_range, DateRange};
use domain::embed::EmbedOptions;
use domain::event::EventKind;
use domain::labels::kind_colour;
use domain::permalink::Permalink;
use domain::timeline::Extent;

/// The map page.
#[component]
pub fn HomePage() -> impl IntoView {
    map_page(None)
}

/// The map page's body: loads the page's summary and first rows, and shows
/// them as a full page (`embed` is `None`) or as an embed with its display
/// options. The events themselves load in the browser.
pub fn map_page(embed: Option<EmbedOptions>) -> impl IntoView {
    let q = query_pairs(&["start", "end", "page"]);
    let get = |k: &str| q.iter().find(|(name, _)| name == k).map(|(_, v)| v.clone());
    let (start, end) = (get("start"), get("end"));
    let page = get("page").and_then(|p| p.parse::<u64>().ok());
    let data = Resource::new(|| (), move |_| load_map_page(start.clone(), end.clone(), page));
    let title = embed
        .as_ref()
        .and_then(|o| o.title.clone())
        .unwrap_or_else(|| "rallymap — reported rallies and protests".into());
    view! {
        <Title text=title/>
        <Suspense fallback=|| view! { <p class="page">"Loading events…"</p> }>
            {move || {
                let embed = embed.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <Explorer data=d embed=embed/> }.into_any(),
                        Err(e) => view! { <p class="page error">{e.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The query parameters a permalink uses.
pub const PERMALINK_KEYS: [&str; 6] = ["start", "end", "lat", "lon", "z", "event"];
const EMBED_KEYS: [&str; 4] = ["slider", "list", "lock", "title"];

/// The page's query values for `keys`, as owned pairs.
pub fn query_pairs(keys: &[&str]) -> Vec<(String, String)> {
    use_query_map().with_untracked(|q| keys.iter().filter_map(|k| q.get(k).map(|v| ((*k).to_owned(), v))).collect())
}

/// The embed options in the page's query.
pub fn embed_options_from_query() -> EmbedOptions {
    let q = query_pairs(&EMBED_KEYS);
    EmbedOptions::from_pairs(q.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// The map, slider and list over `data`, in step with each other and the URL.
#[component]
fn Explorer(data: MapPage, embed: Option<EmbedOptions>) -> impl IntoView {
    let (Some(range), Some(opened)) = (data.extent, data.window) else {
        return view! { <p class="page empty">"No events have been published yet."</p> }.into_any();
    };
    let extent = Extent { first: range.start, last: range.end };
    let q = query_pairs(&PERMALINK_KEYS);
    let link = Permalink::from_pairs(q.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    // The window may reach beyond the data (a reader may ask for days with
    // no events); only the slider's handles stop at the data's extent.
    let signals = MapSignals::new((opened.start, opened.end), data.in_window as usize, link.event, link.view);
    let dates = signals.window;
    let histogram = Arc::new(data.histogram.clone());
    #[cfg(feature = "hydrate")]
    crate::components::map::loader::keep_loaded(signals, data.total, extent, histogram.clone());
    // The address bar follows the window once the slider rests.
    let settled = signals.settled;
    let permalink = Memo::new(move |_| {
        let (s, e) = settled.get();
        Permalink { start: Some(s), end: Some(e), view: signals.view.get(), event: signals.selected.get() }
    });

    // In /embed, the display options stay in the address bar too.
    let embed_query = embed.as_ref().map(EmbedOptions::to_query).unwrap_or_default();
    #[cfg(not(feature = "hydrate"))]
    let _ = &embed_query;
    // Keep the address bar a permalink of what the reader sees, without
    // adding history entries or reloading.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let q = permalink.get().to_query();
        let path = location().pathname().unwrap_or_default();
        let extra = if embed_query.is_empty() { String::new() } else { format!("&{embed_query}") };
        if let Ok(h) = window().history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}?{q}{extra}")));
        }
    });

    let base = data.base_url.clone();
    let total = data.total as usize;
    let shown = signals.shown();
    let embedded = embed.is_some();
    let options = embed.unwrap_or_default();
    let window_line = move || {
        let (s, e) = dates.get();
        let when = DateRange::new(s, e).map(|r| human_range(r, false)).unwrap_or_default();
        format!("{when} · {} of {total} events", shown.get())
    };
    let timeline = if options.slider && !options.lock {
        view! { <DateSlider extent=extent histogram=(*histogram).clone() window=dates shown=shown total=total/> }
            .into_any()
    } else {
        view! { <p class="locked-window">{window_line}</p> }.into_any()
    };
    let header = if embedded {
        let full = move || format!("{base}/?{}", permalink.get().to_query());
        view! {
            <header class="embed-bar">
                {options.title.clone().map(|t| view! { <h1 class="embed-title">{t}</h1> })}
                <a class="full-map" href=full target="_blank" rel="noopener">"Full map ↗"</a>
            </header>
        }
        .into_any()
    } else {
        let base = data.base_url.clone();
        view! {
            <header class="bar">
                <h1>"rallymap"</h1>
                <p class="tagline">"Reported rallies and protests, by place and day"</p>
                <ShareDialog base=base permalink=permalink/>
            </header>
        }
        .into_any()
    };
    let pager = pager(&opened, data.offset, data.in_window, embedded.then(|| options.to_query()));
    let list = options.list.then(|| {
        view! {
            <aside class="list-column" aria-label="Events in the window">
                <EventList signals=signals rows=data.rows offset=data.offset pager=pager embedded=embedded/>
            </aside>
        }
    });
    view! {
        {header}
        <div class="explorer" class:embedded=embedded class:no-list=!options.list>
            <div class="map-column">
                <EventMap signals=signals tiles=data.tiles embedded=embedded/>
                {(!embedded).then(|| view! { <Legend/> })}
                {timeline}
            </div>
            {list}
        </div>
    }
    .into_any()
}

/// Links to the list's other pages for readers without JavaScript: the
/// same window, the page before and after `offset`.
fn pager(window: &DateRange, offset: u64, total: u64, embed_query: Option<String>) -> Pager {
    let path = if embed_query.is_some() { "/embed" } else { "/" };
    let extra = embed_query.filter(|q| !q.is_empty()).map(|q| format!("&{q}")).unwrap_or_default();
    let link = |page: u64| {
        format!("{path}?start={}&end={}&page={page}{extra}", format_date(window.start), format_date(window.end))
    };
    let page = offset / LIST_PAGE + 1;
    Pager { previous: (page > 1).then(|| link(page - 1)), next: (offset + LIST_PAGE < total).then(|| link(page + 1)) }
}

/// What the marker styles mean.
#[component]
fn Legend() -> impl IntoView {
    let kinds = [
        EventKind::Rally,
        EventKind::Protest,
        EventKind::March,
        EventKind::Vigil,
        EventKind::BannerAction,
        EventKind::Other,
    ];
    view! {
        <ul class="legend" aria-label="Legend">
            {kinds
                .into_iter()
                .map(|k| {
                    view! {
                        <li>
                            <span class="swatch" style=format!("--kind: {}", kind_colour(k)) aria-hidden="true"></span>
                            {domain::labels::kind_label(k)}
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

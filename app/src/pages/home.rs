//! `/`: the reader's map. A Leaflet map, the date slider and the list of
//! events in the window; every view is a permalink (`start`, `end`, `lat`,
//! `lon`, `z`, `event`). Without JavaScript the list still reads, filtered by
//! the permalink's window, with links to each event's page.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::use_query_map;

use crate::api::{load_map_page, MapPage, LIST_PAGE};
use crate::components::date_slider::DateSlider;
use crate::components::download::Download;
use crate::components::event_list::{EventList, Pager};
use crate::components::filters::FilterPanel;
use crate::components::map::{EventMap, MapSignals};
use crate::components::map_toggles::MapToggles;
use crate::components::preview::LinkPreview;
use crate::components::shading::CountryShading;
use crate::components::share::ShareDialog;
use crate::components::summary::SummaryLine;
use crate::components::swatch::kind_swatch;
use crate::i18n::{use_lang, Arg, Lang};
use domain::dates::{format_date, DateRange};
use domain::embed::EmbedOptions;
use domain::event::EventKind;
use domain::filter::{EventFilter, Param, PropertyFilter};
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
    let filter = Some(filter_query(&permalink_from_query().filter)).filter(|q| !q.is_empty());
    let data = Resource::new(|| (), move |_| load_map_page(start.clone(), end.clone(), page, filter.clone()));
    let title = embed.as_ref().and_then(|o| o.title.clone());
    let lang = use_lang();
    view! {
        {title.map(|t| view! { <Title text=t/> })}
        <Suspense fallback=move || view! { <p class="page">{lang.t("loading-events")}</p> }>
            {move || {
                let embed = embed.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <Explorer data=d embed=embed/> }.into_any(),
                        Err(_) => view! { <crate::pages::Unavailable/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The query parameters a permalink uses besides the filters (the API's
/// own names, [`Param`]).
pub const PERMALINK_KEYS: [&str; 8] = ["start", "end", "lat", "lon", "z", "event", "shade", "clusters"];

/// The page's permalink: its view, window, event, filters and shading.
pub fn permalink_from_query() -> Permalink {
    let filters = Param::ALL.iter().filter(|p| p.is_property()).map(|p| p.as_str());
    let keys: Vec<&str> = PERMALINK_KEYS.into_iter().chain(filters).collect();
    let q = query_pairs(&keys);
    Permalink::from_pairs(q.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// The filters as query pairs (empty for none).
pub fn filter_query(filter: &PropertyFilter) -> String {
    EventFilter { properties: filter.clone(), ..EventFilter::default() }.to_string()
}
const EMBED_KEYS: [&str; 7] = ["slider", "list", "lock", "filters", "report", "title", "lang"];

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
    let lang = use_lang();
    let (Some(range), Some(opened)) = (data.extent, data.window) else {
        return view! {
            <Title text=lang.t("site-title-dash")/>
            <p class="page empty">{lang.t("no-events-yet")}</p>
        }
        .into_any();
    };
    let link = permalink_from_query();
    let link_filter = link.filter.clone();
    let preview = window_preview(lang, &data, opened, embed.is_some(), &link.filter);
    let extent = Extent { first: range.start, last: range.end };
    // The window may reach beyond the data (a reader may ask for days with
    // no events); only the slider's handles stop at the data's extent.
    let signals =
        MapSignals::new((opened.start, opened.end), data.in_window as usize, link.event, link.view, link.filter);
    let dates = signals.window;
    // The loader sizes what it loads by all events per day; the slider's
    // bars stack kind by kind what the filters select.
    let totals = Arc::new(data.histogram.clone());
    #[cfg(feature = "hydrate")]
    crate::components::map::loader::keep_loaded(signals, data.total, extent, totals.clone());
    let bars = RwSignal::new(data.histogram_kinds.clone());
    #[cfg(feature = "hydrate")]
    follow_filters(signals.filter, bars, extent.days());
    // The address bar follows the window once the slider rests.
    let settled = signals.settled;
    let shade = RwSignal::new(link.shade_countries);
    signals.people_in_clusters.set(link.people_in_clusters);
    let permalink = Memo::new(move |_| {
        let (s, e) = settled.get();
        Permalink {
            start: Some(s),
            end: Some(e),
            view: signals.view.get(),
            filter: signals.filter.get(),
            event: signals.selected.get(),
            shade_countries: shade.get(),
            people_in_clusters: signals.people_in_clusters.get(),
        }
    });
    // What the shading counts: the window as it moves, with the map's
    // filters.
    let shade_filter = Signal::derive(move || {
        let (start, end) = dates.get();
        let window = domain::dates::DateWindow { start: Some(start), end: Some(end) };
        EventFilter { window, bbox: None, properties: signals.filter.get() }
    });

    // In /embed, the display options stay in the address bar too; on `/`,
    // a language chosen in the address.
    let embed_query = match &embed {
        Some(o) => o.to_query(),
        None => chosen_language().map(Lang::query).unwrap_or_default(),
    };
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
        let when = DateRange::new(s, e).map(|r| lang.range(r, false)).unwrap_or_default();
        lang.t_with(
            "window-line",
            &[
                ("when", Arg::Text(when.into())),
                ("shown", Arg::Number(shown.get() as i64)),
                ("total", Arg::Number(total as i64)),
            ],
        )
    };
    let timeline = if options.slider && !options.lock {
        view! { <DateSlider extent=extent histogram=bars.into() totals=totals window=dates shown=shown total=total/> }
            .into_any()
    } else {
        view! { <p class="locked-window">{window_line}</p> }.into_any()
    };
    let header = if embedded {
        let in_language = options.lang.as_ref().map(|l| format!("&{}={l}", crate::i18n::PARAM)).unwrap_or_default();
        let full = move || format!("{base}/?{}{in_language}", permalink.get().to_query());
        view! {
            <header class="embed-bar">
                {match options.title.clone() {
                    Some(t) => view! { <h1 class="embed-title" dir="auto">{t}</h1> }.into_any(),
                    None => view! { <h1 class="visually-hidden">{lang.t("site-title")}</h1> }.into_any(),
                }}
                {options.report.then(|| {
                    let to = format!("{}{}", crate::base::href("/report"), lang.query_unless_default('?'));
                    view! { <a class="embed-report" href=to target="_blank" rel="noopener">{lang.t("report-embed-link")}</a> }
                })}
                <a class="full-map" href=full target="_blank" rel="noopener">{lang.t("full-map")}</a>
            </header>
        }
        .into_any()
    } else {
        let base = data.base_url.clone();
        let here = Signal::derive(move || format!("/?{}", permalink.get().to_query()));
        view! {
            <header class="bar">
                <h1>"rallymap"</h1>
                <p class="tagline">{lang.t("tagline")}</p>
                <LanguageSwitch here=here/>
                <a class="report-link" href=crate::base::href("/report")>{lang.t("report-link")}</a>
                <Download window=dates.into() bbox=signals.bbox.into() filter=signals.filter.into()/>
                <ShareDialog base=base permalink=permalink/>
            </header>
        }
        .into_any()
    };
    let pager = pager(&opened, data.offset, data.in_window, embedded.then(|| options.to_query()), &link_filter);
    let panel = (!embedded || options.filters).then(|| view! { <FilterPanel signals=signals/> });
    let list = options.list.then(|| {
        // On a phone the list is under the map, and its handle folds it
        // away (only once the page is live: without JavaScript it stays open).
        let folded = RwSignal::new(false);
        let live = crate::live::once_live();
        let listed = signals.listed_count();
        view! {
            <aside class="list-column" class:folded=folded id="event-list" aria-label=lang.t("events-in-window") tabindex="-1">
                {move || live.get().then(|| view! {
                    <button type="button" class="list-handle" aria-controls="event-list-body"
                        aria-expanded=move || (!folded.get()).to_string()
                        on:click=move |_| folded.update(|f| *f = !*f)>
                        {lang.t("events-in-window")} " (" {move || lang.number(listed.get() as i64)} ")"
                    </button>
                })}
                {panel}
                <div id="event-list-body" class="list-body">
                    <EventList signals=signals rows=data.rows offset=data.offset pager=pager embedded=embedded/>
                </div>
            </aside>
        }
    });
    let skip = options.list.then(|| view! { <a class="skip-link" href="#event-list">{lang.t("skip-map")}</a> });
    view! {
        {preview}
        {header}
        <main class="explorer" class:embedded=embedded class:no-list=!options.list>
            <div class="map-column">
                {skip}
                <EventMap signals=signals tiles=data.tiles embedded=embedded>
                    {(!embedded).then(|| view! { <MapToggles shade=shade people=signals.people_in_clusters/> })}
                </EventMap>
                {(!embedded).then(|| view! { <Legend/> })}
                {(!embedded).then(|| view! { <CountryShading filter=shade_filter on=shade shades=signals.shades/> })}
                {timeline}
                {(!embedded).then(|| view! { <SummaryLine window=settled.into() filter=signals.filter.into()/> })}
            </div>
            {list}
        </main>
    }
    .into_any()
}

/// The window's title and link preview: its dates and count, and an image
/// of its markers (`/preview.png`). An embed keeps the title its host gave.
fn window_preview(
    lang: Lang,
    data: &MapPage,
    window: DateRange,
    embedded: bool,
    filter: &PropertyFilter,
) -> impl IntoView {
    let when = lang.range(window, false);
    let title = lang.t_with("preview-title", &[("when", Arg::Text(when.as_str().into()))]);
    let n = [("count", Arg::Number(data.in_window as i64)), ("when", Arg::Text(when.as_str().into()))];
    let description = lang.t_with("preview-description", &n);
    let image_alt = lang.t_with("preview-image", &n);
    let q = format!("start={}&end={}", format_date(window.start), format_date(window.end));
    // The shared link opens in the language it was shared from.
    let url = format!("{}/?{q}{}", data.base_url, lang.query_unless_default('&'));
    let image = format!("{}/preview.png?{q}", data.base_url);
    // The window's events as a feed (README, "API"): the same window, the
    // newest changes first.
    let days = domain::dates::DateWindow { start: Some(window.start), end: Some(window.end) };
    let feed = EventFilter { window: days, bbox: None, properties: filter.clone() };
    let feed = format!("{}/feed.atom?{feed}", data.base_url);
    view! {
        {(!embedded).then(|| view! { <Title text=title.clone()/> })}
        <LinkPreview title=title.clone() description url image image_alt/>
        <Link rel="alternate" type_="application/atom+xml" href=feed title=title/>
    }
}

/// Links to the list's other pages for readers without JavaScript: the
/// same window, the page before and after `offset`.
fn pager(window: &DateRange, offset: u64, total: u64, embed_query: Option<String>, filter: &PropertyFilter) -> Pager {
    let path = if embed_query.is_some() { "/embed" } else { "/" };
    let extra = [filter_query(filter), embed_query.unwrap_or_default()]
        .into_iter()
        .filter(|q| !q.is_empty())
        .map(|q| format!("&{q}"))
        .collect::<String>();
    let link = |page: u64| {
        crate::base::href(&format!(
            "{path}?start={}&end={}&page={page}{extra}",
            format_date(window.start),
            format_date(window.end)
        ))
    };
    let page = offset / LIST_PAGE + 1;
    Pager { previous: (page > 1).then(|| link(page - 1)), next: (offset + LIST_PAGE < total).then(|| link(page + 1)) }
}

/// The language the address asks for (`lang=`), if the app has it.
pub fn chosen_language() -> Option<Lang> {
    query_pairs(&[crate::i18n::PARAM]).first().and_then(|(_, v)| Lang::parse(v))
}

/// Links to this page in the other languages. They load the page anew
/// (`rel="external"`): the server renders each language.
#[component]
pub fn LanguageSwitch(
    /// This page's path and query inside the site (`/events/x`), without
    /// `lang`; the links carry the site's path (`crate::base`).
    #[prop(into)]
    here: Signal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let others: Vec<Lang> = Lang::all().into_iter().filter(|l| *l != lang).collect();
    view! {
        <nav class="languages" aria-label=lang.t("language")>
            {others
                .into_iter()
                .map(|l| {
                    let href = move || {
                        let h = here.get();
                        let join = if h.contains('?') && !h.ends_with('?') { "&" } else if h.ends_with('?') { "" } else { "?" };
                        crate::base::href(&format!("{h}{join}{}", l.query()))
                    };
                    view! { <a href=href rel="external" hreflang=l.tag() lang=l.tag() dir=l.dir()>{l.name()}</a> }
                })
                .collect_view()}
        </nav>
    }
}

/// What the marker styles mean.
#[component]
fn Legend() -> impl IntoView {
    let lang = use_lang();
    // Every kind a marker can have, gatherings first and "other" last.
    let kinds = EventKind::LISTED;
    view! {
        <ul class="legend" aria-label=lang.t("legend")>
            {kinds
                .into_iter()
                .map(|k| {
                    view! {
                        <li>
                            {kind_swatch(k, false)}
                            {lang.kind(k)}
                        </li>
                    }
                })
                .collect_view()}
            <li><span class="swatch plain" aria-hidden="true"></span>{lang.t("legend-exact")}</li>
            <li><span class="swatch plain hollow" aria-hidden="true"></span>{lang.t("legend-approximate")}</li>
            <li><span class="swatch plain region" aria-hidden="true"></span>{lang.t("legend-region")}</li>
        </ul>
    }
}

/// Keeps the slider's bars (events per day of the data's extent, kind by
/// kind) counting what the filters select: `/api/map/histogram` with them,
/// or without any (the page's own layers when it carried them, else asked
/// for once and kept).
#[cfg(feature = "hydrate")]
fn follow_filters(
    filter: RwSignal<PropertyFilter>,
    bars: RwSignal<Option<Vec<domain::timeline::KindDays>>>,
    days: usize,
) {
    #[derive(serde::Deserialize)]
    struct Answer {
        counts: Vec<u32>,
        kinds: Vec<domain::timeline::KindDays>,
    }
    let latest = StoredValue::new(0u64);
    let unfiltered = StoredValue::new(bars.get_untracked());
    Effect::new(move |_: Option<()>| {
        let f = filter.get();
        let n = latest.get_value() + 1;
        latest.set_value(n);
        let plain = f == PropertyFilter::default();
        if plain {
            if let Some(kept) = unfiltered.get_value() {
                if bars.with_untracked(|b| b.as_ref() != Some(&kept)) {
                    bars.set(Some(kept));
                }
                return;
            }
        }
        let url = match filter_query(&f) {
            q if q.is_empty() => "/api/map/histogram".to_owned(),
            q => format!("/api/map/histogram?{q}"),
        };
        leptos::task::spawn_local(async move {
            if let Some(a) = crate::components::map::loader::fetch_json::<Answer>(&url).await {
                if a.counts.len() == days {
                    if plain {
                        unfiltered.set_value(Some(a.kinds.clone()));
                    }
                    if latest.get_value() == n {
                        bars.set(Some(a.kinds));
                    }
                }
            }
        });
    });
}

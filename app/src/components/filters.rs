//! The map's filter panel (README, "Filters and search"): a search box and
//! the values of each filter with how many events each would select in the
//! window and view (`/api/map/facets`), active choices as removable chips
//! and "Clear all". Choices go into [`MapSignals::filter`], so the map, the
//! list, the counts, the download and the address bar follow them. Folded
//! away until opened; values seen once stay listed (at 0) so choices do not
//! jump while the slider moves. Needs JavaScript (without it the page shows
//! the permalink's filters applied and no panel).

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::components::map::MapSignals;
use crate::i18n::{use_lang, Arg, Lang};
use domain::event::{Conduct, EventKind};
use domain::facets::FacetCounts;
use domain::filter::{Param, PropertyFilter};

/// Facets listed as choices, in the panel's order; the actor has a
/// type-ahead field instead.
const LISTED: [Param; 10] = [
    Param::Kind,
    Param::Conduct,
    Param::Outcome,
    Param::CrowdSize,
    Param::CountryCode,
    Param::Admin1,
    Param::Tags,
    Param::DatePrecision,
    Param::GeoPrecision,
    Param::Online,
];

/// What the panel's parts share: the reader's filters, the latest counts
/// and every value listed once, per facet.
#[derive(Clone, Copy)]
struct Panel {
    filter: RwSignal<PropertyFilter>,
    counts: RwSignal<Option<FacetCounts>>,
    seen: RwSignal<BTreeMap<&'static str, Vec<String>>>,
}

/// How long typing rests before the search is asked, milliseconds.
pub const SEARCH_REST_MS: u64 = 300;

/// A value as the reader reads it.
pub fn value_label(lang: Lang, param: Param, value: &str) -> String {
    match param {
        Param::Kind => value.parse::<EventKind>().map(|k| lang.kind(k)).unwrap_or_else(|_| value.to_owned()),
        Param::Conduct => value.parse::<Conduct>().map(|c| lang.conduct(c)).unwrap_or_else(|_| value.to_owned()),
        Param::CountryCode => isocountry::CountryCode::for_alpha2(value)
            .map(|c| format!("{} ({value})", c.name()))
            .unwrap_or_else(|_| value.to_owned()),
        Param::CrowdSize if value.contains('/') => crowd_range_label(lang, value),
        Param::Outcome | Param::CrowdSize | Param::DatePrecision | Param::GeoPrecision | Param::Online => {
            lang.t(&format!("filter-{}-{}", param.as_str().replace('_', "-"), value.replace('_', "-")))
        }
        _ => value.to_owned(),
    }
}

/// A range of people (`1000/5000`, `1000/..`, `../500`) in words.
fn crowd_range_label(lang: Lang, value: &str) -> String {
    let (low, high) = value.split_once('/').unwrap_or((value, ".."));
    let n = |s: &str| s.parse::<u64>().ok().map(|n| Arg::Text(lang.people(n).into()));
    match (n(low), n(high)) {
        (Some(l), Some(h)) => lang.t_with("filter-crowd-between", &[("low", l), ("high", h)]),
        (Some(l), None) => lang.t_with("filter-crowd-at-least", &[("low", l)]),
        (None, Some(h)) => lang.t_with("filter-crowd-at-most", &[("high", h)]),
        (None, None) => value.to_owned(),
    }
}

/// The heading of a facet.
fn facet_label(lang: Lang, param: Param) -> String {
    lang.t(&format!("filter-{}", param.as_str().replace('_', "-")))
}

/// The panel, for the page's `signals`.
#[component]
pub fn FilterPanel(
    /// The page's shared signals; the panel sets their `filter`.
    signals: MapSignals,
) -> impl IntoView {
    let lang = use_lang();
    let filter = signals.filter;
    let open = RwSignal::new(filter.with_untracked(|f| *f != PropertyFilter::default()));
    let counts: RwSignal<Option<FacetCounts>> = RwSignal::new(None);
    // Whether the panel has been opened in the browser: its body is made
    // then, and kept.
    let opened = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if open.get() {
            opened.set(true);
        }
    });
    // Every value listed once, per facet: kept at 0 when the window has none.
    let seen: RwSignal<BTreeMap<&'static str, Vec<String>>> = RwSignal::new(BTreeMap::new());
    let panel = Panel { filter, counts, seen };
    #[cfg(feature = "hydrate")]
    ask_for_counts(signals, open, panel);
    let choose = move |param: Param, values: Vec<String>| {
        filter.update(|f| {
            let _ = f.choose(param, &values);
        });
    };
    let chips = move || {
        let f = filter.get();
        Param::ALL
            .iter()
            .copied()
            .filter(|p| p.is_property())
            .flat_map(|p| f.values(p).into_iter().map(move |v| (p, v)))
            .map(|(p, v)| {
                let label = if p == Param::Q { format!("“{v}”") } else { value_label(lang, p, &v) };
                let name = lang.t_with("filter-remove", &[("value", Arg::Text(label.as_str().into()))]);
                let drop = v.clone();
                view! {
                    <li>
                        <button type="button" class="chip" aria-label=name on:click=move |_| {
                            let rest: Vec<String> =
                                filter.with_untracked(|f| f.values(p)).into_iter().filter(|x| *x != drop).collect();
                            choose(p, rest);
                        }>
                            <span class="chip-facet">{facet_label(lang, p)} ": "</span>
                            <span dir="auto">{label}</span>
                            <span aria-hidden="true">" ×"</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let any = move || filter.with(|f| *f != PropertyFilter::default());
    view! {
        <section class="filters" aria-labelledby="filters-heading">
            <h2 id="filters-heading" class="filters-heading">
                <button type="button" class="filters-toggle" aria-expanded=move || open.get().to_string()
                    aria-controls="filters-body" on:click=move |_| open.update(|o| *o = !*o)>
                    {lang.t("filters")}
                    {move || {
                        let n = filter.with(|f| Param::ALL.iter().map(|&p| f.values(p).len()).sum::<usize>());
                        (n > 0).then(|| format!(" ({})", lang.number(n as i64)))
                    }}
                </button>
            </h2>
            <ul class="chips" aria-label=lang.t("filters-active")>{chips}</ul>
            {move || any().then(|| view! {
                <button type="button" class="clear-all" on:click=move |_| filter.set(PropertyFilter::default())>
                    {lang.t("filters-clear-all")}
                </button>
            })}
            <div id="filters-body" class="filters-body" hidden=move || !open.get()>
                {move || opened.get().then(|| body(lang, panel))}
            </div>
        </section>
    }
}

/// The panel's body, once opened: from a WASM chunk of its own (`--split`),
/// fetched the first time a reader opens the panel, so the first view does
/// not carry it.
#[cfg(feature = "hydrate")]
fn body(lang: Lang, panel: Panel) -> impl IntoView {
    Suspend::new(async move { body_view(lang, panel).await })
}

/// The body (outside the browser the panel is never opened).
#[cfg(not(feature = "hydrate"))]
fn body(lang: Lang, panel: Panel) -> impl IntoView {
    panel_body(lang, panel)
}

/// The body, in the lazy chunk.
#[cfg(feature = "hydrate")]
#[leptos::lazy]
fn body_view(lang: Lang, panel: Panel) -> AnyView {
    panel_body(lang, panel).into_any()
}

/// The search box, the total and the facets.
fn panel_body(lang: Lang, panel: Panel) -> impl IntoView {
    let Panel { filter, counts, .. } = panel;
    view! {
        {search_box(lang, filter)}
        {move || {
            counts
                .with(|c| c.as_ref().map(|c| lang.t_with("filters-total", &[("count", Arg::Number(c.total as i64))])))
                .map(|t| view! { <p class="filters-total" aria-live="polite">{t}</p> })
        }}
        {LISTED.into_iter().map(|p| facet(lang, p, panel)).collect_view()}
        {crowd_range(lang, filter)}
        {actor_field(lang, filter, counts)}
    }
}

/// The search box: each word must begin a word of the events' text.
fn search_box(lang: Lang, filter: RwSignal<PropertyFilter>) -> impl IntoView {
    let typed = RwSignal::new(filter.with_untracked(|f| f.values(Param::Q).pop().unwrap_or_default()));
    // A chip removed or "Clear all": the box follows.
    Effect::new(move |_| {
        let q = filter.with(|f| f.values(Param::Q).pop().unwrap_or_default());
        if domain::search::fold(&q) != domain::search::fold(&typed.get_untracked()) {
            typed.set(q);
        }
    });
    #[cfg(feature = "hydrate")]
    {
        let pending = StoredValue::new_local(None::<TimeoutHandle>);
        Effect::new(move |_| {
            let text = typed.get();
            if let Some(h) = pending.try_update_value(Option::take).flatten() {
                h.clear();
            }
            let apply = move || {
                let words: Vec<String> = Some(text.trim().to_owned()).filter(|t| !t.is_empty()).into_iter().collect();
                let current = filter.with_untracked(|f| f.values(Param::Q));
                // Only words count: a search of spaces or marks is none.
                let words: Vec<String> =
                    words.into_iter().filter(|w| w.parse::<domain::search::SearchQuery>().is_ok()).collect();
                if current != words {
                    filter.update(|f| {
                        let _ = f.choose(Param::Q, &words);
                    });
                }
            };
            let handle = set_timeout_with_handle(apply, std::time::Duration::from_millis(SEARCH_REST_MS));
            pending.set_value(handle.ok());
        });
    }
    view! {
        <label class="filter-search">
            {lang.t("filter-q")}
            <input type="search" class="search" dir="auto" maxlength="200" autocomplete="off"
                prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
        </label>
    }
}

/// One facet: its values as checkboxes with their counts. A list facet
/// takes several values; the others one (choosing another replaces it).
fn facet(lang: Lang, param: Param, panel: Panel) -> impl IntoView {
    let Panel { filter, counts, seen } = panel;
    let rows = move || {
        let chosen = filter.with(|f| f.values(param));
        let known = seen.with(|s| s.get(param.as_str()).cloned().unwrap_or_default());
        let mut values: Vec<(String, u64)> = counts.with(|c| {
            let listed = c.as_ref().and_then(|c| c.facets.get(param.as_str()));
            known
                .iter()
                .map(|v| (v.clone(), listed.and_then(|l| l.iter().find(|x| x.value == *v)).map_or(0, |x| x.count)))
                .collect()
        });
        for c in &chosen {
            if !values.iter().any(|(v, _)| v == c) {
                values.push((c.clone(), 0));
            }
        }
        values
            .into_iter()
            .map(|(value, count)| {
                let checked = chosen.contains(&value);
                let label = value_label(lang, param, &value);
                let v = value.clone();
                view! {
                    <li class:empty=count == 0>
                        <label>
                            <input type="checkbox" prop:checked=checked on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let mut now = filter.with_untracked(|f| f.values(param));
                                now.retain(|x| *x != v);
                                if on {
                                    if !param.is_list() {
                                        now.clear();
                                    }
                                    now.push(v.clone());
                                }
                                filter.update(|f| {
                                    let _ = f.choose(param, &now);
                                });
                            }/>
                            " "
                            <span class="facet-value" dir="auto">{label}</span>
                            " "
                            <span class="facet-count">{lang.number(count as i64)}</span>
                        </label>
                    </li>
                }
            })
            .collect_view()
    };
    let shown = move || seen.with(|s| s.get(param.as_str()).is_some_and(|v| !v.is_empty()));
    view! {
        <fieldset class="facet" data-facet=param.as_str() hidden=move || !shown()>
            <legend>{facet_label(lang, param)}</legend>
            <ul>{rows}</ul>
        </fieldset>
    }
}

/// The crowd as a range of people: two number fields; either may stay
/// empty (no bound). Choosing a range replaces "number reported" or "no
/// number reported", which share the parameter.
fn crowd_range(lang: Lang, filter: RwSignal<PropertyFilter>) -> impl IntoView {
    use domain::filter::CrowdCondition;
    let bound = move |high: bool| {
        move || match filter.with(|f| f.crowd_size) {
            Some(CrowdCondition::Between { low, high: h }) => {
                (if high { h } else { low }).map(|n| n.to_string()).unwrap_or_default()
            }
            _ => String::new(),
        }
    };
    let set = move |high: bool, text: String| {
        let typed = text.trim().parse::<u64>().ok();
        let (mut low, mut top) = match filter.with_untracked(|f| f.crowd_size) {
            Some(CrowdCondition::Between { low, high }) => (low, high),
            _ => (None, None),
        };
        if high {
            top = typed;
        } else {
            low = typed;
        }
        let end = |n: Option<u64>| n.map_or_else(|| "..".to_owned(), |n| n.to_string());
        let value = (low.is_some() || top.is_some()).then(|| format!("{}/{}", end(low), end(top)));
        filter.update(|f| {
            if f.choose(Param::CrowdSize, &value.into_iter().collect::<Vec<_>>()).is_err() {
                // A low end above the high end: only the bound typed last stays.
                let one = if high { format!("../{}", end(top)) } else { format!("{}/..", end(low)) };
                let _ = f.choose(Param::CrowdSize, &[one]);
            }
        });
    };
    view! {
        <fieldset class="facet crowd-range">
            <legend>{lang.t("filter-crowd-range")}</legend>
            <label>
                {lang.t("filter-crowd-min")} " "
                <input type="number" class="crowd-min" min="0" step="1" inputmode="numeric" prop:value=bound(false)
                    on:change=move |ev| set(false, event_target_value(&ev))/>
            </label>
            " "
            <label>
                {lang.t("filter-crowd-max")} " "
                <input type="number" class="crowd-max" min="0" step="1" inputmode="numeric" prop:value=bound(true)
                    on:change=move |ev| set(true, event_target_value(&ev))/>
            </label>
        </fieldset>
    }
}

/// Organisers and groups: a field that suggests the names of the view.
fn actor_field(lang: Lang, filter: RwSignal<PropertyFilter>, counts: RwSignal<Option<FacetCounts>>) -> impl IntoView {
    let options = move || {
        counts.with(|c| {
            c.as_ref().and_then(|c| c.facets.get(Param::Actor.as_str())).map(|l| {
                l.iter()
                    .filter(|v| v.count > 0)
                    .map(|v| {
                        let label = format!("{} ({})", v.value, lang.number(v.count as i64));
                        view! { <option value=v.value.clone() label=label></option> }
                    })
                    .collect_view()
            })
        })
    };
    let current = move || filter.with(|f| f.values(Param::Actor).pop().unwrap_or_default());
    view! {
        <label class="filter-actor">
            {facet_label(lang, Param::Actor)}
            <input type="text" class="actor" list="actor-names" dir="auto" autocomplete="off" prop:value=current
                on:change=move |ev| {
                    let v = event_target_value(&ev).trim().to_owned();
                    let chosen: Vec<String> = Some(v).filter(|v| !v.is_empty()).into_iter().collect();
                    filter.update(|f| {
                        let _ = f.choose(Param::Actor, &chosen);
                    });
                }/>
        </label>
        <datalist id="actor-names">{options}</datalist>
    }
}

/// Asks for the counts of the settled window and view with the filters,
/// while the panel is open, dropping answers that arrive late.
#[cfg(feature = "hydrate")]
fn ask_for_counts(s: MapSignals, open: RwSignal<bool>, panel: Panel) {
    let Panel { counts, seen, .. } = panel;
    use domain::dates::DateWindow;
    use domain::filter::EventFilter;
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        let (start, end) = s.settled.get();
        let query = EventFilter {
            window: DateWindow { start: Some(start), end: Some(end) },
            bbox: s.bbox.get(),
            properties: s.filter.get(),
        };
        let n = latest.get_value() + 1;
        latest.set_value(n);
        leptos::task::spawn_local(async move {
            let url = format!("/api/map/facets?{query}");
            let Some(c) = crate::components::map::loader::fetch_json::<FacetCounts>(&url).await else { return };
            if latest.get_value() != n {
                return;
            }
            seen.update(|seen| {
                for p in LISTED.iter().chain([&Param::Actor]) {
                    let known = seen.entry(p.as_str()).or_default();
                    let values = c.facets.get(p.as_str()).map(Vec::as_slice).unwrap_or_default();
                    let any = values.iter().any(|v| v.count > 0);
                    for v in values {
                        // A closed set is listed whole once any of it occurs;
                        // open ones value by value.
                        if !known.contains(&v.value) && (v.count > 0 || (any && !is_open(*p))) {
                            known.push(v.value.clone());
                        }
                    }
                }
            });
            counts.set(Some(c));
        });
    });
}

/// Whether a facet's values are names from the data (not a closed set).
#[cfg(feature = "hydrate")]
fn is_open(p: Param) -> bool {
    matches!(p, Param::CountryCode | Param::Admin1 | Param::Tags | Param::Dataset | Param::Actor)
}

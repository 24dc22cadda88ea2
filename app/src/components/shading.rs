//! "Shade countries" (README, "Shading countries"): a box over the map's
//! corner ([`ShadeToggle`]) that fills each country on the map by its number of events in
//! the window and filters (`/api/map/countries`, [`domain::choropleth`]),
//! and under the map a legend of the classes and the same counts as a
//! table (country, events, people reported) for screen readers and anyone
//! who opens it. Asked for again whenever the
//! window changes, so the fills move with the slider and Play; an answer
//! older than the last one shown is dropped. The box appears once the page
//! is live (without JavaScript it could do nothing). Reading an answer into
//! fills, legend and rows ([`Shading`]) is a lazy function, a WASM chunk
//! loaded the first time a reader turns shading on.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::i18n::{use_lang, Arg, Lang};
use domain::choropleth::{Classes, CountryCount, CountryCounts};
use domain::filter::EventFilter;

/// While shading is on: the requests, the map's fills, the legend and the
/// table ([`ShadeToggle`] is the box).
#[component]
pub fn CountryShading(
    /// What selects the events: the window (as the slider moves) and any
    /// filters.
    filter: Signal<EventFilter>,
    /// Whether the countries are shaded (the permalink's `shade=countries`).
    on: RwSignal<bool>,
    /// Where the map reads the fills from.
    shades: RwSignal<Option<Arc<HashMap<String, &'static str>>>>,
) -> impl IntoView {
    let lang = use_lang();
    let shading: RwSignal<Option<Shading>> = RwSignal::new(None);
    #[cfg(not(feature = "hydrate"))]
    let _ = (filter, on, shades);
    #[cfg(feature = "hydrate")]
    {
        // Numbered requests: an answer is shown only if no later one has
        // been shown already, so Play moves on without waiting for each.
        let asked = StoredValue::new(0u64);
        let shown = StoredValue::new(0u64);
        Effect::new(move |_| {
            if !on.get() {
                shading.set(None);
                shades.set(None);
                return;
            }
            let filter = filter.get();
            let n = asked.get_value() + 1;
            asked.set_value(n);
            leptos::task::spawn_local(async move {
                let url = format!("/api/map/countries?{filter}");
                let Some(answer) = crate::components::map::loader::fetch_text(&url).await else { return };
                let Some(s) = read_answer(answer, lang).await else { return };
                if n <= shown.get_value() || !on.get_untracked() {
                    return;
                }
                shown.set_value(n);
                shades.set(Some(Arc::new(s.fills.clone())));
                shading.set(Some(s));
            });
        });
    }
    let has_answer = Memo::new(move |_| shading.with(Option::is_some));
    move || {
        has_answer.get().then(|| {
            view! {
                <section class="shading" aria-label=lang.t("shade-heading")>
                    {legend_and_table(shading, lang)}
                </section>
            }
        })
    }
}

/// What the shading shows for one answer of `/api/map/countries`, its
/// words already in the page's language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shading {
    /// The countries' fills (CSS) by ISO 3166-1 numeric code.
    pub fills: HashMap<String, &'static str>,
    /// Each class's bounds ("4–15") and fill, lightest first; empty when
    /// no country has an event.
    pub legend: Vec<(String, &'static str)>,
    /// The table's rows: country, events, people reported.
    pub rows: Vec<[String; 3]>,
}

impl Shading {
    /// The fills, legend and rows for `counts`, in `lang`.
    pub fn new(counts: &CountryCounts, lang: Lang) -> Self {
        let classes = Classes::up_to(counts.max());
        let fills = counts
            .countries
            .iter()
            .filter_map(|c| Some((c.iso_numeric.clone()?, classes.shade_of(c.events)?)))
            .collect();
        let legend = classes
            .bounds()
            .iter()
            .enumerate()
            .map(|(i, &(low, high))| (bounds(lang, low, high), classes.shade(i)))
            .collect();
        let rows = counts
            .countries
            .iter()
            .map(|c| [country_name(lang, &c.country_code), lang.people(c.events), people(lang, c)])
            .collect();
        Self { fills, legend, rows }
    }
}

/// Reads an answer of `/api/map/countries` into what the page shows. Its
/// code is a WASM chunk of its own (`--split`), fetched the first time a
/// reader turns shading on, so the first view does not carry it.
#[cfg(feature = "hydrate")]
#[leptos::lazy]
fn read_answer(answer: String, lang: Lang) -> Option<Shading> {
    let counts: CountryCounts = serde_json::from_str(&answer).ok()?;
    Some(Shading::new(&counts, lang))
}

/// The legend and the table, from the lazy chunk once it is loaded.
#[cfg(feature = "hydrate")]
fn legend_and_table(shading: RwSignal<Option<Shading>>, lang: Lang) -> impl IntoView {
    Suspend::new(async move { legend_view(shading, lang).await })
}

/// The legend and the table (outside the browser the box is never shown).
#[cfg(not(feature = "hydrate"))]
fn legend_and_table(shading: RwSignal<Option<Shading>>, lang: Lang) -> impl IntoView {
    shade_legend(shading, lang)
}

/// The legend and the table, in the lazy chunk.
#[cfg(feature = "hydrate")]
#[leptos::lazy]
fn legend_view(shading: RwSignal<Option<Shading>>, lang: Lang) -> AnyView {
    shade_legend(shading, lang).into_any()
}

/// The legend of the classes and the table of the countries. The table's
/// disclosure stays as the reader left it while the answers change.
fn shade_legend(shading: RwSignal<Option<Shading>>, lang: Lang) -> impl IntoView {
    let legend = move || {
        let items = shading.with(|s| s.as_ref().map(|s| s.legend.clone()).unwrap_or_default());
        if items.is_empty() {
            return view! { <p class="shade-none">{lang.t("shade-none")}</p> }.into_any();
        }
        let items = items
            .into_iter()
            .map(|(text, fill)| {
                let style = format!("background:{fill}");
                view! { <li><span class="shade-swatch" style=style aria-hidden="true"></span>{text}</li> }
            })
            .collect_view();
        view! {
            <div class="shade-legend">
                <span aria-hidden="true">{lang.t("shade-legend")}</span>
                <ul aria-label=lang.t("shade-legend")>{items}</ul>
            </div>
        }
        .into_any()
    };
    let rows = move || {
        shading
            .with(|s| s.as_ref().map(|s| s.rows.clone()).unwrap_or_default())
            .into_iter()
            .map(|[country, events, people]| {
                view! { <tr><th scope="row">{country}</th><td>{events}</td><td>{people}</td></tr> }
            })
            .collect_view()
    };
    view! {
        {legend}
        <details class="shade-table">
            <summary>{lang.t("shade-table")}</summary>
            <table>
                <caption class="visually-hidden">{lang.t("shade-caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{lang.t("shade-country")}</th>
                        <th scope="col">{lang.t("shade-events")}</th>
                        <th scope="col">{lang.t("shade-people")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}

/// One class's bounds: "1", "4–15", "۴–۱۵".
fn bounds(lang: Lang, low: u64, high: u64) -> String {
    lang.people_range(low, high)
}

/// The people reported in a country: "3,200–3,300 (at 2 of 5 events)",
/// or that none were.
fn people(lang: Lang, c: &CountryCount) -> String {
    let n = |v: u64| Arg::Number(i64::try_from(v).unwrap_or(i64::MAX));
    if c.people.events == 0 {
        lang.t("shade-people-none")
    } else {
        lang.t_with(
            "shade-people-range",
            &[
                ("range", Arg::Text(lang.people_range(c.people.low, c.people.high).into())),
                ("with", n(c.people.events)),
                ("events", n(c.events)),
            ],
        )
    }
}

/// A country's name in `lang` from the browser's own list
/// (`Intl.DisplayNames`); the code itself where it has none.
fn country_name(lang: Lang, code: &str) -> String {
    #[cfg(feature = "hydrate")]
    {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"type".into(), &"region".into());
        let names = js_sys::Intl::DisplayNames::new(&js_sys::Array::of1(&lang.tag().into()), &options);
        if let Some(name) = names.of(code) {
            return name.into();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = lang;
    code.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::summary::PeopleRange;

    #[test]
    fn fills_follow_the_classes_and_skip_codes_without_an_outline() {
        let p = PeopleRange::default();
        let counts = CountryCounts {
            countries: vec![
                CountryCount::new("IR", 3, p),
                CountryCount::new("XK", 2, p),
                CountryCount::new("SE", 1, p),
            ],
        };
        let s = Shading::new(&counts, Lang::default());
        assert_eq!(s.fills.len(), 2);
        assert_eq!(s.fills.get("364"), Some(&"#bd0026"));
        assert_eq!(s.fills.get("752"), Some(&"#fd8d3c"));
        let legend: Vec<(&str, &str)> = s.legend.iter().map(|(t, f)| (t.as_str(), *f)).collect();
        assert_eq!(legend, [("1", "#fd8d3c"), ("2", "#f03b20"), ("3", "#bd0026")]);
        // Outside the browser a country is named by its code.
        assert_eq!(s.rows[1], ["XK".to_owned(), "2".to_owned(), "not reported".to_owned()]);
    }

    #[test]
    fn class_bounds_and_people_in_each_language() {
        let en = Lang::default();
        let fa = Lang::parse("fa").expect("Persian");
        assert_eq!(bounds(en, 1, 1), "1");
        assert_eq!(bounds(en, 252, 1000), "252–1,000");
        assert_eq!(bounds(fa, 4, 15), "۴–۱۵");
        let p = PeopleRange { low: 3200, high: 3300, events: 2 };
        let iran = CountryCount::new("IR", 5, p);
        assert_eq!(people(en, &iran), "3,200–3,300 (at 2 of 5 events)");
        assert_eq!(people(fa, &iran), "۳٬۲۰۰–۳٬۳۰۰ (در ۲ از ۵ رویداد)");
        assert_eq!(people(en, &CountryCount::new("SE", 1, PeopleRange::default())), "not reported");
    }
}

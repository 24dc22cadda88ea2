//! `/events/{id}`: one event as a page that reads fully without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::event_page;
use crate::components::preview::LinkPreview;
use crate::i18n::{use_lang, Arg};
use crate::pages::home::LanguageSwitch;
use domain::event::{DatePrecision, Event};
use leptos_meta::Title;

/// One event's page; unknown ids render [`super::NotFound`] with a 404.
#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let event = Resource::new(move || params.read().get("id").unwrap_or_default(), event_page);
    let lang = use_lang();
    view! {
        <Suspense fallback=move || view! { <p>{lang.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match event.await {
                    Ok(Some(p)) => view! { <EventPreview page=p.clone()/> <EventDetail event=p.event/> }.into_any(),
                    Ok(None) => view! { <super::NotFound/> }.into_any(),
                    Err(_) => view! { <super::Unavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The event page's title and link preview: the event's title, date and
/// place, and an image of its marker.
#[component]
fn EventPreview(
    /// The event and the base URL.
    page: crate::api::EventPageData,
) -> impl IntoView {
    let lang = use_lang();
    let e = &page.event;
    let when = lang.range(e.dates, e.date_precision == DatePrecision::Approximate);
    let mut description = lang.t_with(
        "event-description",
        &[
            ("kind", Arg::Text(lang.kind(e.kind).into())),
            ("when", Arg::Text(when.into())),
            ("place", Arg::Verbatim(&e.location_name)),
            ("country", Arg::Verbatim(&e.country_code)),
        ],
    );
    if !e.description.is_empty() {
        let text: String = e.description.chars().take(160).collect();
        let more = if e.description.chars().count() > 160 { "…" } else { "" };
        description.push_str(&format!(" {}{more}", text.replace('\n', " ")));
    }
    let url = format!("{}/events/{}{}", page.base_url, e.id, lang.query_unless_default('?'));
    let image = format!("{}/events/{}/preview.png", page.base_url, e.id);
    let image_alt = lang.t_with("event-image", &[("place", Arg::Verbatim(&e.location_name))]);
    view! {
        <Title text=lang.t_with("event-title", &[("title", Arg::Verbatim(&e.title))])/>
        <LinkPreview title=e.title.clone() description url image image_alt/>
    }
}

/// The event's fields as text, with its sources as links (http/https only,
/// which validation guarantees).
#[component]
pub fn EventDetail(
    /// The event to show.
    event: Event,
) -> impl IntoView {
    let lang = use_lang();
    let e = event;
    let when = lang.range(e.dates, e.date_precision == DatePrecision::Approximate);
    let back = crate::base::href(&match crate::pages::home::chosen_language() {
        Some(l) => format!("/?event={}&{}", e.id, l.query()),
        None => format!("/?event={}", e.id),
    });
    let here = format!("/events/{}", e.id);
    let area: Vec<&str> = [e.admin2.as_deref(), e.admin1.as_deref()].into_iter().flatten().collect();
    let area = (!area.is_empty()).then(|| area.join(", "));
    let names = |list: &[String]| (!list.is_empty()).then(|| list.join("; "));
    let crowd = match (e.crowd_size_low, e.crowd_size_high) {
        (Some(low), Some(high)) => {
            let numbers = lang.people_range(low, high);
            Some(match e.crowd_size_derived {
                Some(c) => lang.t_with(
                    "popup-crowd-derived",
                    &[("crowd", Arg::Text(numbers.into())), ("convention", Arg::Code(&c.as_str().to_uppercase()))],
                ),
                None => numbers,
            })
        }
        _ => None,
    };
    let outcomes = lang.outcomes(&e);
    let outcomes = outcomes.join(&format!("{} ", lang.t("list-semicolon")));
    let dataset = e.dataset.clone().map(|d| match &e.external_id {
        Some(x) => format!("{d}: {x}"),
        None => d,
    });
    let reports = domain::report::corroborating_reports(&e.sources);
    view! {
        <main class="page event">
            <LanguageSwitch here=here/>
            <h1 dir="auto">{e.title.clone()}</h1>
            <dl>
                <dt>{lang.t("field-kind")}</dt><dd>{lang.kind(e.kind)}</dd>
                <dt>{lang.t("field-when")}</dt><dd class="when">{when}</dd>
                <dt>{lang.t("field-where")}</dt><dd class="where" dir="auto">{format!("{} ({})", e.location_name, e.country_code)}</dd>
                {area.map(|a| view! { <dt>{lang.t("field-area")}</dt><dd class="area" dir="auto">{a}</dd> })}
                {(e.online == Some(true)).then(|| view! { <dt>{lang.t("field-online")}</dt><dd class="online">{lang.t("popup-online")}</dd> })}
                {e.conduct.map(|c| view! { <dt>{lang.t("field-conduct")}</dt><dd class="conduct">{lang.conduct(c)}</dd> })}
                {names(&e.organisers).map(|a| view! { <dt>{lang.t("field-organisers")}</dt><dd class="organisers" dir="auto">{a}</dd> })}
                {names(&e.participants).map(|a| view! { <dt>{lang.t("field-who")}</dt><dd class="participants" dir="auto">{a}</dd> })}
                {e.claims.clone().map(|c| view! { <dt>{lang.t("field-claims")}</dt><dd class="claims" dir="auto">{c}</dd> })}
                {e.crowd_size_text.clone().map(|c| view! { <dt>{lang.t("field-crowd")}</dt><dd dir="auto">{c}</dd> })}
                {crowd.map(|c| view! { <dt>{lang.t("field-crowd-numbers")}</dt><dd class="crowd-numbers">{c}</dd> })}
                {(!e.crowd_estimates.is_empty()).then(|| view! {
                    <dt>{lang.t("field-estimates")}</dt>
                    <dd class="estimates">
                        {e.crowd_estimates.iter().enumerate().map(|(i, x)| view! {
                            {(i > 0).then(|| format!("{} ", lang.t("list-semicolon")))}
                            <span class="estimate"><bdi>{x.source.clone()}</bdi>{format!(": {}", lang.people_range(x.low, x.high))}</span>
                        }).collect_view()}
                    </dd>
                })}
                {(!outcomes.is_empty()).then(|| view! { <dt>{lang.t("field-outcomes")}</dt><dd class="outcomes">{outcomes.clone()}</dd> })}
                {dataset.map(|d| view! { <dt>{lang.t("field-dataset")}</dt><dd class="dataset" dir="auto">{d}</dd> })}
            </dl>
            <p class="description" dir="auto">{e.description.clone()}</p>
            <h2>{lang.t("sources")}</h2>
            <ul class="sources">
                {e.sources
                    .iter()
                    .map(|s| match &s.url {
                        Some(u) => view! { <li><a href=u.clone() rel="noopener noreferrer" dir="auto">{s.name.clone()}</a></li> }.into_any(),
                        None => view! { <li dir="auto">{s.name.clone()}</li> }.into_any(),
                    })
                    .collect_view()}
            </ul>
            {(reports > 0).then(|| view! {
                <p class="corroborated">{lang.t_with("corroborated", &[("count", Arg::Number(reports as i64))])}</p>
            })}
            <p><a href=back>{lang.t("show-on-map")}</a></p>
        </main>
    }
}

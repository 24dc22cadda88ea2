//! `/events/{id}`: one event as a page that reads fully without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::get_event;
use domain::dates::human_range;
use domain::event::{DatePrecision, Event};

/// One event's page; unknown ids render [`super::NotFound`] with a 404.
#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let event = Resource::new(move || params.read().get("id").unwrap_or_default(), get_event);
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match event.await {
                    Ok(Some(e)) => view! { <EventDetail event=e/> }.into_any(),
                    Ok(None) => view! { <super::NotFound/> }.into_any(),
                    Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The event's fields as text, with its sources as links (http/https only,
/// which validation guarantees).
#[component]
pub fn EventDetail(
    /// The event to show.
    event: Event,
) -> impl IntoView {
    let e = event;
    let when = human_range(e.dates, e.date_precision == DatePrecision::Approximate);
    let back = format!("/?event={}", e.id);
    view! {
        <main class="page event">
            <h1>{e.title.clone()}</h1>
            <dl>
                <dt>"Kind"</dt><dd>{domain::labels::kind_label(e.kind)}</dd>
                <dt>"When"</dt><dd class="when">{when}</dd>
                <dt>"Where"</dt><dd class="where">{format!("{} ({})", e.location_name, e.country_code)}</dd>
                {e.actors.clone().map(|a| view! { <dt>"Who"</dt><dd>{a}</dd> })}
                {e.crowd_size_text.clone().map(|c| view! { <dt>"Crowd (as reported)"</dt><dd>{c}</dd> })}
            </dl>
            <p class="description">{e.description.clone()}</p>
            <h2>"Sources"</h2>
            <ul class="sources">
                {e.sources
                    .iter()
                    .map(|s| match &s.url {
                        Some(u) => view! { <li><a href=u.clone() rel="noopener noreferrer">{s.name.clone()}</a></li> }.into_any(),
                        None => view! { <li>{s.name.clone()}</li> }.into_any(),
                    })
                    .collect_view()}
            </ul>
            <p><a href=back>"Show on the map"</a></p>
        </main>
    }
}

//! `/`: the events, listed by date. The map and slider build on this list.

use leptos::prelude::*;

use crate::api::list_events;
use crate::dates::human_range;
use crate::event::{DatePrecision, Event};

/// The home page: every public event with its dates and a link to its page.
#[component]
pub fn HomePage() -> impl IntoView {
    let events = Resource::new(|| (), |_| list_events());
    view! {
        <main class="page">
            <h1>"rallymap"</h1>
            <Suspense fallback=|| view! { <p>"Loading events…"</p> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Ok(list) => view! { <EventList events=list/> }.into_any(),
                        Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// A list of events, one item each: title (linking to its page), dates, place.
#[component]
pub fn EventList(
    /// The events, already sorted.
    events: Vec<Event>,
) -> impl IntoView {
    let count = events.len();
    view! {
        <p class="count">{format!("{count} events")}</p>
        <ol class="event-list">
            {events
                .into_iter()
                .map(|e| {
                    let when = human_range(e.dates, e.date_precision == DatePrecision::Approximate);
                    view! {
                        <li data-id=e.id.clone()>
                            <a href=format!("/events/{}", e.id)>{e.title}</a>
                            <span class="when">{when}</span>
                            <span class="where">{e.location_name}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

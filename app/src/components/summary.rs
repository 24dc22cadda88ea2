//! The line under the slider that says what the window's events add up to
//! (README, "API", `/api/map/summary`): the people reported as a range and
//! how many events give no number, and arrests, injuries and deaths where
//! reported. Asked for when the slider rests; nothing is shown until the
//! answer comes (and without JavaScript).

use leptos::prelude::*;
use time::Date;

use crate::i18n::{use_lang, Arg, Lang};
use domain::summary::WindowSummary;

/// The summary of the events in `window` (first and last day).
#[component]
pub fn SummaryLine(
    /// The window once the slider rests.
    window: Signal<(Date, Date)>,
    /// The reader's filters.
    filter: Signal<domain::filter::PropertyFilter>,
) -> impl IntoView {
    let lang = use_lang();
    let sums: RwSignal<Option<WindowSummary>> = RwSignal::new(None);
    #[cfg(not(feature = "hydrate"))]
    let _ = (window, filter);
    #[cfg(feature = "hydrate")]
    {
        use domain::dates::DateWindow;
        use domain::filter::EventFilter;
        // The latest request: an older answer that arrives later is dropped.
        let latest = StoredValue::new(0u64);
        Effect::new(move |_| {
            let (start, end) = window.get();
            let window = DateWindow { start: Some(start), end: Some(end) };
            let filter = EventFilter { window, bbox: None, properties: filter.get() };
            let n = latest.get_value() + 1;
            latest.set_value(n);
            leptos::task::spawn_local(async move {
                let url = format!("/api/map/summary?{filter}");
                if let Some(s) = crate::components::map::loader::fetch_json::<WindowSummary>(&url).await {
                    if latest.get_value() == n {
                        sums.set(Some(s));
                    }
                }
            });
        });
    }
    move || sums.get().map(|s| view! { <p class="window-summary">{describe(lang, &s)}</p> })
}

/// The summary in words: `People reported: 3,200–3,300 (at 2 of 4
/// events) · deaths: 2`.
pub fn describe(lang: Lang, s: &WindowSummary) -> String {
    let n = |v: u64| Arg::Number(i64::try_from(v).unwrap_or(i64::MAX));
    let mut parts = vec![if s.people.events == 0 {
        lang.t_with("summary-people-none", &[("events", n(s.events))])
    } else {
        lang.t_with(
            "summary-people-range",
            &[
                ("low", Arg::Text(lang.people(s.people.low).into())),
                ("high", Arg::Text(lang.people(s.people.high).into())),
                ("with", n(s.people.events)),
                ("events", n(s.events)),
            ],
        )
    }];
    for (key, reported) in
        [("summary-arrests", s.arrests), ("summary-injuries", s.injuries), ("summary-fatalities", s.fatalities)]
    {
        if reported.events > 0 {
            parts.push(lang.t_with(key, &[("total", Arg::Text(lang.people(reported.total).into()))]));
        }
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::summary::{PeopleRange, Reported};

    #[test]
    fn people_as_a_range_and_only_the_outcomes_reported() {
        let s = WindowSummary {
            events: 4,
            people: PeopleRange { low: 3200, high: 3300, events: 2 },
            no_number: 2,
            arrests: Reported::default(),
            injuries: Reported::default(),
            fatalities: Reported { total: 2, events: 4 },
        };
        let en = Lang::default();
        assert_eq!(describe(en, &s), "People reported: 3,200–3,300 (at 2 of 4 events) · deaths: 2");
        let fa = Lang::parse("fa").expect("Persian");
        assert_eq!(describe(fa, &s), "شمار گزارش‌شدهٔ افراد: ۳٬۲۰۰ تا ۳٬۳۰۰ (در ۲ از ۴ رویداد) · کشته: ۲");
        let none = WindowSummary { events: 6, no_number: 6, ..WindowSummary::default() };
        assert_eq!(describe(en, &none), "No number of people reported for these 6 events");
    }
}

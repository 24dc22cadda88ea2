//! The date slider: a two-handle range over the days of the data's extent,
//! typed date inputs, a play button, a histogram of events per day, and the
//! "N of M events" label. Keyboard: the native range inputs take arrow keys,
//! Page Up/Down, Home and End.

use leptos::prelude::*;
use time::{Date, Duration};

use crate::dates::{format_date, human_range, parse_date, DateRange};
use crate::timeline::Extent;

/// How long the play button waits between days, in milliseconds.
pub const PLAY_STEP_MS: u64 = 700;

/// The slider for `window` over `extent`.
#[component]
pub fn DateSlider(
    /// The days the slider covers.
    extent: Extent,
    /// Events per day of `extent` (see [`Extent::histogram`]).
    histogram: Vec<u32>,
    /// The selected window, first and last day inclusive.
    window: RwSignal<(Date, Date)>,
    /// How many events are in the window.
    shown: Signal<usize>,
    /// How many events there are.
    total: usize,
) -> impl IntoView {
    let last = extent.days() - 1;
    let idx = move |d: Date| extent.index(d);
    // Moving one end past the other drags the other along.
    let set_start = move |d: Date| {
        window.update(|(s, e)| {
            *s = d;
            if *s > *e {
                *e = *s;
            }
        })
    };
    let set_end = move |d: Date| {
        window.update(|(s, e)| {
            *e = d;
            if *e < *s {
                *s = *e;
            }
        })
    };
    let playing = RwSignal::new(false);
    let timer: StoredValue<Option<IntervalHandle>> = StoredValue::new(None);
    let stop = move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        timer.set_value(None);
        playing.set(false);
    };
    let step = move || {
        let (s, e) = window.get_untracked();
        if e >= extent.last {
            stop();
            return;
        }
        window.set((s + Duration::days(1), e + Duration::days(1)));
        if e + Duration::days(1) >= extent.last {
            stop();
        }
    };
    let toggle = move |_| {
        if playing.get_untracked() {
            stop();
            return;
        }
        // At the end, start again from the first day with the same width.
        let (s, e) = window.get_untracked();
        if e >= extent.last || s < extent.first {
            let width = (e - s).min(extent.last - extent.first);
            window.set((extent.first, extent.first + width));
        }
        playing.set(true);
        if let Ok(h) = set_interval_with_handle(step, std::time::Duration::from_millis(PLAY_STEP_MS)) {
            timer.set_value(Some(h));
        }
    };
    on_cleanup(move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
    });

    let max = histogram.iter().copied().max().unwrap_or(1).max(1);
    let bars = histogram
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let h = f64::from(n) / f64::from(max) * 30.0;
            let day = format_date(extent.day(i));
            let this_day = extent.day(i);
            let in_window = move || {
                let (s, e) = window.get();
                s <= this_day && this_day <= e
            };
            view! {
                <rect x=i.to_string() y=format!("{:.2}", 30.0 - h) width="0.86" height=format!("{h:.2}") class:in=in_window>
                    <title>{format!("{day}: {n} events")}</title>
                </rect>
            }
        })
        .collect_view();
    let days = extent.days();

    let (s0, e0) = window.get_untracked();
    view! {
        <section class="timeline" aria-label="Date window">
            <div class="timeline-controls">
                <button
                    type="button"
                    class="play"
                    aria-pressed=move || playing.get().to_string()
                    on:click=toggle
                >
                    {move || if playing.get() { "Pause" } else { "Play" }}
                </button>
                <label class="date-field">
                    "From "
                    <input
                        type="date"
                        class="date-start"
                        value=format_date(s0)
                        prop:value=move || format_date(window.get().0)
                        on:change=move |ev| {
                            if let Ok(d) = parse_date(&event_target_value(&ev)) {
                                set_start(d);
                            }
                        }
                    />
                </label>
                <label class="date-field">
                    "to "
                    <input
                        type="date"
                        class="date-end"
                        value=format_date(e0)
                        prop:value=move || format_date(window.get().1)
                        on:change=move |ev| {
                            if let Ok(d) = parse_date(&event_target_value(&ev)) {
                                set_end(d);
                            }
                        }
                    />
                </label>
                <span class="window-count" aria-live="polite">
                    {move || format!("{} of {} events", shown.get(), total)}
                </span>
            </div>
            <svg class="histogram" viewBox=format!("0 0 {days} 30") preserveAspectRatio="none" aria-hidden="true">
                {bars}
            </svg>
            <div class="range">
                <input
                    type="range"
                    class="handle-start"
                    min="0"
                    max=last.to_string()
                    step="1"
                    value=idx(s0).to_string()
                    prop:value=move || idx(window.get().0).to_string()
                    aria-label="First day of the window"
                    aria-valuetext=move || format_date(window.get().0)
                    on:input=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                            set_start(extent.day(i));
                        }
                    }
                />
                <input
                    type="range"
                    class="handle-end"
                    min="0"
                    max=last.to_string()
                    step="1"
                    value=idx(e0).to_string()
                    prop:value=move || idx(window.get().1).to_string()
                    aria-label="Last day of the window"
                    aria-valuetext=move || format_date(window.get().1)
                    on:input=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                            set_end(extent.day(i));
                        }
                    }
                />
            </div>
            <p class="window-text">
                {move || {
                    let (s, e) = window.get();
                    DateRange::new(s, e).map(|r| human_range(r, false)).unwrap_or_default()
                }}
            </p>
        </section>
    }
}

//! The date slider: a two-handle range over the days of the data's extent,
//! typed date inputs, a play button, a histogram of events per day, and the
//! "N of M events" label. Keyboard: the native range inputs take arrow keys,
//! Page Up/Down, Home and End.

use leptos::prelude::*;
use time::{Date, Duration};

use domain::dates::{format_date, human_range, parse_date, DateRange};
use domain::timeline::Extent;

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
                {date_field("From ", "date-start", s0, Signal::derive(move || window.get().0), set_start)}
                {date_field("to ", "date-end", e0, Signal::derive(move || window.get().1), set_end)}
                <span class="window-count" aria-live="polite">
                    {move || format!("{} of {} events", shown.get(), total)}
                </span>
            </div>
            <svg class="histogram" viewBox=format!("0 0 {days} 30") preserveAspectRatio="none" aria-hidden="true">
                {bars}
            </svg>
            <div class="range">
                {handle("handle-start", "First day of the window", extent, s0, Signal::derive(move || window.get().0), set_start)}
                {handle("handle-end", "Last day of the window", extent, e0, Signal::derive(move || window.get().1), set_end)}
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

/// A typed date for one end of the window; any calendar date is accepted.
fn date_field(
    label: &'static str,
    class: &'static str,
    initial: Date,
    day: Signal<Date>,
    set: impl Fn(Date) + 'static,
) -> impl IntoView {
    view! {
        <label class="date-field">
            {label}
            <input
                type="date"
                class=class
                value=format_date(initial)
                prop:value=move || format_date(day.get())
                on:change=move |ev| {
                    if let Ok(d) = parse_date(&event_target_value(&ev)) {
                        set(d);
                    }
                }
            />
        </label>
    }
}

/// One handle of the range, a day per step, stopping at the data's extent.
fn handle(
    class: &'static str,
    label: &'static str,
    extent: Extent,
    initial: Date,
    day: Signal<Date>,
    set: impl Fn(Date) + 'static,
) -> impl IntoView {
    view! {
        <input
            type="range"
            class=class
            min="0"
            max=(extent.days() - 1).to_string()
            step="1"
            value=extent.index(initial).to_string()
            prop:value=move || extent.index(day.get()).to_string()
            aria-label=label
            aria-valuetext=move || format_date(day.get())
            on:input=move |ev| {
                if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                    set(extent.day(i));
                }
            }
        />
    }
}

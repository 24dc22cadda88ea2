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

    // One path for all bars (a few kilobytes for years of days): days are
    // binned so that there are at most BARS bars. The window is one shaded
    // rectangle over them, so a step moves one element.
    let bars = histogram_path(&histogram);
    let shade_x = move || {
        let (s, _) = window.get();
        (s.max(extent.first) - extent.first).whole_days().max(0).to_string()
    };
    let shade_width = move || {
        let (s, e) = window.get();
        let (s, e) = (s.max(extent.first), e.min(extent.last));
        ((e - s).whole_days() + 1).max(0).to_string()
    };
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
                <rect class="window-shade" x=shade_x y="0" width=shade_width height="30"></rect>
                <path class="bars" d=bars></path>
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

/// Most bars the histogram draws.
const BARS: usize = 600;

/// The histogram as one SVG path in a `days × 30` box: bars of `bin` days
/// (the most events on one day of the bin), their height the square root of
/// their count against the highest's, so that a quiet month still shows
/// beside a day of thousands.
fn histogram_path(counts: &[u32]) -> String {
    let bin = counts.len().div_ceil(BARS).max(1);
    let peaks: Vec<u32> = counts.chunks(bin).map(|c| c.iter().copied().max().unwrap_or(0)).collect();
    let max = f64::from(peaks.iter().copied().max().unwrap_or(1).max(1)).sqrt();
    let width = bin as f64 * 0.86;
    let mut d = String::with_capacity(peaks.len() * 20);
    for (i, n) in peaks.iter().enumerate().filter(|(_, n)| **n > 0) {
        let h = f64::from(*n).sqrt() / max * 30.0;
        d.push_str(&format!("M{} 30V{:.1}h{width:.2}V30z", i * bin, 30.0 - h));
    }
    d
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_is_one_path_of_binned_bars() {
        assert_eq!(histogram_path(&[4, 0, 1]), "M0 30V0.0h0.86V30zM2 30V15.0h0.86V30z");
        let years = vec![1u32; 2922];
        let d = histogram_path(&years);
        assert_eq!(d.matches('M').count(), 585, "5-day bars for 8 years");
        assert!(d.len() < 20_000);
    }
}

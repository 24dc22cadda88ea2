//! The date slider: a two-handle range over the days of the data's extent,
//! typed date inputs, a play button, a histogram of events per day stacked
//! by kind in the markers' colours, and the
//! "N of M events" label. Keyboard: arrow keys, Page Up/Down, Home and End
//! move the focused handle, a day at a time from the day it is on, even
//! when that day is outside the data (a typed date): the native range
//! would step from the end it draws such a day at.

use leptos::prelude::*;
use time::{Date, Duration};

use crate::i18n::{use_lang, Arg, Lang};
use domain::dates::{format_date, parse_date, DateRange};
use domain::event::EventKind;
use domain::labels::kind_colour;
use domain::timeline::{totals, Extent, KindDays};

/// How long the play button waits between days, in milliseconds.
pub const PLAY_STEP_MS: u64 = 700;

/// The slider for `window` over `extent`.
#[component]
pub fn DateSlider(
    /// The days the slider covers.
    extent: Extent,
    /// Events per day of `extent` that the filters select, kind by kind
    /// (see [`domain::compact::CompactEvents::day_counts_by_kind_of`]);
    /// `None` until they are known, when `totals` are drawn in one colour.
    histogram: Signal<Option<Vec<KindDays>>>,
    /// Events of any kind per day of `extent`, unfiltered.
    totals: std::sync::Arc<Vec<u32>>,
    /// The selected window, first and last day inclusive.
    window: RwSignal<(Date, Date)>,
    /// How many events are in the window.
    shown: Signal<usize>,
    /// How many events there are.
    total: usize,
) -> impl IntoView {
    let lang = use_lang();
    // The two handles are positions of their own, and the window is from
    // the lower to the higher: a handle dragged past the other swaps roles
    // with it. So from two handles on one day, dragging left moves the first
    // day and dragging right the last, whichever handle the pointer caught.
    let handles = RwSignal::new(window.get_untracked());
    Effect::new(move |_| {
        let w = window.get();
        if ordered(handles.get_untracked()) != w {
            handles.set(w);
        }
    });
    let set_a = move |d: Date| {
        handles.update(|h| h.0 = d);
        window.set(ordered(handles.get_untracked()));
    };
    let set_b = move |d: Date| {
        handles.update(|h| h.1 = d);
        window.set(ordered(handles.get_untracked()));
    };
    // A typed date moves only its own end, and only to a day on its side.
    let typed_error = RwSignal::new(None::<String>);
    let type_start = move |d: Date| {
        let (_, e) = window.get_untracked();
        if d > e {
            typed_error.set(Some(lang.t_with("first-after-last", &[("date", Arg::Text(lang.date(e).into()))])));
            return false;
        }
        typed_error.set(None);
        window.update(|w| w.0 = d);
        true
    };
    let type_end = move |d: Date| {
        let (s, _) = window.get_untracked();
        if d < s {
            typed_error.set(Some(lang.t_with("last-before-first", &[("date", Arg::Text(lang.date(s).into()))])));
            return false;
        }
        typed_error.set(None);
        window.update(|w| w.1 = d);
        true
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

    // One path per kind for all bars (a few kilobytes for years of days):
    // days are binned so that there are at most BARS bars. The window is one
    // shaded rectangle over them, so a step moves one element. Day i is at i
    // in the drawing, whose ends are the handles' first and last positions:
    // each bar stands under the handle on its day.
    let days = extent.days();
    let bars = move || {
        histogram.with(|h| match h {
            Some(layers) => histogram_paths(layers, days)
                .into_iter()
                .map(|(kind, d)| view! { <path data-kind=kind.as_str() fill=kind_colour(kind) d=d></path> }.into_any())
                .collect_view(),
            None => {
                let all = [KindDays { kind: EventKind::Other, counts: (*totals).clone() }];
                histogram_paths(&all, days)
                    .into_iter()
                    .map(|(_, d)| view! { <path data-kind="all" fill=PLAIN d=d></path> }.into_any())
                    .collect_view()
            }
        })
    };
    let span = (extent.days() - 1).max(1);
    // The shade reaches half a day beyond its ends, but no further past the
    // handles' travel than the bars do (a few pixels into the thumbs' room).
    let reach = span as f64 / 80.0;
    let shade = move || {
        let (s, e) = window.get();
        let (s, e) = (s.max(extent.first), e.min(extent.last));
        let at = |d: Date| (d - extent.first).whole_days() as f64;
        let (x0, x1) = ((at(s) - 0.5).max(-reach), (at(e) + 0.5).min(span as f64 + reach));
        (x0, (x1 - x0).max(0.0))
    };
    let shade_x = move || format!("{:.3}", shade().0);
    let shade_width = move || format!("{:.3}", shade().1);

    let (s0, e0) = window.get_untracked();
    view! {
        <section class="timeline" aria-label=lang.t("date-window")>
            <div class="timeline-controls">
                <button
                    type="button"
                    class="play"
                    aria-pressed=move || playing.get().to_string()
                    on:click=toggle
                >
                    {move || if playing.get() { lang.t("pause") } else { lang.t("play") }}
                </button>
                {date_field(lang.t("date-from"), "date-start", s0, Signal::derive(move || window.get().0), type_start)}
                {date_field(lang.t("date-to"), "date-end", e0, Signal::derive(move || window.get().1), type_end)}
                // Polite, but quiet while playing: a count a second is noise.
                <span class="window-count" aria-live=move || if playing.get() { "off" } else { "polite" }>
                    {move || {
                        lang.t_with(
                            "window-count",
                            &[("shown", Arg::Number(shown.get() as i64)), ("total", Arg::Number(total as i64))],
                        )
                    }}
                </span>
            </div>
            <svg class="histogram" viewBox=format!("0 0 {span} 30") preserveAspectRatio="none" aria-hidden="true">
                <rect class="window-shade" x=shade_x y="0" width=shade_width height="30"></rect>
                <g class="bars">{bars}</g>
            </svg>
            <div class="range">
                {handle(lang, Handle::Start, extent, s0, handles, set_a)}
                {handle(lang, Handle::End, extent, e0, handles, set_b)}
            </div>
            {move || typed_error.get().map(|t| view! { <p class="typed-error" role="alert">{t}</p> })}
            <p class="window-text">
                {move || {
                    let (s, e) = window.get();
                    DateRange::new(s, e).map(|r| lang.range(r, false)).unwrap_or_default()
                }}
            </p>
        </section>
    }
}

/// The bars' colour before their kinds are known.
const PLAIN: &str = "#9c958a";

/// Most bars the histogram draws.
const BARS: usize = 600;

/// The histogram as SVG paths in a `(days − 1) × 30` box, one per kind,
/// day `i` centred at `i` (as the handles are at `i / (days − 1)` of the
/// track): bars of `bin` days centred on their days, each the bin's busiest
/// day, its height the square root of that day's count against the
/// highest's (so that a quiet month still shows beside a day of thousands),
/// cut into the day's kinds from the bottom up in `layers`' order. A bar is
/// at most a sixtieth of the track wide (a few days' bars would otherwise
/// be hundreds of pixels wide, and the first and last reach far past the
/// track's ends).
fn histogram_paths(layers: &[KindDays], days: usize) -> Vec<(EventKind, String)> {
    let all = totals(layers, days);
    let bin = days.div_ceil(BARS).max(1);
    // Each bin's busiest day (the first of equals) and its count.
    let peaks: Vec<(usize, u32)> = all
        .chunks(bin)
        .enumerate()
        .map(|(b, c)| {
            let (j, n) = c.iter().enumerate().fold((0, 0), |best, (j, n)| if *n > best.1 { (j, *n) } else { best });
            (b * bin + j, n)
        })
        .collect();
    let max = f64::from(peaks.iter().map(|p| p.1).max().unwrap_or(1).max(1)).sqrt();
    let span = days.saturating_sub(1).max(1) as f64;
    let width = (bin as f64 * 0.86).min(span / 60.0);
    let mut paths = vec![String::new(); layers.len()];
    for (b, (day, n)) in peaks.iter().enumerate().filter(|(_, p)| p.1 > 0) {
        let height = f64::from(*n).sqrt() / max * 30.0;
        let x = (b * bin) as f64 + (bin - 1) as f64 / 2.0 - width / 2.0;
        let mut below = 0u32;
        for (layer, d) in layers.iter().zip(paths.iter_mut()) {
            let k = layer.counts.get(*day).copied().unwrap_or(0);
            if k == 0 {
                continue;
            }
            // Both edges from the counts so far: a layer's top is exactly the
            // next one's bottom, however they round.
            let y = |m: u32| 30.0 - height * f64::from(m) / f64::from(*n);
            d.push_str(&format!("M{x:.3} {:.1}V{:.1}h{width:.3}V{:.1}z", y(below), y(below + k), y(below)));
            below += k;
        }
    }
    layers.iter().map(|l| l.kind).zip(paths).filter(|(_, d)| !d.is_empty()).collect()
}

/// Two handles' days as a window: the earlier, then the later.
pub fn ordered((a, b): (Date, Date)) -> (Date, Date) {
    (a.min(b), a.max(b))
}

/// A typed date for one end of the window. It applies when complete: on
/// Enter or when the field is left (a date field fires `change` at every
/// keystroke that makes some date, such as day 1 on the way to 19), and only
/// if `set` accepts it; else the field shows the window's day again.
fn date_field(
    label: String,
    class: &'static str,
    initial: Date,
    day: Signal<Date>,
    set: impl Fn(Date) -> bool + Copy + 'static,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let apply = move || {
        let Some(el) = input.get_untracked() else { return };
        let typed = parse_date(&el.value());
        // Unchanged (the field is left after Enter): nothing to apply, and no
        // update that would rewrite the other field while it is being typed in.
        if typed.as_ref().is_ok_and(|d| *d == day.get_untracked()) {
            return;
        }
        let applied = typed.is_ok_and(set);
        if !applied {
            el.set_value(&format_date(day.get_untracked()));
        }
    };
    view! {
        <label class="date-field">
            {label}
            " "
            <input
                type="date"
                class=class
                node_ref=input
                value=format_date(initial)
                prop:value=move || format_date(day.get())
                on:blur=move |_| apply()
                on:keydown=move |ev| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        apply();
                    }
                }
            />
        </label>
    }
}

/// The two handles of the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Handle {
    /// The one that starts on the window's first day.
    Start,
    /// The one that starts on its last day.
    End,
}

/// One handle of the range, a day per step, stopping at the data's extent.
/// Whether it is the first or the last day (its name for screen readers)
/// depends on where the other is; on the same day, the start handle is the
/// first, so that the two never share a name.
fn handle(
    lang: Lang,
    which: Handle,
    extent: Extent,
    initial: Date,
    handles: RwSignal<(Date, Date)>,
    set: impl Fn(Date) + Copy + 'static,
) -> impl IntoView {
    let (class, day, other) = match which {
        Handle::Start => {
            ("handle-start", Signal::derive(move || handles.get().0), Signal::derive(move || handles.get().1))
        }
        Handle::End => ("handle-end", Signal::derive(move || handles.get().1), Signal::derive(move || handles.get().0)),
    };
    let label = move || {
        let (d, o) = (day.get(), other.get());
        if d < o || (d == o && which == Handle::Start) {
            lang.t("handle-first")
        } else {
            lang.t("handle-last")
        }
    };
    let rtl = lang.dir() == "rtl";
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let d = day.get_untracked();
        // A page: a tenth of the days, as the browser's range does.
        let page = ((extent.days() - 1) as f64 / 10.0).round().max(1.0) as i64;
        let forward = if rtl { -1 } else { 1 };
        let to = match ev.key().as_str() {
            "ArrowRight" => extent.step(d, forward),
            "ArrowLeft" => extent.step(d, -forward),
            "ArrowUp" => extent.step(d, 1),
            "ArrowDown" => extent.step(d, -1),
            "PageUp" => extent.step(d, page),
            "PageDown" => extent.step(d, -page),
            "Home" => extent.first,
            "End" => extent.last,
            _ => return,
        };
        ev.prevent_default();
        if to != d {
            set(to);
        }
    };
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
            aria-valuetext=move || lang.date(day.get())
            on:keydown=on_key
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
    fn handles_make_a_window_in_either_order() {
        use time::macros::date;
        let (a, b) = (date!(2020 - 01 - 18), date!(2020 - 01 - 20));
        assert_eq!(ordered((a, b)), (a, b));
        assert_eq!(ordered((b, a)), (a, b));
    }

    #[test]
    fn the_histogram_is_binned_bars_stacked_by_kind() {
        let layer = |kind, counts: &[u32]| KindDays { kind, counts: counts.to_vec() };
        // Day i's bar is centred at i: under the handle on that day.
        assert_eq!(
            histogram_paths(&[layer(EventKind::Rally, &[4, 0, 1])], 3),
            vec![(EventKind::Rally, "M-0.017 30.0V0.0h0.033V30.0zM1.983 30.0V15.0h0.033V30.0z".to_owned())]
        );
        // Three rallies under one march on day 0; a march alone on day 2.
        assert_eq!(
            histogram_paths(&[layer(EventKind::Rally, &[3, 0, 0]), layer(EventKind::March, &[1, 0, 1])], 3),
            vec![
                (EventKind::Rally, "M-0.017 30.0V7.5h0.033V30.0z".to_owned()),
                (EventKind::March, "M-0.017 7.5V0.0h0.033V7.5zM1.983 30.0V15.0h0.033V30.0z".to_owned()),
            ]
        );
        assert!(histogram_paths(&[layer(EventKind::Vigil, &[0, 0])], 2).is_empty(), "no events, no path");
        let month = histogram_paths(&[layer(EventKind::Rally, &[1; 31])], 31);
        assert!(month[0].1.starts_with("M-0.250 30.0V0.0h0.500V30.0zM0.750 30.0"), "{month:?}");
        // Eight years of days in 5-day bars: 585 bars, each cut into kinds.
        let years = [layer(EventKind::Rally, &[1; 2922]), layer(EventKind::Strike, &[2; 2922])];
        let d = histogram_paths(&years, 2922);
        assert_eq!(d.iter().map(|(_, d)| d.matches('M').count()).collect::<Vec<_>>(), vec![585, 585]);
        assert!(d.iter().map(|(_, d)| d.len()).sum::<usize>() < 60_000);
    }
}

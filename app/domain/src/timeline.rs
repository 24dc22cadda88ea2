//! The days the slider runs over: the data's extent, day indices, and the
//! per-day counts drawn as a histogram above the track, stacked by kind.
//! Pure date arithmetic on calendar days; no time zone is involved.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use crate::event::{Event, EventKind};

/// How many events of one kind were (or may have been) on each day of a
/// run of days: one layer of the slider's stacked bars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindDays {
    /// The kind counted.
    pub kind: EventKind,
    /// Events of that kind per day, the first day first; an event counts
    /// on every day of its range.
    pub counts: Vec<u32>,
}

/// Events of any kind per day: the sum of `layers` (each `days` long).
pub fn totals(layers: &[KindDays], days: usize) -> Vec<u32> {
    let mut all = vec![0u32; days];
    for layer in layers {
        for (t, n) in all.iter_mut().zip(&layer.counts) {
            *t = t.saturating_add(*n);
        }
    }
    all
}

/// The first and last day of a set of events (both inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extent {
    /// The earliest `date_start`.
    pub first: Date,
    /// The latest `date_end`.
    pub last: Date,
}

impl Extent {
    /// The extent of `events`, or `None` for no events.
    pub fn of(events: &[Event]) -> Option<Self> {
        let first = events.iter().map(|e| e.dates.start).min()?;
        let last = events.iter().map(|e| e.dates.end).max()?;
        Some(Self { first, last })
    }

    /// How many days the extent has (at least 1).
    pub fn days(&self) -> usize {
        usize::try_from((self.last - self.first).whole_days()).unwrap_or(0) + 1
    }

    /// The day at `index` (0 is `first`), clamped to the extent.
    pub fn day(&self, index: usize) -> Date {
        let i = index.min(self.days() - 1);
        self.first + Duration::days(i64::try_from(i).unwrap_or(0))
    }

    /// The index of `d`, clamped to the extent.
    pub fn index(&self, d: Date) -> usize {
        let d = d.clamp(self.first, self.last);
        usize::try_from((d - self.first).whole_days()).unwrap_or(0)
    }

    /// The day `days` steps from `day` (negative: earlier), as a slider
    /// handle steps: it stops at the extent's ends, but a handle on a day
    /// outside the extent (a typed date, a permalink) steps from that day,
    /// not from the end it is drawn at. So one step right from the day
    /// before the first day is the first day, and a step away from the
    /// data leaves such a day where it is.
    ///
    /// # Examples
    /// ```
    /// use domain::dates::parse_date;
    /// use domain::timeline::Extent;
    /// let d = |s| parse_date(s).unwrap();
    /// let x = Extent { first: d("2020-01-18"), last: d("2020-01-20") };
    /// assert_eq!(x.step(d("2020-01-17"), 1), d("2020-01-18"));
    /// assert_eq!(x.step(d("2020-01-17"), -1), d("2020-01-17"));
    /// assert_eq!(x.step(d("2020-01-19"), 5), d("2020-01-20"));
    /// ```
    pub fn step(&self, day: Date, days: i64) -> Date {
        let (low, high) = (self.first.min(day), self.last.max(day));
        day.checked_add(Duration::days(days)).unwrap_or(if days < 0 { low } else { high }).clamp(low, high)
    }

    /// The span of days around `[a, b]` (day numbers) that `histogram` (per day
    /// of the extent, as [`Extent::histogram`] counts) says holds at most `limit` events, grown a day at a time on
    /// both sides, at most a year each way.
    pub fn span_around(&self, a: i32, b: i32, histogram: &[u32], limit: u64) -> (i32, i32) {
        let first = crate::dates::day_number(self.first);
        let count =
            |d: i32| usize::try_from(d - first).ok().and_then(|i| histogram.get(i)).map_or(0, |&n| u64::from(n));
        let (mut lo, mut hi) = (a, b);
        let mut sum: u64 = (a..=b).map(count).sum();
        for _ in 0..365 {
            let grown = sum + count(lo - 1) + count(hi + 1);
            if grown > limit {
                break;
            }
            sum = grown;
            lo -= 1;
            hi += 1;
        }
        (lo, hi)
    }

    /// For each day of the extent, how many events were (or may have been)
    /// on that day: an event counts on every day of its range.
    pub fn histogram(&self, events: &[Event]) -> Vec<u32> {
        let mut counts = vec![0u32; self.days()];
        for e in events {
            let (a, b) = (self.index(e.dates.start), self.index(e.dates.end));
            for c in &mut counts[a..=b] {
                *c += 1;
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;
    use crate::event::{EventInput, SourceInput};

    fn event(id: &str, start: &str, end: &str) -> Event {
        EventInput {
            id: id.into(),
            title: id.into(),
            kind: "rally".into(),
            date_start: start.into(),
            date_end: end.into(),
            date_precision: "exact".into(),
            location_name: "X".into(),
            country_code: "SE".into(),
            lon: "0".into(),
            lat: "0".into(),
            geo_precision: "city".into(),
            sources: vec![SourceInput { name: "s".into(), url: String::new() }],
            ..Default::default()
        }
        .validate()
        .expect("valid")
    }

    #[test]
    fn extent_days_and_indices() {
        let events = [event("a", "2020-01-18", "2020-01-18"), event("b", "2020-01-18", "2020-01-20")];
        let x = Extent::of(&events).expect("some");
        assert_eq!(x.days(), 3);
        assert_eq!(x.day(0), parse_date("2020-01-18").expect("d"));
        assert_eq!(x.day(2), parse_date("2020-01-20").expect("d"));
        assert_eq!(x.day(99), parse_date("2020-01-20").expect("d"), "clamped");
        assert_eq!(x.index(parse_date("2020-01-19").expect("d")), 1);
        assert_eq!(x.index(parse_date("2019-01-01").expect("d")), 0, "clamped");
        assert_eq!(x.histogram(&events), vec![2, 1, 1]);
        assert_eq!(Extent::of(&[]), None);
    }

    #[test]
    fn totals_add_the_kinds_up_day_by_day() {
        let layers = [
            KindDays { kind: EventKind::Rally, counts: vec![2, 0, 1] },
            KindDays { kind: EventKind::March, counts: vec![0, 3, 1] },
        ];
        assert_eq!(totals(&layers, 3), vec![2, 3, 2]);
        assert_eq!(totals(&[], 2), vec![0, 0], "no kinds: a day of nothing each");
    }

    #[test]
    fn extent_across_a_leap_day_and_year_end() {
        let events = [event("a", "2019-12-31", "2020-03-01")];
        let x = Extent::of(&events).expect("some");
        assert_eq!(x.days(), 1 + 31 + 29 + 1);
        assert_eq!(x.day(60), parse_date("2020-02-29").expect("d"));
    }

    #[test]
    fn a_step_from_a_day_outside_the_data_takes_one_day() {
        // Issue 21, item 9: from 17 January, one step right was 19 January.
        let d = |s| parse_date(s).expect("d");
        let x = Extent { first: d("2020-01-18"), last: d("2020-01-20") };
        assert_eq!(x.step(d("2020-01-17"), 1), d("2020-01-18"));
        assert_eq!(x.step(d("2020-01-17"), 2), d("2020-01-19"));
        assert_eq!(x.step(d("2020-01-17"), -1), d("2020-01-17"), "no further from the data");
        assert_eq!(x.step(d("2020-01-22"), -1), d("2020-01-21"));
        assert_eq!(x.step(d("2020-01-22"), 1), d("2020-01-22"));
        assert_eq!(x.step(d("2020-01-18"), -1), d("2020-01-18"), "the ends stop a step");
        assert_eq!(x.step(d("2020-01-20"), 1), d("2020-01-20"));
        assert_eq!(x.step(d("2020-01-18"), 1), d("2020-01-19"));
        assert_eq!(x.step(d("2018-11-03"), 1), d("2018-11-04"), "a typed day years before the data");
        // Across a month, a leap day and a year's end.
        let y = Extent { first: d("2019-12-30"), last: d("2020-03-02") };
        assert_eq!(y.step(d("2019-12-31"), 1), d("2020-01-01"));
        assert_eq!(y.step(d("2020-02-28"), 1), d("2020-02-29"));
        assert_eq!(y.step(d("2020-03-01"), -1), d("2020-02-29"));
    }

    #[test]
    fn the_span_grows_while_it_holds_few_enough() {
        let extent = Extent { first: parse_date("2020-01-01").expect("d"), last: parse_date("2020-01-10").expect("d") };
        let h = [1, 1, 1, 50, 5, 5, 1, 1, 1, 1];
        let day = |s| crate::dates::day_number(parse_date(s).expect("d"));
        let (lo, hi) = extent.span_around(day("2020-01-05"), day("2020-01-06"), &h, 12);
        assert_eq!((lo, hi), (day("2020-01-05"), day("2020-01-06")), "a day more each side would be 61");
        let (lo, hi) = extent.span_around(day("2020-01-08"), day("2020-01-08"), &h, 10);
        assert_eq!((lo, hi), (day("2020-01-06"), day("2020-01-10")));
    }
}

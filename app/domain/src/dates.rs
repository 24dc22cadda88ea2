//! Calendar dates, date ranges and date windows.
//!
//! An event's dates are calendar dates at the event's place (README, "The
//! data"): they carry no time of day and no time zone, so a rally on 18 January
//! is on 18 January for every reader. Nothing here converts through a zone.
//!
//! A [`DateWindow`] is what a reader or an API client asks for; it is written
//! in the grammar of the `datetime` parameter of OGC API – Features – Part 1
//! (OGC 17-069r4, §7.15.4), restricted to dates.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{macros::format_description, Date};

/// `YYYY-MM-DD`, the RFC 3339 `full-date` production.
const FULL_DATE: &[time::format_description::BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// Serde for a [`Date`] as `YYYY-MM-DD`, strictly: `#[serde(with = "full_date")]`.
pub mod full_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    /// Writes `YYYY-MM-DD`.
    ///
    /// # Errors
    /// Only the serializer's own.
    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_date(*d))
    }

    /// Reads `YYYY-MM-DD` with [`super::parse_date`].
    ///
    /// # Errors
    /// The [`super::DateError`] as a custom error.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_date(&s).map_err(serde::de::Error::custom)
    }
}

/// Why a string is not a calendar date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the shape `YYYY-MM-DD` (four-digit year, two-digit month and day).
    #[error("expected a calendar date YYYY-MM-DD, got {0:?}")]
    Shape(String),
    /// The shape is right but the day does not exist (e.g. `2020-02-30`):
    /// "30 February 2020 is not a day of the calendar".
    #[error("{}", no_such_day(.0))]
    NoSuchDay(String),
}

/// Says why a `YYYY-MM-DD` text of the right shape names no day, with the
/// day written out as people read it (`2023-02-29` → "29 February 2023 is
/// not a day of the calendar"), or the month that does not exist.
fn no_such_day(s: &str) -> String {
    let part = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<u32>().ok());
    match (part(0..4), part(5..7).map(u8::try_from), part(8..10)) {
        (Some(y), Some(Ok(m)), Some(d)) => match time::Month::try_from(m) {
            Ok(month) => format!("{d} {month} {y} is not a day of the calendar"),
            Err(_) => format!("{s:?} is not a day of the calendar: there is no month {m}"),
        },
        _ => format!("{s:?} is not a day of the calendar"),
    }
}

/// Parses an RFC 3339 `full-date` (`YYYY-MM-DD`, years 0000–9999) strictly: no
/// time, no zone, no surrounding spaces.
///
/// # Errors
/// [`DateError::Shape`] for anything not shaped `YYYY-MM-DD`,
/// [`DateError::NoSuchDay`] for a day the calendar does not have.
///
/// # Examples
/// ```
/// let d = domain::dates::parse_date("2020-01-18").unwrap();
/// assert_eq!(domain::dates::format_date(d), "2020-01-18");
/// assert!(domain::dates::parse_date("2020-02-30").is_err());
/// assert!(domain::dates::parse_date("2020-1-18").is_err());
/// ```
pub fn parse_date(s: &str) -> Result<Date, DateError> {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(DateError::Shape(s.to_owned()));
    }
    Date::parse(s, FULL_DATE).map_err(|_| DateError::NoSuchDay(s.to_owned()))
}

/// The Julian day number of 1970-01-01, the origin of [`day_number`].
const EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// A date as a day number: days since 1970-01-01 (negative before). Day
/// numbers are what the store indexes and the map's compact data carries;
/// they are calendar days, not instants.
///
/// # Examples
/// ```
/// use domain::dates::{parse_date, day_number, from_day_number};
/// let d = parse_date("2020-01-18").unwrap();
/// assert_eq!(day_number(d), 18_279);
/// assert_eq!(from_day_number(18_279), Some(d));
/// ```
pub fn day_number(d: Date) -> i32 {
    d.to_julian_day() - EPOCH_JULIAN_DAY
}

/// The date of a [`day_number`]; `None` outside the years `time` supports.
pub fn from_day_number(n: i32) -> Option<Date> {
    Date::from_julian_day(n.checked_add(EPOCH_JULIAN_DAY)?).ok()
}

/// Writes a date as `YYYY-MM-DD`.
pub fn format_date(d: Date) -> String {
    // Formatting a Date with this description cannot fail for years 0..=9999,
    // the only years `parse_date` accepts.
    d.format(FULL_DATE).unwrap_or_else(|_| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()))
}

/// Writes a range for people, in English, without any time zone:
/// `18 January 2020`, `18–20 January 2020`, `30 January – 2 February 2020`,
/// `30 December 2019 – 2 January 2020`. With `approximate`, says so:
/// `around 18–20 January 2020 (date not reported)`.
///
/// # Examples
/// ```
/// use domain::dates::{parse_date, human_range, DateRange};
/// let r = DateRange::new(parse_date("2020-01-18").unwrap(), parse_date("2020-01-20").unwrap()).unwrap();
/// assert_eq!(human_range(r, false), "18–20 January 2020");
/// assert_eq!(human_range(r, true), "around 18–20 January 2020 (date not reported)");
/// ```
pub fn human_range(r: DateRange, approximate: bool) -> String {
    let (s, e) = (r.start, r.end);
    let text = if s == e {
        format!("{} {} {}", s.day(), s.month(), s.year())
    } else if (s.year(), s.month()) == (e.year(), e.month()) {
        format!("{}–{} {} {}", s.day(), e.day(), e.month(), e.year())
    } else if s.year() == e.year() {
        format!("{} {} – {} {} {}", s.day(), s.month(), e.day(), e.month(), e.year())
    } else {
        format!("{} {} {} – {} {} {}", s.day(), s.month(), s.year(), e.day(), e.month(), e.year())
    };
    if approximate {
        format!("around {text} (date not reported)")
    } else {
        text
    }
}

/// An inclusive range of calendar days, `start <= end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DateRange {
    /// First day, inclusive.
    #[serde(with = "full_date")]
    pub start: Date,
    /// Last day, inclusive; equal to `start` for a one-day event.
    #[serde(with = "full_date")]
    pub end: Date,
}

impl DateRange {
    /// The range `[start, end]`, or `None` when `end < start`.
    pub fn new(start: Date, end: Date) -> Option<Self> {
        (start <= end).then_some(Self { start, end })
    }

    /// Whether this range shares at least one day with `window`. Both ends of
    /// both are inclusive, so a one-day window on an event's last day matches.
    ///
    /// # Examples
    /// ```
    /// use domain::dates::{parse_date, DateRange, DateWindow};
    /// let d = |s| parse_date(s).unwrap();
    /// let event = DateRange::new(d("2020-01-18"), d("2020-01-20")).unwrap();
    /// assert!(event.intersects(&DateWindow::parse("2020-01-20").unwrap()));
    /// assert!(!event.intersects(&DateWindow::parse("2020-01-21/..").unwrap()));
    /// ```
    pub fn intersects(&self, window: &DateWindow) -> bool {
        window.start.is_none_or(|s| self.end >= s) && window.end.is_none_or(|e| self.start <= e)
    }
}

/// A window of days with optionally open ends, as asked for by a reader or by
/// the API's `datetime` parameter. `None` is an open end ("..").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DateWindow {
    /// First day shown, inclusive; `None` for no lower bound.
    pub start: Option<Date>,
    /// Last day shown, inclusive; `None` for no upper bound.
    pub end: Option<Date>,
}

/// Why a `datetime` value is not a date window.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateWindowError {
    /// One side is not a calendar date.
    #[error("{side}: {source}")]
    Date {
        /// `start`, `end` or `date`: which part of the value is wrong.
        side: &'static str,
        /// What is wrong with it.
        source: DateError,
    },
    /// A side starts as a date and goes on, but is not an RFC 3339
    /// date-time (`2020-01-18T12:00:00Z`, `2020-01-18T12:00:00+03:30`).
    #[error("{side}: {value:?} is neither a date YYYY-MM-DD nor an RFC 3339 date-time such as 2020-01-18T12:00:00Z")]
    Instant {
        /// `start`, `end` or `date`.
        side: &'static str,
        /// The text given.
        value: String,
    },
    /// More than one `/`.
    #[error("expected a date or an interval START/END, got {0:?}")]
    Shape(String),
    /// `../..`: both ends open; leave the parameter out instead.
    #[error("both ends of the interval are open; leave out datetime to ask for every date")]
    BothOpen,
    /// `start` after `end`.
    #[error("the interval starts ({start}) after it ends ({end})")]
    Reversed {
        /// The given start, `YYYY-MM-DD`.
        start: String,
        /// The given end, `YYYY-MM-DD`.
        end: String,
    },
}

impl DateWindow {
    /// Every day: no bound on either side.
    pub const ALL: Self = Self { start: None, end: None };

    /// The window as inclusive day numbers ([`day_number`]); an open side
    /// as far as days go (half of `i32`'s range, so adding a duration
    /// cannot overflow).
    pub fn day_numbers(&self) -> (i32, i32) {
        (self.start.map_or(i32::MIN / 2, day_number), self.end.map_or(i32::MAX / 2, day_number))
    }

    /// Parses the OGC API – Features `datetime` grammar (OGC 17-069r4,
    /// §7.15.4): a date `2020-01-18` or an RFC 3339 date-time
    /// `2020-01-18T12:00:00Z`, a closed interval of either
    /// (`2020-01-18/2020-01-20T08:00:00+01:00`), or a half-open one with `..`
    /// or an empty side (`../2020-01-20`, `2020-01-18/..`).
    ///
    /// Events carry calendar dates at their place, not instants, so an
    /// instant stands for its calendar date in the offset it was written in:
    /// `2020-01-18T23:30:00-05:00` is 18 January (though it is 19 January in
    /// UTC). A single date or instant is the window of that one day.
    ///
    /// # Errors
    /// See [`DateWindowError`]: a side that is neither a date nor a
    /// date-time, too many `/`, both sides open, or a start after the end.
    pub fn parse(s: &str) -> Result<Self, DateWindowError> {
        let side = |name: &'static str, v: &str| -> Result<Option<Date>, DateWindowError> {
            if v.is_empty() || v == ".." {
                Ok(None)
            } else {
                day_of(name, v).map(Some)
            }
        };
        let parts: Vec<&str> = s.split('/').collect();
        match parts.as_slice() {
            [one] => Ok(Self { start: Some(day_of("date", one)?), end: Some(day_of("date", one)?) }),
            [a, b] => {
                let (start, end) = (side("start", a)?, side("end", b)?);
                match (start, end) {
                    (None, None) => Err(DateWindowError::BothOpen),
                    (Some(s), Some(e)) if s > e => {
                        Err(DateWindowError::Reversed { start: format_date(s), end: format_date(e) })
                    }
                    _ => Ok(Self { start, end }),
                }
            }
            _ => Err(DateWindowError::Shape(s.to_owned())),
        }
    }
}

/// The calendar day of one side of a `datetime`: a date, or an RFC 3339
/// date-time's date in its own offset.
fn day_of(side: &'static str, v: &str) -> Result<Date, DateWindowError> {
    // A date-time is a full date, `T` (or `t`, or a space) and a time.
    let is_instant = v.len() > 10 && matches!(v.as_bytes()[10], b'T' | b't' | b' ');
    if !is_instant {
        return parse_date(v).map_err(|source| DateWindowError::Date { side, source });
    }
    parse_date(&v[..10]).map_err(|source| DateWindowError::Date { side, source })?;
    time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339)
        .map(|t| t.date())
        .map_err(|_| DateWindowError::Instant { side, value: v.to_owned() })
}

impl fmt::Display for DateWindow {
    /// Writes the window back in the `datetime` grammar (`..` for open ends).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = |d: Option<Date>| d.map_or_else(|| "..".to_owned(), format_date);
        match (self.start, self.end) {
            (Some(s), Some(e)) if s == e => f.write_str(&format_date(s)),
            (s, e) => write!(f, "{}/{}", side(s), side(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse_date(s).expect("test date")
    }

    fn range(a: &str, b: &str) -> DateRange {
        DateRange::new(d(a), d(b)).expect("ordered")
    }

    #[test]
    fn parse_date_accepts_only_full_dates() {
        assert_eq!(format_date(d("2020-01-18")), "2020-01-18");
        assert_eq!(format_date(d("2020-02-29")), "2020-02-29");
        for bad in ["2020-1-18", "20-01-18", "2020/01/18", " 2020-01-18", "2020-01-18Z", "", "２０２０-01-18"] {
            assert_eq!(parse_date(bad), Err(DateError::Shape(bad.to_owned())), "{bad}");
        }
        for bad in ["2019-02-29", "2020-13-01", "2020-00-10", "2020-04-31"] {
            assert_eq!(parse_date(bad), Err(DateError::NoSuchDay(bad.to_owned())), "{bad}");
        }
    }

    #[test]
    fn window_grammar() {
        let w = |s| DateWindow::parse(s).expect("valid window");
        assert_eq!(w("2020-01-18"), DateWindow { start: Some(d("2020-01-18")), end: Some(d("2020-01-18")) });
        assert_eq!(w("2020-01-18/2020-01-20"), DateWindow { start: Some(d("2020-01-18")), end: Some(d("2020-01-20")) });
        assert_eq!(w("../2020-01-20"), DateWindow { start: None, end: Some(d("2020-01-20")) });
        assert_eq!(w("/2020-01-20"), DateWindow { start: None, end: Some(d("2020-01-20")) });
        assert_eq!(w("2020-01-21/.."), DateWindow { start: Some(d("2020-01-21")), end: None });
        assert_eq!(w("2020-01-21/"), DateWindow { start: Some(d("2020-01-21")), end: None });
        assert_eq!(w("2020-01-18/2020-01-18").to_string(), "2020-01-18");
        assert_eq!(w("2020-01-21/").to_string(), "2020-01-21/..");
    }

    #[test]
    fn an_instant_is_its_calendar_date_in_its_own_offset() {
        let w = |s| DateWindow::parse(s).expect("valid window").to_string();
        assert_eq!(w("2020-01-18T12:00:00Z"), "2020-01-18");
        // 19 January 04:30 in UTC, but written in New York's offset.
        assert_eq!(w("2020-01-18T23:30:00-05:00"), "2020-01-18");
        // 17 January 20:30 in UTC, but written in Tehran's offset.
        assert_eq!(w("2020-01-18T00:00:00+03:30"), "2020-01-18");
        assert_eq!(w("2020-01-18t08:00:00.25z/2020-01-20"), "2020-01-18/2020-01-20");
        assert_eq!(w("../2020-01-20T10:00:00+01:00"), "../2020-01-20");
        assert_eq!(w("2020-01-19T00:00:00Z/.."), "2020-01-19/..");
    }

    #[test]
    fn window_errors_say_what_is_wrong() {
        let e = |s| DateWindow::parse(s).expect_err("invalid window").to_string();
        assert_eq!(e("2020-01-20/2020-01-18"), "the interval starts (2020-01-20) after it ends (2020-01-18)");
        assert_eq!(e("../.."), "both ends of the interval are open; leave out datetime to ask for every date");
        assert_eq!(
            e("2020-01-18/2020-01-19/2020-01-20"),
            "expected a date or an interval START/END, got \"2020-01-18/2020-01-19/2020-01-20\""
        );
        assert_eq!(
            e("2020-01-18T10:00/.."),
            "start: \"2020-01-18T10:00\" is neither a date YYYY-MM-DD nor an RFC 3339 date-time such as 2020-01-18T12:00:00Z"
        );
        assert_eq!(e("2023-02-29T10:00:00Z"), "date: 29 February 2023 is not a day of the calendar");
        assert_eq!(e("2020-01-32/.."), "start: 32 January 2020 is not a day of the calendar");
        assert_eq!(e("2020-13-01/.."), "start: \"2020-13-01\" is not a day of the calendar: there is no month 13");
        assert_eq!(e("../2023-02-29"), "end: 29 February 2023 is not a day of the calendar");
        assert_eq!(e("../yesterday"), "end: expected a calendar date YYYY-MM-DD, got \"yesterday\"");
        assert_eq!(e("soon"), "date: expected a calendar date YYYY-MM-DD, got \"soon\"");
    }

    #[test]
    fn intersection_is_inclusive_at_both_ends() {
        let event = range("2020-01-18", "2020-01-20");
        let w = |s| DateWindow::parse(s).expect("valid window");
        assert!(event.intersects(&w("2020-01-18")), "first day");
        assert!(event.intersects(&w("2020-01-20")), "last day");
        assert!(event.intersects(&w("2020-01-19")), "middle day");
        assert!(!event.intersects(&w("2020-01-17")), "day before");
        assert!(!event.intersects(&w("2020-01-21")), "day after");
        assert!(event.intersects(&w("2020-01-10/2020-01-18")), "window ends on first day");
        assert!(event.intersects(&w("2020-01-20/2020-01-30")), "window starts on last day");
        assert!(!event.intersects(&w("2020-01-10/2020-01-17")));
        assert!(event.intersects(&w("2019-12-01/2020-02-01")), "window covers event");
    }

    #[test]
    fn one_day_events_and_open_windows() {
        let event = range("2020-01-18", "2020-01-18");
        let w = |s| DateWindow::parse(s).expect("valid window");
        assert!(event.intersects(&w("2020-01-18")));
        assert!(!event.intersects(&w("2020-01-19")));
        assert!(event.intersects(&w("../2020-01-18")));
        assert!(!event.intersects(&w("../2020-01-17")));
        assert!(event.intersects(&w("2020-01-18/..")));
        assert!(!event.intersects(&w("2020-01-19/..")));
        assert!(event.intersects(&DateWindow::ALL));
    }

    #[test]
    fn reversed_range_is_refused() {
        assert_eq!(DateRange::new(d("2020-01-20"), d("2020-01-18")), None);
    }

    #[test]
    fn human_ranges() {
        assert_eq!(human_range(range("2020-01-18", "2020-01-18"), false), "18 January 2020");
        assert_eq!(human_range(range("2020-01-18", "2020-01-18"), true), "around 18 January 2020 (date not reported)");
        assert_eq!(
            human_range(range("2020-01-18", "2020-01-20"), true),
            "around 18–20 January 2020 (date not reported)"
        );
        assert_eq!(human_range(range("2020-01-30", "2020-02-02"), false), "30 January – 2 February 2020");
        assert_eq!(human_range(range("2019-12-30", "2020-01-02"), false), "30 December 2019 – 2 January 2020");
    }
}

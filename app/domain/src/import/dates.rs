//! Dates as files write them. `YYYY-MM-DD`, a month `YYYY-MM` and a year
//! `YYYY` are read without asking; any other form only when the editor
//! chose it ([`DateFormat`]), because `03.04.2020` is 3 April or 4 March
//! and nothing in one cell says which (README, "Import and export").

use std::fmt;
use std::str::FromStr;

use time::{Date, Month};

/// A date form the editor confirmed, besides the ISO forms that are always
/// read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateFormat {
    /// Only `YYYY-MM-DD`, `YYYY-MM` and `YYYY`.
    #[default]
    Iso,
    /// Day, month, year: `18.01.2020`, `18/01/2020`, `18-01-2020`.
    DayMonthYear,
    /// Month, day, year: `01/18/2020`.
    MonthDayYear,
    /// A day and the month's English name: `18 January 2020`, `18 Jan
    /// 2020`, `18-Jan-20` (a two-digit year is 2000–2069 below 70, else
    /// 1970–1999).
    DayMonthName,
}

impl DateFormat {
    /// Every format, as the preview offers them.
    pub const ALL: &'static [Self] = &[Self::Iso, Self::DayMonthYear, Self::MonthDayYear, Self::DayMonthName];

    /// The name in query strings and `--date-format`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Iso => "iso",
            Self::DayMonthYear => "dmy",
            Self::MonthDayYear => "mdy",
            Self::DayMonthName => "d-month-y",
        }
    }

    /// What the preview shows, with an example of 18 January 2020.
    pub fn label(self) -> &'static str {
        match self {
            Self::Iso => "year-month-day only (2020-01-18)",
            Self::DayMonthYear => "day.month.year (18.01.2020, 18/01/2020)",
            Self::MonthDayYear => "month/day/year (01/18/2020)",
            Self::DayMonthName => "day and month name (18 January 2020, 18-Jan-20)",
        }
    }
}

impl fmt::Display for DateFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DateFormat {
    type Err = String;
    /// Parses [`DateFormat::name`].
    ///
    /// # Errors
    /// A sentence with the accepted names.
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("{s:?} is not a date format; one of iso, dmy, mdy, d-month-y"))
    }
}

/// A date as read: its first and last day, whether it was a whole month or
/// year (an approximate range) rather than one day, and whether the text
/// was a date-time whose calendar date was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadDate {
    /// The first day.
    pub first: Date,
    /// The last day.
    pub last: Date,
    /// A month or a year, not a day.
    pub partial: bool,
    /// A date-time (`2024-03-08T22:30:00-06:00`) of which only the calendar
    /// date in the offset it was written in was kept.
    pub time: bool,
}

impl ReadDate {
    fn day(d: Date) -> Self {
        Self { first: d, last: d, partial: false, time: false }
    }
}

/// Reads one date cell in the ISO forms or `format`. An ISO date-time
/// (`2024-03-08T22:30:00-06:00`, `2024-03-08 22:30`) is read in any format
/// as its calendar date in the offset it is written in, as the API reads
/// `datetime`: events carry calendar dates at their place, and the offset
/// written is the place's.
///
/// # Errors
/// A sentence saying what was expected, and which format to choose when the
/// text looks like another form.
pub fn read(text: &str, format: DateFormat) -> Result<ReadDate, String> {
    let t = text.trim();
    if let Some(d) = date_time(t) {
        return d;
    }
    if let Some(d) = iso(t) {
        return d;
    }
    let other = match format {
        DateFormat::Iso => None,
        DateFormat::DayMonthYear => numeric(t, false),
        DateFormat::MonthDayYear => numeric(t, true),
        DateFormat::DayMonthName => named(t),
    };
    match other {
        Some(r) => r.map(ReadDate::day),
        None if format == DateFormat::Iso && looks_like_a_date(t) => Err(format!(
            "{t:?} is not written year-month-day (2020-01-18); choose the file's date format \
             (day.month.year, month/day/year or day and month name) to read it"
        )),
        None if format == DateFormat::Iso => {
            Err(format!("expected a date such as 2020-01-18, 2020-01 or 2020, got {t:?}"))
        }
        None => Err(format!("{t:?} is neither year-month-day nor {}", format.label())),
    }
}

/// An ISO 8601 date-time: a full date, `T` (or `t`, or a space), a time
/// of day and an optional offset (`Z`, `+01:00`). The time is checked by
/// the `time` crate (RFC 3339, or the same without an offset) and then
/// left out: the date is the one written, which is the calendar date in
/// the offset written. `None` when the text is not shaped like one.
fn date_time(t: &str) -> Option<Result<ReadDate, String>> {
    use time::format_description::well_known::Rfc3339;
    use time::macros::format_description;
    let b = t.as_bytes();
    if b.len() <= 10 || !matches!(b[10], b'T' | b't' | b' ') || b[4] != b'-' || b[7] != b'-' || !t.is_char_boundary(10)
    {
        return None;
    }
    let date = match crate::dates::parse_date(&t[..10]) {
        Ok(d) => d,
        Err(e) => return Some(Err(e.to_string())),
    };
    let normal = format!("{}T{}", &t[..10], &t[11..]);
    let with_offset = time::OffsetDateTime::parse(&normal, &Rfc3339).is_ok();
    let local = [
        format_description!("[year]-[month]-[day]T[hour]:[minute]"),
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond]"),
    ]
    .iter()
    .any(|f| time::PrimitiveDateTime::parse(&normal, f).is_ok());
    Some(if with_offset || local {
        Ok(ReadDate { time: true, ..ReadDate::day(date) })
    } else {
        Err(format!(
            "{t:?} is a date with a time that cannot be read; write the date alone (2020-01-18) or an RFC 3339 \
             date-time (2020-01-18T12:00:00+01:00)"
        ))
    })
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `None` when the text is none of
/// those shapes.
fn iso(t: &str) -> Option<Result<ReadDate, String>> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = t.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 && digits(y) => {
            let y: i32 = y.parse().ok()?;
            Some(span(y, Month::January, y, Month::December).ok_or_else(|| format!("no year {t:?}")))
        }
        [y, m] if y.len() == 4 && m.len() == 2 && digits(y) && digits(m) => {
            let y: i32 = y.parse().ok()?;
            let m = m.parse::<u8>().ok().and_then(|m| Month::try_from(m).ok());
            Some(m.and_then(|m| span(y, m, y, m)).ok_or_else(|| format!("{t:?} is not a month of the calendar")))
        }
        [_, _, _] if t.len() == 10 => Some(crate::dates::parse_date(t).map(ReadDate::day).map_err(|e| e.to_string())),
        _ => None,
    }
}

/// The days from the first of `m1` in `y1` to the end of `m2` in `y2`.
fn span(y1: i32, m1: Month, y2: i32, m2: Month) -> Option<ReadDate> {
    let first = Date::from_calendar_date(y1, m1, 1).ok()?;
    let last = Date::from_calendar_date(y2, m2, time::util::days_in_month(m2, y2)).ok()?;
    Some(ReadDate { first, last, partial: true, time: false })
}

/// Whether a text has the shape of some date (digits and separators, or a
/// month name), so that the message can say which format to choose.
fn looks_like_a_date(t: &str) -> bool {
    numeric(t, false).is_some() || numeric(t, true).is_some() || named(t).is_some()
}

/// `D.M.YYYY`, `D/M/YYYY` or `D-M-YYYY` (`M/D/YYYY` when `month_first`).
fn numeric(t: &str, month_first: bool) -> Option<Result<Date, String>> {
    let parts: Vec<&str> = t.split(['.', '/', '-']).collect();
    let [a, b, y] = parts.as_slice() else { return None };
    let small = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|c| c.is_ascii_digit());
    if !small(a) || !small(b) || y.len() != 4 || !y.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (d, m) = if month_first { (b, a) } else { (a, b) };
    Some(calendar(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?, t))
}

/// `18 January 2020`, `18 Jan 2020`, `18-Jan-20`, `18-January-2020`.
fn named(t: &str) -> Option<Result<Date, String>> {
    let parts: Vec<&str> = t.split([' ', '-']).filter(|p| !p.is_empty()).collect();
    let [d, m, y] = parts.as_slice() else { return None };
    let month = month_named(m)?;
    let day: u8 = d.parse().ok()?;
    let year: i32 = match y.len() {
        4 => y.parse().ok()?,
        2 => {
            let yy: i32 = y.parse().ok()?;
            if yy < 70 {
                2000 + yy
            } else {
                1900 + yy
            }
        }
        _ => return None,
    };
    Some(calendar(year, u8::from(month), day, t))
}

/// The month an English name or its three-letter start names.
fn month_named(s: &str) -> Option<Month> {
    let s = s.trim_end_matches('.').to_lowercase();
    let mut m = Month::January;
    for _ in 0..12 {
        let full = m.to_string().to_lowercase();
        if s == full || (s.len() >= 3 && full.starts_with(&s)) {
            return Some(m);
        }
        m = m.next();
    }
    None
}

fn calendar(y: i32, m: u8, d: u8, t: &str) -> Result<Date, String> {
    let month = Month::try_from(m).map_err(|_| format!("{t:?} has no month {m}"))?;
    Date::from_calendar_date(y, month, d).map_err(|_| format!("{t:?}: {d} {month} {y} is not a day of the calendar"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn day(d: Date) -> Result<ReadDate, String> {
        Ok(ReadDate::day(d))
    }

    #[test]
    fn iso_forms_need_no_choice() {
        assert_eq!(read("2020-01-18", DateFormat::Iso), day(date!(2020 - 01 - 18)));
        assert_eq!(
            read("2020-01", DateFormat::Iso),
            Ok(ReadDate { first: date!(2020 - 01 - 01), last: date!(2020 - 01 - 31), partial: true, time: false })
        );
        assert_eq!(
            read("2020-02", DateFormat::Iso),
            Ok(ReadDate { first: date!(2020 - 02 - 01), last: date!(2020 - 02 - 29), partial: true, time: false })
        );
        assert_eq!(
            read(" 2020 ", DateFormat::Iso),
            Ok(ReadDate { first: date!(2020 - 01 - 01), last: date!(2020 - 12 - 31), partial: true, time: false })
        );
        assert_eq!(read("2020-13", DateFormat::Iso), Err("\"2020-13\" is not a month of the calendar".into()));
        assert_eq!(read("2023-02-29", DateFormat::Iso), Err("29 February 2023 is not a day of the calendar".into()));
    }

    #[test]
    fn other_forms_only_when_chosen() {
        for t in ["18.01.2020", "18 January 2020", "18-Jan-20", "01/18/2020"] {
            let e = read(t, DateFormat::Iso).expect_err("needs a choice");
            assert!(e.contains("choose the file's date format"), "{t}: {e}");
        }
        assert_eq!(read("18.01.2020", DateFormat::DayMonthYear), day(date!(2020 - 01 - 18)));
        assert_eq!(read("18/1/2020", DateFormat::DayMonthYear), day(date!(2020 - 01 - 18)));
        assert_eq!(read("03.04.2020", DateFormat::DayMonthYear), day(date!(2020 - 04 - 03)));
        assert_eq!(read("03/04/2020", DateFormat::MonthDayYear), day(date!(2020 - 03 - 04)));
        assert_eq!(read("18 January 2020", DateFormat::DayMonthName), day(date!(2020 - 01 - 18)));
        assert_eq!(read("18-Jan-20", DateFormat::DayMonthName), day(date!(2020 - 01 - 18)));
        assert_eq!(read("5 Sept 1999", DateFormat::DayMonthName), day(date!(1999 - 09 - 05)));
        assert_eq!(read("18-Jan-99", DateFormat::DayMonthName), day(date!(1999 - 01 - 18)));
        assert_eq!(read("01/18/2020", DateFormat::DayMonthYear), Err("\"01/18/2020\" has no month 18".into()));
        assert_eq!(
            read("31 February 2020", DateFormat::DayMonthName),
            Err("\"31 February 2020\": 31 February 2020 is not a day of the calendar".into())
        );
        assert_eq!(
            read("soon", DateFormat::DayMonthYear),
            Err("\"soon\" is neither year-month-day nor day.month.year (18.01.2020, 18/01/2020)".into())
        );
        assert_eq!(
            read("soon", DateFormat::Iso),
            Err("expected a date such as 2020-01-18, 2020-01 or 2020, got \"soon\"".into())
        );
    }

    #[test]
    fn a_date_time_is_its_calendar_date_in_the_offset_written() {
        let at = |d: Date| Ok(ReadDate { time: true, ..ReadDate::day(d) });
        // 04:30 on 9 March in UTC, but 8 March where it was written.
        assert_eq!(read("2024-03-08T22:30:00-06:00", DateFormat::Iso), at(date!(2024 - 03 - 08)));
        // 20:30 on 8 March in UTC, but 9 March in Tehran.
        assert_eq!(read("2024-03-09T00:00:00+03:30", DateFormat::Iso), at(date!(2024 - 03 - 09)));
        assert_eq!(read("2024-03-08T22:30:00Z", DateFormat::DayMonthYear), at(date!(2024 - 03 - 08)));
        assert_eq!(read("2024-03-08t22:30:00.250+01:00", DateFormat::Iso), at(date!(2024 - 03 - 08)));
        // A spreadsheet's local time, without an offset: the date as written.
        assert_eq!(read("2024-03-08 22:30:00", DateFormat::Iso), at(date!(2024 - 03 - 08)));
        assert_eq!(read("2024-03-08 22:30", DateFormat::Iso), at(date!(2024 - 03 - 08)));
        assert_eq!(
            read("2024-03-08T25:30:00Z", DateFormat::Iso),
            Err("\"2024-03-08T25:30:00Z\" is a date with a time that cannot be read; write the date alone \
                 (2020-01-18) or an RFC 3339 date-time (2020-01-18T12:00:00+01:00)"
                .into())
        );
        assert_eq!(
            read("2024-02-30T10:00:00Z", DateFormat::Iso),
            Err("30 February 2024 is not a day of the calendar".into())
        );
    }
}

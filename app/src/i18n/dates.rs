//! Dates in the interface's language: day, month name and year from its
//! messages and digits, and, where the language has one (`second-calendar`
//! in its file), the same days in the Solar Hijri calendar beside them,
//! converted by ICU4X (`icu_calendar`, arithmetic, no data). Calendar days
//! only, never a time zone (README, "Dates").

use std::borrow::Cow;

use icu_calendar::cal::Persian;
use time::Date;

use super::{Arg, Lang};
use domain::dates::DateRange;

/// A day as written: day of month, month (1 to 12) and year, in one
/// calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Day {
    day: u8,
    month: u8,
    year: i32,
}

/// Which calendar, and so which month names (`month-N` or
/// `solar-month-N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Calendar {
    Gregorian,
    SolarHijri,
}

impl Calendar {
    fn day(self, d: Date) -> Day {
        let gregorian = Day { day: d.day(), month: u8::from(d.month()), year: d.year() };
        match self {
            Calendar::Gregorian => gregorian,
            Calendar::SolarHijri => {
                match icu_calendar::Date::try_new_gregorian(gregorian.year, gregorian.month, gregorian.day) {
                    Ok(g) => {
                        let p = g.to_calendar(Persian::new());
                        Day { day: p.day_of_month().0, month: p.month().ordinal, year: p.era_year().year }
                    }
                    // Only outside ICU4X's range of years, far beyond the
                    // years 0 to 9999 a date may have here.
                    Err(_) => gregorian,
                }
            }
        }
    }

    fn month_key(self, month: u8) -> String {
        match self {
            Calendar::Gregorian => format!("month-{month}"),
            Calendar::SolarHijri => format!("solar-month-{month}"),
        }
    }
}

impl Lang {
    /// The language's second calendar, if it shows one.
    fn second_calendar(self) -> Option<Calendar> {
        (self.t("second-calendar") == "solar-hijri").then_some(Calendar::SolarHijri)
    }

    /// One day: "18 January 2020"; in Persian "۱۸ ژانویه ۲۰۲۰ (۲۸ دی ۱۳۹۸)".
    pub fn date(self, d: Date) -> String {
        self.range(DateRange { start: d, end: d }, false)
    }

    /// A range of days, shortened where its ends share a month or year:
    /// "18–20 January 2020", "30 January – 2 February 2020"; with
    /// `approximate`, "around 18–20 January 2020 (date not reported)". In
    /// English the same text as `domain::dates::human_range`.
    pub fn range(self, r: DateRange, approximate: bool) -> String {
        let mut text = self.range_in(Calendar::Gregorian, r);
        if let Some(c) = self.second_calendar() {
            let second = self.range_in(c, r);
            text = self.t_with("date-both", &[("date", Arg::Text(text.into())), ("second", Arg::Text(second.into()))]);
        }
        if approximate {
            text = self.t_with("date-around", &[("range", Arg::Text(text.into()))]);
        }
        text
    }

    fn range_in(self, c: Calendar, r: DateRange) -> String {
        let (s, e) = (c.day(r.start), c.day(r.end));
        let month = |d: Day| Arg::Text(Cow::Owned(self.t(&c.month_key(d.month))));
        let one = |d: Day| {
            self.t_with(
                "date-day",
                &[("day", Arg::Number(d.day.into())), ("month", month(d)), ("year", Arg::Number(d.year.into()))],
            )
        };
        if s == e {
            one(s)
        } else if (s.year, s.month) == (e.year, e.month) {
            self.t_with(
                "date-days",
                &[
                    ("first", Arg::Number(s.day.into())),
                    ("last", Arg::Number(e.day.into())),
                    ("month", month(s)),
                    ("year", Arg::Number(s.year.into())),
                ],
            )
        } else if s.year == e.year {
            self.t_with(
                "date-months",
                &[
                    ("firstDay", Arg::Number(s.day.into())),
                    ("firstMonth", month(s)),
                    ("lastDay", Arg::Number(e.day.into())),
                    ("lastMonth", month(e)),
                    ("year", Arg::Number(s.year.into())),
                ],
            )
        } else {
            self.t_with("date-years", &[("first", Arg::Text(one(s).into())), ("last", Arg::Text(one(e).into()))])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::dates::{human_range, parse_date};

    fn range(a: &str, b: &str) -> DateRange {
        DateRange::new(parse_date(a).expect("a date"), parse_date(b).expect("a date")).expect("in order")
    }

    fn fa() -> Lang {
        Lang::parse("fa").expect("Persian messages")
    }

    #[test]
    fn english_dates_read_as_the_domain_writes_them() {
        let en = Lang::default();
        for (a, b) in [
            ("2020-01-18", "2020-01-18"),
            ("2020-01-18", "2020-01-20"),
            ("2020-01-30", "2020-02-02"),
            ("2019-12-30", "2020-01-02"),
        ] {
            for approximate in [false, true] {
                assert_eq!(en.range(range(a, b), approximate), human_range(range(a, b), approximate));
            }
        }
        assert_eq!(en.date(parse_date("2020-01-18").expect("a date")), "18 January 2020");
    }

    #[test]
    fn persian_dates_have_persian_digits_and_the_solar_hijri_days() {
        // 18 January 2020 is 28 Dey 1398; 20 March 2020 is 1 Farvardin 1399.
        assert_eq!(fa().date(parse_date("2020-01-18").expect("a date")), "۱۸ ژانویه ۲۰۲۰ (۲۸ دی ۱۳۹۸)");
        assert_eq!(fa().range(range("2020-01-18", "2020-01-20"), false), "۱۸ تا ۲۰ ژانویه ۲۰۲۰ (۲۸ تا ۳۰ دی ۱۳۹۸)");
        assert_eq!(
            fa().range(range("2020-03-19", "2020-03-21"), false),
            "۱۹ تا ۲۱ مارس ۲۰۲۰ (۲۹ اسفند ۱۳۹۸ تا ۲ فروردین ۱۳۹۹)"
        );
        assert_eq!(
            fa().range(range("2020-01-18", "2020-01-20"), true),
            "حدود ۱۸ تا ۲۰ ژانویه ۲۰۲۰ (۲۸ تا ۳۰ دی ۱۳۹۸) (تاریخ دقیق گزارش نشده)"
        );
    }
}

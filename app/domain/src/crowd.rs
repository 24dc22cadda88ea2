//! Numbers of people as reported: how a count is read from text (crowd
//! sizes, arrests, injuries, fatalities), and the one documented convention
//! that may turn a crowd phrase into numbers (README, "The data").
//!
//! A count is whole people, 0 or more, written in digits (Latin, Persian
//! or Arabic-Indic): `2000`, `۲۰۰۰`. Anything else is refused with the
//! reason, never guessed: `-5`, `1.5`, `dozens`, and `2,000` or `2.000`,
//! whose separator means a thousand in one convention and a decimal in the
//! other (the import reads those once the file's decimal mark is chosen).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a count cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountProblem {
    /// Below zero: `-5`.
    Negative,
    /// Not a whole number: `1.5`.
    NotWhole,
    /// Words, not digits: `dozens`, `unclear`.
    Words,
    /// A thousands separator that could be a decimal mark: `2,000`.
    Separators,
    /// More than [`crate::limits::COUNT`].
    TooLarge,
}

/// Which character a file writes before decimals (and so which one it may
/// write between thousands).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DecimalMark {
    /// Not chosen: a separator between digits is refused when it could be
    /// either (`2,000`, `2.000`).
    #[default]
    Unstated,
    /// `1,000.5`: a dot before decimals, commas between thousands.
    Dot,
    /// `1.000,5`: a comma before decimals, dots between thousands.
    Comma,
}

/// Reads a count: `None` for empty text, the number for digits (any of
/// Latin `0-9`, Persian `۰-۹`, Arabic-Indic `٠-٩`; a zero decimal part
/// such as `2000.0` is whole), else the problem. A separator between
/// digits is read as [`parse_count_in`] with [`DecimalMark::Unstated`]
/// does: refused when it could be a thousands separator.
///
/// # Errors
/// [`CountProblem`] naming why the text is not a count.
///
/// # Examples
/// ```
/// use domain::crowd::{parse_count, CountProblem};
/// assert_eq!(parse_count(" 2000 "), Ok(Some(2000)));
/// assert_eq!(parse_count("۲۰۰۰"), Ok(Some(2000)));
/// assert_eq!(parse_count(""), Ok(None));
/// assert_eq!(parse_count("-5"), Err(CountProblem::Negative));
/// assert_eq!(parse_count("1.5"), Err(CountProblem::NotWhole));
/// assert_eq!(parse_count("2,000"), Err(CountProblem::Separators));
/// assert_eq!(parse_count("dozens"), Err(CountProblem::Words));
/// ```
pub fn parse_count(raw: &str) -> Result<Option<u64>, CountProblem> {
    parse_count_in(raw, DecimalMark::Unstated)
}

/// Reads a count written with `mark` before decimals: with
/// [`DecimalMark::Comma`], `1.000` is one thousand and `1,5` is not whole;
/// with [`DecimalMark::Dot`], `1,000` is one thousand and `1.5` is not
/// whole; unstated, both `1,000` and `1.000` are refused as
/// [`CountProblem::Separators`].
///
/// # Errors
/// [`CountProblem`] naming why the text is not a count.
///
/// ```
/// use domain::crowd::{parse_count_in, CountProblem, DecimalMark};
/// assert_eq!(parse_count_in("1.000", DecimalMark::Comma), Ok(Some(1000)));
/// assert_eq!(parse_count_in("1,000", DecimalMark::Dot), Ok(Some(1000)));
/// assert_eq!(parse_count_in("1.000", DecimalMark::Dot), Ok(Some(1)));
/// assert_eq!(parse_count_in("1,5", DecimalMark::Comma), Err(CountProblem::NotWhole));
/// assert_eq!(parse_count_in("1.000", DecimalMark::Unstated), Err(CountProblem::Separators));
/// ```
pub fn parse_count_in(raw: &str, mark: DecimalMark) -> Result<Option<u64>, CountProblem> {
    let t: String = raw.trim().chars().map(latin_digit).collect();
    if t.is_empty() {
        return Ok(None);
    }
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return Err(CountProblem::Words);
    }
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (int, frac): (String, Option<&str>) = match mark {
        DecimalMark::Unstated => {
            if digits(body) {
                (body.to_owned(), None)
            } else if is_grouped(body) {
                return Err(CountProblem::Separators);
            } else if let Some((int, frac)) = body.split_once(['.', ',']) {
                (int.to_owned(), Some(frac))
            } else {
                return Err(CountProblem::Words);
            }
        }
        DecimalMark::Dot | DecimalMark::Comma => {
            let (group, decimal) = if mark == DecimalMark::Dot { (',', '.') } else { ('.', ',') };
            let (int, frac) = match body.split_once(decimal) {
                Some((i, f)) => (i, Some(f)),
                None => (body, None),
            };
            let int = if int.contains(group) && is_grouped(int) { int.replace(group, "") } else { int.to_owned() };
            (int, frac)
        }
    };
    if !digits(&int) || frac.is_some_and(|f| !digits(f)) {
        return Err(CountProblem::Words);
    }
    if frac.is_some_and(|f| f.bytes().any(|b| b != b'0')) {
        return Err(if negative { CountProblem::Negative } else { CountProblem::NotWhole });
    }
    let n: u64 = int.parse().map_err(|_| CountProblem::TooLarge)?;
    if negative && n > 0 {
        return Err(CountProblem::Negative);
    }
    if n > crate::limits::COUNT {
        return Err(CountProblem::TooLarge);
    }
    Ok(Some(n))
}

/// The violation of a count that could not be read: `got` as written.
pub fn count_violation(problem: CountProblem, got: &str) -> crate::violation::ViolationCode {
    use crate::violation::ViolationCode as C;
    let got = got.trim().to_owned();
    match problem {
        CountProblem::Negative => C::Negative { got },
        CountProblem::NotWhole => C::NotWhole { got },
        CountProblem::Words => C::CountWords { got },
        CountProblem::Separators => C::CountSeparators { got },
        CountProblem::TooLarge => C::CountTooLarge { got },
    }
}

/// The ASCII digit for a Persian or Arabic-Indic digit; other characters
/// as they are.
fn latin_digit(c: char) -> char {
    match c {
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        c => c,
    }
}

/// Whether `s` is digits in groups of three after the first, with one kind
/// of separator (`,`, `.`, a space or an apostrophe): `2,000`, `1.000.000`.
fn is_grouped(s: &str) -> bool {
    let Some(sep) = s.chars().find(|c| !c.is_ascii_digit()) else { return false };
    if !matches!(sep, ',' | '.' | ' ' | '\'' | '\u{a0}' | '\u{202f}') {
        return false;
    }
    let groups: Vec<&str> = s.split(sep).collect();
    groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3)
}

text_enum! {
    /// A documented convention that turns a crowd phrase into numbers, and
    /// marks them as derived from the phrase rather than reported.
    CrowdConvention {
        /// The Crowd Counting Consortium's (its data dictionary, `size_low`
        /// and `size_high`): "hundreds" 200, "thousands" 2,000, "tens of
        /// thousands" 20,000, "hundreds of thousands" 200,000.
        Ccc = "ccc",
    }
}

impl CrowdConvention {
    /// The phrases the convention has a number for, with the number.
    pub fn phrases(self) -> &'static [(&'static str, u64)] {
        match self {
            Self::Ccc => &[
                ("hundreds", 200),
                ("thousands", 2_000),
                ("tens of thousands", 20_000),
                ("hundreds of thousands", 200_000),
            ],
        }
    }

    /// The number the convention gives `phrase` (case and surrounding
    /// spaces aside), or `None` when it has none: `ccc` gives "Thousands"
    /// 2,000 and "dozens" nothing.
    ///
    /// ```
    /// use domain::crowd::CrowdConvention;
    /// assert_eq!(CrowdConvention::Ccc.number(" Thousands "), Some(2000));
    /// assert_eq!(CrowdConvention::Ccc.number("dozens"), None);
    /// ```
    pub fn number(self, phrase: &str) -> Option<u64> {
        let p = phrase.trim().to_lowercase();
        self.phrases().iter().find(|(words, _)| *words == p).map(|(_, n)| *n)
    }
}

impl fmt::Display for CountProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Negative => "negative",
            Self::NotWhole => "not whole",
            Self::Words => "words",
            Self::Separators => "separators",
            Self::TooLarge => "too large",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_whole_people_in_digits() {
        for (text, want) in [
            ("0", Ok(Some(0))),
            ("12", Ok(Some(12))),
            ("+12", Ok(Some(12))),
            ("2000.0", Ok(Some(2000))),
            ("٣٠٠", Ok(Some(300))),
            ("   ", Ok(None)),
            ("-0", Ok(Some(0))),
            ("-5", Err(CountProblem::Negative)),
            ("-2.5", Err(CountProblem::Negative)),
            ("2.5", Err(CountProblem::NotWhole)),
            ("2,5", Err(CountProblem::NotWhole)),
            ("1.000", Err(CountProblem::Separators)),
            ("1,000,000", Err(CountProblem::Separators)),
            ("10 000", Err(CountProblem::Separators)),
            ("unclear", Err(CountProblem::Words)),
            ("more than 5", Err(CountProblem::Words)),
            ("5+", Err(CountProblem::Words)),
            ("1000000001", Err(CountProblem::TooLarge)),
            ("99999999999999999999999", Err(CountProblem::TooLarge)),
        ] {
            assert_eq!(parse_count(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_chosen_decimal_mark_reads_look_alike_numbers() {
        use DecimalMark::{Comma, Dot};
        for (text, mark, want) in [
            ("1.000", Comma, Ok(Some(1000))),
            ("1.000.000", Comma, Ok(Some(1_000_000))),
            ("2.000,0", Comma, Ok(Some(2000))),
            ("1,000", Comma, Ok(Some(1))),
            ("1,5", Comma, Err(CountProblem::NotWhole)),
            ("1.00", Comma, Err(CountProblem::Words)),
            ("1,000", Dot, Ok(Some(1000))),
            ("1.000", Dot, Ok(Some(1))),
            ("1.5", Dot, Err(CountProblem::NotWhole)),
            ("12,00", Dot, Err(CountProblem::Words)),
            ("-3", Dot, Err(CountProblem::Negative)),
            ("unclear", Comma, Err(CountProblem::Words)),
        ] {
            assert_eq!(parse_count_in(text, mark), want, "{text:?} with {mark:?}");
        }
    }

    #[test]
    fn the_ccc_convention_has_four_phrases() {
        let got: Vec<(String, Option<u64>)> =
            ["hundreds", "Thousands", "tens of thousands", "hundreds of thousands", "dozens", "several hundred"]
                .iter()
                .map(|p| ((*p).to_owned(), CrowdConvention::Ccc.number(p)))
                .collect();
        assert_eq!(
            got,
            [
                ("hundreds".into(), Some(200)),
                ("Thousands".into(), Some(2000)),
                ("tens of thousands".into(), Some(20_000)),
                ("hundreds of thousands".into(), Some(200_000)),
                ("dozens".into(), None),
                ("several hundred".into(), None),
            ]
        );
    }
}

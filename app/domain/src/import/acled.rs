//! What ACLED writes in its own words (ACLED codebook): the crowd-size tag
//! inside `tags`, and the sub-event types of demonstrations.
//!
//! ACLED's `tags` cell holds tags separated by `; `; the crowd size is the
//! tag `crowd size=…`, in English: `crowd size=around 3,000`, `crowd
//! size=between 200 and 300`, `crowd size=hundreds`, `crowd size=no
//! report`. The phrase is kept as written; numbers are taken only where
//! the phrase states the count itself (a number, "around N", "between A and
//! B"), never from a bound ("more than 1,000", "at least 50", "up to 500")
//! and never from words ("hundreds"), unless a convention is chosen
//! elsewhere (`domain::crowd::CrowdConvention`).

use crate::event::Conduct;

/// ACLED's crowd-size tag read: the phrase as written, and the numbers
/// when the phrase states them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrowdTag {
    /// What follows `crowd size=`, trimmed: "around 3,000".
    pub phrase: String,
    /// Low and high (equal for one number), when the phrase states the
    /// count.
    pub numbers: Option<(u64, u64)>,
}

/// Words before a number that still state it: "around 3,000" is 3,000 as
/// reported.
const STATED: [&str; 13] = [
    "around",
    "about",
    "approximately",
    "approx.",
    "approx",
    "roughly",
    "some",
    "an estimated",
    "estimated",
    "reportedly",
    "circa",
    "ca.",
    "nearly",
];

/// The crowd size in an ACLED `tags` cell, or `None` when it has no
/// `crowd size=` tag or says `no report`.
///
/// # Examples
/// ```
/// use domain::import::acled::{crowd_tag, CrowdTag};
/// assert_eq!(
///     crowd_tag("crowd size=around 3,000"),
///     Some(CrowdTag { phrase: "around 3,000".into(), numbers: Some((3000, 3000)) })
/// );
/// assert_eq!(crowd_tag("crowd size=hundreds").map(|t| t.numbers), Some(None));
/// assert_eq!(crowd_tag("crowd size=no report"), None);
/// ```
pub fn crowd_tag(tags: &str) -> Option<CrowdTag> {
    let phrase = tags.split(';').find_map(|t| {
        let t = t.trim();
        let (key, value) = t.split_once('=')?;
        key.trim().eq_ignore_ascii_case("crowd size").then(|| value.trim().to_owned())
    })?;
    let lower = phrase.to_lowercase();
    if phrase.is_empty() || matches!(lower.as_str(), "no report" | "not reported" | "unknown" | "n/a") {
        return None;
    }
    Some(CrowdTag { numbers: numbers(&lower), phrase })
}

/// The numbers a phrase states: one number (with or without "around" and
/// the like), or a range "between A and B", "A-B", "A to B".
fn numbers(lower: &str) -> Option<(u64, u64)> {
    let mut p = lower.trim();
    for w in STATED {
        if let Some(rest) = p.strip_prefix(w).filter(|r| r.starts_with(' ')) {
            p = rest.trim_start();
            break;
        }
    }
    if let Some(n) = number(p) {
        return Some((n, n));
    }
    let range = p.strip_prefix("between ").map(|r| r.split_once(" and ")).unwrap_or_else(|| {
        let r = p.strip_prefix("from ").unwrap_or(p);
        r.split_once(" to ").or_else(|| r.split_once('-')).or_else(|| r.split_once('–'))
    });
    let (a, b) = range?;
    let (a, b) = (number(a)?, number(b)?);
    (a <= b).then_some((a, b))
}

/// A number as ACLED writes one: digits with optional commas between
/// thousands (`3,000`, `160000`), or digits and "thousand" or "million"
/// (`1.5 million`).
fn number(text: &str) -> Option<u64> {
    let t = text.trim();
    let (digits, multiplier) = if let Some(d) = t.strip_suffix("million") {
        (d.trim(), 1_000_000u64)
    } else if let Some(d) = t.strip_suffix("thousand") {
        (d.trim(), 1_000)
    } else {
        (t, 1)
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.') {
        return None;
    }
    let n = if multiplier == 1 {
        crate::crowd::parse_count_in(digits, crate::crowd::DecimalMark::Dot).ok()??
    } else {
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let int: u64 = int.replace(',', "").parse().ok()?;
        let scale = 10u64.checked_pow(u32::try_from(frac.len()).ok()?)?;
        let frac_value: u64 = if frac.is_empty() { 0 } else { frac.parse().ok()? };
        if multiplier % scale != 0 {
            return None;
        }
        int.checked_mul(multiplier)?.checked_add(frac_value * (multiplier / scale))?
    };
    (n <= crate::limits::COUNT).then_some(n)
}

/// What happened to a demonstration, from ACLED's `sub_event_type`:
/// "Peaceful protest", "Protest with intervention", "Excessive force
/// against protesters", "Violent demonstration" (and "Mob violence");
/// `None` for any other sub-event type.
pub fn conduct(sub_event_type: &str) -> Option<Conduct> {
    match sub_event_type.trim().to_lowercase().as_str() {
        "peaceful protest" => Some(Conduct::Peaceful),
        "protest with intervention" => Some(Conduct::Intervention),
        "excessive force against protesters" => Some(Conduct::ExcessiveForce),
        "violent demonstration" | "mob violence" => Some(Conduct::Violent),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(tags: &str) -> Option<(String, Option<(u64, u64)>)> {
        crowd_tag(tags).map(|t| (t.phrase, t.numbers))
    }

    /// A tag's text and what it should give: the phrase and the numbers.
    type Case = (&'static str, Option<(&'static str, Option<(u64, u64)>)>);

    #[test]
    fn real_crowd_size_tags_give_the_phrase_and_only_stated_numbers() {
        let cases: [Case; 24] = [
            ("crowd size=around 3,000", Some(("around 3,000", Some((3000, 3000))))),
            ("crowd size=between 200 and 300", Some(("between 200 and 300", Some((200, 300))))),
            ("crowd size=hundreds", Some(("hundreds", None))),
            ("crowd size=no report", None),
            ("crowd size=around 160000", Some(("around 160000", Some((160_000, 160_000))))),
            ("crowd size=tens of thousands", Some(("tens of thousands", None))),
            ("crowd size=several hundred", Some(("several hundred", None))),
            ("crowd size=more than 1000", Some(("more than 1000", None))),
            ("crowd size=at least 50", Some(("at least 50", None))),
            ("crowd size=up to 500", Some(("up to 500", None))),
            ("crowd size=dozens", Some(("dozens", None))),
            ("crowd size=a few", Some(("a few", None))),
            ("crowd size=50", Some(("50", Some((50, 50))))),
            ("crowd size=about 20", Some(("about 20", Some((20, 20))))),
            ("crowd size=approximately 1,500", Some(("approximately 1,500", Some((1500, 1500))))),
            ("crowd size=200-300", Some(("200-300", Some((200, 300))))),
            ("crowd size=between 1,000 and 2,000", Some(("between 1,000 and 2,000", Some((1000, 2000))))),
            ("crowd size=around 1.5 million", Some(("around 1.5 million", Some((1_500_000, 1_500_000))))),
            ("crowd size=large", Some(("large", None))),
            ("crowd size=between 300 and 200", Some(("between 300 and 200", None))),
            // Another tag first, and ACLED's spacing around "=".
            ("local administrators; crowd size = around 100", Some(("around 100", Some((100, 100))))),
            ("Crowd size=Thousands", Some(("Thousands", None))),
            ("women targeted: girls", None),
            ("", None),
        ];
        for (tags, want) in cases {
            assert_eq!(read(tags), want.map(|(p, n)| (p.to_owned(), n)), "{tags:?}");
        }
    }

    #[test]
    fn sub_event_types_of_demonstrations_say_what_happened() {
        assert_eq!(conduct("Peaceful protest"), Some(Conduct::Peaceful));
        assert_eq!(conduct("Protest with intervention"), Some(Conduct::Intervention));
        assert_eq!(conduct("Excessive force against protesters"), Some(Conduct::ExcessiveForce));
        assert_eq!(conduct("Violent demonstration"), Some(Conduct::Violent));
        assert_eq!(conduct("Mob violence"), Some(Conduct::Violent));
        assert_eq!(conduct("Armed clash"), None);
    }
}

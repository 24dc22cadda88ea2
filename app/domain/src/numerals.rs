//! Numbers as people type them: a Persian editor types Persian digits
//! (`۵۹٫۳۲۹۳`), an Arabic one Arabic-Indic digits (`٥٩٫٣٢٩٣`), and the
//! interface itself writes numbers that way. Every place that reads a
//! number from typed text folds it to ASCII first with [`ascii_digits`], so
//! each script's digits are accepted wherever Latin ones are.

use std::borrow::Cow;

/// `raw` with the digits of other scripts as ASCII digits, and the marks
/// that go with them as the ASCII ones: Persian (U+06F0–U+06F9) and
/// Arabic-Indic (U+0660–U+0669) digits, the Arabic decimal separator `٫`
/// (U+066B) as `.`, the Arabic comma `،` (U+060C) as `,` (a decimal comma
/// where the field allows one), and the minus sign `−` (U+2212) as `-`.
/// Anything else is left as it is (and refused by the parser that follows,
/// if it must be); text that needs no change is borrowed.
///
/// # Examples
/// ```
/// use domain::numerals::ascii_digits;
/// assert_eq!(ascii_digits("۵۹٫۳۲۹۳"), "59.3293");
/// assert_eq!(ascii_digits("٥٩٫٣٢٩٣"), "59.3293");
/// assert_eq!(ascii_digits("−۱۸"), "-18");
/// assert_eq!(ascii_digits("۲۰۲۰-۰۱-۱۸"), "2020-01-18");
/// assert_eq!(ascii_digits("18.0686"), "18.0686");
/// ```
pub fn ascii_digits(raw: &str) -> Cow<'_, str> {
    if raw.is_ascii() {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(raw.chars().map(ascii_char).collect())
}

/// One character of [`ascii_digits`].
fn ascii_char(c: char) -> char {
    let digit = |zero: char| char::from(b'0' + (c as u32 - zero as u32) as u8);
    match c {
        '\u{06F0}'..='\u{06F9}' => digit('\u{06F0}'),
        '\u{0660}'..='\u{0669}' => digit('\u{0660}'),
        '\u{066B}' => '.',
        '\u{060C}' => ',',
        '\u{2212}' => '-',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_digit_of_both_scripts_folds_to_its_ascii_digit() {
        assert_eq!(ascii_digits("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
        assert_eq!(ascii_digits("٠١٢٣٤٥٦٧٨٩"), "0123456789");
        assert_eq!(ascii_digits("۵۲،۵۱۶۳"), "52,5163", "an Arabic comma is a comma");
        assert!(matches!(ascii_digits("-77.0365"), Cow::Borrowed(_)), "ASCII text is not copied");
        // Other letters are left for the parser to refuse.
        assert_eq!(ascii_digits("۱۸ درجه"), "18 درجه");
    }
}

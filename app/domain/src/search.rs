//! Matching typed words against event text in any script (README, "Every
//! reader"): case is ignored, and in Arabic and Persian the diacritics
//! (tashkeel) and the letter variants that the two scripts write
//! differently are folded, so `عمال` finds `عمّال` and `كتاب` finds `کتاب`.
//! Folding is for matching only; stored text never changes.

/// Text folded for matching: lower case (Unicode rules), without Arabic
/// diacritics, tatweel and zero-width joiners, with ي/ى/ئ → ی, ك → ک,
/// ة → ه, أ/إ/آ/ٱ → ا and ؤ → و.
pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !is_mark(*c))
        .map(|c| match c {
            '\u{064A}' | '\u{0649}' | '\u{0626}' => '\u{06CC}',
            '\u{0643}' => '\u{06A9}',
            '\u{0629}' => '\u{0647}',
            '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' => '\u{0627}',
            '\u{0624}' => '\u{0648}',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Arabic-script marks left out when matching: harakat, shadda, sukun,
/// superscript alef, Quranic marks, tatweel; and ZWNJ/ZWJ.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' | '\u{200C}' | '\u{200D}')
}

/// Whether every word of `query` occurs in `haystack`, both folded.
pub fn matches_words(haystack: &str, query: &str) -> bool {
    let h = fold(haystack);
    fold(query).split_whitespace().all(|w| h.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_and_letter_forms_are_folded() {
        assert!(matches_words("اعتصاب عمّال نفت", "عمال"));
        assert!(matches_words("اعتصاب عمال نفت", "عمّال"));
        assert!(matches_words("كتاب", "کتاب"), "Arabic kaf finds Persian keheh");
        assert!(matches_words("علي", "علی"), "Arabic yeh finds Persian yeh");
        assert!(matches_words("مدرسة", "مدرسه"));
        assert!(matches_words("إيران", "ایران"));
        assert!(matches_words("می‌خواهم", "میخواهم"), "ZWNJ");
        assert!(matches_words("Rally in STOCKHOLM", "stockholm rally"));
        assert!(!matches_words("Rally in Stockholm", "hamburg"));
    }

    #[test]
    fn folding_leaves_other_text_alone() {
        assert_eq!(fold("Kundgebung in Köln"), "kundgebung in köln");
        assert_eq!(fold("تجمع"), "تجمع");
    }
}

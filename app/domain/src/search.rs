//! Matching typed words against event text in any script (README,
//! "Search"): case, accents and diacritics are ignored, and the letter
//! variants that readers actually type are folded together: Arabic and
//! Persian `ي`/`ی`, `ك`/`ک`, `ة`/`ه`, alef forms, harakat, tatweel and
//! ZWNJ; German `ß`/`ss`; Turkish dotless `ı`; Persian and Arabic-Indic
//! digits. Folding is for matching only; stored text never changes.
//!
//! A search is a list of words ([`SearchQuery`]); an event matches when
//! every word begins one of the words of its text ([`document`]). The store
//! answers this from a full-text index of the folded words (the server's
//! `read.rs`, SQLite FTS5); [`SearchQuery::fts5`] writes each word as a
//! quoted literal, so nothing a reader types is read as FTS syntax.

use std::fmt;

use unicode_normalization::char::is_combining_mark;
#[cfg(feature = "nfkd")]
use unicode_normalization::UnicodeNormalization;

use crate::event::Event;

/// Most characters in a search (`q`).
pub const MAX_QUERY_CHARS: usize = 200;

/// Most words in a search.
pub const MAX_QUERY_WORDS: usize = 16;

/// Text folded for matching: compatibility-decomposed (NFKD, so ligatures
/// and Arabic presentation forms become letters), without combining marks
/// (accents, harakat, shadda, hamza above and below), tatweel and
/// zero-width (non-)joiners, lower case (Unicode rules), with
/// ي/ى → ی, ك → ک, ة/ە → ه, ٱ → ا, ß → ss, ı → i, and Persian and
/// Arabic-Indic digits as ASCII digits.
///
/// # Examples
///
/// ```
/// use domain::search::fold;
/// assert_eq!(fold("Straße in Köln"), "strasse in koln");
/// assert_eq!(fold("إيران"), fold("ایران"));
/// assert_eq!(fold("۱۳۹۸"), "1398");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in decomposed(s) {
        if is_combining_mark(c) || is_ignored(c) {
            continue;
        }
        match crate::letters::base_letter(c).unwrap_or(c) {
            '\u{064A}' | '\u{0649}' => out.push('\u{06CC}'),
            '\u{0643}' => out.push('\u{06A9}'),
            '\u{0629}' | '\u{06D5}' => out.push('\u{0647}'),
            '\u{0671}' => out.push('\u{0627}'),
            'ß' | 'ẞ' => out.push_str("ss"),
            'ı' => out.push('i'),
            '\u{06F0}'..='\u{06F9}' => out.push(shift_digit(c, '\u{06F0}')),
            '\u{0660}'..='\u{0669}' => out.push(shift_digit(c, '\u{0660}')),
            c => out.extend(c.to_lowercase()),
        }
    }
    // Lower-casing can make marks again (`İ` → `i̇`): one more pass.
    if out.chars().any(is_combining_mark) {
        out.retain(|c| !is_combining_mark(c));
    }
    out
}

/// The characters of `s`, compatibility-decomposed (NFKD) where the
/// `nfkd` feature brings the tables (the server; about 100 KB of WASM the
/// reader's map does without). Without them, [`crate::letters`] still
/// folds the accented Latin letters and the Arabic-script hamza and madda
/// forms, so the editors' list (searched in the browser) finds `آبادان`
/// typed `ابادان` and `Köln` typed `Koln`.
fn decomposed(s: &str) -> Box<dyn Iterator<Item = char> + '_> {
    #[cfg(feature = "nfkd")]
    {
        Box::new(s.nfkd())
    }
    #[cfg(not(feature = "nfkd"))]
    {
        Box::new(s.chars())
    }
}

/// Characters left out when matching that are not combining marks:
/// tatweel, ZWNJ and ZWJ.
fn is_ignored(c: char) -> bool {
    matches!(c, '\u{0640}' | '\u{200C}' | '\u{200D}')
}

/// The ASCII digit of `c`, a digit of the block starting at `zero`.
fn shift_digit(c: char, zero: char) -> char {
    char::from_digit(u32::from(c) - u32::from(zero), 10).unwrap_or(c)
}

/// The folded words of `s`: runs of letters and digits ([`fold`] first);
/// everything else separates words.
pub fn words(s: &str) -> impl Iterator<Item = String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

/// The text of `e` that a search looks in, as folded words separated by
/// single spaces: title, description, place, admin areas, organisers,
/// participants, claims and tags. The store indexes exactly this.
pub fn document(e: &Event) -> String {
    let parts = [&e.title, &e.description, &e.location_name]
        .into_iter()
        .chain(e.admin1.as_ref())
        .chain(e.admin2.as_ref())
        .chain(&e.organisers)
        .chain(&e.participants)
        .chain(e.claims.as_ref())
        .chain(&e.tags);
    let mut out = String::new();
    for part in parts {
        for w in words(part) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&w);
        }
    }
    out
}

/// Why a search cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// Longer than [`MAX_QUERY_CHARS`].
    #[error("must be at most {MAX_QUERY_CHARS} characters, got {0}")]
    TooLong(usize),
    /// No letter or digit (only spaces, punctuation or marks).
    #[error("must have a letter or a digit")]
    NoWords,
    /// More than [`MAX_QUERY_WORDS`] words.
    #[error("must be at most {MAX_QUERY_WORDS} words, got {0}")]
    TooManyWords(usize),
}

/// A search as a reader typed it, and its folded words.
///
/// # Examples
///
/// ```
/// use domain::search::SearchQuery;
/// let q: SearchQuery = "  Tehr\u{0640}an  \"OR\" *".parse().expect("a search");
/// assert_eq!(q.text(), "Tehr\u{0640}an  \"OR\" *");
/// assert_eq!(q.words(), ["tehran", "or"]);
/// assert_eq!(q.fts5(), "\"tehran\"* \"or\"*");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SearchQuery {
    text: String,
    words: Vec<String>,
}

impl SearchQuery {
    /// The search as typed, without leading and trailing space.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Its folded words, in order.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Whether `document` (folded words separated by spaces, as
    /// [`document`] makes) has, for every word of the search, a word that
    /// begins with it.
    pub fn matches_document(&self, document: &str) -> bool {
        self.words.iter().all(|w| document.split(' ').any(|d| d.starts_with(w.as_str())))
    }

    /// Whether `e` matches: [`Self::matches_document`] of [`document`].
    pub fn matches(&self, e: &Event) -> bool {
        self.matches_document(&document(e))
    }

    /// The search as an FTS5 query (SQLite, "Full-text Query Syntax"):
    /// every word a quoted string with a prefix `*`, all of them required.
    /// Words hold only letters and digits, and a `"` would be doubled, so
    /// no operator (`OR`, `NEAR`, `-`, `:`) is ever read from the text.
    pub fn fts5(&self) -> String {
        let quoted: Vec<String> = self.words.iter().map(|w| format!("\"{}\"*", w.replace('"', "\"\""))).collect();
        quoted.join(" ")
    }
}

impl std::str::FromStr for SearchQuery {
    type Err = SearchError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let chars = text.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(SearchError::TooLong(chars));
        }
        let words: Vec<String> = words(text).collect();
        if words.is_empty() {
            return Err(SearchError::NoWords);
        }
        if words.len() > MAX_QUERY_WORDS {
            return Err(SearchError::TooManyWords(words.len()));
        }
        Ok(Self { text: text.to_owned(), words })
    }
}

impl TryFrom<String> for SearchQuery {
    type Error = SearchError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<SearchQuery> for String {
    fn from(q: SearchQuery) -> Self {
        q.text
    }
}

impl fmt::Display for SearchQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether every word of `query` occurs in `haystack`, both folded (the
/// editors' list filter: any part of a word matches).
pub fn matches_words(haystack: &str, query: &str) -> bool {
    let h = fold(haystack);
    fold(query).split_whitespace().all(|w| h.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs a reader may type and stored text it must find.
    const PAIRS: &[(&str, &str, &str)] = &[
        ("Persian keheh for Arabic kaf", "کتاب", "كتاب"),
        ("Persian yeh for Arabic yeh", "علی", "علي"),
        ("Persian yeh for alef maksura", "مصطفی", "مصطفى"),
        ("Arabic yeh for Persian yeh", "ايران", "ایران"),
        ("heh for teh marbuta", "مدرسه", "مدرسة"),
        ("bare alef for hamza below", "ایران", "إيران"),
        ("bare alef for hamza above", "احمد", "أحمد"),
        ("bare alef for madda", "ازادی", "آزادی"),
        ("bare alef for alef wasla", "الله", "ٱلله"),
        ("waw for waw with hamza", "موسسه", "مؤسسه"),
        ("no harakat for harakat", "عمال", "عُمّال"),
        ("harakat for none", "عُمّال", "عمال"),
        ("no tatweel", "تهران", "تهـــران"),
        ("no ZWNJ", "میخواهیم", "می\u{200C}خواهیم"),
        ("ZWNJ typed, none stored", "می\u{200C}خواهیم", "میخواهیم"),
        ("Persian digits", "1398", "۱۳۹۸"),
        ("Arabic-Indic digits", "۱۳۹۸", "١٣٩٨"),
        ("German ss", "strasse", "Straße"),
        ("German sharp s typed", "straße", "STRASSE"),
        ("German umlaut", "koln", "Köln"),
        ("French accents", "elysee", "Élysée"),
        ("French cedilla", "francais", "Français"),
        ("Turkish dotless i", "istanbul", "İstanbul"),
        ("Turkish dotless i typed", "ıstanbul", "Istanbul"),
        ("Turkish lower dotless", "kadikoy", "Kadıköy"),
        ("ligature", "office", "oﬃce"),
        ("case", "stockholm", "STOCKHOLM"),
    ];

    #[test]
    fn every_pair_matches_both_ways_round() {
        for (what, typed, stored) in PAIRS {
            // Without the NFKD tables (the browser's build) every pair but
            // the compatibility ligature folds as well.
            if cfg!(not(feature = "nfkd")) && *what == "ligature" {
                continue;
            }
            let q: SearchQuery = typed.parse().unwrap_or_else(|e| panic!("{what}: {e}"));
            let doc = words(stored).collect::<Vec<_>>().join(" ");
            assert!(q.matches_document(&doc), "{what}: {typed:?} must find {stored:?} (folded {doc:?})");
        }
    }

    #[test]
    fn a_word_matches_the_start_of_a_word_only() {
        let doc = words("Rally in Stockholm for the victims of PS752").collect::<Vec<_>>().join(" ");
        let m = |q: &str| q.parse::<SearchQuery>().expect("a search").matches_document(&doc);
        assert!(m("stock"));
        assert!(m("ps752 rally"));
        assert!(!m("holm"), "the middle of a word is not a match");
        assert!(!m("rally hamburg"), "every word must match");
    }

    #[test]
    fn searches_that_cannot_be_made_say_why() {
        let e = |q: &str| q.parse::<SearchQuery>().expect_err("refused").to_string();
        assert_eq!(e("   "), "must have a letter or a digit");
        assert_eq!(e("\u{064E}\u{0651}"), "must have a letter or a digit", "only harakat");
        assert_eq!(e("\"*-:()"), "must have a letter or a digit");
        assert_eq!(e(&"a".repeat(201)), "must be at most 200 characters, got 201");
        assert_eq!(e(&"a ".repeat(17)), "must be at most 16 words, got 17");
    }

    #[test]
    fn fts_syntax_is_written_as_words() {
        let q: SearchQuery = "NEAR(a b) OR -c \"d\" e* ^f col:g".parse().expect("a search");
        assert_eq!(q.fts5(), "\"near\"* \"a\"* \"b\"* \"or\"* \"c\"* \"d\"* \"e\"* \"f\"* \"col\"* \"g\"*");
    }

    #[test]
    fn the_editors_filter_matches_parts_of_words() {
        assert!(matches_words("اعتصاب عمّال نفت", "عمال"));
        assert!(matches_words("Rally in STOCKHOLM", "holm rally"));
        assert!(!matches_words("Rally in Stockholm", "hamburg"));
    }
}

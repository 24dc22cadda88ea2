//! The interface's language (README, "Languages"): which one a request
//! gets, and its messages, digits and dates.
//!
//! Messages are Fluent files (projectfluent.org), one per language in
//! `app/locales/<tag>/main.ftl`, compiled in by `fluent-templates`. A
//! language is added by adding its file: the list of languages, their names
//! (`language-name`), digits (`digits`), writing direction (from the tag, by
//! `unic-langid`) and second calendar (`second-calendar`) all come from
//! there. Messages missing from a file fall back to English.
//!
//! Only the interface is translated. Event text is shown as written, with
//! `dir="auto"` where it stands alone; when it is part of a message it is
//! an [`Arg::Verbatim`], which nothing in here changes.
//!
//! The server picks the language of each page ([`Lang::negotiate`]) and
//! writes it into `<html lang dir>`; the browser reads it back from there
//! ([`Lang::from_document`]), so the hydrated page speaks the language the
//! server rendered.

mod dates;
mod fields;

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use unic_langid::CharacterDirection;

fluent_templates::static_loader! {
    static MESSAGES = {
        locales: "./locales",
        fallback_language: "en",
        // Values are our own numbers and dates, or event text that the page
        // isolates itself (dir="auto"); the marks would end up in titles
        // and attributes as invisible characters.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The query parameter that chooses the language, kept in permalinks.
pub const PARAM: &str = "lang";
/// The cookie that remembers a language chosen with [`PARAM`].
pub const COOKIE: &str = "lang";

/// One of the interface's languages. `Copy`: it is a reference to the
/// language of one of the compiled-in message files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang(&'static LanguageIdentifier);

/// A value put into a message.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    /// A number: written with the language's digits, and what plural
    /// variants select on.
    Number(i64),
    /// Text of the interface, already in the language (a date, a kind).
    Text(Cow<'a, str>),
    /// Text of an event or a place, shown exactly as written.
    Verbatim(&'a str),
    /// Text as an editor types it (an id, a date, `WGS 84`): exactly as
    /// written, Latin digits included, and in a right-to-left language
    /// isolated (U+2068…U+2069) so that it keeps its own order.
    Code(&'a str),
}

impl Default for Lang {
    /// English, the language every message falls back to.
    fn default() -> Self {
        Self::parse("en").unwrap_or_else(|| Self(MESSAGES.fallback()))
    }
}

impl Lang {
    /// Every language there is a message file for, English first, then by
    /// tag.
    pub fn all() -> Vec<Lang> {
        let loader: &'static fluent_templates::StaticLoader = &MESSAGES;
        let mut all: Vec<Lang> = loader.locales().map(Lang).collect();
        all.sort_by_key(|l| (l.tag() != "en", l.tag()));
        all
    }

    /// The language for a tag such as `fa` or `fa-IR` (case does not
    /// matter), if there is one for its language subtag.
    pub fn parse(tag: &str) -> Option<Lang> {
        let wanted: LanguageIdentifier = tag.trim().parse().ok()?;
        let loader: &'static fluent_templates::StaticLoader = &MESSAGES;
        let found = loader.locales().find(|l| l.language == wanted.language);
        found.map(Lang)
    }

    /// The language of a request: the `lang` query parameter if it names
    /// one, else the `lang` cookie, else the best of `Accept-Language`
    /// (RFC 9110 §12.5.4, with its q-values), else English.
    pub fn negotiate(param: Option<&str>, cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        if let Some(l) = param.and_then(Lang::parse).or_else(|| cookie.and_then(Lang::parse)) {
            return l;
        }
        accepted(accept_language.unwrap_or("")).into_iter().find_map(Lang::parse).unwrap_or_default()
    }

    /// The language the server wrote into `<html lang>`. Browser only.
    #[cfg(feature = "hydrate")]
    pub fn from_document() -> Lang {
        leptos::prelude::document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|t| Lang::parse(&t))
            .unwrap_or_default()
    }

    /// The language tag, e.g. `fa` (BCP 47).
    pub fn tag(self) -> String {
        self.0.to_string()
    }

    /// The writing direction, for `dir`: `rtl` or `ltr`.
    pub fn dir(self) -> &'static str {
        match self.0.character_direction() {
            CharacterDirection::RTL => "rtl",
            _ => "ltr",
        }
    }

    /// The query pair that chooses this language: `lang=fa`.
    pub fn query(self) -> String {
        format!("{PARAM}={}", self.tag())
    }

    /// `sep` and [`Lang::query`], or nothing for English, the default: for
    /// links that open in the language they were made in (`&lang=fa`).
    pub fn query_unless_default(self, sep: char) -> String {
        if self == Lang::default() {
            String::new()
        } else {
            format!("{sep}{}", self.query())
        }
    }

    /// The language's name in itself, e.g. "فارسی".
    pub fn name(self) -> String {
        self.t("language-name")
    }

    /// The message `key`, with no values.
    pub fn t(self, key: &str) -> String {
        self.t_with(key, &[])
    }

    /// The message `key` with `args`. Numbers are written with the
    /// language's digits; [`Arg::Verbatim`] text is put in unchanged. A
    /// missing key gives the key itself (fluent-templates' fallback), so a
    /// gap shows rather than breaking the page.
    pub fn t_with(self, key: &str, args: &[(&'static str, Arg<'_>)]) -> String {
        // Verbatim text goes in as a private-use character that digits and
        // messages leave alone, and is put back last.
        let mut verbatim = Vec::new();
        let values: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Number(n) => FluentValue::from(*n),
                    Arg::Text(t) => FluentValue::from(t.to_string()),
                    Arg::Verbatim(t) | Arg::Code(t) => {
                        let mark = char::from_u32(0xE000 + verbatim.len() as u32).unwrap_or('\u{E000}');
                        let isolate = matches!(arg, Arg::Code(_)) && self.dir() == "rtl";
                        let t = if isolate { format!("\u{2068}{t}\u{2069}") } else { (*t).to_owned() };
                        verbatim.push((mark, t));
                        FluentValue::from(mark.to_string())
                    }
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        let text = MESSAGES.lookup_complete(self.0, key, (!values.is_empty()).then_some(&values));
        let mut text = self.digits(&text);
        for (mark, t) in verbatim {
            text = text.replace(mark, &t);
        }
        text
    }

    /// The message `key` split where its value `arg` goes: the words before
    /// and after, for pages that put an element of their own there (event
    /// text in a `<bdi>`).
    pub fn t_around(self, key: &str, arg: &'static str) -> (String, String) {
        const MARK: &str = "\u{E8FF}";
        let text = self.t_with(key, &[(arg, Arg::Verbatim(MARK))]);
        match text.split_once(MARK) {
            Some((before, after)) => (before.to_owned(), after.to_owned()),
            None => (text, String::new()),
        }
    }

    /// `text` with its ASCII digits written in the language's digits.
    pub fn digits(self, text: &str) -> String {
        let digits: Vec<char> = MESSAGES.lookup(self.0, "digits").chars().collect();
        if digits.len() != 10 || digits[0] == '0' {
            return text.to_owned();
        }
        text.chars().map(|c| c.to_digit(10).map_or(c, |d| digits[d as usize])).collect()
    }

    /// A number written in the language's digits.
    pub fn number(self, n: impl Into<i64>) -> String {
        self.digits(&n.into().to_string())
    }

    /// The kind as a label, e.g. "Banner action".
    pub fn kind(self, k: domain::event::EventKind) -> String {
        self.t(&format!("kind-{}", k.as_str()))
    }

    /// What happened to it, e.g. "Met with intervention".
    pub fn conduct(self, c: domain::event::Conduct) -> String {
        self.t(&format!("conduct-{}", c.as_str()))
    }

    /// The outcomes an event reports, each in words ("Arrests: 12",
    /// "Property damaged: yes"), in the order arrests, injuries, deaths,
    /// damage; none for what it does not report.
    pub fn outcomes(self, e: &domain::event::Event) -> Vec<String> {
        [("popup-arrests", e.arrests), ("popup-injuries", e.injuries), ("popup-fatalities", e.fatalities)]
            .into_iter()
            .filter_map(|(key, n)| n.map(|n| self.t_with(key, &[("count", Arg::Text(self.people(n).into()))])))
            .chain(
                e.property_damage.map(|b| self.t_with("popup-damage", &[("answer", Arg::Text(self.yes_no(b).into()))])),
            )
            .collect()
    }

    /// A number of people with the language's digits and thousands
    /// separator: "10,000", "۱۰٬۰۰۰".
    pub fn people(self, n: u64) -> String {
        let digits = n.to_string();
        let group = self.t("number-group");
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(&group);
            }
            out.push(c);
        }
        self.digits(&out)
    }

    /// A low and high number of people: "2,000" when equal, else
    /// "2,000–3,000".
    pub fn people_range(self, low: u64, high: u64) -> String {
        if low == high {
            self.people(low)
        } else {
            format!("{}–{}", self.people(low), self.people(high))
        }
    }

    /// Yes or no, as reported: "yes", "بله".
    pub fn yes_no(self, b: bool) -> String {
        self.t(if b { "yes" } else { "no" })
    }

    /// What the map point stands for, e.g. "city centre; venue not
    /// reported".
    pub fn place_note(self, p: domain::event::GeoPrecision) -> String {
        self.t(&format!("place-{}", p.as_str()))
    }
}

/// The tags of an `Accept-Language` header, most wanted first: by q-value
/// (1 when absent), then in the header's order; those with `q=0` (not
/// acceptable) and unreadable q-values left out (RFC 9110 §12.4.2, §12.5.4).
fn accepted(header: &str) -> Vec<&str> {
    let mut tags: Vec<(&str, f32)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let tag = parts.next().filter(|t| !t.is_empty())?;
            let q = match parts.find_map(|p| p.strip_prefix("q=")) {
                Some(q) => q.parse::<f32>().ok().filter(|q| (0.0..=1.0).contains(q))?,
                None => 1.0,
            };
            (q > 0.0).then_some((tag, q))
        })
        .collect();
    tags.sort_by(|a, b| b.1.total_cmp(&a.1));
    tags.into_iter().map(|(t, _)| t).collect()
}

/// The page's language, from the context the app provides.
pub fn use_lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_default()
}

/// The language for a page request (its address and headers), and whether
/// the query chose it (then the server remembers it in a cookie). Server
/// only; the page cache keys its validators with it too.
#[cfg(feature = "ssr")]
pub fn for_request(uri: &http::Uri, headers: &http::HeaderMap) -> (Lang, bool) {
    let param = uri
        .query()
        .and_then(|q| url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == PARAM).map(|(_, v)| v.into_owned()));
    let cookie = headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
        v.split(';').filter_map(|c| c.trim().split_once('=')).find(|(k, _)| *k == COOKIE).map(|(_, v)| v.to_owned())
    });
    let accept = headers.get(http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let chosen = param.as_deref().and_then(Lang::parse);
    (Lang::negotiate(param.as_deref(), cookie.as_deref(), accept), chosen.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fa() -> Lang {
        Lang::parse("fa").expect("a Persian message file")
    }

    #[test]
    fn every_message_file_is_a_language() {
        let tags: Vec<String> = Lang::all().into_iter().map(Lang::tag).collect();
        assert_eq!(tags, ["en", "fa"]);
        assert_eq!(fa().name(), "فارسی");
        assert_eq!(fa().dir(), "rtl");
        assert_eq!(Lang::default().dir(), "ltr");
        assert_eq!(fa().query(), "lang=fa");
        assert_eq!(fa().query_unless_default('&'), "&lang=fa");
        assert_eq!(Lang::default().query_unless_default('?'), "");
    }

    #[test]
    fn the_query_beats_the_cookie_which_beats_the_browser() {
        assert_eq!(Lang::negotiate(None, None, Some("fa-IR,fa;q=0.9,en;q=0.8")), fa());
        assert_eq!(Lang::negotiate(None, None, Some("de-DE,en;q=0.5,fa;q=0.3")), Lang::default());
        assert_eq!(Lang::negotiate(None, None, Some("de-DE,fa;q=0.5")), fa());
        assert_eq!(Lang::negotiate(Some("en"), Some("fa"), Some("fa")), Lang::default());
        assert_eq!(Lang::negotiate(None, Some("fa"), Some("en")), fa());
        // A language with no messages is passed over.
        assert_eq!(Lang::negotiate(Some("xx"), None, Some("fa")), fa());
        assert_eq!(Lang::negotiate(None, None, None), Lang::default());
        assert_eq!(Lang::negotiate(None, None, Some("a;;;q=x,,")), Lang::default());
        // q-values, not the order, say what is wanted most; q=0 is a refusal.
        assert_eq!(Lang::negotiate(None, None, Some("en;q=0.2,fa;q=0.9")), fa());
        assert_eq!(Lang::negotiate(None, None, Some("fa;q=0,en")), Lang::default());
        assert_eq!(accepted("de-AT;q=0.9, *;q=0.1, fa, en;q=x"), ["fa", "de-AT", "*"]);
    }

    #[test]
    fn numbers_take_the_languages_digits_and_event_text_stays() {
        let en = Lang::default();
        let count = [("shown", Arg::Number(4)), ("total", Arg::Number(16))];
        assert_eq!(en.t_with("window-count", &count), "4 of 16 events");
        assert_eq!(fa().t_with("window-count", &count), "۴ از ۱۶ رویداد");
        let title = [("title", Arg::Verbatim("PS752: 176 victims"))];
        assert_eq!(fa().t_with("event-title", &title), "PS752: 176 victims — rallymap");
        assert_eq!(fa().kind(domain::event::EventKind::BannerAction), "نصب بنر");
        assert_eq!(en.t_around("popup-crowd", "crowd"), ("Crowd, as reported: ".to_owned(), String::new()));
        assert_eq!(en.kind(domain::event::EventKind::BannerAction), "Banner action");
    }

    #[test]
    fn english_plurals() {
        let one = [("count", Arg::Number(1)), ("when", Arg::Text("18 January 2020".into()))];
        assert_eq!(
            Lang::default().t_with("preview-description", &one),
            "1 reported rally or protest on a map, 18 January 2020: where and when people gathered, each with its source."
        );
    }
}

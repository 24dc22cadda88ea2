//! Embedding: the display options of `/embed`, its URL, and the iframe code
//! that the share dialog and oEmbed (oembed.com, "rich" type) both hand out.

use crate::permalink::Permalink;

/// Default iframe size in CSS pixels.
pub const DEFAULT_SIZE: (u32, u32) = (640, 480);
/// Smallest size the embed is designed for.
pub const MIN_SIZE: (u32, u32) = (300, 250);
/// Longest `title` line kept, in characters.
pub const MAX_TITLE: usize = 120;

/// How `/embed` shows the map, beyond the permalink's view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedOptions {
    /// Show the date slider (`slider=0` hides it).
    pub slider: bool,
    /// Show the list of events (`list=0` hides it).
    pub list: bool,
    /// Fix the window to the permalink's dates (`lock=1`): no slider, the
    /// dates written instead.
    pub lock: bool,
    /// A title line above the map (`title=...`), plain text.
    pub title: Option<String>,
    /// The interface's language (`lang=fa`), a BCP 47 tag; the app shows
    /// its default language for a tag it has no messages for.
    pub lang: Option<String>,
    /// Show the filter panel (`filters=0` hides it: a newsroom's fixed
    /// view keeps the filters of its link, and readers cannot change them).
    pub filters: bool,
    /// Link to the readers' report form, `/report` (`report=1`); off by
    /// default, so a host page offers it only if it chooses to.
    pub report: bool,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        Self { slider: true, list: true, lock: false, title: None, lang: None, filters: true, report: false }
    }
}

impl EmbedOptions {
    /// Reads `slider`, `list`, `lock`, `filters`, `report`, `title` and
    /// `lang` from query pairs; other names are ignored and unreadable
    /// values keep their defaults.
    ///
    /// # Examples
    /// ```
    /// let o = domain::embed::EmbedOptions::from_pairs([("list", "0"), ("title", "Rallies")]);
    /// assert!(!o.list && o.slider);
    /// assert_eq!(o.title.as_deref(), Some("Rallies"));
    /// ```
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut o = Self::default();
        let flag = |v: &str| match v {
            "0" | "false" | "no" => Some(false),
            "1" | "true" | "yes" => Some(true),
            _ => None,
        };
        for (k, v) in pairs {
            match k {
                "slider" => o.slider = flag(v).unwrap_or(o.slider),
                "list" => o.list = flag(v).unwrap_or(o.list),
                "lock" => o.lock = flag(v).unwrap_or(o.lock),
                "filters" => o.filters = flag(v).unwrap_or(o.filters),
                "report" => o.report = flag(v).unwrap_or(o.report),
                "title" => {
                    let t: String = v.chars().filter(|c| !c.is_control()).take(MAX_TITLE).collect();
                    o.title = Some(t.trim().to_owned()).filter(|t| !t.is_empty());
                }
                "lang" => o.lang = is_language_tag(v).then(|| v.to_owned()),
                _ => {}
            }
        }
        o
    }

    /// The options that differ from the defaults, as query pairs (`title`
    /// percent-encoded), in a fixed order.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if !self.slider {
            parts.push("slider=0".to_owned());
        }
        if !self.list {
            parts.push("list=0".to_owned());
        }
        if self.lock {
            parts.push("lock=1".to_owned());
        }
        if !self.filters {
            parts.push("filters=0".to_owned());
        }
        if self.report {
            parts.push("report=1".to_owned());
        }
        if let Some(t) = &self.title {
            parts.push(format!("title={}", url::form_urlencoded::byte_serialize(t.as_bytes()).collect::<String>()));
        }
        if let Some(l) = &self.lang {
            parts.push(format!("lang={l}"));
        }
        parts.join("&")
    }
}

/// Whether `s` has the shape of a BCP 47 language tag (RFC 5646 §2.1):
/// subtags of 1 to 8 ASCII letters or digits joined by `-`, 35 characters
/// at most, the first all letters. Safe to put in a URL unescaped.
///
/// # Examples
/// ```
/// use domain::embed::is_language_tag;
/// assert!(is_language_tag("fa") && is_language_tag("fa-IR"));
/// assert!(!is_language_tag("") && !is_language_tag("fa&x=1") && !is_language_tag("12"));
/// ```
pub fn is_language_tag(s: &str) -> bool {
    s.len() <= 35
        && s.split('-').all(|t| (1..=8).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric()))
        && s.split('-').next().is_some_and(|t| t.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// The `/embed` URL for a view and options, under `base` (an origin such as
/// `https://map.example.org`, no trailing slash).
pub fn embed_url(base: &str, view: &Permalink, options: &EmbedOptions) -> String {
    let q: Vec<String> = [view.to_query(), options.to_query()].into_iter().filter(|s| !s.is_empty()).collect();
    if q.is_empty() {
        format!("{base}/embed")
    } else {
        format!("{base}/embed?{}", q.join("&"))
    }
}

/// Escapes text for an HTML attribute value in double quotes.
pub fn escape_attribute(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The iframe code for `src`: fixed size in CSS pixels, no border, lazy
/// loading, and a title for screen readers.
///
/// # Examples
/// ```
/// let html = domain::embed::iframe_html("https://m.example/embed?start=2020-01-18&end=2020-01-20", 640, 480, "Rallies");
/// assert_eq!(html, r#"<iframe src="https://m.example/embed?start=2020-01-18&amp;end=2020-01-20" width="640" height="480" style="border:0" loading="lazy" title="Rallies"></iframe>"#);
/// ```
pub fn iframe_html(src: &str, width: u32, height: u32, title: &str) -> String {
    format!(
        r#"<iframe src="{}" width="{width}" height="{height}" style="border:0" loading="lazy" title="{}"></iframe>"#,
        escape_attribute(src),
        escape_attribute(title)
    )
}

/// The public base URL (origin, no trailing slash): the configured one, else
/// `http://` and the request's `Host`, else `fallback_host`.
pub fn base_url(configured: Option<&str>, host: Option<&str>, fallback_host: &str) -> String {
    match configured {
        Some(u) => u.trim_end_matches('/').to_owned(),
        None => format!("http://{}", host.filter(|h| !h.is_empty()).unwrap_or(fallback_host)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_round_trip_through_the_query() {
        let o = EmbedOptions {
            slider: false,
            list: false,
            lock: true,
            title: Some("Iran & the diaspora".into()),
            lang: Some("fa".into()),
            filters: false,
            report: true,
        };
        assert_eq!(o.to_query(), "slider=0&list=0&lock=1&filters=0&report=1&title=Iran+%26+the+diaspora&lang=fa");
        let back = EmbedOptions::from_pairs([
            ("slider", "0"),
            ("list", "0"),
            ("lock", "1"),
            ("filters", "0"),
            ("report", "1"),
            ("title", "Iran & the diaspora"),
            ("lang", "fa"),
        ]);
        assert_eq!(back, o);
        assert_eq!(EmbedOptions::from_pairs([("lang", "fa\"><script>")]).lang, None);
        assert_eq!(EmbedOptions::default().to_query(), "");
        assert_eq!(EmbedOptions::from_pairs([("slider", "maybe"), ("title", "  ")]), EmbedOptions::default());
        assert!(!EmbedOptions::default().report, "no report link unless asked for");
        assert!(!EmbedOptions::from_pairs([("report", "0")]).report);
    }

    #[test]
    fn embed_urls_carry_the_view_and_options() {
        let view = Permalink::from_pairs([("start", "2020-01-18"), ("end", "2020-01-18"), ("event", "a")]);
        let o = EmbedOptions { list: false, ..Default::default() };
        assert_eq!(
            embed_url("https://m.example", &view, &o),
            "https://m.example/embed?start=2020-01-18&end=2020-01-18&event=a&list=0"
        );
        assert_eq!(
            embed_url("https://m.example", &Permalink::default(), &EmbedOptions::default()),
            "https://m.example/embed"
        );
    }

    #[test]
    fn iframe_code_escapes_its_attributes() {
        assert_eq!(
            iframe_html("https://m.example/embed?a=1&b=\"x\"", 300, 250, "<b>"),
            r#"<iframe src="https://m.example/embed?a=1&amp;b=&quot;x&quot;" width="300" height="250" style="border:0" loading="lazy" title="&lt;b&gt;"></iframe>"#
        );
    }

    #[test]
    fn base_url_prefers_the_setting() {
        assert_eq!(base_url(Some("https://map.example.org/"), Some("x:1"), "y"), "https://map.example.org");
        assert_eq!(base_url(None, Some("127.0.0.1:3000"), "y"), "http://127.0.0.1:3000");
        assert_eq!(base_url(None, None, "127.0.0.1:9"), "http://127.0.0.1:9");
    }
}

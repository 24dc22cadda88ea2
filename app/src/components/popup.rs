//! The popup of an event on the reader's map, built as DOM nodes from text
//! (never from an HTML string), so event text such as `<script>` shows
//! literally and runs nothing. Browser only.

use web_sys::{Document, HtmlElement};

use crate::i18n::{Arg, Lang};
use domain::event::{DatePrecision, Event};

fn el(doc: &Document, tag: &str, class: &str, text: Option<&str>) -> HtmlElement {
    use wasm_bindgen::JsCast;
    let e: HtmlElement = doc.create_element(tag).expect("createElement with a valid tag name").unchecked_into();
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if let Some(t) = text {
        e.set_text_content(Some(t));
    }
    e
}

fn append(parent: &HtmlElement, child: &HtmlElement) {
    let _ = parent.append_child(child);
}

/// Event text inside a line of the interface: a `<bdi>`, so that a Persian
/// place in an English line (or the reverse) keeps its own direction and
/// does not reorder the words around it.
fn isolated(doc: &Document, text: &str) -> HtmlElement {
    el(doc, "bdi", "", Some(text))
}

/// The popup for `e`: title, kind and dates, place and its precision,
/// what happened, online, the area, organisers and participants, claims,
/// the crowd (phrase, numbers, and each source's estimate side by side),
/// outcomes, description, sources (links only for http/https)
/// and a link to the event's own page.
/// In an embed (`embedded`), the event page opens in a new tab. The
/// interface's words are in `lang`; the event's own text stays as written,
/// in elements of its own with `dir="auto"`.
pub fn popup(doc: &Document, e: &Event, embedded: bool, lang: Lang) -> HtmlElement {
    let root = el(doc, "div", "popup", None);
    let _ = root.set_attribute("data-event-id", &e.id);
    // Event text may be Persian or Arabic: its direction comes from itself.
    // The page's h1 is the site; a popup's event is one level below.
    let title = el(doc, "h2", "popup-title", Some(&e.title));
    let _ = title.set_attribute("dir", "auto");
    append(&root, &title);
    let when = lang.range(e.dates, e.date_precision == DatePrecision::Approximate);
    append(&root, &el(doc, "p", "popup-meta", Some(&format!("{} · {when}", lang.kind(e.kind)))));
    let place = el(doc, "p", "popup-where", None);
    append(&place, &isolated(doc, &e.location_name));
    let _ = place.append_with_str_1(&format!(" ({})", lang.place_note(e.geo_precision)));
    append(&root, &place);
    let line = |class: &str, key: &str, arg: &'static str, text: &str| {
        // The label's words around the event's text, which is isolated.
        let line = el(doc, "p", class, None);
        let (before, after) = lang.t_around(key, arg);
        let _ = line.append_with_str_1(&before);
        append(&line, &isolated(doc, text));
        let _ = line.append_with_str_1(&after);
        append(&root, &line);
    };
    if let Some(c) = e.conduct {
        append(
            &root,
            &el(
                doc,
                "p",
                "popup-conduct",
                Some(&lang.t_with("popup-conduct", &[("conduct", Arg::Text(lang.conduct(c).into()))])),
            ),
        );
    }
    if e.online == Some(true) {
        append(&root, &el(doc, "p", "popup-online", Some(&lang.t("popup-online"))));
    }
    let area: Vec<&str> = [e.admin2.as_deref(), e.admin1.as_deref()].into_iter().flatten().collect();
    if !area.is_empty() {
        line("popup-area", "popup-area", "area", &area.join(", "));
    }
    if !e.organisers.is_empty() {
        line("popup-organisers", "popup-organisers", "who", &e.organisers.join("; "));
    }
    if !e.participants.is_empty() {
        line("popup-participants", "popup-who", "who", &e.participants.join("; "));
    }
    if let Some(claims) = &e.claims {
        line("popup-claims", "popup-claims", "claims", claims);
    }
    if let Some(text) = &e.crowd_size_text {
        line("popup-crowd", "popup-crowd", "crowd", text);
    }
    if let (Some(low), Some(high)) = (e.crowd_size_low, e.crowd_size_high) {
        let numbers = lang.people_range(low, high);
        let crowd = match e.crowd_size_derived {
            Some(c) => lang.t_with(
                "popup-crowd-derived",
                &[("crowd", Arg::Text(numbers.into())), ("convention", Arg::Code(&c.as_str().to_uppercase()))],
            ),
            None => numbers,
        };
        append(
            &root,
            &el(
                doc,
                "p",
                "popup-crowd-numbers",
                Some(&lang.t_with("popup-crowd-numbers", &[("crowd", Arg::Text(crowd.into()))])),
            ),
        );
    }
    if !e.crowd_estimates.is_empty() {
        // Side by side, each with the source that gave it: "police: 2,000;
        // organisers: 10,000".
        let p = el(doc, "p", "popup-estimates", Some(&format!("{} ", lang.t("popup-estimates"))));
        for (i, x) in e.crowd_estimates.iter().enumerate() {
            if i > 0 {
                let _ = p.append_with_str_1(&format!("{} ", lang.t("list-semicolon")));
            }
            let one = el(doc, "span", "popup-estimate", None);
            append(&one, &isolated(doc, &x.source));
            let _ = one.append_with_str_1(&format!(": {}", lang.people_range(x.low, x.high)));
            append(&p, &one);
        }
        append(&root, &p);
    }
    let outcomes = lang.outcomes(e);
    if !outcomes.is_empty() {
        append(&root, &el(doc, "p", "popup-outcomes", Some(&outcomes.join(&format!("{} ", lang.t("list-semicolon"))))));
    }
    if !e.description.is_empty() {
        let description = el(doc, "p", "popup-description", Some(&e.description));
        let _ = description.set_attribute("dir", "auto");
        append(&root, &description);
    }
    let sources = el(doc, "p", "popup-sources", Some(&format!("{} ", lang.t("popup-sources"))));
    for (i, s) in e.sources.iter().enumerate() {
        if i > 0 {
            let _ = sources.append_with_str_1(", ");
        }
        match s.url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
            Some(u) => {
                let a = el(doc, "a", "", Some(&s.name));
                let _ = a.set_attribute("dir", "auto");
                let _ = a.set_attribute("href", u);
                let _ = a.set_attribute("target", "_blank");
                let _ = a.set_attribute("rel", "noopener noreferrer");
                append(&sources, &a);
            }
            None => append(&sources, &isolated(doc, &s.name)),
        }
    }
    append(&root, &sources);
    let reports = domain::report::corroborating_reports(&e.sources);
    if reports > 0 {
        let text = lang.t_with("corroborated", &[("count", Arg::Number(reports as i64))]);
        append(&root, &el(doc, "p", "popup-corroborated", Some(&text)));
    }
    let more = el(doc, "p", "popup-more", None);
    let a = el(doc, "a", "", Some(&lang.t("event-page")));
    let _ = a.set_attribute("href", &crate::base::href(&format!("/events/{}", e.id)));
    if embedded {
        let _ = a.set_attribute("target", "_blank");
        let _ = a.set_attribute("rel", "noopener");
    }
    append(&more, &a);
    append(&root, &more);
    root
}

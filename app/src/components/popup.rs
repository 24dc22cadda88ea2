//! The popup of an event on the reader's map, built as DOM nodes from text
//! (never from an HTML string), so event text such as `<script>` shows
//! literally and runs nothing. Browser only.

use web_sys::{Document, HtmlElement};

use crate::i18n::Lang;
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
/// actors, crowd size, description, sources (links only for http/https)
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
    for (class, key, text) in
        [("popup-actors", "popup-who", &e.actors), ("popup-crowd", "popup-crowd", &e.crowd_size_text)]
    {
        let Some(text) = text else { continue };
        // The label's words around the event's text, which is isolated.
        let line = el(doc, "p", class, None);
        let (before, after) = lang.t_around(key, if key == "popup-who" { "who" } else { "crowd" });
        let _ = line.append_with_str_1(&before);
        append(&line, &isolated(doc, text));
        let _ = line.append_with_str_1(&after);
        append(&root, &line);
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
    let more = el(doc, "p", "popup-more", None);
    let a = el(doc, "a", "", Some(&lang.t("event-page")));
    let _ = a.set_attribute("href", &format!("/events/{}", e.id));
    if embedded {
        let _ = a.set_attribute("target", "_blank");
        let _ = a.set_attribute("rel", "noopener");
    }
    append(&more, &a);
    append(&root, &more);
    root
}

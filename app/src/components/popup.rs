//! The popup of an event on the reader's map, built as DOM nodes from text
//! (never from an HTML string), so event text such as `<script>` shows
//! literally and runs nothing. Browser only.

use web_sys::{Document, HtmlElement};

use domain::dates::human_range;
use domain::event::{DatePrecision, Event};
use domain::labels::{geo_precision_note, kind_label};

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

/// The popup for `e`: title, kind and dates, place and its precision,
/// actors, crowd size, description, sources (links only for http/https)
/// and a link to the event's own page.
/// In an embed (`embedded`), the event page opens in a new tab.
pub fn popup(doc: &Document, e: &Event, embedded: bool) -> HtmlElement {
    let root = el(doc, "div", "popup", None);
    let _ = root.set_attribute("data-event-id", &e.id);
    // Event text may be Persian or Arabic: its direction comes from itself.
    let title = el(doc, "h3", "popup-title", Some(&e.title));
    let _ = title.set_attribute("dir", "auto");
    append(&root, &title);
    let when = human_range(e.dates, e.date_precision == DatePrecision::Approximate);
    append(&root, &el(doc, "p", "popup-meta", Some(&format!("{} · {when}", kind_label(e.kind)))));
    let place = format!("{} ({})", e.location_name, geo_precision_note(e.geo_precision));
    append(&root, &el(doc, "p", "popup-where", Some(&place)));
    if let Some(a) = &e.actors {
        append(&root, &el(doc, "p", "popup-actors", Some(&format!("Who: {a}"))));
    }
    if let Some(c) = &e.crowd_size_text {
        append(&root, &el(doc, "p", "popup-crowd", Some(&format!("Crowd, as reported: {c}"))));
    }
    if !e.description.is_empty() {
        let description = el(doc, "p", "popup-description", Some(&e.description));
        let _ = description.set_attribute("dir", "auto");
        append(&root, &description);
    }
    let sources = el(doc, "p", "popup-sources", Some("Source: "));
    for (i, s) in e.sources.iter().enumerate() {
        if i > 0 {
            let _ = sources.append_with_str_1(", ");
        }
        match s.url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
            Some(u) => {
                let a = el(doc, "a", "", Some(&s.name));
                let _ = a.set_attribute("href", u);
                let _ = a.set_attribute("target", "_blank");
                let _ = a.set_attribute("rel", "noopener noreferrer");
                append(&sources, &a);
            }
            None => {
                let _ = sources.append_with_str_1(&s.name);
            }
        }
    }
    append(&root, &sources);
    let more = el(doc, "p", "popup-more", None);
    let a = el(doc, "a", "", Some("Event page"));
    let _ = a.set_attribute("href", &format!("/events/{}", e.id));
    if embedded {
        let _ = a.set_attribute("target", "_blank");
        let _ = a.set_attribute("rel", "noopener");
    }
    append(&more, &a);
    append(&root, &more);
    root
}

//! The events of a crowd that zooming cannot split and that is larger than
//! a spread shows (a square where people gather every week): a list in a
//! popup, ten rows a page with Previous and Next buttons, each row a link
//! that opens the event's own popup. Every event stays reachable from the
//! map at any density, by pointer and by keyboard (focus starts on the
//! list's heading; Tab walks the rows and the buttons).
//!
//! The rows come from `/api/map/list` for the window and the crowd's box,
//! and are built from text nodes. Browser only.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use time::Date;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement};

use super::loader::{events_query, fetch_json, ListAnswer};
use crate::components::leaflet::listener::DomListener;
use crate::i18n::{Arg, Lang};
use domain::cluster::CrowdBox;
use domain::dates::day_number;
use domain::event::DatePrecision;

/// Rows on a page of the list.
pub const PAGE: u64 = 10;

/// The box is grown by this many degrees (about 1 m) for the request: the
/// browser's points are within that of the stored ones.
const MARGIN: f64 = 2e-5;

/// The list's elements and what it shows.
struct Parts {
    lang: Lang,
    heading: HtmlElement,
    rows: HtmlElement,
    status: HtmlElement,
    previous: HtmlElement,
    next: HtmlElement,
    /// The query (window and the crowd's box) of the crowd's events.
    query: String,
    /// The first row shown.
    offset: Cell<u64>,
    /// How many events the crowd has (the server's count once it answered).
    total: Cell<u64>,
    /// The latest page asked for: an older answer that arrives later is
    /// dropped.
    asked: Cell<u64>,
    /// Called once a page is shown: the popup lays itself out again (its
    /// height changed) and pans back into view.
    shown: Box<dyn Fn()>,
}

/// A crowd's list; its handlers are removed when it is dropped (when its
/// popup closes or another replaces it).
pub struct CrowdList {
    root: HtmlElement,
    _listeners: Vec<DomListener>,
}

fn el(doc: &Document, tag: &str, class: &str) -> HtmlElement {
    let e: HtmlElement = doc.create_element(tag).expect("createElement with a valid tag name").unchecked_into();
    if !class.is_empty() {
        e.set_class_name(class);
    }
    e
}

impl CrowdList {
    /// The list of the `count` events of `window` in `bbox` that `filter`
    /// selects; `pick` is called with the id of a row the reader chooses,
    /// `shown` after each page of rows is shown.
    pub fn new(
        window: (Date, Date),
        filter: &domain::filter::PropertyFilter,
        bbox: CrowdBox,
        count: usize,
        lang: Lang,
        pick: impl Fn(String) + 'static,
        shown: impl Fn() + 'static,
    ) -> Self {
        let doc = document();
        let root = el(&doc, "div", "popup crowd");
        let heading = el(&doc, "h2", "popup-title crowd-title");
        let rows = el(&doc, "ol", "crowd-rows");
        let status = el(&doc, "p", "crowd-status");
        let _ = status.set_attribute("aria-live", "polite");
        let pager = el(&doc, "p", "crowd-pager");
        let previous = el(&doc, "button", "crowd-previous");
        let next = el(&doc, "button", "crowd-next");
        for (b, key) in [(&previous, "crowd-previous"), (&next, "crowd-next")] {
            let _ = b.set_attribute("type", "button");
            b.set_text_content(Some(&lang.t(key)));
            let _ = pager.append_child(b);
        }
        let _ = pager.insert_before(&status, Some(&next));
        for child in [&heading, &rows, &pager] {
            let _ = root.append_child(child);
        }
        let query = events_query(day_number(window.0), day_number(window.1), Some(bbox.to_bbox(MARGIN)), filter);
        let parts = Rc::new(Parts {
            lang,
            heading,
            rows,
            status,
            previous,
            next,
            query,
            offset: Cell::new(0),
            total: Cell::new(count as u64),
            asked: Cell::new(0),
            shown: Box::new(shown),
        });
        let mut listeners = Vec::new();
        for (button, step) in [(&parts.previous, -1i64), (&parts.next, 1i64)] {
            let p = parts.clone();
            listeners.push(DomListener::on(button, "click", true, move |_| {
                let offset = p.offset.get().saturating_add_signed(step * PAGE as i64);
                if offset < p.total.get() && (step > 0 || p.offset.get() > 0) {
                    load(p.clone(), offset);
                }
            }));
        }
        // One handler for every row's link: a plain click opens the event
        // on the map; a click with a modifier opens its page as links do.
        listeners.push(DomListener::on(&parts.rows, "click", false, move |ev| {
            let Ok(ev) = ev.dyn_into::<web_sys::MouseEvent>() else { return };
            if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
                return;
            }
            let link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("a[data-id]").ok().flatten());
            if let Some(id) = link.and_then(|a| a.get_attribute("data-id")) {
                ev.prevent_default();
                pick(id);
            }
        }));
        show_page(&parts, &[]);
        load(parts, 0);
        Self { root, _listeners: listeners }
    }

    /// The list's element, for the popup.
    pub fn element(&self) -> &HtmlElement {
        &self.root
    }
}

/// Fetches the page at `offset` and shows it.
fn load(parts: Rc<Parts>, offset: u64) {
    let n = parts.asked.get() + 1;
    parts.asked.set(n);
    let url = format!("/api/map/list?{}&offset={offset}&limit={PAGE}", parts.query);
    leptos::task::spawn_local(async move {
        let Some(answer) = fetch_json::<ListAnswer>(&url).await else { return };
        if parts.asked.get() != n {
            return;
        }
        parts.offset.set(offset);
        parts.total.set(answer.total as u64);
        show_page(&parts, &answer.items);
        (parts.shown)();
    });
}

/// Writes the heading, the rows, the status ("11–20 of 25") and the
/// buttons' state.
fn show_page(parts: &Parts, items: &[domain::store::ListItem]) {
    let lang = parts.lang;
    let (offset, total) = (parts.offset.get(), parts.total.get());
    let count = i64::try_from(total).unwrap_or(i64::MAX);
    parts.heading.set_text_content(Some(&lang.t_with("crowd-heading", &[("count", Arg::Number(count))])));
    let doc = document();
    parts.rows.set_text_content(None);
    let _ = parts.rows.set_attribute("start", &(offset + 1).to_string());
    for item in items {
        let li = el(&doc, "li", "");
        let a = el(&doc, "a", "");
        let _ = a.set_attribute("href", &crate::base::href(&format!("/events/{}", item.id)));
        let _ = a.set_attribute("data-id", &item.id);
        let _ = a.set_attribute("dir", "auto");
        a.set_text_content(Some(&item.title));
        let when = el(&doc, "span", "crowd-when");
        let approximate = item.date_precision == DatePrecision::Approximate;
        when.set_text_content(Some(&format!("{} · {}", lang.kind(item.kind), lang.range(item.dates, approximate))));
        let _ = li.append_child(&a);
        let _ = li.append_child(&when);
        let _ = parts.rows.append_child(&li);
    }
    let last = offset + items.len() as u64;
    let status = if items.is_empty() {
        lang.t("loading")
    } else {
        let n = |v: u64| Arg::Number(i64::try_from(v).unwrap_or(i64::MAX));
        lang.t_with("crowd-page", &[("first", n(offset + 1)), ("last", n(last)), ("count", n(total))])
    };
    parts.status.set_text_content(Some(&status));
    // Buttons that lead nowhere stay focusable (a disabled button would
    // drop the focus of the reader who just pressed it), and say so.
    let _ = parts.previous.set_attribute("aria-disabled", if offset == 0 { "true" } else { "false" });
    let _ = parts.next.set_attribute("aria-disabled", if items.is_empty() || last >= total { "true" } else { "false" });
}

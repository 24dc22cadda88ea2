//! What the reader has opened on the map: the selected event's popup (its
//! text fetched once), the list of a crowd's events ([`super::crowd`]),
//! where the keyboard focus goes when a popup opens and closes, and the
//! notice for a link to an event that is not there. Browser only.
//!
//! A popup opens only once the map has its first view: a view set after it
//! would undo the popup's pan into view (a phone's popup under the page's
//! header). Every popup pans itself into view, keeping clear of the zoom
//! buttons, and the map moves only when it has to.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::controller::Controller;
use super::crowd::CrowdList;
use super::loader::fetch_text;
use super::selected::Shown;
use crate::components::leaflet::options::{Pixels, PopupOptions, ViewOptions};
use crate::components::leaflet::{self as l, LatLon};
use crate::components::popup;
use domain::cluster::CrowdBox;
use domain::event::Event;

/// Room kept between a popup and the map's edges when it pans into view,
/// pixels.
const EDGE: f64 = 8.0;

/// A popup's width beyond its content's: Leaflet's margins (20 and 24 px)
/// and border, pixels.
const POPUP_FRAME: f64 = 46.0;

/// How far `el`'s left edge is from `ancestor`'s, pixels.
fn left_within(el: &HtmlElement, ancestor: &HtmlElement) -> f64 {
    let mut x = 0.0;
    let mut at = Some(el.clone());
    while let Some(e) = at.filter(|e| !e.is_same_node(Some(ancestor))) {
        x += f64::from(e.offset_left());
        at = e.offset_parent().and_then(|p| p.dyn_into::<HtmlElement>().ok());
    }
    x
}

/// The event at `id` as the API serves it.
async fn fetch_event(id: &str) -> Option<Event> {
    domain::geojson::read_written(&fetch_text(&format!("/api/events/{id}")).await?)
}

impl Controller {
    /// Whether `id` is a public event, as far as the browser's events tell:
    /// `Some(false)` only when they are all the public events.
    fn exists(&self, id: &str) -> Option<bool> {
        self.s.data.with_untracked(|d| {
            let d = d.as_ref()?;
            if d.index.position(id).is_some() {
                return Some(true);
            }
            (d.covers == (i32::MIN, i32::MAX)).then_some(false)
        })
    }

    /// Opens the popup of `id` (fetching its text once); with `reveal`,
    /// centres the map on it and moves the focus to it. `None` closes an
    /// event's popup.
    pub(super) fn select(self: &Rc<Self>, id: Option<String>, reveal: bool) {
        let sel = &self.selection;
        let Some(id) = id else {
            if matches!(*sel.open.borrow(), Some(Shown::Event { .. })) {
                self.map.close_popup();
            }
            self.redraw_soon();
            return;
        };
        let open =
            matches!(&*sel.open.borrow(), Some(Shown::Event { id: open, popup }) if *open == id && popup.is_open());
        if open && !reveal {
            return;
        }
        if sel.missing.borrow().contains(&id) {
            self.not_found(&id);
            return;
        }
        match self.exists(&id) {
            Some(false) => {
                sel.missing.borrow_mut().insert(id.clone());
                self.not_found(&id);
                return;
            }
            // The browser's events are coming and will tell, without a
            // request that could fail; this is called again then.
            None if !self.s.server_clusters.get_untracked() => return,
            _ => {}
        }
        sel.notice.set(None);
        let cached = sel.events.borrow().get(&id).cloned();
        if let Some(e) = cached {
            self.show(e, reveal);
            return;
        }
        let already = sel.asking.borrow().contains_key(&id);
        *sel.asking.borrow_mut().entry(id.clone()).or_insert(false) |= reveal;
        if already {
            return;
        }
        let me = Rc::downgrade(self);
        leptos::task::spawn_local(async move {
            let found = fetch_event(&id).await;
            let Some(c) = me.upgrade() else { return };
            let reveal = c.selection.asking.borrow_mut().remove(&id).unwrap_or(false);
            // The reader may have chosen another event while this loaded.
            let still = c.s.selected.get_untracked().as_deref() == Some(id.as_str());
            match found {
                Some(e) => {
                    c.selection.events.borrow_mut().insert(id, e.clone());
                    if still {
                        c.show(e, reveal);
                    }
                }
                None => {
                    c.selection.missing.borrow_mut().insert(id.clone());
                    if still {
                        c.not_found(&id);
                    }
                }
            }
        });
    }

    /// Tells the reader that the event asked for is not there, and forgets
    /// it (the address loses it too).
    fn not_found(&self, id: &str) {
        self.selection.notice.set(Some(self.lang.t("event-not-found")));
        if self.s.selected.get_untracked().as_deref() == Some(id) {
            self.s.selected.set(None);
        }
    }

    /// Shows `e`'s popup, once the map has its first view.
    fn show(self: &Rc<Self>, e: Event, reveal: bool) {
        if !self.placed.get() {
            *self.selection.waiting.borrow_mut() = Some((e, reveal));
            return;
        }
        if reveal {
            self.map.set_view(LatLon { lat: e.lat, lon: e.lon }, self.map.get_zoom(), &ViewOptions::instant());
        }
        let open = matches!(&*self.selection.open.borrow(), Some(Shown::Event { id, popup }) if *id == e.id && popup.is_open());
        if open {
            if reveal {
                self.keep_popup_in_view();
            }
        } else {
            self.open_popup(&e);
        }
        if reveal {
            self.take_focus();
        }
        self.redraw_soon();
    }

    /// Opens the popup that waited for the map's first view.
    pub(super) fn open_waiting_popup(self: &Rc<Self>) {
        let waiting = self.selection.waiting.borrow_mut().take();
        if let Some((e, reveal)) = waiting {
            if self.s.selected.get_untracked().as_deref() == Some(e.id.as_str()) {
                self.show(e, reveal);
            }
        }
    }

    /// A popup's options for this map: as wide and tall as the map allows
    /// (it may be a 300×250 embed), panned into view clear of the zoom
    /// buttons.
    fn popup_options(&self) -> PopupOptions {
        let (w, h) = (f64::from(self.element.client_width()), f64::from(self.element.client_height()));
        let (top_left, bottom_right) = self.clear_of_zoom_buttons();
        // The content's width: what the map leaves beside the zoom buttons,
        // less the popup's own margins (44 px) and border.
        let room = w - top_left.0 - bottom_right.0 - POPUP_FRAME;
        PopupOptions {
            auto_pan: Some(true),
            max_width: Some(room.clamp(120.0, 320.0)),
            min_width: Some(room.clamp(100.0, 220.0)),
            max_height: Some((h - 80.0).clamp(60.0, 240.0)),
            auto_pan_padding_top_left: Some(top_left),
            auto_pan_padding_bottom_right: Some(bottom_right),
            ..Default::default()
        }
    }

    /// The room a popup keeps from the map's top-left and bottom-right
    /// corners: beside the zoom buttons (top left, or top right on a
    /// right-to-left page), the buttons' width, so that they never cover
    /// the popup's first words.
    fn clear_of_zoom_buttons(&self) -> (Pixels, Pixels) {
        let buttons = self.element.query_selector(".leaflet-control-zoom").ok().flatten();
        let Some(b) = buttons.and_then(|b| b.dyn_into::<HtmlElement>().ok()) else {
            return (Pixels(EDGE, EDGE), Pixels(EDGE, EDGE));
        };
        let width = f64::from(self.element.client_width());
        let left = left_within(&b, &self.element);
        let right = left + f64::from(b.offset_width());
        if left < width - right {
            (Pixels(right + EDGE, EDGE), Pixels(EDGE, EDGE))
        } else {
            (Pixels(EDGE, EDGE), Pixels(width - left + EDGE, EDGE))
        }
    }

    fn open_popup(&self, e: &Event) {
        let options = PopupOptions { event_id: Some(e.id.clone()), ..self.popup_options() };
        let p = l::Popup::new(&options);
        p.set_lat_lng(LatLon { lat: e.lat, lon: e.lon });
        p.set_content(&popup::popup(&document(), e, self.embedded, self.lang));
        self.replace_popup(Shown::Event { id: e.id.clone(), popup: p });
    }

    /// Opens `shown`, replacing what was open (whose closing is then not
    /// the reader's).
    fn replace_popup(&self, shown: Shown) {
        let before = self.selection.open.borrow_mut().take();
        let p = shown.popup().clone();
        *self.selection.open.borrow_mut() = Some(shown);
        p.open_on(&self.map);
        drop(before);
    }

    /// Lists the events of a crowd that zooming cannot split, in a popup at
    /// `at`, ten at a time; focus moves to its heading.
    pub(super) fn open_crowd(self: &Rc<Self>, bbox: CrowdBox, count: usize, at: LatLon) {
        let me = Rc::downgrade(self);
        // The row's event opens once the click that chose it is over (its
        // handler belongs to the list this replaces).
        let pick = move |id: String| {
            let me = me.clone();
            leptos::task::spawn_local(async move {
                if let Some(c) = me.upgrade() {
                    c.s.selected.set(Some(id.clone()));
                    c.s.focus.set(Some(id));
                }
            });
        };
        let me = Rc::downgrade(self);
        let shown = move || {
            if let Some(c) = me.upgrade() {
                c.keep_popup_in_view();
            }
        };
        let filter = self.s.filter.get_untracked();
        let list = CrowdList::new(self.s.window.get_untracked(), &filter, bbox, count, self.lang, pick, shown);
        let options = PopupOptions { class_name: Some("crowd-popup".into()), ..self.popup_options() };
        let p = l::Popup::new(&options);
        p.set_lat_lng(at);
        p.set_content(list.element());
        if self.s.selected.get_untracked().is_some() {
            self.s.selected.set(None);
        }
        self.replace_popup(Shown::Crowd { popup: p, _list: list });
        self.take_focus();
    }

    /// After Leaflet closed `p`: if it was ours (not one replaced by
    /// another), focus goes back where it came from, and an event's popup
    /// clears the selection.
    pub(super) fn popup_closed(self: &Rc<Self>, p: &l::Popup) {
        let ours = self.selection.open.borrow().as_ref().is_some_and(|s| js_sys::Object::is(s.popup(), p));
        if !ours {
            return;
        }
        let shown = self.selection.open.borrow_mut().take();
        self.give_focus_back();
        if let Some(Shown::Event { id, .. }) = shown {
            if self.s.selected.get_untracked().as_deref() == Some(id.as_str()) {
                self.s.selected.set(None);
            }
        }
        self.redraw_soon();
    }

    /// Closes whatever popup is open (Escape).
    pub(super) fn close_popups(&self) {
        if self.selection.open.borrow().is_some() {
            self.map.close_popup();
        }
    }

    /// Lays the open popup out again (its size changed, or the map's) and
    /// pans it back into view if it left it. Leaflet puts the content in
    /// anew: the keyboard focus in it is put back.
    pub(super) fn keep_popup_in_view(&self) {
        let open = self.selection.open.borrow().as_ref().map(|s| s.popup().clone());
        let Some(p) = open.filter(l::Popup::is_open) else { return };
        let focused = document()
            .active_element()
            .and_then(|a| a.dyn_into::<HtmlElement>().ok())
            .filter(|a| p.get_element().is_some_and(|el| el.contains(Some(a))));
        p.options().set_auto_pan(true);
        p.update();
        if let Some(a) = focused {
            let _ = a.focus();
        }
    }

    /// Moves the keyboard focus to the open popup's title (read out by
    /// screen readers), remembering where it was, unless it was in a popup
    /// already (a crowd's list: its opener stays the one to go back to).
    fn take_focus(&self) {
        let title = self
            .selection
            .open
            .borrow()
            .as_ref()
            .and_then(|s| s.popup().get_element())
            .and_then(|el| el.query_selector(".popup-title").ok().flatten());
        let Some(title) = title else { return };
        let title: HtmlElement = title.unchecked_into();
        let before = document().active_element().and_then(|a| a.dyn_into::<HtmlElement>().ok());
        let in_popup = |b: &HtmlElement| b.closest(".leaflet-popup").ok().flatten().is_some();
        if let Some(b) = before.filter(|b| !title.is_same_node(Some(b)) && !in_popup(b)) {
            *self.selection.opener.borrow_mut() = Some(b);
        }
        let _ = title.set_attribute("tabindex", "-1");
        let _ = title.focus();
    }

    /// After a popup closed: focus goes back to where it came from, unless
    /// the reader has moved it elsewhere since.
    fn give_focus_back(&self) {
        let Some(opener) = self.selection.opener.borrow_mut().take() else { return };
        let lost = document().active_element().is_none_or(|a| {
            a.tag_name().eq_ignore_ascii_case("body") || a.closest(".leaflet-popup").ok().flatten().is_some()
        });
        if lost && opener.is_connected() {
            let _ = opener.focus();
        }
    }
}

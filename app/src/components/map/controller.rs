//! The Leaflet map of the reader's page, kept in step with the page's
//! signals: the window's events on one canvas (clustered where they crowd),
//! the open popup, the view. Browser only.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::canvas::{Drawn, EventCanvas};
use super::gestures;
use super::loader::{datetime, fetch_json, fetch_text};
use super::state::MapSignals;
use crate::components::leaflet::listener::{DomListener, Listener};
use crate::components::leaflet::options::{MapOptions, PopupOptions, ViewOptions};
use crate::components::leaflet::{self as l, pair};
use crate::components::popup;
use crate::i18n::Lang;
use domain::cluster::{unproject, Cluster};
use domain::dates::day_number;
use domain::event::Event;
use domain::permalink::MapView;
use domain::tiles::TileLayer;

struct Controller {
    map: l::LMap,
    canvas: RefCell<EventCanvas>,
    s: MapSignals,
    element: web_sys::HtmlElement,
    embedded: bool,
    /// The interface's language, for popups.
    lang: Lang,
    /// While true, opening a popup must not move the map: the view came
    /// from a permalink and is restored exactly.
    keep_view: Cell<bool>,
    /// Whether the first view has been set (from the permalink or by
    /// fitting the first events loaded).
    placed: Cell<bool>,
    /// A redraw is asked for the next animation frame.
    frame_asked: Cell<bool>,
    /// The open popup and its event.
    popup: RefCell<Option<(String, l::Popup)>>,
    /// Where the keyboard focus was when a popup took it (a list row):
    /// it goes back there when the popup closes.
    opener: RefCell<Option<web_sys::HtmlElement>>,
    /// Events fetched for popups, by id.
    events: RefCell<HashMap<String, Event>>,
    /// The server's clusters for the view, when it counts them.
    counted: RefCell<Vec<Cluster>>,
    cluster_request: Cell<u64>,
    _listeners: RefCell<Vec<Listener>>,
    _dom_listeners: Vec<DomListener>,
    /// Watches the map's size: an embed in a closed `<details>` or a hidden
    /// tab has none until it is shown, and is fitted then.
    resize: RefCell<Option<SizeWatch>>,
}

/// A `ResizeObserver` and the callback it calls.
type SizeWatch = (web_sys::ResizeObserver, Closure<dyn FnMut(JsValue)>);

impl Drop for Controller {
    fn drop(&mut self) {
        if let Some((observer, _)) = self.resize.borrow_mut().take() {
            observer.disconnect();
        }
    }
}

fn no_animation() -> JsValue {
    ViewOptions { animate: Some(false), ..Default::default() }.to_js()
}

/// The event at `id` as the API serves it.
async fn fetch_event(id: &str) -> Option<Event> {
    domain::geojson::read_written(&fetch_text(&format!("/api/events/{id}")).await?)
}

impl Controller {
    fn new(
        el: web_sys::HtmlElement,
        s: MapSignals,
        tiles: Option<TileLayer>,
        embedded: bool,
        lang: Lang,
    ) -> Option<Rc<Self>> {
        let mobile = l::MOBILE.with(|m| *m);
        let options = MapOptions {
            prefer_canvas: Some(true),
            world_copy_jump: Some(true),
            min_zoom: Some(1.0),
            max_zoom: Some(18.0),
            scroll_wheel_zoom: Some(!embedded),
            // On a phone, one finger scrolls the host page; two move the map.
            dragging: Some(!(embedded && mobile)),
        };
        let map = l::new_map(&el, &options.to_js());
        name_zoom_buttons(&el, lang);
        l::add_base_layer(&map, &el, tiles.as_ref());
        let canvas = EventCanvas::new(&map)?;
        let (listeners, mut dom_listeners) =
            if embedded { gestures::polite_in_host_page(&map, &el, lang) } else { (Vec::new(), Vec::new()) };
        if embedded {
            dom_listeners.push(gestures::links_open_outside(&el));
        }
        map.set_view(&pair(20.0, 0.0), 2.0, &no_animation());
        let c = Rc::new(Controller {
            map,
            canvas: RefCell::new(canvas),
            s,
            element: el,
            embedded,
            lang,
            keep_view: Cell::new(false),
            placed: Cell::new(false),
            frame_asked: Cell::new(false),
            popup: RefCell::new(None),
            opener: RefCell::new(None),
            events: RefCell::new(HashMap::new()),
            counted: RefCell::new(Vec::new()),
            cluster_request: Cell::new(0),
            _listeners: RefCell::new(listeners),
            _dom_listeners: dom_listeners,
            resize: RefCell::new(None),
        });
        c.listen();
        Some(c)
    }

    /// Map events: moves redraw (and ask the server for clusters when it
    /// counts), clicks open what was hit, popups closing clear the
    /// selection.
    fn listen(self: &Rc<Self>) {
        let s = self.s;
        let w = Rc::downgrade(self);
        let moved = Listener::on(&self.map, "moveend", move |_| {
            let Some(c) = w.upgrade() else { return };
            // Before the first placement the map only shows where Leaflet
            // started (or a size change moved it): that is not a view the
            // reader chose, and taken for one it would look like a
            // permalink and stop the fit to the events.
            if !c.placed.get() {
                return;
            }
            let centre = c.map.get_center().wrap();
            let v = MapView { lat: centre.lat(), lon: centre.lng(), zoom: c.map.get_zoom() };
            if s.view.get_untracked() != Some(v) {
                s.view.set(Some(v));
            }
            s.bbox.set(Some(c.view_bbox()));
            c.redraw_soon();
            if s.server_clusters.get_untracked() {
                c.ask_for_clusters();
            }
        });
        let w = Rc::downgrade(self);
        let resized = Listener::on(&self.map, "resize", move |_| {
            if let Some(c) = w.upgrade() {
                c.redraw_soon();
            }
        });
        let w = Rc::downgrade(self);
        // A reader who drags the map before the events arrive has chosen a
        // view: it is not fitted over.
        let dragged = Listener::on(&self.map, "dragstart", move |_| {
            if let Some(c) = w.upgrade() {
                c.placed.set(true);
            }
        });
        let w = Rc::downgrade(self);
        let clicked = Listener::on(&self.map, "click", move |e| {
            if let (Some(c), Some((x, y))) = (w.upgrade(), container_point(&e)) {
                c.clicked(x, y);
            }
        });
        let w = Rc::downgrade(self);
        let hovered = Listener::on(&self.map, "mousemove", move |e| {
            if let (Some(c), Some((x, y))) = (w.upgrade(), container_point(&e)) {
                let over = c.canvas.borrow().hit(&c.map, x, y, 2.0).is_some();
                let _ = c.element.style().set_property("cursor", if over { "pointer" } else { "" });
            }
        });
        let w = Rc::downgrade(self);
        let closed = Listener::on(&self.map, "popupclose", move |e| {
            let Some(c) = w.upgrade() else { return };
            // Only the popup we keep: one replaced by another is not the
            // reader closing it.
            let ours = c.popup.borrow().as_ref().is_some_and(|(_, p)| {
                Reflect::get(&e, &"popup".into()).is_ok_and(|closed| js_sys::Object::is(&closed, p))
            });
            if !ours {
                return;
            }
            *c.popup.borrow_mut() = None;
            c.give_focus_back();
            if let Some(id) = popup_event_id(&e) {
                if s.selected.get_untracked().as_deref() == Some(id.as_str()) {
                    s.selected.set(None);
                }
            }
        });
        self._listeners.borrow_mut().extend([moved, resized, dragged, clicked, hovered, closed]);
        let w = Rc::downgrade(self);
        let sized = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            let Some(c) = w.upgrade() else { return };
            if c.element.client_width() > 0 && c.element.client_height() > 0 {
                c.map.invalidate_size();
                c.place_first();
                c.redraw_soon();
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(sized.as_ref().unchecked_ref()) {
            observer.observe(&self.element);
            *self.resize.borrow_mut() = Some((observer, sized));
        }
    }

    /// Redraws once, at the next animation frame, however often it is asked.
    fn redraw_soon(self: &Rc<Self>) {
        if self.frame_asked.replace(true) {
            return;
        }
        let w = Rc::downgrade(self);
        request_animation_frame(move || {
            if let Some(c) = w.upgrade() {
                c.frame_asked.set(false);
                c.redraw();
            }
        });
    }

    fn redraw(&self) {
        let mut canvas = self.canvas.borrow_mut();
        canvas.reset(&self.map);
        let drawn = if self.s.server_clusters.get_untracked() {
            let counted = self.counted.borrow();
            canvas.draw_counted(&counted);
            counted.iter().map(|c| c.count as usize).sum::<usize>()
        } else {
            let visible = self.s.visible.get_untracked();
            self.s.data.with_untracked(|d| {
                if let Some(d) = d {
                    let position = |id: &Option<String>| id.as_deref().and_then(|id| d.index.position(id));
                    let ringed =
                        [self.s.selected.with_untracked(position), self.s.highlighted.with_untracked(position)];
                    let at_max = self.map.get_zoom() >= self.map.get_max_zoom();
                    let drawn = canvas.draw_events(&d.index, &visible, ringed, at_max);
                    // Which markers carry a ring, for tests and styling.
                    let ids: Vec<String> = drawn.into_iter().map(|m| d.index.entry(m).id).collect();
                    let _ = self.element.set_attribute("data-ringed", &ids.join(" "));
                }
            });
            visible.len()
        };
        let _ = self.element.set_attribute("data-markers", &drawn.to_string());
    }

    /// The first view: the permalink's, else one that fits the window's
    /// events once they are loaded (all events when the window is empty).
    fn place_first(&self) {
        // Hidden (a closed <details>, a hidden tab): fitting now would fit
        // a map of no size; the size observer places it when it is shown.
        if self.placed.get() || self.element.client_width() == 0 || self.element.client_height() == 0 {
            return;
        }
        // Leaflet keeps the size it last measured: a map shown a moment ago
        // may still count as 0×0 until the size observer runs, and a fit
        // then goes to the highest zoom.
        self.map.invalidate_size();
        // Placed before moving, so that the move's `moveend` records the
        // view.
        if let Some(v) = self.s.view.get_untracked() {
            self.keep_view.set(true);
            self.placed.set(true);
            self.map.set_view(&pair(v.lat, v.lon), v.zoom, &no_animation());
            return;
        }
        let bounds = self.s.data.with_untracked(|d| {
            let d = d.as_ref()?;
            let visible = self.s.visible.get_untracked();
            let all: Vec<u32>;
            let members: &[u32] = if visible.is_empty() {
                all = (0..d.index.len() as u32).collect();
                &all
            } else {
                &visible
            };
            let (mut s, mut w, mut n, mut e) = (90.0f64, 180.0f64, -90.0f64, -180.0f64);
            for &m in members {
                let (lon, lat) = (f64::from(d.index.lon[m as usize]), f64::from(d.index.lat[m as usize]));
                s = s.min(lat);
                n = n.max(lat);
                w = w.min(lon);
                e = e.max(lon);
            }
            (!members.is_empty()).then_some((s, w, n, e))
        });
        if let Some((s, w, n, e)) = bounds {
            let fit = ViewOptions { animate: Some(false), padding: Some(pair(40.0, 40.0)), max_zoom: Some(8.0) };
            self.placed.set(true);
            self.map.fit_bounds(&Array::of2(&pair(s, w), &pair(n, e)), &fit.to_js());
        }
    }

    fn clicked(self: &Rc<Self>, x: f64, y: f64) {
        let Some(hit) = self.canvas.borrow().hit(&self.map, x, y, 4.0) else { return };
        match hit {
            Drawn::Event(m) => {
                let id = self.s.data.with_untracked(|d| d.as_ref().map(|d| d.index.ids[m].clone()));
                if let Some(id) = id {
                    self.keep_view.set(false);
                    self.s.selected.set(Some(id));
                }
            }
            Drawn::Crowd(members) => {
                let bounds = self.s.data.with_untracked(|d| {
                    let d = d.as_ref()?;
                    let lats = members.iter().map(|&m| f64::from(d.index.lat[m]));
                    let lons = members.iter().map(|&m| f64::from(d.index.lon[m]));
                    let (s, n) = lats.fold((90.0f64, -90.0f64), |(a, b), v| (a.min(v), b.max(v)));
                    let (w, e) = lons.fold((180.0f64, -180.0f64), |(a, b), v| (a.min(v), b.max(v)));
                    Some((s, w, n, e))
                });
                if let Some((s, w, n, e)) = bounds {
                    let fit = ViewOptions { animate: Some(true), padding: Some(pair(40.0, 40.0)), max_zoom: None };
                    self.map.fit_bounds(&Array::of2(&pair(s, w), &pair(n, e)), &fit.to_js());
                }
            }
            Drawn::Counted { lon, lat, .. } => {
                let zoom = (self.map.get_zoom() + 2.0).min(self.map.get_max_zoom());
                self.map.set_view(&pair(lat, lon), zoom, &JsValue::UNDEFINED);
            }
        }
    }

    /// The view as a `bbox` parameter, `west,south,east,north` in degrees
    /// (west > east across the antimeridian; the world when wider).
    fn view_bbox(&self) -> String {
        let zoom = self.map.get_zoom();
        let b = self.map.get_pixel_bounds();
        let (w, n) = unproject(b.min().x(), b.min().y(), zoom);
        let (e, s) = unproject(b.max().x(), b.max().y(), zoom);
        if e - w >= 360.0 {
            "-180,-90,180,90".to_owned()
        } else {
            let wrap = |x: f64| (x + 180.0).rem_euclid(360.0) - 180.0;
            format!("{:.5},{:.5},{:.5},{:.5}", wrap(w), s.max(-90.0), wrap(e), n.min(90.0))
        }
    }

    /// Asks the server for the clusters of the view and the window.
    fn ask_for_clusters(self: &Rc<Self>) {
        let (start, end) = self.s.window.get_untracked();
        let zoom = self.map.get_zoom();
        let bbox = self.view_bbox();
        let url = format!("/api/map/clusters?{}&bbox={bbox}&zoom={zoom}", datetime(day_number(start), day_number(end)));
        let n = self.cluster_request.get() + 1;
        self.cluster_request.set(n);
        let me = Rc::downgrade(self);
        leptos::task::spawn_local(async move {
            #[derive(serde::Deserialize)]
            struct Answer {
                clusters: Vec<Cluster>,
            }
            let Some(answer) = fetch_json::<Answer>(&url).await else { return };
            let Some(c) = me.upgrade() else { return };
            if c.cluster_request.get() == n {
                *c.counted.borrow_mut() = answer.clusters;
                c.redraw_soon();
            }
        });
    }

    /// Opens the popup of `id` (fetching its text once), without moving the
    /// map when the view came from a permalink; `None` closes any popup.
    fn select(self: &Rc<Self>, id: Option<String>, reveal: bool) {
        let Some(id) = id else {
            self.map.close_popup();
            *self.popup.borrow_mut() = None;
            self.redraw_soon();
            return;
        };
        if !reveal && self.popup.borrow().as_ref().is_some_and(|(open, p)| *open == id && p.is_open()) {
            return;
        }
        let me = Rc::downgrade(self);
        leptos::task::spawn_local(async move {
            let Some(c) = me.upgrade() else { return };
            let cached = c.events.borrow().get(&id).cloned();
            let event = match cached {
                Some(e) => e,
                None => {
                    let Some(e) = fetch_event(&id).await else { return };
                    c.events.borrow_mut().insert(id.clone(), e.clone());
                    e
                }
            };
            // The reader may have chosen another event while this loaded.
            if c.s.selected.get_untracked().as_deref() != Some(id.as_str()) {
                return;
            }
            if reveal {
                c.map.set_view(&pair(event.lat, event.lon), c.map.get_zoom(), &no_animation());
                c.keep_view.set(false);
            }
            let open = c.popup.borrow().as_ref().is_some_and(|(open, p)| *open == id && p.is_open());
            if open {
                if reveal {
                    // Pan so that all of the popup shows.
                    if let Some((_, p)) = c.popup.borrow().as_ref() {
                        PopupOptions { auto_pan: Some(true), ..Default::default() }.set_on(&p.options());
                        p.update();
                    }
                }
            } else {
                c.open_popup(&event);
            }
            if reveal {
                c.take_focus();
            }
            c.redraw_soon();
        });
    }

    /// Moves the keyboard focus to the open popup's title (read out by
    /// screen readers), remembering where it was.
    fn take_focus(&self) {
        let Some(title) = self
            .popup
            .borrow()
            .as_ref()
            .and_then(|(_, p)| p.get_element())
            .and_then(|el| el.query_selector(".popup-title").ok().flatten())
        else {
            return;
        };
        let title: web_sys::HtmlElement = title.unchecked_into();
        let before = document().active_element().and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(b) = before.filter(|b| !title.is_same_node(Some(b))) {
            *self.opener.borrow_mut() = Some(b);
        }
        let _ = title.set_attribute("tabindex", "-1");
        let _ = title.focus();
    }

    /// After a popup closed: focus goes back to where it came from, unless
    /// the reader has moved it elsewhere since.
    fn give_focus_back(&self) {
        let Some(opener) = self.opener.borrow_mut().take() else { return };
        let lost = document().active_element().is_none_or(|a| {
            a.tag_name().eq_ignore_ascii_case("body") || a.closest(".leaflet-popup").ok().flatten().is_some()
        });
        if lost && opener.is_connected() {
            let _ = opener.focus();
        }
    }

    fn open_popup(&self, e: &Event) {
        // Fit the popup to the map, which may be a 300×250 embed.
        let (w, h) = (f64::from(self.element.client_width()), f64::from(self.element.client_height()));
        let options = PopupOptions {
            event_id: Some(e.id.clone()),
            auto_pan: Some(!self.keep_view.get()),
            max_width: Some((w - 60.0).clamp(140.0, 320.0)),
            min_width: Some((w - 60.0).clamp(120.0, 220.0)),
            max_height: Some((h - 80.0).clamp(60.0, 240.0)),
        };
        let p = l::new_popup(&options.to_js());
        p.set_lat_lng(&pair(e.lat, e.lon));
        p.set_content(&popup::popup(&document(), e, self.embedded, self.lang));
        p.open_on(&self.map);
        *self.popup.borrow_mut() = Some((e.id.clone(), p));
        // From here on the reader is in charge of the view.
        self.keep_view.set(false);
    }
}

/// Leaflet's zoom buttons, named in the interface's language (their title
/// and accessible name).
fn name_zoom_buttons(el: &web_sys::HtmlElement, lang: Lang) {
    for (class, key) in [(".leaflet-control-zoom-in", "zoom-in"), (".leaflet-control-zoom-out", "zoom-out")] {
        if let Ok(Some(b)) = el.query_selector(class) {
            let name = lang.t(key);
            let _ = b.set_attribute("title", &name);
            let _ = b.set_attribute("aria-label", &name);
        }
    }
}

/// The `containerPoint` of a Leaflet mouse event, pixels.
fn container_point(e: &JsValue) -> Option<(f64, f64)> {
    let p = Reflect::get(e, &"containerPoint".into()).ok()?;
    if p.is_undefined() {
        return None;
    }
    let p: l::Point = p.unchecked_into();
    Some((p.x(), p.y()))
}

fn popup_event_id(e: &JsValue) -> Option<String> {
    let popup = Reflect::get(e, &"popup".into()).ok()?;
    let opts = Reflect::get(&popup, &"options".into()).ok()?;
    Reflect::get(&opts, &"eventId".into()).ok()?.as_string()
}

/// Starts the map once its element is in the page, and keeps it in step
/// with the signals.
pub fn mount(node: NodeRef<leptos::html::Div>, s: MapSignals, tiles: Option<TileLayer>, embedded: bool, lang: Lang) {
    let ctl: StoredValue<Option<Rc<Controller>>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        // Drawn again whenever the window's events, the loaded events or the
        // mode change.
        s.visible.track();
        s.data.track();
        let server = s.server_clusters.get();
        let Some(el) = node.get() else { return };
        if ctl.with_value(Option::is_none) {
            let el: web_sys::HtmlElement = el.unchecked_into();
            ctl.set_value(Controller::new(el, s, tiles.clone(), embedded, lang));
        }
        ctl.with_value(|c| {
            let Some(c) = c else { return };
            c.place_first();
            if server {
                c.ask_for_clusters();
            }
            c.redraw_soon();
            if let Some(id) = s.selected.get_untracked() {
                c.select(Some(id), false);
            }
        });
    });
    Effect::new(move |_| {
        let selected = s.selected.get();
        ctl.with_value(|c| {
            if let Some(c) = c {
                c.select(selected, false);
            }
        });
    });
    // A list row with focus or the pointer rings its marker.
    Effect::new(move |_| {
        s.highlighted.track();
        ctl.with_value(|c| {
            if let Some(c) = c {
                c.redraw_soon();
            }
        });
    });
    // Escape closes the open popup (focus then goes back to its row).
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && s.selected.get_untracked().is_some() {
            s.selected.set(None);
        }
    });
    on_cleanup(move || escape.remove());
    Effect::new(move |_| {
        let Some(id) = s.focus.get() else { return };
        ctl.with_value(|c| {
            if let Some(c) = c {
                c.select(Some(id), true);
            }
        });
    });
    on_cleanup(move || {
        ctl.with_value(|c| {
            if let Some(c) = c {
                c.map.remove();
            }
        });
    });
}

//! The Leaflet map of the reader's page, kept in step with the page's
//! signals: markers for the window, the open popup, the view. Browser only.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use js_sys::{Array, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{gestures, style, MapSignals};
use crate::components::leaflet::listener::{DomListener, Listener};
use crate::components::leaflet::options::{MapOptions, PopupOptions, ViewOptions};
use crate::components::leaflet::{self as l, pair};
use crate::components::popup;
use domain::event::Event;
use domain::permalink::MapView;
use domain::spread::{overlapping_groups, spread_around};
use domain::tiles::TileLayer;

/// Pixels within which two markers count as overlapping.
const NEAR_PX: f64 = 12.0;

struct Controller {
    map: l::LMap,
    markers_layer: l::LayerGroup,
    leaders_layer: l::LayerGroup,
    events: Arc<Vec<Event>>,
    /// One marker per event index, made when first shown.
    markers: RefCell<Vec<Option<l::CircleMarker>>>,
    shown: RefCell<Vec<usize>>,
    selected: RefCell<Option<String>>,
    /// While true, opening a popup must not move the map: the view came
    /// from a permalink and is restored exactly.
    keep_view: Cell<bool>,
    element: web_sys::HtmlElement,
    embedded: bool,
    _listeners: Vec<Listener>,
    _dom_listeners: Vec<DomListener>,
}

fn no_animation() -> JsValue {
    ViewOptions { animate: Some(false), ..Default::default() }.to_js()
}

impl Controller {
    fn new(
        el: web_sys::HtmlElement,
        events: Arc<Vec<Event>>,
        s: MapSignals,
        tiles: Option<TileLayer>,
        embedded: bool,
    ) -> Rc<Self> {
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
        l::add_base_layer(&map, &el, tiles.as_ref());
        let leaders_layer = l::layer_group();
        leaders_layer.add_to(&map);
        let markers_layer = l::layer_group();
        markers_layer.add_to(&map);

        let (mut listeners, dom_listeners) =
            if embedded { gestures::polite_in_host_page(&map, &el) } else { (Vec::new(), Vec::new()) };
        listeners.push(Listener::on(&map, "popupopen", move |e| {
            if let Some(id) = popup_event_id(&e) {
                if s.selected.get_untracked().as_deref() != Some(id.as_str()) {
                    s.selected.set(Some(id));
                }
            }
        }));
        listeners.push(Listener::on(&map, "popupclose", move |e| {
            if let Some(id) = popup_event_id(&e) {
                if s.selected.get_untracked().as_deref() == Some(id.as_str()) {
                    s.selected.set(None);
                }
            }
        }));
        let m = map.clone();
        listeners.push(Listener::on(&map, "moveend", move |_| {
            let c = m.get_center().wrap();
            let v = MapView { lat: c.lat(), lon: c.lng(), zoom: m.get_zoom() };
            if s.view.get_untracked() != Some(v) {
                s.view.set(Some(v));
            }
        }));

        Rc::new_cyclic(|weak: &std::rc::Weak<Controller>| {
            let w = weak.clone();
            listeners.push(Listener::on(&map, "zoomend", move |_| {
                if let Some(c) = w.upgrade() {
                    c.layout();
                }
            }));
            let n = events.len();
            Controller {
                map,
                markers_layer,
                leaders_layer,
                events,
                markers: RefCell::new(vec![None; n]),
                shown: RefCell::new(Vec::new()),
                selected: RefCell::new(None),
                keep_view: Cell::new(false),
                element: el,
                embedded,
                _listeners: listeners,
                _dom_listeners: dom_listeners,
            }
        })
    }

    /// Sets the first view: the permalink's, or one that fits `visible`
    /// (all events when the window is empty).
    fn first_view(&self, view: Option<MapView>, visible: &[usize]) {
        if let Some(v) = view {
            self.map.set_view(&pair(v.lat, v.lon), v.zoom, &no_animation());
            self.keep_view.set(true);
            return;
        }
        let idx: Vec<usize> = if visible.is_empty() { (0..self.events.len()).collect() } else { visible.to_vec() };
        if idx.is_empty() {
            self.map.set_view(&pair(20.0, 0.0), 2.0, &JsValue::UNDEFINED);
            return;
        }
        let (mut s, mut w, mut n, mut e) = (90.0f64, 180.0f64, -90.0f64, -180.0f64);
        for &i in &idx {
            let ev = &self.events[i];
            s = s.min(ev.lat);
            n = n.max(ev.lat);
            w = w.min(ev.lon);
            e = e.max(ev.lon);
        }
        let bounds = Array::of2(&pair(s, w), &pair(n, e));
        let fit = ViewOptions { animate: Some(false), padding: Some(pair(40.0, 40.0)), max_zoom: Some(8.0) };
        self.map.fit_bounds(&bounds, &fit.to_js());
    }

    fn marker(&self, i: usize) -> l::CircleMarker {
        let mut markers = self.markers.borrow_mut();
        if let Some(m) = &markers[i] {
            return m.clone();
        }
        let e = &self.events[i];
        let m = l::circle_marker(&pair(e.lat, e.lon), &style::marker(e, false).to_js());
        let options = PopupOptions {
            event_id: Some(e.id.clone()),
            auto_pan: Some(false),
            max_width: Some(320.0),
            max_height: Some(240.0),
            min_width: Some(220.0),
        };
        m.bind_popup(&popup::popup(&document(), e, self.embedded), &options.to_js());
        markers[i] = Some(m.clone());
        m
    }

    /// Shows exactly the events `visible` (indices), adding and removing
    /// only what changed, then spreads overlapping markers.
    fn show(&self, visible: &[usize]) {
        let old = std::mem::take(&mut *self.shown.borrow_mut());
        let mut keep = vec![false; self.events.len()];
        for &i in visible {
            keep[i] = true;
        }
        for &i in &old {
            if !keep[i] {
                if let Some(m) = &self.markers.borrow()[i] {
                    self.markers_layer.remove_layer(m);
                }
            }
        }
        let mut was = vec![false; self.events.len()];
        for &i in &old {
            was[i] = true;
        }
        for &i in visible {
            if !was[i] {
                let m = self.marker(i);
                self.markers_layer.add_layer(&m);
            }
        }
        *self.shown.borrow_mut() = visible.to_vec();
        self.layout();
        let _ = self.element.set_attribute("data-markers", &visible.len().to_string());
    }

    /// Spreads markers that overlap at this zoom on a circle around their
    /// group's first point, with a line back to each true position.
    fn layout(&self) {
        self.leaders_layer.clear_layers();
        let shown = self.shown.borrow();
        let points: Vec<(f64, f64)> = shown
            .iter()
            .map(|&i| {
                let p = self.map.lat_lng_to_layer_point(&pair(self.events[i].lat, self.events[i].lon));
                (p.x(), p.y())
            })
            .collect();
        for group in overlapping_groups(&points, NEAR_PX) {
            let centre = points[group[0]];
            let at = spread_around(centre, group.len(), NEAR_PX);
            for (&g, &(x, y)) in group.iter().zip(&at) {
                let i = shown[g];
                let e = &self.events[i];
                if group.len() == 1 {
                    self.marker(i).set_lat_lng(&pair(e.lat, e.lon));
                    continue;
                }
                let ll = self.map.layer_point_to_lat_lng(&pair(x, y));
                self.marker(i).set_lat_lng(&pair(ll.lat(), ll.lng()));
                let line =
                    l::polyline(&Array::of2(&pair(e.lat, e.lon), &pair(ll.lat(), ll.lng())), &style::leader().to_js());
                self.leaders_layer.add_layer(&line);
            }
        }
    }

    /// Highlights the selected event's marker and opens its popup (without
    /// moving the map); `None` closes any popup.
    fn select(&self, id: Option<&str>) {
        let previous = self.selected.replace(id.map(str::to_owned));
        if let Some(p) = previous {
            if let Some(i) = self.events.iter().position(|e| e.id == p) {
                if let Some(m) = &self.markers.borrow()[i] {
                    m.set_style(&style::marker(&self.events[i], false).to_js());
                }
            }
        }
        let Some(id) = id else {
            self.map.close_popup();
            return;
        };
        let Some(i) = self.events.iter().position(|e| e.id == id) else { return };
        if !self.shown.borrow().contains(&i) {
            return;
        }
        let m = self.marker(i);
        m.set_style(&style::marker(&self.events[i], true).to_js());
        m.bring_to_front();
        if !m.is_popup_open() {
            // Fit the popup to the map, which may be a 300×250 embed.
            let (w, h) = (f64::from(self.element.client_width()), f64::from(self.element.client_height()));
            let fit = PopupOptions {
                max_width: Some((w - 60.0).clamp(140.0, 320.0)),
                min_width: Some((w - 60.0).clamp(120.0, 220.0)),
                max_height: Some((h - 80.0).clamp(60.0, 240.0)),
                ..Default::default()
            };
            fit.set_on(&m.get_popup().options());
            m.open_popup();
            if !self.keep_view.get() {
                pan_popup_into_view(&m);
            }
        }
    }

    /// Centres the map on the event's marker (keeping the zoom), opens
    /// its popup and pans so that all of the popup shows.
    fn reveal(&self, id: &str) {
        let Some(i) = self.events.iter().position(|e| e.id == id) else { return };
        let e = &self.events[i];
        self.map.set_view(&pair(e.lat, e.lon), self.map.get_zoom(), &no_animation());
        self.keep_view.set(false);
        self.select(Some(id));
        if let Some(m) = &self.markers.borrow()[i] {
            pan_popup_into_view(m);
        }
    }
}

/// Pans the map just enough to show all of the marker's open popup, once
/// (popups are bound with `autoPan: false` so that a restored view stays).
fn pan_popup_into_view(m: &l::CircleMarker) {
    if !m.is_popup_open() {
        return;
    }
    let popup = m.get_popup();
    PopupOptions { auto_pan: Some(true), ..Default::default() }.set_on(&popup.options());
    popup.update();
    PopupOptions { auto_pan: Some(false), ..Default::default() }.set_on(&popup.options());
}

fn popup_event_id(e: &JsValue) -> Option<String> {
    let popup = Reflect::get(e, &"popup".into()).ok()?;
    let opts = Reflect::get(&popup, &"options".into()).ok()?;
    Reflect::get(&opts, &"eventId".into()).ok()?.as_string()
}

/// Starts the map once its element is in the page, and keeps it in step
/// with the signals.
pub fn mount(
    node: NodeRef<leptos::html::Div>,
    events: Arc<Vec<Event>>,
    s: MapSignals,
    tiles: Option<TileLayer>,
    embedded: bool,
) {
    let ctl: StoredValue<Option<Rc<Controller>>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let visible = s.visible.get();
        let Some(el) = node.get() else { return };
        if ctl.with_value(Option::is_none) {
            let el: web_sys::HtmlElement = el.unchecked_into();
            let c = Controller::new(el, events.clone(), s, tiles.clone(), embedded);
            c.first_view(s.view.get_untracked(), &visible);
            ctl.set_value(Some(c));
        }
        ctl.with_value(|c| {
            if let Some(c) = c {
                c.show(&visible);
                c.select(s.selected.get_untracked().as_deref());
                // From here on the reader is in charge of the view.
                c.keep_view.set(false);
            }
        });
    });
    Effect::new(move |_| {
        let selected = s.selected.get();
        ctl.with_value(|c| {
            if let Some(c) = c {
                c.select(selected.as_deref());
            }
        });
    });
    Effect::new(move |_| {
        let Some(id) = s.focus.get() else { return };
        ctl.with_value(|c| {
            if let Some(c) = c {
                c.reveal(&id);
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

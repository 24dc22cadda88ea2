//! The Leaflet map: the bundled basemap (or configured raster tiles), one
//! circle marker per event in the window, popups built from text.
//!
//! Marker style: colour by kind; filled for exact dates, hollow for
//! approximate ones; larger with a dashed ring for region precision. Markers
//! that would overlap at the current zoom are spread on a small circle around
//! their common point, each tied to it by a thin line, so none hides another.

use std::sync::Arc;

use leptos::prelude::*;

use domain::event::Event;
use domain::permalink::MapView;
use domain::tiles::TileLayer;

/// Shared state of the map page, owned by the page and read by its parts.
#[derive(Clone, Copy)]
pub struct MapSignals {
    /// Indices (into the page's events) of the events in the window.
    pub visible: Memo<Vec<usize>>,
    /// The event whose popup is open.
    pub selected: RwSignal<Option<String>>,
    /// Set by the list: centre the map on this event and open its popup.
    pub focus: RwSignal<Option<String>>,
    /// The map's centre and zoom, as the reader left it.
    pub view: RwSignal<Option<MapView>>,
}

/// The map element; Leaflet takes it over in the browser.
#[component]
pub fn EventMap(
    /// All events of the page, sorted.
    events: Arc<Vec<Event>>,
    /// The page's shared signals.
    signals: MapSignals,
    /// Raster tiles, if configured; the bundled basemap otherwise.
    tiles: Option<TileLayer>,
    /// In another site's page: the wheel scrolls that page until the reader
    /// clicks into the map or holds Ctrl/⌘; links open in new tabs.
    #[prop(optional)]
    embedded: bool,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    browser::mount(node, events, signals, tiles, embedded);
    #[cfg(not(feature = "hydrate"))]
    let _ = (events, signals, tiles, embedded);
    view! { <div class="map" node_ref=node role="region" aria-label="Map of the events in the window"></div> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;
    use std::sync::Arc;

    use js_sys::{Array, Reflect};
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::MapSignals;
    use crate::components::leaflet::{self as l, options, pair};
    use crate::components::popup as dom;
    use domain::event::{DatePrecision, Event, GeoPrecision};
    use domain::labels::kind_colour;
    use domain::permalink::MapView;
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
        keep_view: std::cell::Cell<bool>,
        element: web_sys::HtmlElement,
        embedded: bool,
        _closures: Vec<Closure<dyn FnMut(JsValue)>>,
    }

    fn style(e: &Event, selected: bool) -> JsValue {
        let colour = kind_colour(e.kind);
        let approximate = e.date_precision == DatePrecision::Approximate;
        let region = e.geo_precision == GeoPrecision::Region;
        options(&[
            ("radius", (if region { 11.0 } else { 7.0 }).into()),
            ("color", (if selected { "#111111" } else { colour }).into()),
            (
                "weight",
                (if selected {
                    3.5
                } else if approximate {
                    2.5
                } else {
                    1.5
                })
                .into(),
            ),
            ("dashArray", if region { JsValue::from_str("4 3") } else { JsValue::NULL }),
            ("fillColor", colour.into()),
            ("fillOpacity", (if approximate { 0.08 } else { 0.85 }).into()),
            ("opacity", 1.0.into()),
        ])
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
            let map = l::new_map(
                &el,
                &options(&[
                    ("preferCanvas", true.into()),
                    ("worldCopyJump", true.into()),
                    ("minZoom", 1.0.into()),
                    ("maxZoom", 18.0.into()),
                    ("scrollWheelZoom", (!embedded).into()),
                    // On a phone, one finger scrolls the host page; two move the map.
                    ("dragging", (!(embedded && mobile)).into()),
                ]),
            );
            l::add_base_layer(&map, &el, tiles.as_ref());
            let leaders_layer = l::layer_group();
            leaders_layer.add_to(&map);
            let markers_layer = l::layer_group();
            markers_layer.add_to(&map);

            let mut closures = Vec::new();
            if embedded {
                polite_in_host_page(&map, &el, &mut closures);
            }
            let on_open = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                if let Some(id) = popup_event_id(&e) {
                    if s.selected.get_untracked().as_deref() != Some(id.as_str()) {
                        s.selected.set(Some(id));
                    }
                }
            });
            map.on("popupopen", on_open.as_ref().unchecked_ref());
            closures.push(on_open);
            let on_close = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                if let Some(id) = popup_event_id(&e) {
                    if s.selected.get_untracked().as_deref() == Some(id.as_str()) {
                        s.selected.set(None);
                    }
                }
            });
            map.on("popupclose", on_close.as_ref().unchecked_ref());
            closures.push(on_close);

            let ctl = Rc::new_cyclic(|weak: &std::rc::Weak<Controller>| {
                let w = weak.clone();
                let m = map.clone();
                let on_move = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                    let c = m.get_center().wrap();
                    let v = MapView { lat: c.lat(), lon: c.lng(), zoom: m.get_zoom() };
                    if s.view.get_untracked() != Some(v) {
                        s.view.set(Some(v));
                    }
                });
                map.on("moveend", on_move.as_ref().unchecked_ref());
                closures.push(on_move);
                let on_zoom = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                    if let Some(c) = w.upgrade() {
                        c.layout();
                    }
                });
                map.on("zoomend", on_zoom.as_ref().unchecked_ref());
                closures.push(on_zoom);
                let n = events.len();
                Controller {
                    map,
                    markers_layer,
                    leaders_layer,
                    events,
                    markers: RefCell::new(vec![None; n]),
                    shown: RefCell::new(Vec::new()),
                    selected: RefCell::new(None),
                    keep_view: std::cell::Cell::new(false),
                    element: el,
                    embedded,
                    _closures: closures,
                }
            });
            ctl
        }

        /// Sets the first view: the permalink's, or one that fits `visible`
        /// (all events when the window is empty).
        fn first_view(&self, view: Option<MapView>, visible: &[usize]) {
            if let Some(v) = view {
                self.map.set_view(&pair(v.lat, v.lon), v.zoom, &options(&[("animate", false.into())]));
                self.keep_view.set(true);
                return;
            }
            let idx: Vec<usize> = if visible.is_empty() { (0..self.events.len()).collect() } else { visible.to_vec() };
            let pts: Vec<(f64, f64)> = idx.iter().map(|&i| (self.events[i].lat, self.events[i].lon)).collect();
            if pts.is_empty() {
                self.map.set_view(&pair(20.0, 0.0), 2.0, &JsValue::UNDEFINED);
                return;
            }
            let (mut s, mut w, mut n, mut e) = (90.0f64, 180.0f64, -90.0f64, -180.0f64);
            for (lat, lon) in pts {
                s = s.min(lat);
                n = n.max(lat);
                w = w.min(lon);
                e = e.max(lon);
            }
            let bounds = Array::of2(&pair(s, w), &pair(n, e));
            self.map.fit_bounds(
                &bounds,
                &options(&[("padding", pair(40.0, 40.0).into()), ("maxZoom", 8.0.into()), ("animate", false.into())]),
            );
        }

        fn marker(&self, i: usize) -> l::CircleMarker {
            let mut markers = self.markers.borrow_mut();
            if let Some(m) = &markers[i] {
                return m.clone();
            }
            let e = &self.events[i];
            let m = l::circle_marker(&pair(e.lat, e.lon), &style(e, false));
            let doc = document();
            m.bind_popup(
                &dom::popup(&doc, e, self.embedded),
                &options(&[
                    ("eventId", e.id.clone().into()),
                    ("autoPan", false.into()),
                    ("maxWidth", 320.0.into()),
                    ("maxHeight", 240.0.into()),
                    ("minWidth", 220.0.into()),
                ]),
            );
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
            let mut groups: Vec<(f64, f64, Vec<usize>)> = Vec::new();
            let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
            for &i in shown.iter() {
                let e = &self.events[i];
                let p = self.map.lat_lng_to_layer_point(&pair(e.lat, e.lon));
                let (x, y) = (p.x(), p.y());
                let cell = ((x / NEAR_PX).floor() as i64, (y / NEAR_PX).floor() as i64);
                let mut found = None;
                'search: for dx in -1..=1 {
                    for dy in -1..=1 {
                        if let Some(gs) = cells.get(&(cell.0 + dx, cell.1 + dy)) {
                            for &g in gs {
                                let (gx, gy, _) = &groups[g];
                                if (gx - x).hypot(gy - y) < NEAR_PX {
                                    found = Some(g);
                                    break 'search;
                                }
                            }
                        }
                    }
                }
                match found {
                    Some(g) => groups[g].2.push(i),
                    None => {
                        cells.entry(cell).or_default().push(groups.len());
                        groups.push((x, y, vec![i]));
                    }
                }
            }
            for (x, y, members) in groups {
                let k = members.len();
                if k == 1 {
                    let e = &self.events[members[0]];
                    self.marker(members[0]).set_lat_lng(&pair(e.lat, e.lon));
                    continue;
                }
                let radius = (NEAR_PX * 1.4).max(k as f64 * 22.0 / std::f64::consts::TAU);
                for (j, &i) in members.iter().enumerate() {
                    let a = std::f64::consts::TAU * j as f64 / k as f64 - std::f64::consts::FRAC_PI_2;
                    let ll = self.map.layer_point_to_lat_lng(&pair(x + radius * a.cos(), y + radius * a.sin()));
                    let e = &self.events[i];
                    self.marker(i).set_lat_lng(&pair(ll.lat(), ll.lng()));
                    let line = l::polyline(
                        &Array::of2(&pair(e.lat, e.lon), &pair(ll.lat(), ll.lng())),
                        &options(&[("color", "#333".into()), ("weight", 1.0.into()), ("interactive", false.into())]),
                    );
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
                        m.set_style(&style(&self.events[i], false));
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
            m.set_style(&style(&self.events[i], true));
            m.bring_to_front();
            if !m.is_popup_open() {
                // Fit the popup to the map, which may be a 300×250 embed.
                let (w, h) = (f64::from(self.element.client_width()), f64::from(self.element.client_height()));
                let o = m.get_popup().options();
                let _ = Reflect::set(&o, &"maxWidth".into(), &(w - 60.0).clamp(140.0, 320.0).into());
                let _ = Reflect::set(&o, &"minWidth".into(), &(w - 60.0).clamp(120.0, 220.0).into());
                let _ = Reflect::set(&o, &"maxHeight".into(), &(h - 80.0).clamp(60.0, 240.0).into());
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
            self.map.set_view(&pair(e.lat, e.lon), self.map.get_zoom(), &options(&[("animate", false.into())]));
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
        let _ = Reflect::set(&popup.options(), &"autoPan".into(), &true.into());
        popup.update();
        let _ = Reflect::set(&popup.options(), &"autoPan".into(), &false.into());
    }

    /// In an embed, the mouse wheel belongs to the host page: the map zooms
    /// on the wheel only after a click into it (until the pointer leaves) or
    /// while Ctrl/⌘ is held; otherwise a short hint says how.
    fn polite_in_host_page(map: &l::LMap, el: &web_sys::HtmlElement, closures: &mut Vec<Closure<dyn FnMut(JsValue)>>) {
        let doc = document();
        let hint: web_sys::HtmlElement = doc.create_element("div").expect("createElement div").unchecked_into();
        hint.set_class_name("map-hint");
        let _ = hint.set_attribute("aria-live", "polite");
        let _ = el.append_child(&hint);
        let show_hint = {
            let hint = hint.clone();
            move |text: &str| {
                hint.set_text_content(Some(text));
                let _ = hint.class_list().add_1("visible");
                let h = hint.clone();
                set_timeout(
                    move || {
                        let _ = h.class_list().remove_1("visible");
                    },
                    std::time::Duration::from_millis(1500),
                );
            }
        };
        let m = map.clone();
        let activate = Closure::<dyn FnMut(JsValue)>::new(move |_| m.scroll_wheel_zoom().enable());
        map.on("click focus", activate.as_ref().unchecked_ref());
        closures.push(activate);
        let m = map.clone();
        let deactivate = Closure::<dyn FnMut(JsValue)>::new(move |_| m.scroll_wheel_zoom().disable());
        map.on("mouseout blur", deactivate.as_ref().unchecked_ref());
        closures.push(deactivate);
        let m = map.clone();
        let last_zoom = std::cell::Cell::new(0.0f64);
        let hint_wheel = show_hint.clone();
        let wheel = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let ev: web_sys::WheelEvent = ev.unchecked_into();
            if m.scroll_wheel_zoom().enabled() {
                return;
            }
            if ev.ctrl_key() || ev.meta_key() {
                // Ctrl+wheel would zoom the whole page; zoom the map instead,
                // a level per notch at most every 200 ms.
                ev.prevent_default();
                let now = js_sys::Date::now();
                if now - last_zoom.get() > 200.0 {
                    last_zoom.set(now);
                    if ev.delta_y() < 0.0 {
                        m.zoom_in()
                    } else {
                        m.zoom_out()
                    }
                }
            } else {
                hint_wheel("Click the map or hold Ctrl (⌘ on a Mac) while scrolling to zoom");
            }
        });
        let opts = web_sys::AddEventListenerOptions::new();
        opts.set_passive(false);
        let _ = el.add_event_listener_with_callback_and_add_event_listener_options(
            "wheel",
            wheel.as_ref().unchecked_ref(),
            &opts,
        );
        closures.push(wheel);
        if l::MOBILE.with(|m| *m) {
            let touch = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
                let ev: web_sys::TouchEvent = ev.unchecked_into();
                if ev.touches().length() == 1 {
                    show_hint("Use two fingers to move the map");
                }
            });
            let _ = el.add_event_listener_with_callback("touchstart", touch.as_ref().unchecked_ref());
            closures.push(touch);
        }
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
}

//! The Leaflet map of the reader's page, kept in step with the page's
//! signals: set-up, the map's listeners, one redraw per animation frame of
//! the window's events on one canvas, the first placement of the view, and
//! what a click hits. Selection, focus and popups are in
//! [`super::selection`]; the server's clusters come through
//! [`super::loader`]; [`super::mount`] keeps it in step with the signals.
//! Browser only.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::canvas::{Drawn, DrawnCluster, EventCanvas};
use super::gestures;
use super::loader::{view_bbox, ServerClusters};
use super::selected::Selection;
use super::state::MapSignals;
use crate::components::leaflet::basemap::Basemap;
use crate::components::leaflet::listener::{DomListener, Listener};
use crate::components::leaflet::options::{MapOptions, Pixels, ViewOptions};
use crate::components::leaflet::{self as l, LatLon, MouseEvent};
use crate::i18n::Lang;
use domain::cluster::CrowdBox;
use domain::dates::day_number;
use domain::permalink::MapView;
use domain::tiles::TileLayer;

/// The map and what it shows.
pub struct Controller {
    pub(super) map: l::LMap,
    canvas: RefCell<EventCanvas>,
    pub(super) s: MapSignals,
    pub(super) element: web_sys::HtmlElement,
    pub(super) embedded: bool,
    /// The interface's language, for popups.
    pub(super) lang: Lang,
    /// Whether the first view has been set (from the permalink or by
    /// fitting the first events loaded). Popups wait for it: a view set
    /// after a popup opened would undo the popup's pan into view.
    pub(super) placed: Cell<bool>,
    /// A redraw is asked for the next animation frame.
    frame_asked: Cell<bool>,
    /// Selection, focus and popups.
    pub(super) selection: Selection,
    /// The server's clusters for the view, when it counts them.
    counted: Rc<ServerClusters>,
    /// The background, which shading fills.
    pub(super) basemap: Rc<Basemap>,
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

/// Whether `a` and `b` are the same zoom and their centres less than a
/// pixel apart.
fn within_a_pixel(a: MapView, b: MapView) -> bool {
    if a.zoom != b.zoom {
        return false;
    }
    let (ax, ay) = domain::cluster::project(a.lon, a.lat, a.zoom);
    let (bx, by) = domain::cluster::project(b.lon, b.lat, b.zoom);
    (ax - bx).abs() < 1.0 && (ay - by).abs() < 1.0
}

impl Controller {
    pub(super) fn new(
        el: web_sys::HtmlElement,
        s: MapSignals,
        tiles: Option<TileLayer>,
        embedded: bool,
        lang: Lang,
        notice: RwSignal<Option<String>>,
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
        let map = l::LMap::new(&el, &options);
        name_zoom_buttons(&el, lang);
        let basemap = Basemap::add(&map, &el, tiles.as_ref());
        let canvas = EventCanvas::new(&map)?;
        let (listeners, mut dom_listeners) =
            if embedded { gestures::polite_in_host_page(&map, &el, lang) } else { (Vec::new(), Vec::new()) };
        if embedded {
            dom_listeners.push(gestures::links_open_outside(&el));
        }
        map.set_view(LatLon { lat: 20.0, lon: 0.0 }, 2.0, &ViewOptions::instant());
        let c = Rc::new(Controller {
            map,
            canvas: RefCell::new(canvas),
            s,
            element: el,
            embedded,
            lang,
            placed: Cell::new(false),
            frame_asked: Cell::new(false),
            selection: Selection::new(notice),
            counted: Rc::new(ServerClusters::default()),
            basemap,
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
        let moved = Listener::on(&self.map, "moveend", move |_: JsValue| {
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
            // A map whose height or width is an odd number of pixels puts
            // the centre half a pixel off the one asked for: that is not a
            // move, and the permalink keeps the reader's numbers.
            if !s.view.get_untracked().is_some_and(|old| within_a_pixel(old, v)) {
                s.view.set(Some(v));
            }
            s.bbox.set(Some(view_bbox(&c.map)));
            c.redraw_soon();
            if s.server_clusters.get_untracked() {
                c.ask_for_clusters();
            }
        });
        let w = Rc::downgrade(self);
        let resized = Listener::on(&self.map, "resize", move |_: JsValue| {
            if let Some(c) = w.upgrade() {
                c.redraw_soon();
                // A map made smaller (the page settling on a phone) may have
                // cut the open popup: pan it back into view.
                c.keep_popup_in_view();
            }
        });
        let w = Rc::downgrade(self);
        // A reader who drags the map before the events arrive has chosen a
        // view: it is not fitted over.
        let dragged = Listener::on(&self.map, "dragstart", move |_: JsValue| {
            if let Some(c) = w.upgrade() {
                c.placed.set(true);
            }
        });
        let w = Rc::downgrade(self);
        let clicked = Listener::on(&self.map, "click", move |e: MouseEvent| {
            if let (Some(c), Some(p)) = (w.upgrade(), e.container_point()) {
                c.clicked(p.x(), p.y());
            }
        });
        let w = Rc::downgrade(self);
        let hovered = Listener::on(&self.map, "mousemove", move |e: MouseEvent| {
            if let (Some(c), Some(p)) = (w.upgrade(), e.container_point()) {
                let over = c.canvas.borrow().hit(&c.map, p.x(), p.y(), 2.0).is_some();
                let _ = c.element.style().set_property("cursor", if over { "pointer" } else { "" });
            }
        });
        let w = Rc::downgrade(self);
        let closed = Listener::on(&self.map, "popupclose", move |e: l::PopupEvent| {
            if let (Some(c), Some(p)) = (w.upgrade(), e.popup()) {
                c.popup_closed(&p);
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
    pub(super) fn redraw_soon(self: &Rc<Self>) {
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
        canvas.people = self.s.people_in_clusters.get_untracked();
        let drawn = if self.s.server_clusters.get_untracked() {
            let counted = self.counted.get();
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
                    // Which events are ringed (their marker or their
                    // cluster), for tests and styling.
                    let ids: Vec<&str> = drawn.iter().map(|&(m, _)| d.index.ids[m].as_str()).collect();
                    let counts: Vec<String> = drawn.iter().filter_map(|(_, c)| c.map(|n| n.to_string())).collect();
                    let _ = self.element.set_attribute("data-ringed", &ids.join(" "));
                    let _ = self.element.set_attribute("data-ringed-clusters", &counts.join(" "));
                }
            });
            visible.len()
        };
        let _ = self.element.set_attribute("data-clusters", &clusters_attribute(&canvas.clusters));
        // The clusters' labels when they show people, for tests.
        let labels: Vec<&str> = canvas.clusters.iter().filter_map(|c| c.people.as_deref()).collect();
        let _ = self.element.set_attribute("data-cluster-people", &labels.join(" "));
        let _ = self.element.set_attribute("data-markers", &drawn.to_string());
    }

    /// The first view: the permalink's, else one that fits the window's
    /// events once they are loaded (all events when the window is empty).
    /// A popup waiting for it opens then.
    pub(super) fn place_first(self: &Rc<Self>) {
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
            self.placed.set(true);
            self.map.set_view(LatLon { lat: v.lat, lon: v.lon }, v.zoom, &ViewOptions::instant());
        } else if let Some((south_west, north_east)) = self.events_bounds() {
            let fit = ViewOptions { animate: Some(false), padding: Some(Pixels(40.0, 40.0)), max_zoom: Some(8.0) };
            self.placed.set(true);
            self.map.fit_bounds(south_west, north_east, &fit);
        } else if let Some(at) = self.selection.waiting_place().filter(|_| self.s.server_clusters.get_untracked()) {
            // No events in the browser to fit (the server counts them): the
            // link's event is the view.
            self.placed.set(true);
            self.map.set_view(at, 8.0, &ViewOptions::instant());
        } else {
            return;
        }
        self.open_waiting_popup();
    }

    /// The corners of the window's events (of all events when the window is
    /// empty), if they are loaded.
    fn events_bounds(&self) -> Option<(LatLon, LatLon)> {
        self.s.data.with_untracked(|d| {
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
            (!members.is_empty()).then_some((LatLon { lat: s, lon: w }, LatLon { lat: n, lon: e }))
        })
    }

    /// A click on the map: an event opens its popup; a cluster zooms in on
    /// its events, or, when zooming cannot split it, spreads them (done by
    /// the layout) or lists them (more than a spread shows).
    fn clicked(self: &Rc<Self>, x: f64, y: f64) {
        let Some(hit) = self.canvas.borrow().hit(&self.map, x, y, 4.0) else { return };
        match hit {
            Drawn::Event(m) => {
                let id = self.s.data.with_untracked(|d| d.as_ref().map(|d| d.index.ids[m].clone()));
                if let Some(id) = id {
                    self.s.selected.set(Some(id));
                }
            }
            Drawn::Crowd { members, unsplittable } => {
                let Some((bbox, count, centre)) = self.s.data.with_untracked(|d| {
                    let d = d.as_ref()?;
                    let lons = members.iter().map(|&m| f64::from(d.index.lon[m]));
                    let lats = members.iter().map(|&m| f64::from(d.index.lat[m]));
                    CrowdBox::of(lons.zip(lats)).map(|b| (b, members.len(), b.centre()))
                }) else {
                    return;
                };
                if unsplittable {
                    self.open_crowd(bbox, count, LatLon { lat: centre.1, lon: centre.0 });
                } else {
                    self.zoom_to(bbox);
                }
            }
            Drawn::Counted(cluster) => {
                let bbox = CrowdBox::of_cluster(&cluster);
                let at_max = self.map.get_zoom() >= self.map.get_max_zoom();
                if cluster.count == 1 {
                    self.s.selected.set(Some(cluster.id));
                } else if at_max || bbox.is_one_place() {
                    self.open_crowd(bbox, cluster.count as usize, LatLon { lat: cluster.lat, lon: cluster.lon });
                } else {
                    self.zoom_to(bbox);
                }
            }
        }
    }

    /// Fits the view to a crowd's box (never past the highest zoom).
    fn zoom_to(&self, bbox: CrowdBox) {
        let (south_west, north_east) = bbox.corners();
        let fit = ViewOptions { animate: Some(true), padding: Some(Pixels(40.0, 40.0)), max_zoom: None };
        self.map.fit_bounds(
            LatLon { lat: south_west.1, lon: south_west.0 },
            LatLon { lat: north_east.1, lon: north_east.0 },
            &fit,
        );
    }

    /// Asks the server for the clusters of the view and the window.
    pub(super) fn ask_for_clusters(self: &Rc<Self>) {
        let (start, end) = self.s.window.get_untracked();
        let me = Rc::downgrade(self);
        let redraw = move || {
            if let Some(c) = me.upgrade() {
                c.redraw_soon();
            }
        };
        let window = (day_number(start), day_number(end));
        let filter = self.s.filter.get_untracked();
        self.counted.ask(window, view_bbox(&self.map), self.map.get_zoom(), &filter, redraw);
    }
}

/// The clusters drawn, as `count@x,y,reach` (pixels from the map's corner,
/// one decimal) separated by spaces: what a test needs to check that no
/// count hides another.
fn clusters_attribute(clusters: &[DrawnCluster]) -> String {
    let mut out = String::with_capacity(clusters.len() * 24);
    for c in clusters {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!("{}@{:.1},{:.1},{:.1}", c.count, c.x, c.y, c.reach));
    }
    out
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

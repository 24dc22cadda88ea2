//! Hand-written bindings for the Leaflet 1.9.4 calls the maps need (`L` is
//! loaded by a plain `<script>` from our own origin). As the `leaflet` crate
//! (slowtec/leaflet-rs) does: options are typed structs ([`options`]), so
//! a misspelt option does not compile; events are typed ([`MouseEvent`],
//! [`PopupEvent`], [`DragEndEvent`]) and read through accessors, not by
//! property names; handlers unbind themselves when dropped ([`listener`]).
//! The raw calls that take JavaScript objects are private to this module.
//! Browser only.
//!
//! Chosen over the `leptos-leaflet` crate, which has no circle markers, and
//! over the full `leaflet` crate, whose whole-API surface we do not need.

pub mod basemap;
pub mod listener;
pub mod options;

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use options::{GeoJsonOptions, MapOptions, MarkerOptions, PopupOptions, TileLayerOptions, ViewOptions};

/// A place in degrees: latitude, then longitude (Leaflet's order).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east (may leave [-180, 180] on a world copy).
    pub lon: f64,
}

impl LatLon {
    /// `[lat, lng]`, as Leaflet takes a place.
    fn js(self) -> Array {
        pair(self.lat, self.lon)
    }
}

#[wasm_bindgen]
extern "C" {
    /// `L.Evented`: anything with `on` and `off` (maps, layers, markers).
    #[derive(Clone, Debug)]
    pub type Evented;
    /// `target.on(type, fn)`; see [`listener::Listener`], which calls `off`
    /// when dropped.
    #[wasm_bindgen(method)]
    fn on(this: &Evented, kind: &str, f: &Function);
    /// `target.off(type, fn)`.
    #[wasm_bindgen(method)]
    fn off(this: &Evented, kind: &str, f: &Function);

    /// `L.Map`.
    #[wasm_bindgen(extends = Evented)]
    #[derive(Clone, Debug)]
    pub type LMap;
    #[wasm_bindgen(js_namespace = L, js_name = map)]
    fn new_map(el: &HtmlElement, options: &JsValue) -> LMap;
    #[wasm_bindgen(method, js_name = setView)]
    fn set_view_js(this: &LMap, center: &Array, zoom: f64, options: &JsValue);
    #[wasm_bindgen(method, js_name = fitBounds)]
    fn fit_bounds_js(this: &LMap, bounds: &Array, options: &JsValue);
    #[wasm_bindgen(method, js_name = panBy)]
    fn pan_by_js(this: &LMap, offset: &Array, options: &JsValue);
    /// `map.getCenter()`.
    #[wasm_bindgen(method, js_name = getCenter)]
    pub fn get_center(this: &LMap) -> LatLng;
    /// `map.getZoom()`.
    #[wasm_bindgen(method, js_name = getZoom)]
    pub fn get_zoom(this: &LMap) -> f64;
    /// `map.closePopup()`.
    #[wasm_bindgen(method, js_name = closePopup)]
    pub fn close_popup(this: &LMap);
    /// `map.createPane(name)`: a new layer pane (its own canvas).
    #[wasm_bindgen(method, js_name = createPane)]
    pub fn create_pane(this: &LMap, name: &str) -> HtmlElement;
    /// `map.scrollWheelZoom`: the mouse-wheel zoom handler.
    #[wasm_bindgen(method, getter, js_name = scrollWheelZoom)]
    pub fn scroll_wheel_zoom(this: &LMap) -> Handler;
    /// `map.zoomIn()`.
    #[wasm_bindgen(method, js_name = zoomIn)]
    pub fn zoom_in(this: &LMap);
    /// `map.zoomOut()`.
    #[wasm_bindgen(method, js_name = zoomOut)]
    pub fn zoom_out(this: &LMap);
    /// `map.invalidateSize()`: re-reads the element's size (after it was
    /// laid out or resized).
    #[wasm_bindgen(method, js_name = invalidateSize)]
    pub fn invalidate_size(this: &LMap);
    /// `map.remove()`: destroys the map and its listeners.
    #[wasm_bindgen(method)]
    pub fn remove(this: &LMap);
    /// `map.getPixelBounds()`: the view in world pixels at the current zoom.
    #[wasm_bindgen(method, js_name = getPixelBounds)]
    pub fn get_pixel_bounds(this: &LMap) -> PixelBounds;
    /// `map.getSize()`: the map element's size in pixels.
    #[wasm_bindgen(method, js_name = getSize)]
    pub fn get_size(this: &LMap) -> Point;
    /// `map.getMaxZoom()`.
    #[wasm_bindgen(method, js_name = getMaxZoom)]
    pub fn get_max_zoom(this: &LMap) -> f64;
    #[wasm_bindgen(method, js_name = containerPointToLayerPoint)]
    fn container_point_to_layer_point_js(this: &LMap, p: &Array) -> Point;
    #[wasm_bindgen(method, js_name = latLngToContainerPoint)]
    fn lat_lng_to_container_point_js(this: &LMap, ll: &Array) -> Point;
    /// `map.getBounds()`.
    #[wasm_bindgen(method, js_name = getBounds)]
    pub fn get_bounds(this: &LMap) -> Bounds;

    /// `L.Bounds` of pixels.
    #[derive(Clone, Debug)]
    pub type PixelBounds;
    /// The top-left corner.
    #[wasm_bindgen(method, getter)]
    pub fn min(this: &PixelBounds) -> Point;
    /// The bottom-right corner.
    #[wasm_bindgen(method, getter)]
    pub fn max(this: &PixelBounds) -> Point;

    /// `L.DomUtil.setPosition(el, point)`: places an element in its pane.
    #[wasm_bindgen(js_namespace = ["L", "DomUtil"], js_name = setPosition)]
    pub fn set_position(el: &HtmlElement, p: &Point);

    /// `L.Popup`.
    #[wasm_bindgen(extends = Layer, extends = Evented)]
    #[derive(Clone, Debug)]
    pub type Popup;
    #[wasm_bindgen(js_namespace = L, js_name = popup)]
    fn new_popup(options: &JsValue) -> Popup;
    #[wasm_bindgen(method, js_name = setLatLng)]
    fn set_lat_lng_js(this: &Popup, ll: &Array) -> Popup;
    /// `popup.setContent(element)`: content is a DOM node, never HTML text.
    #[wasm_bindgen(method, js_name = setContent)]
    pub fn set_content(this: &Popup, content: &HtmlElement) -> Popup;
    /// `popup.openOn(map)`.
    #[wasm_bindgen(method, js_name = openOn)]
    pub fn open_on(this: &Popup, map: &LMap) -> Popup;
    /// `popup.isOpen()`.
    #[wasm_bindgen(method, js_name = isOpen)]
    pub fn is_open(this: &Popup) -> bool;
    /// `popup.getElement()`: the popup's container, once open.
    #[wasm_bindgen(method, js_name = getElement)]
    pub fn get_element(this: &Popup) -> Option<HtmlElement>;
    /// `popup.options`, as set by [`PopupOptions`].
    #[wasm_bindgen(method, getter)]
    pub fn options(this: &Popup) -> PopupOptionsObject;
    /// `popup.update()`: re-lays it out and, with `autoPan`, pans it into view.
    #[wasm_bindgen(method)]
    pub fn update(this: &Popup);

    /// A popup's live options object.
    #[derive(Clone, Debug)]
    pub type PopupOptionsObject;
    /// Our own option: the event the popup shows ([`PopupOptions::event_id`]).
    #[wasm_bindgen(method, getter, js_name = eventId)]
    pub fn event_id(this: &PopupOptionsObject) -> Option<String>;
    /// Whether opening or updating the popup pans the map to show it.
    #[wasm_bindgen(method, setter, js_name = autoPan)]
    pub fn set_auto_pan(this: &PopupOptionsObject, pan: bool);

    /// `L.Handler`: an interaction that can be switched on and off.
    #[derive(Clone, Debug)]
    pub type Handler;
    /// `handler.enable()`.
    #[wasm_bindgen(method)]
    pub fn enable(this: &Handler);
    /// `handler.disable()`.
    #[wasm_bindgen(method)]
    pub fn disable(this: &Handler);
    /// `handler.enabled()`.
    #[wasm_bindgen(method)]
    pub fn enabled(this: &Handler) -> bool;

    /// `L.Browser.mobile`: a phone or tablet.
    #[wasm_bindgen(js_namespace = ["L", "Browser"], js_name = mobile, thread_local_v2)]
    pub static MOBILE: bool;

    /// `L.LatLng`.
    #[derive(Clone, Debug)]
    pub type LatLng;
    #[wasm_bindgen(js_namespace = L, js_name = latLng)]
    fn new_lat_lng(lat: f64, lng: f64) -> LatLng;
    /// Latitude in degrees.
    #[wasm_bindgen(method, getter)]
    pub fn lat(this: &LatLng) -> f64;
    /// Longitude in degrees (may leave [-180, 180] after panning; wrap it).
    #[wasm_bindgen(method, getter)]
    pub fn lng(this: &LatLng) -> f64;
    /// `latlng.wrap()`: longitude back into [-180, 180].
    #[wasm_bindgen(method)]
    pub fn wrap(this: &LatLng) -> LatLng;

    /// `L.Point`, pixels.
    #[derive(Clone, Debug)]
    pub type Point;
    /// x in pixels.
    #[wasm_bindgen(method, getter)]
    pub fn x(this: &Point) -> f64;
    /// y in pixels.
    #[wasm_bindgen(method, getter)]
    pub fn y(this: &Point) -> f64;

    /// `L.Layer`.
    #[wasm_bindgen(extends = Evented)]
    #[derive(Clone, Debug)]
    pub type Layer;
    /// `layer.addTo(map)`.
    #[wasm_bindgen(method, js_name = addTo)]
    pub fn add_to(this: &Layer, map: &LMap) -> Layer;
    /// `geoJsonLayer.setStyle(style)`: `style` is called with each
    /// feature and returns its path options (only a GeoJSON layer has it).
    #[wasm_bindgen(method, js_name = setStyle)]
    pub fn set_style(this: &Layer, style: &js_sys::Function) -> Layer;

    /// `L.Marker`: the standard pin (icons from `/vendor/leaflet/images`).
    #[wasm_bindgen(extends = Layer, extends = Evented)]
    #[derive(Clone, Debug)]
    pub type Marker;
    #[wasm_bindgen(js_namespace = L, js_name = marker)]
    fn new_marker(ll: &Array, options: &JsValue) -> Marker;
    /// `marker.getLatLng()`.
    #[wasm_bindgen(method, js_name = getLatLng)]
    pub fn get_lat_lng(this: &Marker) -> LatLng;
    #[wasm_bindgen(method, js_name = setLatLng)]
    fn set_marker_lat_lng_js(this: &Marker, ll: &Array);

    /// `L.LatLngBounds`.
    #[derive(Clone, Debug)]
    pub type Bounds;
    #[wasm_bindgen(method, js_name = contains)]
    fn contains_js(this: &Bounds, ll: &Array) -> bool;

    #[wasm_bindgen(js_namespace = L, js_name = geoJSON)]
    fn geo_json_js(data: &JsValue, options: &JsValue) -> Layer;
    #[wasm_bindgen(js_namespace = L, js_name = tileLayer)]
    fn tile_layer_js(url: &str, options: &JsValue) -> Layer;

    /// Leaflet's `MouseEvent` (`click`, `mousemove` on a map).
    #[derive(Clone, Debug)]
    pub type MouseEvent;
    /// Where the pointer is, pixels from the map's top-left corner.
    #[wasm_bindgen(method, getter, js_name = containerPoint)]
    pub fn container_point(this: &MouseEvent) -> Option<Point>;
    /// Where the pointer is on the map (not wrapped: see [`LatLng::wrap`]).
    #[wasm_bindgen(method, getter, js_name = latlng)]
    pub fn lat_lng(this: &MouseEvent) -> Option<LatLng>;

    /// Leaflet's `PopupEvent` (`popupopen`, `popupclose`).
    #[derive(Clone, Debug)]
    pub type PopupEvent;
    /// The popup opened or closed.
    #[wasm_bindgen(method, getter)]
    pub fn popup(this: &PopupEvent) -> Option<Popup>;

    /// Leaflet's `DragEndEvent` of a marker.
    #[derive(Clone, Debug)]
    pub type DragEndEvent;
    /// The marker dragged.
    #[wasm_bindgen(method, getter)]
    pub fn target(this: &DragEndEvent) -> Marker;
}

/// `[a, b]` as a JS array (a LatLng `[lat, lng]` or a Point `[x, y]`).
fn pair(a: f64, b: f64) -> Array {
    Array::of2(&a.into(), &b.into())
}

impl LMap {
    /// `L.map(element, options)`.
    pub fn new(el: &HtmlElement, options: &MapOptions) -> LMap {
        new_map(el, &options.to_js())
    }

    /// `map.setView(center, zoom, options)`.
    pub fn set_view(&self, center: LatLon, zoom: f64, options: &ViewOptions) {
        self.set_view_js(&center.js(), zoom, &options.to_js());
    }

    /// `map.fitBounds([south_west, north_east], options)`.
    pub fn fit_bounds(&self, south_west: LatLon, north_east: LatLon, options: &ViewOptions) {
        self.fit_bounds_js(&Array::of2(&south_west.js(), &north_east.js()), &options.to_js());
    }

    /// `map.panBy([dx, dy], options)`: moves the view by pixels.
    pub fn pan_by(&self, dx: f64, dy: f64, options: &ViewOptions) {
        self.pan_by_js(&pair(dx, dy), &options.to_js());
    }

    /// `map.containerPointToLayerPoint([x, y])`.
    pub fn container_point_to_layer_point(&self, x: f64, y: f64) -> Point {
        self.container_point_to_layer_point_js(&pair(x, y))
    }

    /// `map.latLngToContainerPoint([lat, lng])`: pixels from the map's
    /// top-left corner.
    pub fn lat_lng_to_container_point(&self, at: LatLon) -> Point {
        self.lat_lng_to_container_point_js(&at.js())
    }
}

impl Popup {
    /// `L.popup(options)`.
    pub fn new(options: &PopupOptions) -> Popup {
        new_popup(&options.to_js())
    }

    /// `popup.setLatLng([lat, lng])`.
    pub fn set_lat_lng(&self, at: LatLon) -> Popup {
        self.set_lat_lng_js(&at.js())
    }
}

impl Marker {
    /// `L.marker([lat, lng], options)`.
    pub fn new(at: LatLon, options: &MarkerOptions) -> Marker {
        new_marker(&at.js(), &options.to_js())
    }

    /// `marker.setLatLng([lat, lng])`.
    pub fn set_lat_lng(&self, at: LatLon) {
        self.set_marker_lat_lng_js(&at.js());
    }
}

impl Bounds {
    /// `bounds.contains([lat, lng])`.
    pub fn contains(&self, at: LatLon) -> bool {
        self.contains_js(&at.js())
    }
}

impl LatLng {
    /// `L.latLng(lat, lng)`.
    pub fn new(at: LatLon) -> LatLng {
        new_lat_lng(at.lat, at.lon)
    }

    /// As a plain pair.
    pub fn lat_lon(&self) -> LatLon {
        LatLon { lat: self.lat(), lon: self.lng() }
    }
}

/// `L.geoJSON(data, options)`: `data` is parsed GeoJSON.
pub fn geo_json(data: &JsValue, options: &GeoJsonOptions) -> Layer {
    geo_json_js(data, &options.to_js())
}

/// `L.tileLayer(urlTemplate, options)`.
pub fn tile_layer(url: &str, options: &TileLayerOptions) -> Layer {
    tile_layer_js(url, &options.to_js())
}

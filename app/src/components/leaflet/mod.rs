//! Hand-written bindings for the Leaflet 1.9.4 calls the maps need (`L` is
//! loaded by a plain `<script>` from our own origin), typed options
//! ([`options`]) and handlers that remove themselves ([`listener`]).
//! Browser only.
//!
//! Chosen over the `leptos-leaflet` crate, which has no circle markers, and
//! over the full `leaflet` crate, whose whole-API surface we do not need.

pub mod listener;
pub mod options;

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

use domain::tiles::TileLayer;
use options::{GeoJsonOptions, PathOptions, TileLayerOptions};

#[wasm_bindgen]
extern "C" {
    /// `L.Evented`: anything with `on` and `off` (maps, layers, markers).
    #[derive(Clone, Debug)]
    pub type Evented;
    /// `target.on(type, fn)`; prefer [`listener::Listener`], which calls
    /// `off` when dropped.
    #[wasm_bindgen(method)]
    pub fn on(this: &Evented, kind: &str, f: &Function);
    /// `target.off(type, fn)`.
    #[wasm_bindgen(method)]
    pub fn off(this: &Evented, kind: &str, f: &Function);

    /// `L.Map`.
    #[wasm_bindgen(extends = Evented)]
    #[derive(Clone, Debug)]
    pub type LMap;
    /// `L.map(element, options)`.
    #[wasm_bindgen(js_namespace = L, js_name = map)]
    pub fn new_map(el: &HtmlElement, options: &JsValue) -> LMap;
    /// `map.setView([lat, lng], zoom, options)`.
    #[wasm_bindgen(method, js_name = setView)]
    pub fn set_view(this: &LMap, center: &Array, zoom: f64, options: &JsValue);
    /// `map.fitBounds([[lat, lng], [lat, lng]], options)`.
    #[wasm_bindgen(method, js_name = fitBounds)]
    pub fn fit_bounds(this: &LMap, bounds: &Array, options: &JsValue);
    /// `map.getCenter()`.
    #[wasm_bindgen(method, js_name = getCenter)]
    pub fn get_center(this: &LMap) -> LatLng;
    /// `map.getZoom()`.
    #[wasm_bindgen(method, js_name = getZoom)]
    pub fn get_zoom(this: &LMap) -> f64;
    /// `map.latLngToLayerPoint([lat, lng])`.
    #[wasm_bindgen(method, js_name = latLngToLayerPoint)]
    pub fn lat_lng_to_layer_point(this: &LMap, ll: &Array) -> Point;
    /// `map.layerPointToLatLng([x, y])`.
    #[wasm_bindgen(method, js_name = layerPointToLatLng)]
    pub fn layer_point_to_lat_lng(this: &LMap, p: &Array) -> LatLng;
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
    /// `map.containerPointToLayerPoint([x, y])`.
    #[wasm_bindgen(method, js_name = containerPointToLayerPoint)]
    pub fn container_point_to_layer_point(this: &LMap, p: &Array) -> Point;
    /// `map.getPane(name)`.
    #[wasm_bindgen(method, js_name = getPane)]
    pub fn get_pane(this: &LMap, name: &str) -> HtmlElement;

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

    /// `L.popup(options)`.
    #[wasm_bindgen(js_namespace = L, js_name = popup)]
    pub fn new_popup(options: &JsValue) -> Popup;
    /// `popup.setLatLng([lat, lng])`.
    #[wasm_bindgen(method, js_name = setLatLng)]
    pub fn set_lat_lng(this: &Popup, ll: &Array) -> Popup;
    /// `popup.setContent(element)`.
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
    /// Latitude in degrees.
    #[wasm_bindgen(method, getter)]
    pub fn lat(this: &LatLng) -> f64;
    /// Longitude in degrees (may leave [-180, 180] after panning; wrap it).
    #[wasm_bindgen(method, getter)]
    pub fn lng(this: &LatLng) -> f64;
    /// `latlng.wrap()`: longitude back into [-180, 180].
    #[wasm_bindgen(method)]
    pub fn wrap(this: &LatLng) -> LatLng;

    /// `L.Point`, layer pixels.
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

    /// `L.LayerGroup`.
    #[wasm_bindgen(extends = Layer, extends = Evented)]
    #[derive(Clone, Debug)]
    pub type LayerGroup;
    /// `L.layerGroup()`.
    #[wasm_bindgen(js_namespace = L, js_name = layerGroup)]
    pub fn layer_group() -> LayerGroup;
    /// `group.clearLayers()`.
    #[wasm_bindgen(method, js_name = clearLayers)]
    pub fn clear_layers(this: &LayerGroup);
    /// `group.addLayer(layer)`.
    #[wasm_bindgen(method, js_name = addLayer)]
    pub fn add_layer(this: &LayerGroup, layer: &Layer);
    /// `group.removeLayer(layer)`.
    #[wasm_bindgen(method, js_name = removeLayer)]
    pub fn remove_layer(this: &LayerGroup, layer: &Layer);

    /// `L.CircleMarker`: a circle of a fixed pixel radius.
    #[wasm_bindgen(extends = Layer, extends = Evented)]
    #[derive(Clone, Debug)]
    pub type CircleMarker;
    /// `L.circleMarker([lat, lng], options)`.
    #[wasm_bindgen(js_namespace = L, js_name = circleMarker)]
    pub fn circle_marker(ll: &Array, options: &JsValue) -> CircleMarker;
    /// `marker.bindPopup(element, options)`: content is a DOM node, never HTML text.
    #[wasm_bindgen(method, js_name = bindPopup)]
    pub fn bind_popup(this: &CircleMarker, content: &HtmlElement, options: &JsValue);
    /// `marker.openPopup()`.
    #[wasm_bindgen(method, js_name = openPopup)]
    pub fn open_popup(this: &CircleMarker);
    /// `marker.getPopup()`.
    #[wasm_bindgen(method, js_name = getPopup)]
    pub fn get_popup(this: &CircleMarker) -> Popup;
    /// `marker.isPopupOpen()`.
    #[wasm_bindgen(method, js_name = isPopupOpen)]
    pub fn is_popup_open(this: &CircleMarker) -> bool;
    /// `marker.setStyle(options)`.
    #[wasm_bindgen(method, js_name = setStyle)]
    pub fn set_style(this: &CircleMarker, options: &JsValue);
    /// `marker.setLatLng([lat, lng])`.
    #[wasm_bindgen(method, js_name = setLatLng)]
    pub fn set_lat_lng(this: &CircleMarker, ll: &Array);
    /// `marker.bringToFront()`.
    #[wasm_bindgen(method, js_name = bringToFront)]
    pub fn bring_to_front(this: &CircleMarker);

    /// `L.Popup`.
    #[wasm_bindgen(extends = Layer, extends = Evented)]
    #[derive(Clone, Debug)]
    pub type Popup;
    /// `popup.options`.
    #[wasm_bindgen(method, getter)]
    pub fn options(this: &Popup) -> js_sys::Object;
    /// `popup.update()`: re-lays it out and, with `autoPan`, pans it into view.
    #[wasm_bindgen(method)]
    pub fn update(this: &Popup);

    /// `L.Marker`: the standard pin (icons from `/vendor/leaflet/images`).
    #[wasm_bindgen(extends = Layer, extends = Evented)]
    #[derive(Clone, Debug)]
    pub type Marker;
    /// `L.marker([lat, lng], options)`, e.g. `{draggable: true}`.
    #[wasm_bindgen(js_namespace = L, js_name = marker)]
    pub fn marker(ll: &Array, options: &JsValue) -> Marker;
    /// `marker.getLatLng()`.
    #[wasm_bindgen(method, js_name = getLatLng)]
    pub fn get_lat_lng(this: &Marker) -> LatLng;
    /// `marker.setLatLng([lat, lng])`.
    #[wasm_bindgen(method, js_name = setLatLng)]
    pub fn set_marker_lat_lng(this: &Marker, ll: &Array);

    /// `map.getBounds()`.
    #[wasm_bindgen(method, js_name = getBounds)]
    pub fn get_bounds(this: &LMap) -> Bounds;
    /// `L.LatLngBounds`.
    #[derive(Clone, Debug)]
    pub type Bounds;
    /// `bounds.contains([lat, lng])`.
    #[wasm_bindgen(method)]
    pub fn contains(this: &Bounds, ll: &Array) -> bool;

    /// `L.polyline([[lat, lng], …], options)`.
    #[wasm_bindgen(js_namespace = L, js_name = polyline)]
    pub fn polyline(lls: &Array, options: &JsValue) -> Layer;
    /// `L.geoJSON(data, options)`.
    #[wasm_bindgen(js_namespace = L, js_name = geoJSON)]
    pub fn geo_json(data: &JsValue, options: &JsValue) -> Layer;
    /// `L.tileLayer(urlTemplate, options)`.
    #[wasm_bindgen(js_namespace = L, js_name = tileLayer)]
    pub fn tile_layer(url: &str, options: &JsValue) -> Layer;
}

/// `[a, b]` as a JS array (a LatLng `[lat, lng]` or a Point `[x, y]`).
pub fn pair(a: f64, b: f64) -> Array {
    Array::of2(&a.into(), &b.into())
}

/// The `latlng` of a Leaflet mouse event (e.g. a map `click`), wrapped into
/// [-180, 180] degrees of longitude; `None` if the event has none.
pub fn event_lat_lng(e: &JsValue) -> Option<LatLng> {
    let ll = Reflect::get(e, &"latlng".into()).ok()?;
    (!ll.is_undefined()).then(|| ll.unchecked_into::<LatLng>().wrap())
}

/// Puts the background under a map: the configured raster `tiles`, or else
/// the bundled Natural Earth outlines in their own pane below the markers
/// (a failure to load them leaves the plain sea-coloured background). The
/// element gets `data-basemap="loaded"` once the outlines are drawn.
pub fn add_base_layer(map: &LMap, el: &HtmlElement, tiles: Option<&TileLayer>) {
    let pane = map.create_pane("basemap");
    let _ = pane.style().set_property("z-index", "250");
    if let Some(t) = tiles {
        let o = TileLayerOptions { attribution: Some(t.attribution.clone()), max_zoom: Some(18.0) };
        tile_layer(&t.url, &o.to_js()).add_to(map);
        return;
    }
    let (map, el) = (map.clone(), el.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let Some(win) = web_sys::window() else { return };
        let Ok(resp) = JsFuture::from(win.fetch_with_str("/vendor/countries-110m.geojson")).await else { return };
        let resp: web_sys::Response = resp.unchecked_into();
        let Ok(json) = resp.json() else { return };
        let Ok(data) = JsFuture::from(json).await else { return };
        let style = PathOptions {
            color: Some("#a9a294".into()),
            weight: Some(0.7),
            fill_color: Some("#f1ede4".into()),
            fill_opacity: Some(1.0),
            ..Default::default()
        };
        let o = GeoJsonOptions {
            pane: Some("basemap".into()),
            interactive: Some(false),
            attribution: Some("Natural Earth".into()),
            style: Some(style.to_js()),
        };
        let layer = geo_json(&data, &o.to_js());
        layer.add_to(&map);
        let _ = el.set_attribute("data-basemap", "loaded");
    });
}

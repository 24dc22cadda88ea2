//! The background under a map: the configured raster tiles (which Leaflet
//! repeats on every world copy by itself), or else the bundled Natural
//! Earth outlines, drawn in a pane of their own below the markers on every
//! world copy the view shows. A map repeats the world sideways: west of
//! 180°W lie Australia and New Zealand again, and the markers are drawn
//! there, so the land must be too. The outlines can be filled country by
//! country ([`Basemap::shade`], README "Shading countries"). Browser only.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

use super::listener::Listener;
use super::options::{GeoJsonOptions, PathOptions, TileLayerOptions};
use super::{geo_json, tile_layer, LMap, LatLng, LatLon, Layer};
use domain::tiles::TileLayer;

/// The bundled outlines, as the site serves them.
const OUTLINES: &str = "/vendor/countries-110m.geojson";
/// The land's fill when a country is not shaded.
const LAND: &str = "#f1ede4";

/// Fills by the outlines' feature id (ISO 3166-1 numeric, `"752"`), CSS
/// colours.
pub type Fills = HashMap<String, &'static str>;

/// A style function for `setStyle`: a feature in, its path options out.
type StyleFn = Closure<dyn FnMut(JsValue) -> JsValue>;

/// A map's background; it draws more world copies as the view needs them
/// for as long as it is kept.
pub struct Basemap {
    map: LMap,
    el: HtmlElement,
    /// The outlines, once loaded.
    data: RefCell<Option<JsValue>>,
    /// The world copies drawn (0 is the one from 180°W to 180°E).
    drawn: RefCell<Vec<i32>>,
    /// Their layers, to restyle.
    layers: RefCell<Vec<Layer>>,
    /// The countries' fills, while shading is on; copies drawn later use
    /// it too.
    shading: RefCell<Option<StyleFn>>,
    moved: RefCell<Option<Listener>>,
}

impl Basemap {
    /// Puts the background under `map` (in `el`): the raster `tiles` if
    /// configured, else the outlines (a failure to load them leaves the
    /// plain sea-coloured background). The element gets
    /// `data-basemap="loaded"` once the outlines are drawn.
    pub fn add(map: &LMap, el: &HtmlElement, tiles: Option<&TileLayer>) -> Rc<Basemap> {
        let pane = map.create_pane("basemap");
        let _ = pane.style().set_property("z-index", "250");
        let basemap = Rc::new(Basemap {
            map: map.clone(),
            el: el.clone(),
            data: RefCell::new(None),
            drawn: RefCell::new(Vec::new()),
            layers: RefCell::new(Vec::new()),
            shading: RefCell::new(None),
            moved: RefCell::new(None),
        });
        if let Some(t) = tiles {
            let o = TileLayerOptions { attribution: Some(t.attribution.clone()), max_zoom: Some(18.0) };
            tile_layer(&t.url, &o).add_to(map);
            return basemap;
        }
        let w = Rc::downgrade(&basemap);
        let moved = Listener::on(map, "moveend", move |_: JsValue| {
            if let Some(b) = w.upgrade() {
                b.cover();
            }
        });
        *basemap.moved.borrow_mut() = Some(moved);
        wasm_bindgen_futures::spawn_local(load(Rc::downgrade(&basemap)));
        basemap
    }

    /// Draws the outlines on each world copy in view (and a tenth of the
    /// view beyond each side) that has none yet.
    fn cover(&self) {
        let Some(data) = self.data.borrow().clone() else { return };
        let bounds = self.map.get_pixel_bounds();
        let (west, east) = (bounds.min().x(), bounds.max().x());
        let margin = (east - west) * 0.1;
        for copy in domain::cluster::world_copies(west - margin, east + margin, self.map.get_zoom()) {
            if self.drawn.borrow().contains(&copy) {
                continue;
            }
            self.drawn.borrow_mut().push(copy);
            self.draw(&data, copy);
        }
        let _ = self.el.set_attribute("data-basemap", "loaded");
    }

    /// One copy of the outlines, `copy` worlds east (negative: west).
    fn draw(&self, data: &JsValue, copy: i32) {
        let shift = 360.0 * f64::from(copy);
        // Positions are [lon, lat]; the copy's are 360° × `copy` further east.
        let shifted = Closure::<dyn FnMut(Array) -> LatLng>::new(move |position: Array| {
            let (lon, lat) = (position.get(0).as_f64().unwrap_or(0.0), position.get(1).as_f64().unwrap_or(0.0));
            LatLng::new(LatLon { lat, lon: lon + shift })
        });
        let style = PathOptions {
            color: Some("#a9a294".into()),
            weight: Some(0.7),
            fill_color: Some(LAND.into()),
            fill_opacity: Some(1.0),
            ..Default::default()
        };
        let o = GeoJsonOptions {
            pane: Some("basemap".into()),
            interactive: Some(false),
            attribution: Some("Natural Earth".into()),
            style: Some(style),
            coords_to_lat_lng: (copy != 0).then(|| shifted.as_ref().unchecked_ref::<Function>().clone()),
        };
        let layer = geo_json(data, &o).add_to(&self.map);
        // Leaflet calls `coordsToLatLng` only while it makes the layer: the
        // closure is not needed after this, and is dropped here.
        drop(shifted);
        if let Some(f) = self.shading.borrow().as_ref() {
            layer.set_style(f.as_ref().unchecked_ref());
        }
        self.layers.borrow_mut().push(layer);
    }

    /// Fills each country whose feature id is in `fills` with its colour,
    /// the others with the land's; `None` puts the land's fill back
    /// everywhere. The map element gets `data-shaded` with the number of
    /// countries filled. Nothing is drawn over raster tiles (there are no
    /// outlines to fill).
    pub fn shade(&self, fills: Option<Fills>) {
        let filled = fills.as_ref().map_or(0, HashMap::len);
        let style: StyleFn = Closure::new(move |feature: JsValue| {
            let id = js_sys::Reflect::get(&feature, &JsValue::from_str("id")).ok().and_then(|v| v.as_string());
            let fill = id.and_then(|id| fills.as_ref().and_then(|f| f.get(&id).copied())).unwrap_or(LAND);
            PathOptions { fill_color: Some(fill.into()), ..Default::default() }.to_js()
        });
        for layer in self.layers.borrow().iter() {
            layer.set_style(style.as_ref().unchecked_ref());
        }
        *self.shading.borrow_mut() = Some(style);
        let _ = self.el.set_attribute("data-shaded", &filled.to_string());
    }
}

/// Fetches the outlines, then draws them where the view needs them.
async fn load(basemap: Weak<Basemap>) {
    let Some(win) = web_sys::window() else { return };
    let Ok(resp) = JsFuture::from(win.fetch_with_str(&crate::base::href(OUTLINES))).await else { return };
    let resp: web_sys::Response = resp.unchecked_into();
    let Ok(json) = resp.json() else { return };
    let Ok(data) = JsFuture::from(json).await else { return };
    let Some(b) = basemap.upgrade() else { return };
    *b.data.borrow_mut() = Some(data);
    b.cover();
}

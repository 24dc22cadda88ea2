//! Typed options for the Leaflet calls we make. Each struct names its
//! fields in Rust and its JavaScript keys once, here, so a misspelt option
//! is a compile error rather than a silently ignored key. Every field is
//! optional: `None` leaves Leaflet's default.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// Declares an options struct whose `Some` fields become the given keys.
macro_rules! js_options {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident: $ty:ty => $key:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default)]
        pub struct $name { $($(#[$fdoc])* pub $field: Option<$ty>),+ }

        impl $name {
            /// Sets the `Some` fields on an existing options object (e.g. a
            /// popup's, to change it after it was made).
            pub fn set_on(&self, target: &Object) {
                $(if let Some(v) = &self.$field {
                    // Setting a property on a plain object cannot fail.
                    let _ = Reflect::set(target, &JsValue::from_str($key), &JsValue::from(v.clone()));
                })+
            }

            /// A new plain object with the `Some` fields.
            pub fn to_js(&self) -> JsValue {
                let o = Object::new();
                self.set_on(&o);
                o.into()
            }
        }
    };
}

/// A pair of pixel numbers, `[x, y]` (a padding, an offset).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pixels(pub f64, pub f64);

impl From<Pixels> for JsValue {
    fn from(p: Pixels) -> JsValue {
        js_sys::Array::of2(&p.0.into(), &p.1.into()).into()
    }
}

js_options! {
    /// `L.map(el, options)`.
    MapOptions {
        /// Draw vector layers on one canvas instead of SVG elements.
        prefer_canvas: bool => "preferCanvas",
        /// Jump back to the original world copy when panning past it.
        world_copy_jump: bool => "worldCopyJump",
        /// Lowest zoom level.
        min_zoom: f64 => "minZoom",
        /// Highest zoom level.
        max_zoom: f64 => "maxZoom",
        /// Zoom with the mouse wheel.
        scroll_wheel_zoom: bool => "scrollWheelZoom",
        /// Pan by dragging (one finger on touch screens).
        dragging: bool => "dragging",
    }
}

js_options! {
    /// `map.setView(…, options)` and `map.fitBounds(…, options)`.
    ViewOptions {
        /// Animate the change.
        animate: bool => "animate",
        /// Padding around fitted bounds, pixels.
        padding: Pixels => "padding",
        /// Highest zoom a fit may choose.
        max_zoom: f64 => "maxZoom",
    }
}

impl ViewOptions {
    /// No animation: a view set in code lands at once.
    pub fn instant() -> Self {
        ViewOptions { animate: Some(false), ..Default::default() }
    }
}

js_options! {
    /// Style of a vector layer (`L.circleMarker`, `L.polyline`, GeoJSON).
    PathOptions {
        /// Circle radius in pixels.
        radius: f64 => "radius",
        /// Stroke colour (CSS).
        color: String => "color",
        /// Stroke width in pixels.
        weight: f64 => "weight",
        /// Fill colour (CSS).
        fill_color: String => "fillColor",
        /// Fill opacity, 0 to 1.
        fill_opacity: f64 => "fillOpacity",
        /// Stroke opacity, 0 to 1.
        opacity: f64 => "opacity",
        /// Whether the layer takes mouse events.
        interactive: bool => "interactive",
        /// The map pane to draw in.
        pane: String => "pane",
    }
}

impl From<PathOptions> for JsValue {
    fn from(o: PathOptions) -> JsValue {
        o.to_js()
    }
}

js_options! {
    /// `L.popup(options)` / `layer.bindPopup(content, options)`.
    PopupOptions {
        /// Our own key: the id of the event the popup shows, read back in
        /// `popupopen`/`popupclose` handlers.
        event_id: String => "eventId",
        /// Pan the map so that the popup shows.
        auto_pan: bool => "autoPan",
        /// Largest width in pixels.
        max_width: f64 => "maxWidth",
        /// Smallest width in pixels.
        min_width: f64 => "minWidth",
        /// Largest height in pixels (then it scrolls).
        max_height: f64 => "maxHeight",
        /// Room kept between an auto-panned popup and the map's top-left
        /// corner, pixels.
        auto_pan_padding_top_left: Pixels => "autoPanPaddingTopLeft",
        /// Room kept at the bottom-right corner, pixels.
        auto_pan_padding_bottom_right: Pixels => "autoPanPaddingBottomRight",
        /// A class for the popup's container.
        class_name: String => "className",
    }
}

js_options! {
    /// `L.marker(latlng, options)`.
    MarkerOptions {
        /// The pin can be dragged.
        draggable: bool => "draggable",
        /// Pan the map when the pin is dragged to its edge.
        auto_pan: bool => "autoPan",
        /// Tooltip text.
        title: String => "title",
    }
}

js_options! {
    /// `L.tileLayer(url, options)`.
    TileLayerOptions {
        /// Attribution shown in the corner (plain text).
        attribution: String => "attribution",
        /// Highest zoom the tiles exist for.
        max_zoom: f64 => "maxZoom",
    }
}

js_options! {
    /// `L.geoJSON(data, options)`.
    GeoJsonOptions {
        /// The map pane to draw in.
        pane: String => "pane",
        /// Whether the features take mouse events.
        interactive: bool => "interactive",
        /// Attribution shown in the corner.
        attribution: String => "attribution",
        /// Style of every feature.
        style: PathOptions => "style",
        /// How a position `[lon, lat]` becomes a place (to draw a copy of
        /// the data on another world copy).
        coords_to_lat_lng: js_sys::Function => "coordsToLatLng",
    }
}

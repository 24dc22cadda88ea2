//! A form's map for an event's point (the editor's event form and the
//! readers' `/report`): click to place the event, drag the pin to move it,
//! or type longitude and latitude; the pin and the two fields stay in
//! agreement. Without JavaScript the fields alone do the job.

use leptos::prelude::*;

use domain::tiles::TileLayer;

use crate::i18n::use_lang;

/// Decimal places kept when a point comes from the map: 5 places of a degree
/// are about 1.1 m on the ground, finer than any reported venue.
pub const PLACES: usize = 5;

/// A coordinate from the map as form text: rounded to [`PLACES`] decimals,
/// without trailing zeros (`18.06860` → `"18.0686"`, `-0.0` → `"0"`).
pub fn degrees_text(v: f64) -> String {
    let s = format!("{v:.PLACES$}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// The point the two fields give, as `(lon, lat)` in degrees, if both are
/// numbers within WGS 84's range; `None` while the editor is still typing.
pub fn typed_point(lon: &str, lat: &str) -> Option<(f64, f64)> {
    let lon = domain::bbox::typed_decimal(lon.trim())?;
    let lat = domain::bbox::typed_decimal(lat.trim())?;
    ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some((lon, lat))
}

/// A map that places a pin at `lon`/`lat` (form text, degrees) and writes
/// them back when the map is clicked or the pin dragged. Its label and the
/// pin's title are in the page's language.
#[component]
pub fn LocationPicker(
    /// Longitude as typed, degrees.
    lon: RwSignal<String>,
    /// Latitude as typed, degrees.
    lat: RwSignal<String>,
    /// Raster tiles, if configured; the bundled basemap otherwise.
    tiles: Option<TileLayer>,
) -> impl IntoView {
    let lang = use_lang();
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    browser::mount(node, lon, lat, tiles, lang.t("picker-pin"));
    #[cfg(not(feature = "hydrate"))]
    let _ = (lon, lat, tiles);
    view! { <div class="picker map" node_ref=node role="application" aria-label=lang.t("picker-label")></div> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;
    use std::rc::Rc;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    use super::{degrees_text, typed_point, TileLayer};
    use crate::components::leaflet::basemap::Basemap;
    use crate::components::leaflet::listener::Listener;
    use crate::components::leaflet::options::{MapOptions, MarkerOptions, ViewOptions};
    use crate::components::leaflet::{self as l, LatLon};

    struct Picker {
        map: l::LMap,
        /// The pin and its drag handler, made on first use.
        pin: RefCell<Option<(l::Marker, Listener)>>,
        lon: RwSignal<String>,
        lat: RwSignal<String>,
        /// The pin's title (a tooltip, and its name for screen readers).
        pin_title: String,
        _click: RefCell<Option<Listener>>,
        _basemap: Rc<Basemap>,
    }

    impl Picker {
        /// Writes a point from the map into the fields.
        fn write(&self, ll: &l::LatLng) {
            let ll = ll.wrap();
            self.lon.set(degrees_text(ll.lng()));
            self.lat.set(degrees_text(ll.lat()));
        }

        /// Puts the pin at `(lon, lat)`, making it on first use, and pans
        /// only if it is out of view.
        fn place(self: &Rc<Self>, lon: f64, lat: f64) {
            let at = LatLon { lat, lon };
            let existing = self.pin.borrow().as_ref().map(|(pin, _)| pin.clone());
            if let Some(pin) = existing {
                pin.set_lat_lng(at);
            } else {
                let options =
                    MarkerOptions { draggable: Some(true), auto_pan: Some(true), title: Some(self.pin_title.clone()) };
                let pin = l::Marker::new(at, &options);
                let me = Rc::downgrade(self);
                let moved = Listener::on(&pin, "dragend", move |e: l::DragEndEvent| {
                    if let Some(me) = me.upgrade() {
                        me.write(&e.target().get_lat_lng());
                    }
                });
                pin.add_to(&self.map);
                *self.pin.borrow_mut() = Some((pin, moved));
            }
            if !self.map.get_bounds().contains(at) {
                self.map.set_view(at, self.map.get_zoom().max(5.0), &ViewOptions::instant());
            }
        }
    }

    /// Starts the map once its element is in the page; keeps pin and fields
    /// in step.
    pub fn mount(
        node: NodeRef<leptos::html::Div>,
        lon: RwSignal<String>,
        lat: RwSignal<String>,
        tiles: Option<TileLayer>,
        pin_title: String,
    ) {
        let picker: StoredValue<Option<Rc<Picker>>, LocalStorage> = StoredValue::new_local(None);
        Effect::new(move |_| {
            let Some(el) = node.get() else { return };
            if picker.with_value(Option::is_some) {
                return;
            }
            let el: web_sys::HtmlElement = el.unchecked_into();
            let options = MapOptions {
                min_zoom: Some(1.0),
                max_zoom: Some(18.0),
                world_copy_jump: Some(true),
                ..Default::default()
            };
            let map = l::LMap::new(&el, &options);
            let basemap = Basemap::add(&map, &el, tiles.as_ref());
            match typed_point(&lon.get_untracked(), &lat.get_untracked()) {
                Some((x, y)) => map.set_view(LatLon { lat: y, lon: x }, 6.0, &ViewOptions::default()),
                None => map.set_view(LatLon { lat: 30.0, lon: 10.0 }, 2.0, &ViewOptions::default()),
            }
            let p = Rc::new(Picker {
                map,
                pin: RefCell::new(None),
                lon,
                lat,
                pin_title: pin_title.clone(),
                _click: RefCell::new(None),
                _basemap: basemap,
            });
            let w = Rc::downgrade(&p);
            let click = Listener::on(&p.map, "click", move |e: l::MouseEvent| {
                if let (Some(me), Some(ll)) = (w.upgrade(), e.lat_lng()) {
                    me.write(&ll);
                }
            });
            *p._click.borrow_mut() = Some(click);
            // A form rendered again after a save may mount the map before
            // the page is laid out, and the pin effect below may already have
            // run: read the size once laid out and place the pin here too.
            if let Some((x, y)) = typed_point(&lon.get_untracked(), &lat.get_untracked()) {
                p.place(x, y);
            }
            let m = p.map.clone();
            request_animation_frame(move || m.invalidate_size());
            let _ = el.set_attribute("data-ready", "true");
            picker.set_value(Some(p));
        });
        // Typed or clicked, the fields move the pin.
        Effect::new(move |_| {
            let point = typed_point(&lon.get(), &lat.get());
            picker.with_value(|p| {
                if let (Some(p), Some((x, y))) = (p, point) {
                    p.place(x, y);
                }
            });
        });
        on_cleanup(move || {
            picker.with_value(|p| {
                if let Some(p) = p {
                    p.map.remove();
                }
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_points_become_short_form_text() {
        assert_eq!(degrees_text(18.068_600_4), "18.0686");
        assert_eq!(degrees_text(-77.036_548_9), "-77.03655");
        assert_eq!(degrees_text(4.0), "4");
        assert_eq!(degrees_text(-0.000_001), "0");
        assert_eq!(degrees_text(180.0), "180");
    }

    #[test]
    fn only_complete_in_range_points_move_the_pin() {
        assert_eq!(typed_point("18.0686", " 59.3293 "), Some((18.0686, 59.3293)));
        assert_eq!(typed_point("-", "59"), None);
        assert_eq!(typed_point("18,07", "59"), Some((18.07, 59.0)), "a decimal comma, as the form accepts");
        assert_eq!(typed_point("18,0,7", "59"), None);
        assert_eq!(typed_point("", "59"), None);
        assert_eq!(typed_point("181", "59"), None);
        assert_eq!(typed_point("18", "-90.5"), None);
    }
}

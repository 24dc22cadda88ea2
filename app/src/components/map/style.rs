//! What an event's marker looks like: colour by kind
//! ([`domain::labels::kind_colour`]); filled for exact dates, hollow for
//! approximate ones; larger with a dashed ring when the point stands for a
//! region; a dark, thick ring when its popup is open.

use wasm_bindgen::JsValue;

use crate::components::leaflet::options::PathOptions;
use domain::event::{DatePrecision, Event, GeoPrecision};
use domain::labels::kind_colour;

/// The circle marker style of `e`.
pub fn marker(e: &Event, selected: bool) -> PathOptions {
    let colour = kind_colour(e.kind);
    let approximate = e.date_precision == DatePrecision::Approximate;
    let region = e.geo_precision == GeoPrecision::Region;
    PathOptions {
        radius: Some(if region { 11.0 } else { 7.0 }),
        color: Some(if selected { "#111111" } else { colour }.to_owned()),
        weight: Some(if selected {
            3.5
        } else if approximate {
            2.5
        } else {
            1.5
        }),
        dash_array: Some(if region { JsValue::from_str("4 3") } else { JsValue::NULL }),
        fill_color: Some(colour.to_owned()),
        fill_opacity: Some(if approximate { 0.08 } else { 0.85 }),
        opacity: Some(1.0),
        ..Default::default()
    }
}

/// The thin line from a spread marker back to its true position.
pub fn leader() -> PathOptions {
    PathOptions { color: Some("#333".into()), weight: Some(1.0), interactive: Some(false), ..Default::default() }
}

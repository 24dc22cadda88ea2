//! What an event's marker looks like: colour and shape by kind
//! ([`domain::labels::kind_colour`], [`domain::labels::kind_shape`]); filled for exact dates, hollow for
//! approximate ones; larger with a dashed ring when the point stands for a
//! region; a dark, thick ring when its popup is open.

use domain::event::{DatePrecision, EventKind, GeoPrecision};
use domain::labels::{kind_colour, kind_shape, Shape};

/// A marker's style, for the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarkerStyle {
    /// Radius in pixels.
    pub radius: f64,
    /// The outline, by kind.
    pub shape: Shape,
    /// Fill colour (CSS).
    pub fill: &'static str,
    /// Fill opacity, 0 to 1.
    pub fill_opacity: f64,
    /// Ring colour (CSS).
    pub stroke: &'static str,
    /// Ring width in pixels.
    pub weight: f64,
    /// A dashed ring.
    pub dashed: bool,
}

/// The marker of an event of `kind` with these precisions.
pub fn marker(kind: EventKind, dates: DatePrecision, place: GeoPrecision, selected: bool) -> MarkerStyle {
    let colour = kind_colour(kind);
    let approximate = dates == DatePrecision::Approximate;
    let region = place == GeoPrecision::Region;
    MarkerStyle {
        radius: if region { 11.0 } else { 7.0 },
        shape: kind_shape(kind),
        fill: colour,
        fill_opacity: if approximate { 0.08 } else { 0.85 },
        stroke: if selected { "#111111" } else { colour },
        weight: if selected {
            3.5
        } else if approximate {
            2.5
        } else {
            1.5
        },
        dashed: region,
    }
}

/// How far an event's marker reaches from its point, outline included,
/// pixels: what the layout keeps apart from other markers and clusters.
pub fn outer_radius(place: GeoPrecision, dates: DatePrecision) -> f64 {
    let st = marker(EventKind::Rally, dates, place, false);
    st.radius + st.weight / 2.0
}

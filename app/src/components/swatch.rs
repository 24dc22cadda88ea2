//! A kind's mark in the legend and the list: its marker's shape and colour
//! as a small inline SVG, so the kind shows without telling colours apart.

use leptos::prelude::*;

use domain::event::EventKind;
use domain::labels::{kind_colour, kind_shape};

/// The swatch of `kind`; `hollow` for approximate dates, as on the map.
pub fn kind_swatch(kind: EventKind, hollow: bool) -> impl IntoView {
    let colour = kind_colour(kind);
    view! {
        <svg class="swatch kind" viewBox="-1.7 -1.7 3.4 3.4" aria-hidden="true">
            <path
                d=kind_shape(kind).svg_path(1.0)
                fill=colour
                fill-opacity=if hollow { "0.1" } else { "1" }
                stroke=colour
                stroke-width="0.4"
            ></path>
        </svg>
    }
}

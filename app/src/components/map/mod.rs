//! The reader's Leaflet map: the bundled basemap (or configured raster
//! tiles), one circle marker per event in the window, popups built from
//! text.
//!
//! - this module: the component and the signals it shares with the page;
//! - `controller`: the Leaflet map, kept in step with the signals;
//! - `style`: what a marker looks like (colour by kind; hollow for
//!   approximate dates; a dashed ring for region precision);
//! - `gestures`: manners inside another site's page (wheel and touch).
//!
//! Markers that would overlap at the current zoom are spread on a small
//! circle around their common point, each tied to it by a thin line
//! ([`domain::spread`]).

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
    controller::mount(node, events, signals, tiles, embedded);
    #[cfg(not(feature = "hydrate"))]
    let _ = (events, signals, tiles, embedded);
    view! { <div class="map" node_ref=node role="region" aria-label="Map of the events in the window"></div> }
}

#[cfg(feature = "hydrate")]
mod controller;
#[cfg(feature = "hydrate")]
mod gestures;
#[cfg(feature = "hydrate")]
mod style;

//! The reader's Leaflet map: the bundled basemap (or configured raster
//! tiles) and the window's events on one canvas, clustered where they
//! crowd; popups built from text (README, "The map at scale").
//!
//! - this module: the component;
//! - `state`: the signals the page's parts share;
//! - `loader`: the events in the browser, in their compact form, and the
//!   server's clusters when there are too many;
//! - `controller`: the Leaflet map: set-up, drawing, placement, clicks;
//! - `mount`: the map kept in step with the signals;
//! - `selection`: popups, the keyboard focus they take and give back;
//! - `crowd`: the list of the events at one place;
//! - `canvas`: drawing the markers and clusters, and finding them again;
//! - `style`: what a marker looks like;
//! - `gestures`: manners inside another site's page (wheel and touch).

mod state;

pub use state::{Loaded, MapSignals};

use leptos::prelude::*;

use domain::tiles::TileLayer;

/// The map element; Leaflet takes it over in the browser.
#[component]
pub fn EventMap(
    /// The page's shared signals.
    signals: MapSignals,
    /// Raster tiles, if configured; the bundled basemap otherwise.
    tiles: Option<TileLayer>,
    /// In another site's page: the wheel scrolls that page until the reader
    /// clicks into the map or holds Ctrl/⌘; links open in new tabs.
    #[prop(optional)]
    embedded: bool,
    /// Controls drawn over the map (inside its element, beside Leaflet's).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    let lang = crate::i18n::use_lang();
    // A line over the map, such as "the event in this link was not found".
    let notice = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    mount::mount(node, signals, tiles, embedded, lang, notice);
    #[cfg(not(feature = "hydrate"))]
    let _ = (signals, tiles, embedded);
    view! {
        <div class="map" node_ref=node role="region" aria-label=lang.t("map-label")>{children.map(|c| c())}</div>
        // Present from the start, so that what appears in it is read out.
        <div class="map-notices" role="status">
            {move || notice.get().map(|text| view! {
                <p class="map-notice">
                    <span>{text}</span>
                    <button type="button" class="map-notice-close" aria-label=lang.t("close")
                        on:click=move |_| notice.set(None)>"×"</button>
                </p>
            })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod canvas;
#[cfg(feature = "hydrate")]
mod controller;
#[cfg(feature = "hydrate")]
mod crowd;
#[cfg(feature = "hydrate")]
mod gestures;
#[cfg(feature = "hydrate")]
pub mod loader;
#[cfg(feature = "hydrate")]
mod mount;
#[cfg(feature = "hydrate")]
mod selected;
#[cfg(feature = "hydrate")]
mod selection;
#[cfg(feature = "hydrate")]
mod style;

//! Components of the pages: the reader's map and the event form's map.

pub mod action_form;
pub mod date_slider;
pub mod download;
pub mod event_list;
pub mod filters;
pub mod location_picker;
pub mod map;
pub mod map_toggles;
#[cfg(feature = "hydrate")]
pub mod popup;
pub mod preview;
pub mod shading;
pub mod share;
pub mod summary;
pub mod swatch;

#[cfg(feature = "hydrate")]
pub mod leaflet;

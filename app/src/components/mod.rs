//! Components of the pages: the reader's map and the event form's map.

pub mod date_slider;
pub mod event_list;
pub mod location_picker;
pub mod map;
#[cfg(feature = "hydrate")]
pub mod popup;
pub mod share;

#[cfg(feature = "hydrate")]
pub mod leaflet;

//! Components of the reader's map page.

pub mod date_slider;
pub mod event_list;
pub mod map;
pub mod popup;
pub mod share;

#[cfg(feature = "hydrate")]
pub mod leaflet;

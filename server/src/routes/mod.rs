//! HTTP routes, one module per resource.

pub mod events;
pub mod map;
pub mod oembed;
pub mod ogc;

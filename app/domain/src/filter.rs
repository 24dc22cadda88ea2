//! Which events a reader or an API client asked for: a date window and an
//! optional bounding box. The server's API and the browser's slider both use
//! this, so the map and the GeoJSON never disagree about what is "in the
//! window".

use serde::{Deserialize, Serialize};

use crate::bbox::BBox;
use crate::dates::DateWindow;
use crate::event::Event;

/// A date window and an optional bounding box; an event matches when its date
/// range intersects the window (both inclusive) and its point is in the box.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct EventFilter {
    /// Days asked for; [`DateWindow::ALL`] for every day.
    pub window: DateWindow,
    /// Area asked for; `None` for the whole world.
    pub bbox: Option<BBox>,
}

impl EventFilter {
    /// Whether `e` is in the window and the box.
    pub fn matches(&self, e: &Event) -> bool {
        e.dates.intersects(&self.window) && self.bbox.is_none_or(|b| b.contains(e.lon, e.lat))
    }
}

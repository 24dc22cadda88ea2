//! Raster tiles drawn under the markers instead of the bundled basemap
//! (the `RALLYMAP_TILE_URL` setting, README "Settings").

use serde::{Deserialize, Serialize};

/// A raster tile layer instead of the bundled basemap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TileLayer {
    /// URL template with `{z}`, `{x}`, `{y}` (and optionally `{s}`).
    pub url: String,
    /// Attribution shown in the map's corner (plain text).
    pub attribution: String,
}

//! Words and colours for an event's values, as readers and editors see
//! them: the kind ("Banner action"), what the point stands for, and the
//! marker colour of each kind (also the legend's).

use crate::event::{EventKind, GeoPrecision};

/// The kind as a label: "Rally", "Banner action".
pub fn kind_label(k: EventKind) -> &'static str {
    match k {
        EventKind::Rally => "Rally",
        EventKind::Protest => "Protest",
        EventKind::March => "March",
        EventKind::Vigil => "Vigil",
        EventKind::BannerAction => "Banner action",
        EventKind::Other => "Other",
    }
}

/// What the map point stands for, as a reader should understand it.
pub fn geo_precision_note(p: GeoPrecision) -> &'static str {
    match p {
        GeoPrecision::Site => "at the venue",
        GeoPrecision::City => "city centre; venue not reported",
        GeoPrecision::Region => "stands for several places in the area",
    }
}

/// The marker colour of a kind (CSS colour), also used in the legend.
pub fn kind_colour(k: EventKind) -> &'static str {
    match k {
        EventKind::Rally => "#b3261e",
        EventKind::Protest => "#c25e00",
        EventKind::March => "#6a3d9a",
        EventKind::Vigil => "#1f5f99",
        EventKind::BannerAction => "#2e7d32",
        EventKind::Other => "#555f66",
    }
}

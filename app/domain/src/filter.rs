//! Which events a reader or an API client asked for: a date window and an
//! optional bounding box. The server's API and the browser's slider both use
//! this, so the map and the GeoJSON never disagree about what is "in the
//! window".

use serde::{Deserialize, Serialize};

use crate::bbox::BBox;
use crate::dates::DateWindow;
use crate::event::{DatePrecision, Event, EventKind, GeoPrecision};

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

/// Conditions on an event's properties, as OGC API – Features queryables
/// (OGC 17-069r4, §7.15.5; OGC 19-079r2, queryables): each given one must
/// hold (`AND`); `None` places no condition.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PropertyFilter {
    /// `kind`: exactly this kind.
    pub kind: Option<EventKind>,
    /// `country_code`: ISO 3166-1 alpha-2, upper case.
    pub country_code: Option<String>,
    /// `date_precision`: exact or approximate.
    pub date_precision: Option<DatePrecision>,
    /// `geo_precision`: site, city or region.
    pub geo_precision: Option<GeoPrecision>,
    /// `tags`: the event has this tag among its tags.
    pub tag: Option<String>,
}

impl PropertyFilter {
    /// Whether `e` meets every condition. The store answers this in SQL; this
    /// is the rule it must agree with (the integration tests compare them).
    pub fn matches(&self, e: &Event) -> bool {
        self.kind.is_none_or(|k| e.kind == k)
            && self.country_code.as_deref().is_none_or(|c| e.country_code == c)
            && self.date_precision.is_none_or(|p| e.date_precision == p)
            && self.geo_precision.is_none_or(|p| e.geo_precision == p)
            && self.tag.as_deref().is_none_or(|t| e.tags.iter().any(|x| x == t))
    }

    /// The conditions as query parameters, in a fixed order (a cache key).
    pub fn to_query(&self) -> String {
        let pairs = [
            ("kind", self.kind.map(|k| k.as_str().to_owned())),
            ("country_code", self.country_code.clone()),
            ("date_precision", self.date_precision.map(|p| p.as_str().to_owned())),
            ("geo_precision", self.geo_precision.map(|p| p.as_str().to_owned())),
            ("tags", self.tag.clone()),
        ];
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs {
            if let Some(v) = value {
                q.append_pair(name, &v);
            }
        }
        q.finish()
    }
}

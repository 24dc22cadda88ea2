//! The reader's view as page query parameters, so every view is a permalink
//! (README, "The map"): `start`, `end` (calendar dates), `lat`, `lon`
//! (WGS 84 degrees), `z` (Leaflet zoom level), the filters and the search
//! (the API's own parameters, `kind=rally,march&q=…`, see
//! [`crate::filter::Param`]), `event` (an id), `shade=countries` (the
//! countries shaded by their events) and `clusters=people` (clusters show
//! the people reported instead of the number of events).
//!
//! Parsing never fails: a bad value is dropped and its default used, so a
//! mangled link still opens the map.

use time::Date;

use crate::dates::{format_date, parse_date};
use crate::event::is_valid_id;
use crate::filter::{EventFilter, Param, PropertyFilter};

/// Zoom levels the map accepts.
pub const ZOOM_RANGE: std::ops::RangeInclusive<f64> = 0.0..=18.0;

/// A map centre and zoom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    /// Centre latitude, degrees in [-90, 90].
    pub lat: f64,
    /// Centre longitude, degrees in [-180, 180].
    pub lon: f64,
    /// Zoom level in [0, 18].
    pub zoom: f64,
}

/// Everything a permalink carries; `None` means "the default".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Permalink {
    /// First day of the window.
    pub start: Option<Date>,
    /// Last day of the window.
    pub end: Option<Date>,
    /// Centre and zoom; only when all three of `lat`, `lon`, `z` are valid.
    pub view: Option<MapView>,
    /// The filters and the search.
    pub filter: PropertyFilter,
    /// The event whose popup is open.
    pub event: Option<String>,
    /// Countries shaded by their events (`shade=countries`).
    pub shade_countries: bool,
    /// Clusters labelled with the people reported at their events
    /// (`clusters=people`) instead of how many events they hold.
    pub people_in_clusters: bool,
}

fn degrees(v: Option<&str>, limit: f64) -> Option<f64> {
    crate::bbox::finite_decimal(v?.trim()).filter(|x| (-limit..=limit).contains(x))
}

impl Permalink {
    /// Reads the parameters from `(name, value)` pairs; unknown names and bad
    /// values are ignored. A start after the end drops both.
    ///
    /// # Examples
    /// ```
    /// use domain::permalink::Permalink;
    /// let p = Permalink::from_pairs([("start", "2020-01-18"), ("z", "99"), ("lat", "x")]);
    /// assert_eq!(p.start.map(domain::dates::format_date).as_deref(), Some("2020-01-18"));
    /// assert_eq!(p.view, None);
    /// ```
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let (mut start, mut end, mut lat, mut lon, mut z, mut event) = (None, None, None, None, None, None);
        let mut filter = EventFilter::default();
        let (mut shade_countries, mut people_in_clusters) = (false, false);
        for (k, v) in pairs {
            if let Some(param) = k.parse::<Param>().ok().filter(|p| p.is_property()) {
                // A bad value is dropped, as any other.
                let _ = filter.set(param, v);
                continue;
            }
            match k {
                "start" => start = parse_date(v.trim()).ok(),
                "end" => end = parse_date(v.trim()).ok(),
                "lat" => lat = degrees(Some(v), 90.0),
                "lon" => lon = degrees(Some(v), 180.0),
                "z" => z = crate::bbox::finite_decimal(v.trim()).filter(|z| ZOOM_RANGE.contains(z)),
                "event" => event = Some(v.trim().to_owned()).filter(|id| is_valid_id(id)),
                "shade" => shade_countries = v.trim() == "countries",
                "clusters" => people_in_clusters = v.trim() == "people",
                _ => {}
            }
        }
        if let (Some(s), Some(e)) = (start, end) {
            if s > e {
                (start, end) = (None, None);
            }
        }
        let view = match (lat, lon, z) {
            (Some(lat), Some(lon), Some(zoom)) => Some(MapView { lat, lon, zoom }),
            _ => None,
        };
        Self { start, end, view, filter: filter.properties, event, shade_countries, people_in_clusters }
    }

    /// The query string, without `?`, in a fixed order: `start`, `end`,
    /// `lat`, `lon`, `z`, the filters (in [`Param::ALL`] order), `event`,
    /// `shade`, `clusters`. Coordinates are rounded to 5 decimals
    /// (about 1 m).
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.start {
            parts.push(format!("start={}", format_date(s)));
        }
        if let Some(e) = self.end {
            parts.push(format!("end={}", format_date(e)));
        }
        if let Some(v) = self.view {
            let r = |x: f64| (x * 1e5).round() / 1e5;
            parts.push(format!("lat={}", r(v.lat)));
            parts.push(format!("lon={}", r(v.lon)));
            parts.push(format!("z={}", v.zoom));
        }
        let filter = EventFilter { properties: self.filter.clone(), ..EventFilter::default() }.to_string();
        if !filter.is_empty() {
            parts.push(filter);
        }
        if let Some(id) = &self.event {
            parts.push(format!("event={id}"));
        }
        if self.shade_countries {
            parts.push("shade=countries".to_owned());
        }
        if self.people_in_clusters {
            parts.push("clusters=people".to_owned());
        }
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_permalink_round_trips() {
        let p = Permalink::from_pairs([
            ("start", "2020-01-18"),
            ("end", "2020-01-19"),
            ("lat", "52.0799"),
            ("lon", "4.3133"),
            ("z", "7"),
            ("event", "2020-01-the-hague"),
            ("shade", "countries"),
            ("clusters", "people"),
        ]);
        assert_eq!(
            p.to_query(),
            "start=2020-01-18&end=2020-01-19&lat=52.0799&lon=4.3133&z=7&event=2020-01-the-hague&shade=countries\
             &clusters=people"
        );
        let pairs: Vec<(String, String)> = p
            .to_query()
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').expect("pair");
                (k.to_owned(), v.to_owned())
            })
            .collect();
        assert_eq!(Permalink::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))), p);
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        let p = Permalink::from_pairs([
            ("start", "2020-02-30"),
            ("end", "yesterday"),
            ("lat", "95"),
            ("lon", "10"),
            ("z", "4"),
            ("event", "<script>"),
            ("utm_source", "x"),
        ]);
        assert_eq!(p, Permalink::default());
        let reversed = Permalink::from_pairs([("start", "2020-01-20"), ("end", "2020-01-18")]);
        assert_eq!((reversed.start, reversed.end), (None, None));
        let nan = Permalink::from_pairs([("lat", "NaN"), ("lon", "0"), ("z", "3")]);
        assert_eq!(nan.view, None);
        assert_eq!(Permalink::from_pairs([("z", "19"), ("lat", "0"), ("lon", "0")]).view, None);
    }

    #[test]
    fn coordinates_are_rounded_to_five_decimals() {
        let p =
            Permalink { view: Some(MapView { lat: 52.123456789, lon: -4.0000049, zoom: 5.0 }), ..Default::default() };
        assert_eq!(p.to_query(), "lat=52.12346&lon=-4&z=5");
    }

    #[test]
    fn filters_and_the_search_travel_in_the_link() {
        let p = Permalink::from_pairs([
            ("start", "2019-11-15"),
            ("q", "تهران"),
            ("kind", "march,rally"),
            ("country_code", "ir"),
            ("outcome", "tears"),
            ("event", "x"),
        ]);
        assert_eq!(p.filter.kind.len(), 2);
        assert!(p.filter.outcome.is_empty(), "a bad value is dropped");
        assert_eq!(
            p.to_query(),
            "start=2019-11-15&kind=rally,march&country_code=IR&q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86&event=x"
        );
    }
}

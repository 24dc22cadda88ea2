//! Bounding boxes in WGS 84 longitude/latitude degrees.
//!
//! The grammar is the `bbox` parameter of OGC API – Features – Part 1
//! (OGC 17-069r4, §7.15.3): `minLon,minLat,maxLon,maxLat`, or six numbers with
//! minimum and maximum heights, which we accept and ignore since events are 2D
//! points. As in RFC 7946 §5.2, a box whose west edge is east of its east edge
//! (`minLon > maxLon`) crosses the antimeridian.

use serde::{Deserialize, Serialize};

/// A box on the WGS 84 ellipsoid, in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    /// Western edge, degrees in [-180, 180].
    pub min_lon: f64,
    /// Southern edge, degrees in [-90, 90].
    pub min_lat: f64,
    /// Eastern edge, degrees in [-180, 180]; less than `min_lon` when the box
    /// crosses the antimeridian.
    pub max_lon: f64,
    /// Northern edge, degrees in [-90, 90], at least `min_lat`.
    pub max_lat: f64,
}

/// Why a `bbox` value is not a bounding box.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BBoxError {
    /// Not 4 (or 6) comma-separated values.
    #[error("expected 4 comma-separated numbers minLon,minLat,maxLon,maxLat (or 6 with heights), got {0}")]
    Arity(usize),
    /// A value is not a finite decimal number.
    #[error("{name} is not a finite number: {value:?}")]
    NotANumber {
        /// `minLon`, `minLat`, `maxLon` or `maxLat`.
        name: &'static str,
        /// The value as given.
        value: String,
    },
    /// A value is outside its range.
    #[error("{name} must be between {min} and {max} degrees, got {value}")]
    OutOfRange {
        /// `minLon`, `minLat`, `maxLon` or `maxLat`.
        name: &'static str,
        /// The value as given.
        value: f64,
        /// Lowest allowed value.
        min: f64,
        /// Highest allowed value.
        max: f64,
    },
    /// South edge north of the north edge.
    #[error("minLat ({min_lat}) is greater than maxLat ({max_lat})")]
    LatitudesReversed {
        /// Given southern edge.
        min_lat: f64,
        /// Given northern edge.
        max_lat: f64,
    },
}

const NAMES: [&str; 4] = ["minLon", "minLat", "maxLon", "maxLat"];

impl BBox {
    /// The whole world.
    pub const WORLD: Self = Self { min_lon: -180.0, min_lat: -90.0, max_lon: 180.0, max_lat: 90.0 };

    /// Parses `minLon,minLat,maxLon,maxLat` (or the 6-number form with
    /// heights in positions 3 and 6, which are checked to be numbers and then
    /// ignored).
    ///
    /// # Errors
    /// [`BBoxError`]: wrong count, a value that is not a finite number (`NaN`
    /// and `inf` included), a longitude outside [-180, 180] or latitude outside
    /// [-90, 90], or `minLat > maxLat`.
    ///
    /// # Examples
    /// ```
    /// let b = domain::bbox::BBox::parse("170,-20,-170,20").unwrap();
    /// assert!(b.crosses_antimeridian());
    /// assert!(b.contains(179.5, 0.0));
    /// assert!(!b.contains(0.0, 0.0));
    /// ```
    pub fn parse(s: &str) -> Result<Self, BBoxError> {
        let raw: Vec<&str> = s.split(',').collect();
        let picks: [usize; 4] = match raw.len() {
            4 => [0, 1, 2, 3],
            6 => [0, 1, 3, 4],
            n => return Err(BBoxError::Arity(n)),
        };
        if raw.len() == 6 {
            for (i, name) in [(2, "minHeight"), (5, "maxHeight")] {
                number(name, raw[i])?;
            }
        }
        let mut v = [0.0; 4];
        for (slot, (&i, name)) in v.iter_mut().zip(picks.iter().zip(NAMES)) {
            *slot = number(name, raw[i])?;
        }
        let [min_lon, min_lat, max_lon, max_lat] = v;
        for (name, value) in NAMES.iter().zip(v) {
            let limit = if name.ends_with("Lon") { 180.0 } else { 90.0 };
            if !(-limit..=limit).contains(&value) {
                return Err(BBoxError::OutOfRange { name, value, min: -limit, max: limit });
            }
        }
        if min_lat > max_lat {
            return Err(BBoxError::LatitudesReversed { min_lat, max_lat });
        }
        Ok(Self { min_lon, min_lat, max_lon, max_lat })
    }

    /// The box a map's view shows, its edges `west`, `south`, `east`,
    /// `north` in degrees as the map gives them (longitudes may run past
    /// ±180° on a world copy): longitudes wrapped into [-180, 180] (west
    /// east of east across the antimeridian), latitudes held within
    /// [-90, 90], the world when the view is 360° wide or more, and every
    /// edge rounded to 5 decimal places (about 1 m) so that a view's link
    /// stays short.
    ///
    /// # Examples
    /// ```
    /// use domain::bbox::BBox;
    /// let fiji = BBox::of_view(170.123456789, -25.0, 190.0, -10.0);
    /// assert_eq!((fiji.min_lon, fiji.max_lon), (170.12346, -170.0));
    /// assert!(fiji.crosses_antimeridian());
    /// assert_eq!(BBox::of_view(-200.0, -95.0, 170.0, 95.0), BBox::WORLD);
    /// ```
    pub fn of_view(west: f64, south: f64, east: f64, north: f64) -> Self {
        if east - west >= 360.0 {
            return Self::WORLD;
        }
        let wrap = |lon: f64| (lon + 180.0).rem_euclid(360.0) - 180.0;
        let round = |v: f64| (v * 1e5).round() / 1e5;
        Self {
            min_lon: round(wrap(west)),
            min_lat: round(south.max(-90.0)),
            max_lon: round(wrap(east)),
            max_lat: round(north.min(90.0)),
        }
    }

    /// Whether the box wraps across 180° (its west edge is east of its east edge).
    pub fn crosses_antimeridian(&self) -> bool {
        self.min_lon > self.max_lon
    }

    /// Whether the point (`lon`, `lat`, degrees) lies in the box, edges included.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        let lat_in = (self.min_lat..=self.max_lat).contains(&lat);
        let lon_in = if self.crosses_antimeridian() {
            lon >= self.min_lon || lon <= self.max_lon
        } else {
            (self.min_lon..=self.max_lon).contains(&lon)
        };
        lat_in && lon_in
    }
}

/// Parses a plain finite decimal number such as `-77.0365` or `1e-3`.
/// Rust's `f64` parser also takes `NaN`, `inf` and `infinity`, and overflows
/// to infinity: all are refused here, as is anything but ASCII digits, signs,
/// `.` and exponents.
pub fn finite_decimal(raw: &str) -> Option<f64> {
    let plain =
        !raw.is_empty() && raw.bytes().all(|c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E'));
    let v: f64 = if plain { raw.parse().ok()? } else { return None };
    v.is_finite().then_some(v)
}

/// Parses a number typed into a form: [`finite_decimal`], or the same with
/// a comma as the decimal separator, as many languages write it
/// (`52,5163` → 52.5163). A single comma and no dot is unambiguous in a
/// field that holds one number; anything else with a comma is refused.
/// Persian and Arabic-Indic digits and the Arabic decimal separator are
/// read as their ASCII forms ([`crate::numerals::ascii_digits`]).
///
/// # Examples
/// ```
/// use domain::bbox::typed_decimal;
/// assert_eq!(typed_decimal("52,5163"), Some(52.5163));
/// assert_eq!(typed_decimal("-0,5"), Some(-0.5));
/// assert_eq!(typed_decimal("1,234.5"), None);
/// assert_eq!(typed_decimal("1,2,3"), None);
/// assert_eq!(typed_decimal("۵۹٫۳۲۹۳"), Some(59.3293));
/// assert_eq!(typed_decimal("٥٩،٣"), Some(59.3));
/// ```
pub fn typed_decimal(raw: &str) -> Option<f64> {
    let raw = crate::numerals::ascii_digits(raw);
    let raw = raw.as_ref();
    match raw.matches(',').count() {
        0 => finite_decimal(raw),
        1 if !raw.contains('.') => finite_decimal(&raw.replace(',', ".")),
        _ => None,
    }
}

fn number(name: &'static str, raw: &str) -> Result<f64, BBoxError> {
    finite_decimal(raw).ok_or_else(|| BBoxError::NotANumber { name, value: raw.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_four_and_six_numbers() {
        assert_eq!(
            BBox::parse("4,50,19.5,60").expect("valid"),
            BBox { min_lon: 4.0, min_lat: 50.0, max_lon: 19.5, max_lat: 60.0 }
        );
        assert_eq!(
            BBox::parse("4,50,-100,19.5,60,8848").expect("valid"),
            BBox { min_lon: 4.0, min_lat: 50.0, max_lon: 19.5, max_lat: 60.0 }
        );
    }

    #[test]
    fn errors_name_the_offending_value() {
        let e = |s| BBox::parse(s).expect_err("invalid").to_string();
        assert_eq!(
            e("1,2,3"),
            "expected 4 comma-separated numbers minLon,minLat,maxLon,maxLat (or 6 with heights), got 3"
        );
        assert_eq!(
            e("1,2,3,4,5"),
            "expected 4 comma-separated numbers minLon,minLat,maxLon,maxLat (or 6 with heights), got 5"
        );
        assert_eq!(e("a,2,3,4"), "minLon is not a finite number: \"a\"");
        assert_eq!(e("1,NaN,3,4"), "minLat is not a finite number: \"NaN\"");
        assert_eq!(e("1,2,inf,4"), "maxLon is not a finite number: \"inf\"");
        assert_eq!(e("1,2,3,1e999"), "maxLat is not a finite number: \"1e999\"");
        assert_eq!(e("1,2,3,"), "maxLat is not a finite number: \"\"");
        assert_eq!(e("-181,0,10,10"), "minLon must be between -180 and 180 degrees, got -181");
        assert_eq!(e("0,-90.5,10,10"), "minLat must be between -90 and 90 degrees, got -90.5");
        assert_eq!(e("0,20,10,10"), "minLat (20) is greater than maxLat (10)");
    }

    #[test]
    fn contains_includes_edges() {
        let b = BBox::parse("0,0,10,10").expect("valid");
        assert!(b.contains(0.0, 0.0));
        assert!(b.contains(10.0, 10.0));
        assert!(!b.contains(10.000001, 5.0));
        assert!(!b.contains(5.0, -0.000001));
    }

    #[test]
    fn antimeridian_box_wraps() {
        let b = BBox::parse("170,-20,-170,20").expect("valid");
        assert!(b.crosses_antimeridian());
        assert!(b.contains(180.0, 0.0));
        assert!(b.contains(-180.0, 0.0));
        assert!(b.contains(170.0, 0.0));
        assert!(b.contains(-170.0, 20.0));
        assert!(!b.contains(169.9, 0.0));
        assert!(!b.contains(-169.9, 0.0));
        assert!(!b.contains(0.0, 0.0));
        assert!(!b.contains(175.0, 21.0));
    }
}

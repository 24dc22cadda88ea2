//! The country of an imported point, found in the country outlines the map
//! draws: Natural Earth's 1:110m Admin 0 countries (public domain), which
//! `scripts/basemap.mjs` writes to `vendor/countries-110m.geojson` of the
//! site (README, "Import and export"). Each Feature's `id` is its ISO 3166-1
//! numeric code (as the `world-atlas` package keeps it), read as alpha-2
//! with `isocountry`; its `name` is Natural Earth's short English name.
//!
//! The outlines are coarse: at 1:110m a border is drawn with a point every
//! few tens of kilometres, and 61 small countries and territories
//! (Singapore, Andorra, Hong Kong, Malta…) are left out, so that a point in
//! one of them falls in a neighbour's outline or in the sea. Beside the
//! outlines `scripts/basemap.mjs` writes [`ABSENT_FILE`]: boxes around the
//! 1:50m polygons of those left out. A point is only given a country
//! without review when it lies inside exactly one outline and neither
//! another country's outline nor a left-out country's box is within
//! [`BORDER_KM`]; every other point is [`Place::Review`], with the country
//! it would get (if any) and why it needs a look. Geometry is the `geo`
//! crate's: point in polygon (`Contains`) and the great-circle distance to
//! the nearest point of an outline (`HaversineClosestPoint`).

use std::path::{Path, PathBuf};

use geo::{BoundingRect, Closest, Contains, Distance, Haversine, HaversineClosestPoint};
use geo::{Coord, LineString, MultiPolygon, Point, Polygon, Rect};

/// How near (in kilometres) another country's outline may be before a
/// point's country needs the editor's review.
///
/// Measured on the `world-atlas` 2.0.2 files (README, "Country from the
/// point"): Natural Earth's 1:110m land borders lie 4.8 km from its 1:50m
/// ones at the median of the 19,439 1:50m border points, 18.5 km at the
/// 95th percentile and 28.3 km at the 99th; rounding to 0.01° for the map
/// adds at most 0.8 km. 30 km covers 99 % of them; what is left are borders
/// the 1:110m file leaves out with its smallest countries.
pub const BORDER_KM: f64 = 30.0;

/// Where the outlines are in a built site (`LEPTOS_SITE_ROOT`): the file
/// the map itself draws.
pub const OUTLINES_PATH: &str = "vendor/countries-110m.geojson";

/// The file beside the outlines that lists the countries they leave out:
/// `{"countries": [{"id": "702", "name": "Singapore", "boxes": [[W, S, E,
/// N], …]}, …]}`, ids ISO 3166-1 numeric, boxes in degrees.
pub const ABSENT_FILE: &str = "countries-110m-absent.json";

/// Kilometres per degree of latitude (mean Earth radius 6371.0088 km).
const KM_PER_DEGREE: f64 = 111.195;

/// Why the outlines could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutlinesError {
    /// The file could not be read (missing, unreadable).
    #[error("cannot read the country outlines {path}: {reason}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// The file is not a GeoJSON FeatureCollection of country polygons.
    #[error("the country outlines {path} are not a GeoJSON FeatureCollection of countries: {reason}")]
    Shape {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// One country's outline.
#[derive(Debug, Clone)]
struct Country {
    /// ISO 3166-1 alpha-2, when the outline has a numeric code ISO knows
    /// (Kosovo, Northern Cyprus and Somaliland have none in Natural Earth).
    code: Option<&'static str>,
    /// Natural Earth's name, for messages about outlines without a code.
    name: String,
    /// The polygons; rings that cross the antimeridian run past 180°.
    shape: MultiPolygon<f64>,
    /// The box around `shape`.
    bounds: Rect<f64>,
}

/// A country the outlines leave out, as boxes around its polygons.
#[derive(Debug, Clone)]
struct LeftOut {
    code: Option<&'static str>,
    name: String,
    /// Each box as a polygon (for distances) and as a rectangle.
    boxes: Vec<(Polygon<f64>, Rect<f64>)>,
}

/// [`ABSENT_FILE`] as written.
#[derive(serde::Deserialize)]
struct AbsentFile {
    countries: Vec<AbsentEntry>,
}

#[derive(serde::Deserialize)]
struct AbsentEntry {
    id: String,
    name: String,
    boxes: Vec<[f64; 4]>,
}

/// The country outlines, read once and asked for many points.
#[derive(Debug, Clone)]
pub struct Outlines {
    countries: Vec<Country>,
    left_out: Vec<LeftOut>,
}

/// Where a point is, by the outlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Inside one country's outline, with no other within [`BORDER_KM`].
    In(&'static str),
    /// Near a border, in no outline or in two: the editor must look.
    Review {
        /// The country it would get if the editor accepts: the one outline
        /// it is in, or the only country within [`BORDER_KM`] of a point in
        /// none; `None` when there is no single candidate.
        proposal: Option<&'static str>,
        /// Why, in words ("12 km from SE").
        reason: String,
    },
}

impl Outlines {
    /// Reads the outlines from a GeoJSON file and the countries they leave
    /// out from [`ABSENT_FILE`] beside it.
    ///
    /// # Errors
    /// [`OutlinesError`] naming the file.
    pub fn read(path: &Path) -> Result<Self, OutlinesError> {
        let absent = path.with_file_name(ABSENT_FILE);
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|e| OutlinesError::Read { path: p.to_owned(), reason: e.to_string() })
        };
        let (text, absent_text) = (read(path)?, read(&absent)?);
        let mut outlines =
            Self::parse(&text).map_err(|reason| OutlinesError::Shape { path: path.to_owned(), reason })?;
        outlines.left_out = left_out(&absent_text).map_err(|reason| OutlinesError::Shape { path: absent, reason })?;
        Ok(outlines)
    }

    /// Reads the outlines from GeoJSON text: a FeatureCollection whose
    /// Features are Polygons or MultiPolygons with an ISO 3166-1 numeric
    /// `id` and a `name` property. It knows of no left-out countries until
    /// [`Outlines::with_left_out`].
    ///
    /// # Errors
    /// What is wrong, in words.
    pub fn parse(text: &str) -> Result<Self, String> {
        let fc: geojson::FeatureCollection = text.parse().map_err(|e: geojson::Error| e.to_string())?;
        let mut countries = Vec::new();
        for (i, f) in fc.features.into_iter().enumerate() {
            let name = f
                .properties
                .as_ref()
                .and_then(|p| p.get("name"))
                .and_then(|n| n.as_str())
                .unwrap_or_default()
                .to_owned();
            let numeric = match &f.id {
                Some(geojson::feature::Id::String(s)) => s.parse::<u32>().ok(),
                Some(geojson::feature::Id::Number(n)) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
                None => None,
            };
            let code = numeric.and_then(|n| isocountry::CountryCode::for_id(n).ok()).map(|c| c.alpha2());
            let polygons: Vec<Polygon<f64>> = match f.geometry.map(|g| g.value) {
                Some(geojson::GeometryValue::Polygon { coordinates }) => vec![polygon(&coordinates)],
                Some(geojson::GeometryValue::MultiPolygon { coordinates }) => {
                    coordinates.iter().map(|p| polygon(p)).collect()
                }
                _ => return Err(format!("features[{i}] ({name}) is not a Polygon or MultiPolygon")),
            };
            let shape = MultiPolygon::new(polygons);
            let Some(bounds) = shape.bounding_rect() else { continue };
            countries.push(Country { code, name, shape, bounds });
        }
        if countries.is_empty() {
            return Err("no country in it".into());
        }
        Ok(Self { countries, left_out: Vec::new() })
    }

    /// These outlines with the left-out countries of `absent` (the text of
    /// [`ABSENT_FILE`]).
    ///
    /// # Errors
    /// What is wrong with `absent`, in words.
    pub fn with_left_out(mut self, absent: &str) -> Result<Self, String> {
        self.left_out = left_out(absent)?;
        Ok(self)
    }

    /// How many outlines there are.
    pub fn len(&self) -> usize {
        self.countries.len()
    }

    /// Whether there are none (never, once read).
    pub fn is_empty(&self) -> bool {
        self.countries.is_empty()
    }

    /// The country of the point at `lon`, `lat` (WGS 84 degrees), or why it
    /// needs the editor's review (see [`Place`]).
    pub fn locate(&self, lon: f64, lat: f64) -> Place {
        // Rings across the antimeridian were moved east of 180° so that the
        // map draws them whole; a point west of 0° is also looked for there.
        let points: Vec<Point<f64>> = if lon < 0.0 {
            vec![Point::new(lon, lat), Point::new(lon + 360.0, lat)]
        } else {
            vec![Point::new(lon, lat)]
        };
        let reach_lat = BORDER_KM / KM_PER_DEGREE;
        let reach_lon = reach_lat / lat.to_radians().cos().max(0.01);
        let within_reach = |r: Rect<f64>, p: &Point<f64>| {
            p.x() >= r.min().x - reach_lon
                && p.x() <= r.max().x + reach_lon
                && p.y() >= r.min().y - reach_lat
                && p.y() <= r.max().y + reach_lat
        };
        let mut inside: Vec<&Country> = Vec::new();
        let mut near: Vec<(&Country, f64)> = Vec::new();
        for c in &self.countries {
            let mut best: Option<f64> = None;
            let mut within = false;
            for p in points.iter().filter(|p| within_reach(c.bounds, p)) {
                if c.shape.contains(p) {
                    within = true;
                    break;
                }
                let d = border_km(&c.shape, p, reach_lon, reach_lat);
                best = Some(best.map_or(d, |b: f64| b.min(d)));
            }
            if within {
                inside.push(c);
            } else if let Some(d) = best.filter(|d| *d <= BORDER_KM) {
                near.push((c, d));
            }
        }
        near.sort_by(|a, b| a.1.total_cmp(&b.1));
        let mut by: Vec<(&LeftOut, f64)> = Vec::new();
        for l in &self.left_out {
            let mut d = f64::INFINITY;
            for (shape, r) in &l.boxes {
                for p in points.iter().filter(|p| within_reach(*r, p)) {
                    d = d.min(if shape.contains(p) {
                        0.0
                    } else {
                        border_km(&MultiPolygon::new(vec![shape.clone()]), p, reach_lon, reach_lat)
                    });
                }
            }
            if d <= BORDER_KM {
                by.push((l, d));
            }
        }
        by.sort_by(|a, b| a.1.total_cmp(&b.1));
        let label = |c: &Country| c.code.map_or_else(|| format!("{} (no ISO 3166-1 code)", c.name), str::to_owned);
        let distances = || {
            let mut parts: Vec<String> = near.iter().map(|(c, d)| format!("{:.0} km from {}", d, label(c))).collect();
            parts.extend(by.iter().map(|(l, d)| {
                let name = l.code.map_or_else(|| l.name.clone(), |c| format!("{} ({c})", l.name));
                if *d < 0.5 {
                    format!("by {name}, which the outlines leave out")
                } else {
                    format!("{d:.0} km from {name}, which the outlines leave out")
                }
            }));
            parts.join(", ")
        };
        // A point inside a left-out country's box may well be in it: no
        // outline's country is proposed for it.
        let in_left_out = by.iter().any(|(_, d)| *d == 0.0);
        match inside.as_slice() {
            [one] => match (one.code, near.is_empty() && by.is_empty()) {
                (Some(code), true) => Place::In(code),
                (Some(code), false) => Place::Review {
                    proposal: (!in_left_out).then_some(code),
                    reason: format!(
                        "the point is in {code} by the outlines, but {}, closer than {BORDER_KM:.0} km to a border",
                        distances()
                    ),
                },
                (None, _) => Place::Review {
                    proposal: None,
                    reason: format!("the point is in {}, which has no ISO 3166-1 code in the outlines", one.name),
                },
            },
            [] => {
                let proposal = match (near.as_slice(), by.is_empty()) {
                    ([(c, _)], true) => c.code,
                    _ => None,
                };
                let reason = if near.is_empty() && by.is_empty() {
                    format!(
                        "the point is in no country of the outlines, and none is within {BORDER_KM:.0} km (at sea?)"
                    )
                } else {
                    format!(
                        "the point is in no country of the outlines (they draw coasts coarsely); it is {}",
                        distances()
                    )
                };
                Place::Review { proposal: proposal.filter(|_| !in_left_out), reason }
            }
            several => Place::Review {
                proposal: None,
                reason: format!(
                    "the point is in {} outlines at once: {}",
                    several.len(),
                    several.iter().map(|c| label(c)).collect::<Vec<_>>().join(", ")
                ),
            },
        }
    }
}

/// The left-out countries of [`ABSENT_FILE`]'s text.
fn left_out(text: &str) -> Result<Vec<LeftOut>, String> {
    let file: AbsentFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(file
        .countries
        .into_iter()
        .map(|c| LeftOut {
            code: c.id.parse::<u32>().ok().and_then(|n| isocountry::CountryCode::for_id(n).ok()).map(|c| c.alpha2()),
            name: c.name,
            boxes: c
                .boxes
                .iter()
                .map(|[w, s, e, n]| {
                    let r = Rect::new(Coord { x: *w, y: *s }, Coord { x: *e, y: *n });
                    (r.to_polygon(), r)
                })
                .collect(),
        })
        .collect())
}

/// A GeoJSON polygon's rings as a `geo` polygon.
fn polygon(rings: &[Vec<geojson::Position>]) -> Polygon<f64> {
    let ring = |r: &Vec<geojson::Position>| -> LineString<f64> {
        r.iter().filter(|p| p.len() >= 2).map(|p| Coord { x: p[0], y: p[1] }).collect()
    };
    let mut it = rings.iter();
    let exterior = it.next().map(ring).unwrap_or_else(|| LineString::new(Vec::new()));
    Polygon::new(exterior, it.map(ring).collect())
}

/// The great-circle distance in km from `p` (outside `shape`) to the
/// nearest point of its rings, or infinity when no ring comes within
/// about `reach_lon`, `reach_lat` degrees: segments whose box is farther than
/// that are skipped before `geo` measures the rest, so that a point by a
/// large country (Russia's outline has thousands of segments) costs
/// comparisons, not trigonometry.
fn border_km(shape: &MultiPolygon<f64>, p: &Point<f64>, reach_lon: f64, reach_lat: f64) -> f64 {
    // A tenth more, for the gap between degrees and great circles.
    let (reach_lon, reach_lat) = (reach_lon * 1.1, reach_lat * 1.1);
    let mut best = f64::INFINITY;
    for poly in shape {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            for line in ring.lines() {
                let (a, b) = (line.start, line.end);
                let near = p.x() >= a.x.min(b.x) - reach_lon
                    && p.x() <= a.x.max(b.x) + reach_lon
                    && p.y() >= a.y.min(b.y) - reach_lat
                    && p.y() <= a.y.max(b.y) + reach_lat;
                if !near {
                    continue;
                }
                let metres = match line.haversine_closest_point(p) {
                    Closest::Intersection(_) => 0.0,
                    Closest::SinglePoint(q) => Haversine.distance(*p, q),
                    Closest::Indeterminate => continue,
                };
                best = best.min(metres / 1000.0);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two made-up square countries side by side: Sweden (752) from 10° to
    /// 11° east and Denmark (208) from 11° to 12°, between 55° and 56°
    /// north, and a coastline-less sea around them; and Kosovo without an
    /// id further south.
    fn outlines() -> Outlines {
        let square = |w: f64, s: f64, e: f64, n: f64| format!("[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]");
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[
            {{"type":"Feature","id":"752","properties":{{"name":"Sweden"}},"geometry":{{"type":"Polygon","coordinates":{}}}}},
            {{"type":"Feature","id":"208","properties":{{"name":"Denmark"}},"geometry":{{"type":"MultiPolygon","coordinates":[{}]}}}},
            {{"type":"Feature","properties":{{"name":"Kosovo"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}
            ]}}"#,
            square(10.0, 55.0, 11.0, 56.0),
            square(11.0, 55.0, 12.0, 56.0),
            square(20.0, 42.0, 21.0, 43.0)
        );
        // A made-up left-out country: a box 12.30–12.32° E, 55.00–55.02° N,
        // off Denmark's south-east corner.
        let absent = r#"{"countries":[{"id":"702","name":"Singapore","boxes":[[12.30,55.00,12.32,55.02]]}]}"#;
        Outlines::parse(&text).and_then(|o| o.with_left_out(absent)).expect("outlines")
    }

    #[test]
    fn a_point_well_inside_one_country_gets_it() {
        // 10.3° E is about 44 km from the border at 11° E (at 55.5° N).
        assert_eq!(outlines().locate(10.3, 55.5), Place::In("SE"));
        assert_eq!(outlines().locate(11.7, 55.5), Place::In("DK"));
    }

    #[test]
    fn a_point_near_a_border_needs_a_look() {
        // 10.9° E: 6 km from Denmark.
        assert_eq!(
            outlines().locate(10.9, 55.5),
            Place::Review {
                proposal: Some("SE"),
                reason: "the point is in SE by the outlines, but 6 km from DK, closer than 30 km to a border".into()
            }
        );
    }

    #[test]
    fn a_point_by_a_country_the_outlines_leave_out_needs_a_look() {
        // In Denmark's square, but 1 km from the left-out box.
        assert_eq!(
            outlines().locate(12.28, 55.01),
            Place::Review {
                proposal: None,
                reason: "the point is in no country of the outlines (they draw coasts coarsely); it is 18 km from DK, \
                         1 km from Singapore (SG), which the outlines leave out"
                    .into()
            }
        );
        assert_eq!(
            outlines().locate(12.31, 55.01),
            Place::Review {
                proposal: None,
                reason: "the point is in no country of the outlines (they draw coasts coarsely); it is 20 km from DK, \
                         by Singapore (SG), which the outlines leave out"
                    .into()
            }
        );
        assert_eq!(
            outlines().locate(11.95, 55.01),
            Place::Review {
                proposal: Some("DK"),
                reason: "the point is in DK by the outlines, but 22 km from Singapore (SG), which the outlines leave \
                         out, closer than 30 km to a border"
                    .into()
            }
        );
    }

    #[test]
    fn a_point_at_sea_or_in_an_outline_without_a_code_gets_no_guess() {
        // 12.2° E is 13 km east of Denmark's coast: proposed, for review.
        assert_eq!(
            outlines().locate(12.2, 55.5),
            Place::Review {
                proposal: Some("DK"),
                reason: "the point is in no country of the outlines (they draw coasts coarsely); it is 13 km from DK"
                    .into()
            }
        );
        assert_eq!(
            outlines().locate(-30.0, 40.0),
            Place::Review {
                proposal: None,
                reason: "the point is in no country of the outlines, and none is within 30 km (at sea?)".into()
            }
        );
        assert_eq!(
            outlines().locate(20.5, 42.5),
            Place::Review {
                proposal: None,
                reason: "the point is in Kosovo, which has no ISO 3166-1 code in the outlines".into()
            }
        );
    }

    #[test]
    fn an_unreadable_file_names_itself() {
        let e = Outlines::read(Path::new("/nonexistent/countries-110m.geojson")).expect_err("missing");
        assert!(
            e.to_string().starts_with("cannot read the country outlines /nonexistent/countries-110m.geojson: "),
            "{e}"
        );
        assert_eq!(
            Outlines::parse(r#"{"type":"FeatureCollection","features":[]}"#).expect_err("empty"),
            "no country in it"
        );
    }
}

//! Link-preview images (README, "Links that preview"): a 1200×630 PNG of
//! the bundled basemap with the markers of an event or of a window, drawn
//! on the server with `tiny-skia` (no request to another host, no fonts).
//! Images are kept per data version and query, like the API's answers.

use std::sync::Arc;

use domain::event::{EventKind, GeoPrecision};
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Stroke, Transform};

/// The image's size in pixels (Open Graph's recommended 1.91:1).
pub const WIDTH: u32 = 1200;
/// See [`WIDTH`].
pub const HEIGHT: u32 = 630;

/// Land polygons of the bundled basemap, as rings of (longitude, latitude).
#[derive(Debug, Default)]
pub struct Basemap {
    rings: Vec<Vec<(f64, f64)>>,
}

impl Basemap {
    /// Reads the basemap GeoJSON (`vendor/countries-110m.geojson` of the
    /// site); an unreadable file gives an empty basemap (sea only).
    pub fn read(path: &std::path::Path) -> Self {
        let Ok(text) = std::fs::read_to_string(path) else {
            tracing::warn!(path = %path.display(), "no basemap for preview images");
            return Self::default();
        };
        let Ok(fc) = text.parse::<geojson::FeatureCollection>() else { return Self::default() };
        let mut rings = Vec::new();
        for f in fc.features {
            match f.geometry.map(|g| g.value) {
                Some(geojson::GeometryValue::Polygon { coordinates: p }) => {
                    rings.extend(p.into_iter().map(|r| r.into_iter().map(|c| (c[0], c[1])).collect()))
                }
                Some(geojson::GeometryValue::MultiPolygon { coordinates: m }) => {
                    rings.extend(m.into_iter().flatten().map(|r| r.into_iter().map(|c| (c[0], c[1])).collect()))
                }
                _ => {}
            }
        }
        Self { rings }
    }
}

/// A marker to draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marker {
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Its colour comes from the kind.
    pub kind: EventKind,
    /// A region is drawn as a larger ring.
    pub geo: GeoPrecision,
}

/// Web Mercator y of a latitude, in "world units" (longitude degrees).
fn mercator_y(lat: f64) -> f64 {
    let lat = lat.clamp(-85.0, 85.0).to_radians();
    (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln().to_degrees()
}

/// The view: centre and degrees of longitude per pixel, fitting the
/// markers with a margin; at least `min_span` degrees across (36° for a
/// link preview: one city's event shows its region), at most the world.
fn view(markers: &[Marker], min_span: f64) -> (f64, f64, f64) {
    if markers.is_empty() {
        return (10.0, mercator_y(30.0), 360.0 / f64::from(WIDTH));
    }
    let (mut w, mut e) = (f64::MAX, f64::MIN);
    let (mut s, mut n) = (f64::MAX, f64::MIN);
    for m in markers {
        w = w.min(m.lon);
        e = e.max(m.lon);
        let y = mercator_y(m.lat);
        s = s.min(y);
        n = n.max(y);
    }
    let span_x = (e - w).max(min_span) * 1.3;
    let span_y = (n - s).max(min_span * f64::from(HEIGHT) / f64::from(WIDTH)) * 1.3;
    let scale = (span_x / f64::from(WIDTH)).max(span_y / f64::from(HEIGHT)).min(360.0 / f64::from(WIDTH));
    ((w + e) / 2.0, (s + n) / 2.0, scale)
}

/// How many degrees across a link preview shows at least.
pub const PREVIEW_SPAN: f64 = 36.0;

/// Draws the preview of `markers` on `basemap`: sea, land, then each
/// marker as a disc in its kind's colour with a white edge; at least
/// [`PREVIEW_SPAN`] degrees across.
///
/// # Errors
/// A message when the image cannot be made (never for valid input).
pub fn draw(basemap: &Basemap, markers: &[Marker]) -> Result<Vec<u8>, String> {
    draw_within(basemap, markers, PREVIEW_SPAN, 1.0)
}

/// As [`draw`], at least `min_span` degrees of longitude across (fewer
/// for a closer look, e.g. the editors' queue's map of one report), the
/// markers `marker_scale` times their preview size (for an image shown
/// smaller than it is drawn).
///
/// # Errors
/// As [`draw`].
pub fn draw_within(basemap: &Basemap, markers: &[Marker], min_span: f64, marker_scale: f32) -> Result<Vec<u8>, String> {
    let mut pixmap = Pixmap::new(WIDTH, HEIGHT).ok_or("no pixmap")?;
    pixmap.fill(Color::from_rgba8(0xcf, 0xe0, 0xea, 0xff));
    let (cx, cy, scale) = view(markers, min_span);
    let px = |lon: f64, lat: f64| -> (f32, f32) {
        let x = (lon - cx) / scale + f64::from(WIDTH) / 2.0;
        let y = (cy - mercator_y(lat)) / scale + f64::from(HEIGHT) / 2.0;
        (x as f32, y as f32)
    };
    let mut land = PathBuilder::new();
    for ring in &basemap.rings {
        for (i, (lon, lat)) in ring.iter().enumerate() {
            let (x, y) = px(*lon, *lat);
            if i == 0 {
                land.move_to(x, y);
            } else {
                land.line_to(x, y);
            }
        }
        land.close();
    }
    if let Some(path) = land.finish() {
        let mut paint = Paint { anti_alias: true, ..Paint::default() };
        paint.set_color_rgba8(0xf3, 0xef, 0xe6, 0xff);
        pixmap.fill_path(&path, &paint, FillRule::EvenOdd, Transform::identity(), None);
        paint.set_color_rgba8(0xa9, 0xa2, 0x96, 0xff);
        let stroke = Stroke { width: 1.2, ..Stroke::default() };
        pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
    }
    for m in markers {
        let (x, y) = px(m.lon, m.lat);
        let r = marker_scale * if m.geo == GeoPrecision::Region { 16.0 } else { 12.0 };
        let Some(outline) = marker_outline(domain::labels::kind_shape(m.kind), x, y, r) else { continue };
        let (red, green, blue) = rgb(domain::labels::kind_colour(m.kind));
        let mut paint = Paint { anti_alias: true, ..Paint::default() };
        paint.set_color_rgba8(red, green, blue, 0xff);
        pixmap.fill_path(&outline, &paint, FillRule::Winding, Transform::identity(), None);
        paint.set_color_rgba8(0xff, 0xff, 0xff, 0xff);
        let edge = Stroke { width: 3.5 * marker_scale, ..Stroke::default() };
        pixmap.stroke_path(&outline, &paint, &edge, Transform::identity(), None);
    }
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// A marker's outline in the kind's shape (the map's second cue besides
/// colour, `domain::labels::kind_shape`), centred on `(x, y)` px with radius
/// `r` px; `None` only for a degenerate size.
fn marker_outline(shape: domain::labels::Shape, x: f32, y: f32, r: f32) -> Option<tiny_skia::Path> {
    let corners = shape.corners();
    if corners.is_empty() {
        return PathBuilder::from_circle(x, y, r);
    }
    let mut pb = PathBuilder::new();
    for (i, (cx, cy)) in corners.iter().enumerate() {
        let (px, py) = (x + *cx as f32 * r, y + *cy as f32 * r);
        if i == 0 {
            pb.move_to(px, py);
        } else {
            pb.line_to(px, py);
        }
    }
    pb.close();
    pb.finish()
}

/// `#rrggbb` as three bytes; grey for anything else.
fn rgb(hex: &str) -> (u8, u8, u8) {
    let h = hex.trim_start_matches('#');
    let byte = |i: usize| h.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()).unwrap_or(0x66);
    (byte(0), byte(2), byte(4))
}

/// The basemap, read once on first use, and the images drawn (64 at most,
/// keyed by data version and query).
#[derive(Clone)]
pub struct Previews {
    basemap: Arc<tokio::sync::OnceCell<Basemap>>,
    /// PNGs by key.
    pub images: moka::future::Cache<String, bytes::Bytes>,
}

impl Default for Previews {
    fn default() -> Self {
        Self { basemap: Arc::default(), images: moka::future::Cache::new(64) }
    }
}

impl Previews {
    /// The basemap of the site at `site_root`.
    pub async fn basemap(&self, site_root: &std::path::Path) -> &Basemap {
        let path = site_root.join("vendor/countries-110m.geojson");
        self.basemap
            .get_or_init(|| async move {
                tokio::task::spawn_blocking(move || Basemap::read(&path)).await.unwrap_or_default()
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_is_drawn_in_its_kind_colour_at_the_centre() {
        let m = Marker { lon: 18.0686, lat: 59.3293, kind: EventKind::Rally, geo: GeoPrecision::City };
        let png = draw(&Basemap::default(), &[m]).expect("png");
        let image = Pixmap::decode_png(&png).expect("decodes");
        assert_eq!((image.width(), image.height()), (WIDTH, HEIGHT));
        let centre = image.pixel(WIDTH / 2, HEIGHT / 2).expect("pixel").demultiply();
        let (r, g, b) = rgb(domain::labels::kind_colour(EventKind::Rally));
        assert_eq!((centre.red(), centre.green(), centre.blue()), (r, g, b));
        let corner = image.pixel(5, 5).expect("pixel").demultiply();
        assert_eq!((corner.red(), corner.green(), corner.blue()), (0xcf, 0xe0, 0xea), "sea");
    }
}

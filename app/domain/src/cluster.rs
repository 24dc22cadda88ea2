//! Where points crowd, one circle with a count: points are projected to Web
//! Mercator pixels at the map's zoom (as Leaflet and every slippy map draw
//! them) and gathered by a grid of square cells; each cell with more than
//! one point becomes a cluster at the points' mean. Circles that would
//! still overlap (the points of two neighbouring cells, either side of the
//! line between them) are merged until none does, so no count hides
//! another ([`merge_overlapping`]). The browser lays out the events it holds
//! on every zoom and slider step ([`crate::layout`]); the server clusters
//! (`/api/map/clusters`, [`clusters`]) when a window holds more events than
//! a browser should, with the world cut where the events are fewest rather
//! than at 180° ([`quiet_meridian`]), as the browser draws them around the
//! middle of its view.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::bbox::BBox;
use crate::compact::CompactEvents;
use crate::event::EventKind;
use crate::summary::PeopleRange;

/// Tile size in pixels: a zoom-`z` world is `256 × 2^z` pixels wide.
pub const TILE: f64 = 256.0;

/// The highest latitude Web Mercator draws, degrees.
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// Default cluster cell, in screen pixels.
pub const CELL_PX: f64 = 56.0;

/// The white halo around a cluster's circle, pixels beyond
/// [`cluster_radius`].
pub const HALO: f64 = 3.0;

/// A point in world pixels at `zoom` (x east from 180°W, y south from the
/// top), the same as Leaflet's `map.project(latlng, zoom)`.
pub fn project(lon: f64, lat: f64, zoom: f64) -> (f64, f64) {
    let size = TILE * zoom.exp2();
    let lat = lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    let x = size * (lon + 180.0) / 360.0;
    let y = size * (0.5 - (lat.tan() + 1.0 / lat.cos()).ln() / (2.0 * std::f64::consts::PI));
    (x, y)
}

/// World pixels at `zoom` back to `(lon, lat)` degrees.
pub fn unproject(x: f64, y: f64, zoom: f64) -> (f64, f64) {
    let size = TILE * zoom.exp2();
    let lon = x / size * 360.0 - 180.0;
    let n = std::f64::consts::PI * (1.0 - 2.0 * y / size);
    (lon, n.sinh().atan().to_degrees())
}

/// A longitude in degrees, brought into [-180, 180).
///
/// # Examples
/// ```
/// assert_eq!(domain::cluster::wrap_lon(190.0), -170.0);
/// assert_eq!(domain::cluster::wrap_lon(-180.5), 179.5);
/// ```
pub fn wrap_lon(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// The world copies that world pixels `west..=east` at `zoom` show: 0 is
/// the world from 180°W to 180°E, -1 the copy west of it (where Australia
/// is drawn again when the view looks west from Fiji), 1 the one east.
///
/// # Examples
/// ```
/// use domain::cluster::world_copies;
/// // Zoom 3: the world is 2048 pixels wide.
/// assert_eq!(world_copies(100.0, 900.0, 3.0), 0..=0);
/// assert_eq!(world_copies(-300.0, 900.0, 3.0), -1..=0);
/// assert_eq!(world_copies(-2100.0, 4200.0, 3.0), -2..=2);
/// ```
pub fn world_copies(west: f64, east: f64, zoom: f64) -> std::ops::RangeInclusive<i32> {
    let world = TILE * zoom.exp2();
    // Bounded: a view is never millions of worlds wide.
    let copy = |x: f64| (x / world).floor().clamp(-64.0, 64.0) as i32;
    copy(west)..=copy(east.max(west))
}

/// The radius of a cluster's circle of `count` events as the map draws it,
/// pixels (its white halo adds [`HALO`]).
pub fn cluster_radius(count: u32) -> f64 {
    (12.0 + 4.0 * f64::from(count.max(1)).log10()).min(28.0)
}

/// How far a cluster of `count` reaches from its centre, halo included.
pub fn cluster_reach(count: u32) -> f64 {
    cluster_radius(count) + HALO
}

/// Points gathered in one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The members, as given (indices into the caller's points).
    pub members: Vec<usize>,
    /// Their mean position, pixels.
    pub x: f64,
    /// Their mean position, pixels.
    pub y: f64,
}

/// Gathers `(member, x, y)` points (pixels) by cells of `cell` pixels, in
/// the order cells are first met; O(n).
pub fn grid(points: impl IntoIterator<Item = (usize, f64, f64)>, cell: f64) -> Vec<Group> {
    let mut at: HashMap<(i64, i64), usize> = HashMap::new();
    let mut groups: Vec<(Vec<usize>, f64, f64)> = Vec::new();
    for (m, x, y) in points {
        let key = ((x / cell).floor() as i64, (y / cell).floor() as i64);
        let g = *at.entry(key).or_insert_with(|| {
            groups.push((Vec::new(), 0.0, 0.0));
            groups.len() - 1
        });
        let (members, sx, sy) = &mut groups[g];
        members.push(m);
        *sx += x;
        *sy += y;
    }
    groups
        .into_iter()
        .map(|(members, sx, sy)| {
            let n = members.len() as f64;
            Group { members, x: sx / n, y: sy / n }
        })
        .collect()
}

/// Something drawn as a circle, which may take in another that it overlaps.
pub trait Circle {
    /// Its centre, pixels.
    fn centre(&self) -> (f64, f64);
    /// How far it reaches from its centre, pixels.
    fn reach(&self) -> f64;
    /// Takes in `other` (its members, and a new centre and reach).
    fn absorb(&mut self, other: Self);
}

/// Merges circles that overlap until none does: each pass joins every
/// overlapping pair (found through a grid of cells twice the largest reach,
/// so a circle is compared with those of its own and the eight neighbouring
/// cells only) into the first of them, whose centre and reach then change,
/// and the passes stop when one joins none. The circles left keep the order
/// of their first members.
pub fn merge_overlapping<T: Circle>(mut items: Vec<T>) -> Vec<T> {
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    loop {
        let n = items.len();
        if n < 2 {
            return items;
        }
        let cell = (2.0 * items.iter().map(Circle::reach).fold(0.0, f64::max)).max(1.0);
        let key = |(x, y): (f64, f64)| ((x / cell).floor() as i64, (y / cell).floor() as i64);
        let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::with_capacity(n);
        for (i, item) in items.iter().enumerate() {
            cells.entry(key(item.centre())).or_default().push(i);
        }
        let mut parent: Vec<usize> = (0..n).collect();
        let mut merged = false;
        for (i, item) in items.iter().enumerate() {
            let ((x, y), r) = (item.centre(), item.reach());
            let (cx, cy) = key((x, y));
            for dx in -1..=1 {
                for dy in -1..=1 {
                    let Some(near) = cells.get(&(cx + dx, cy + dy)) else { continue };
                    for &j in near.iter().filter(|&&j| j > i) {
                        let (u, v) = items[j].centre();
                        if (u - x).hypot(v - y) < r + items[j].reach() {
                            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                            if a != b {
                                parent[a.max(b)] = a.min(b);
                                merged = true;
                            }
                        }
                    }
                }
            }
        }
        if !merged {
            return items;
        }
        let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
        for i in 0..n {
            let r = root(&mut parent, i);
            if r != i {
                // r < i: the root is the smallest index of its set.
                let (head, tail) = slots.split_at_mut(i);
                if let (Some(into), Some(item)) = (head[r].as_mut(), tail[0].take()) {
                    into.absorb(item);
                }
            }
        }
        items = slots.into_iter().flatten().collect();
    }
}

/// How many kinds there are: the length of a cluster's count by kind.
pub const KINDS: usize = EventKind::ALL.len();

/// A cluster as the server sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// Mean longitude of the members, degrees.
    pub lon: f64,
    /// Mean latitude of the members, degrees.
    pub lat: f64,
    /// How many events.
    pub count: u32,
    /// How many of each kind, in [`EventKind::ALL`] order.
    pub kinds: [u32; KINDS],
    /// How many have approximate dates.
    pub approximate: u32,
    /// The id of one member (when `count` is 1, the event itself).
    pub id: String,
    /// The members' box, `[west, south, east, north]` degrees (west greater
    /// than east when it spans the antimeridian).
    pub bbox: [f64; 4],
    /// The people reported at the members that give a number, summed as a
    /// range ([`crate::summary`]).
    pub people: PeopleRange,
}

/// The longitude where the world is best cut for clustering `lons`: the
/// middle of the widest run of whole degrees that holds none of them (or,
/// when every degree holds some, of the degree that holds fewest). A map
/// draws the world around the middle of its view, so that events on both
/// sides of 180° (Fiji, Chukotka) sit side by side; a cut where there are
/// no events splits no cluster.
///
/// # Examples
/// ```
/// // Events only around Fiji: the world is cut on the other side of it.
/// let cut = domain::cluster::quiet_meridian([179.9, -179.9, 178.5]);
/// assert!((-2.0..=2.0).contains(&cut), "{cut}");
/// ```
pub fn quiet_meridian(lons: impl IntoIterator<Item = f64>) -> f64 {
    let mut counts = [0u32; 360];
    for lon in lons {
        let i = (wrap_lon(lon) + 180.0).floor().clamp(0.0, 359.0) as usize;
        counts[i] = counts[i].saturating_add(1);
    }
    let fewest = counts.iter().copied().min().unwrap_or(0);
    // The longest circular run of degrees holding `fewest`.
    let (mut best, mut best_len, mut run_start, mut run_len) = (0usize, 0usize, 0usize, 0usize);
    for k in 0..720 {
        if counts[k % 360] == fewest {
            if run_len == 0 {
                run_start = k;
            }
            run_len += 1;
            if run_len > best_len && run_len <= 360 {
                (best, best_len) = (run_start, run_len);
            }
        } else {
            run_len = 0;
        }
    }
    wrap_lon(best as f64 + best_len as f64 / 2.0 - 180.0)
}

/// Events gathered for [`clusters`]: their positions in the index and the
/// sum of their world pixels (in the cut world).
struct Gathered {
    members: Vec<usize>,
    sx: f64,
    sy: f64,
}

impl Circle for Gathered {
    fn centre(&self) -> (f64, f64) {
        let n = self.members.len() as f64;
        (self.sx / n, self.sy / n)
    }

    fn reach(&self) -> f64 {
        cluster_reach(u32::try_from(self.members.len()).unwrap_or(u32::MAX))
    }

    fn absorb(&mut self, other: Self) {
        self.members.extend(other.members);
        self.sx += other.sx;
        self.sy += other.sy;
    }
}

/// The events of `index` listed by `members`, clustered at `zoom` with
/// cells of `cell` pixels: one [`Cluster`] per occupied cell, and clusters
/// whose circles would overlap merged. The world is cut at
/// [`quiet_meridian`], not at 180°, so events either side of the
/// antimeridian cluster together as the browser draws them.
pub fn clusters(index: &CompactEvents, members: impl IntoIterator<Item = usize>, zoom: f64, cell: f64) -> Vec<Cluster> {
    let members: Vec<usize> = members.into_iter().collect();
    let cut = quiet_meridian(members.iter().map(|&i| f64::from(index.lon[i])));
    // Longitude east of the cut, in [0, 360): the world starts at the cut.
    let east_of_cut = |lon: f64| (lon - cut).rem_euclid(360.0);
    let points = members.iter().map(|&i| {
        let (x, y) = project(east_of_cut(f64::from(index.lon[i])) - 180.0, f64::from(index.lat[i]), zoom);
        (i, x, y)
    });
    let gathered = grid(points, cell)
        .into_iter()
        .map(|g| {
            let n = g.members.len() as f64;
            Gathered { members: g.members, sx: g.x * n, sy: g.y * n }
        })
        .collect();
    merge_overlapping(gathered)
        .into_iter()
        .map(|g| {
            let (x, y) = g.centre();
            let (lon, lat) = unproject(x, y, zoom);
            let mut kinds = [0u32; KINDS];
            let mut approximate = 0;
            let (mut w, mut s, mut e, mut n) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for &i in &g.members {
                kinds[usize::from(index.kind[i]).min(KINDS - 1)] += 1;
                approximate += u32::from(index.flags[i] & 1);
                let (east, la) = (east_of_cut(f64::from(index.lon[i])), f64::from(index.lat[i]));
                (w, e, s, n) = (w.min(east), e.max(east), s.min(la), n.max(la));
            }
            Cluster {
                lon: wrap_lon(lon + 180.0 + cut),
                lat,
                count: u32::try_from(g.members.len()).unwrap_or(u32::MAX),
                kinds,
                approximate,
                id: index.ids[g.members[0]].clone(),
                bbox: [wrap_lon(w + cut), s, wrap_lon(e + cut), n],
                people: index.people_of(g.members.iter().copied()),
            }
        })
        .collect()
}

/// The box around a crowd's points, degrees: what a click on a cluster
/// zooms to, and where the events of a crowd that zooming cannot split
/// are listed from. Points either side of 180° make a small box across it
/// (`west` greater than `east`), not one around the world.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrowdBox {
    /// Western edge, degrees in [-180, 180).
    pub west: f64,
    /// Southern edge, degrees.
    pub south: f64,
    /// Eastern edge, degrees in [-180, 180) (less than `west` across 180°).
    pub east: f64,
    /// Northern edge, degrees.
    pub north: f64,
}

/// Points closer than this, degrees, are at one place (about 1 m).
const ONE_PLACE_DEGREES: f64 = 1e-5;

impl CrowdBox {
    /// The box of `(lon, lat)` points; `None` for none. Longitudes are
    /// measured from the first point's, so that a crowd around 180° is a
    /// narrow box across it.
    ///
    /// # Examples
    /// ```
    /// use domain::cluster::CrowdBox;
    /// let b = CrowdBox::of([(179.95, -16.8), (-179.95, -16.7)]).unwrap();
    /// assert!((b.west - 179.95).abs() < 1e-9 && (b.east + 179.95).abs() < 1e-9);
    /// let bbox = b.to_bbox(0.0);
    /// assert_eq!((bbox.min_lon, bbox.min_lat, bbox.max_lon, bbox.max_lat), (179.95, -16.8, -179.95, -16.7));
    /// ```
    pub fn of(points: impl IntoIterator<Item = (f64, f64)>) -> Option<CrowdBox> {
        let mut points = points.into_iter();
        let (lon0, lat0) = points.next()?;
        let (mut w, mut e, mut s, mut n) = (0.0f64, 0.0f64, lat0, lat0);
        for (lon, lat) in points {
            let east = wrap_lon(lon - lon0);
            (w, e, s, n) = (w.min(east), e.max(east), s.min(lat), n.max(lat));
        }
        Some(CrowdBox { west: wrap_lon(lon0 + w), south: s, east: wrap_lon(lon0 + e), north: n })
    }

    /// The box of a cluster the server counted.
    pub fn of_cluster(c: &Cluster) -> CrowdBox {
        let [west, south, east, north] = c.bbox;
        CrowdBox { west, south, east, north }
    }

    /// How many degrees of longitude it spans.
    pub fn width(&self) -> f64 {
        (self.east - self.west).rem_euclid(360.0)
    }

    /// Whether its points are at one place (no zoom separates them).
    pub fn is_one_place(&self) -> bool {
        self.width() < ONE_PLACE_DEGREES && self.north - self.south < ONE_PLACE_DEGREES
    }

    /// Its middle, `(lon, lat)`.
    pub fn centre(&self) -> (f64, f64) {
        (wrap_lon(self.west + self.width() / 2.0), (self.south + self.north) / 2.0)
    }

    /// South-west and north-east corners as `(lon, lat)`, the north-east
    /// one east of the other even across 180° (its longitude may pass 180),
    /// as a map fits them.
    pub fn corners(&self) -> ((f64, f64), (f64, f64)) {
        ((self.west, self.south), (self.west + self.width(), self.north))
    }

    /// As a WGS 84 box grown by `margin` degrees on each side (the
    /// browser's points are within about 1 m of the stored ones), see
    /// [`BBox::of_view`].
    pub fn to_bbox(&self, margin: f64) -> BBox {
        let west = self.west - margin;
        BBox::of_view(west, self.south - margin, west + self.width() + 2.0 * margin, self.north + margin)
    }
}

/// The most a hit may miss a circle by, pixels (a finger is wider than a
/// marker).
pub const MAX_SLACK: f64 = 6.0;

/// Circles drawn on the map, found again by a point: a grid of cells, so a
/// click or hover costs a look at a few circles, not all of them.
#[derive(Debug, Clone, Default)]
pub struct HitGrid {
    cell: f64,
    cells: HashMap<(i64, i64), Vec<usize>>,
    circles: Vec<(f64, f64, f64)>,
}

impl HitGrid {
    /// An empty grid of `cell`-pixel cells.
    pub fn new(cell: f64) -> Self {
        Self { cell, ..Self::default() }
    }

    /// Adds a circle (centre, radius in pixels); returns its number.
    pub fn insert(&mut self, x: f64, y: f64, r: f64) -> usize {
        let n = self.circles.len();
        self.circles.push((x, y, r));
        // Registered a little beyond the radius, for the slack of a touch.
        let reach = r + MAX_SLACK;
        let span = |a: f64| ((a - reach) / self.cell).floor() as i64..=((a + reach) / self.cell).floor() as i64;
        for cx in span(x) {
            for cy in span(y) {
                self.cells.entry((cx, cy)).or_default().push(n);
            }
        }
        n
    }

    /// The circle drawn last (on top) among those within `slack` pixels
    /// (at most [`MAX_SLACK`]) of `(x, y)`.
    pub fn hit(&self, x: f64, y: f64, slack: f64) -> Option<usize> {
        let slack = slack.min(MAX_SLACK);
        let key = ((x / self.cell).floor() as i64, (y / self.cell).floor() as i64);
        self.cells
            .get(&key)?
            .iter()
            .copied()
            .filter(|&n| {
                let (cx, cy, r) = self.circles[n];
                (cx - x).hypot(cy - y) <= r + slack
            })
            .max()
    }

    /// How many circles.
    pub fn len(&self) -> usize {
        self.circles.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.circles.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_matches_leaflet_and_round_trips() {
        // Leaflet: map.project([0, 0], 0) is (128, 128).
        assert_eq!(project(0.0, 0.0, 0.0), (128.0, 128.0));
        let (x, y) = project(18.0686, 59.3293, 5.0);
        let (lon, lat) = unproject(x, y, 5.0);
        assert!((lon - 18.0686).abs() < 1e-9 && (lat - 59.3293).abs() < 1e-9);
        assert_eq!(project(-180.0, 0.0, 1.0).0, 0.0);
        assert_eq!(project(180.0, 0.0, 1.0).0, 512.0);
    }

    #[test]
    fn points_in_one_cell_are_one_group_at_their_mean() {
        let groups = grid([(0, 1.0, 1.0), (1, 3.0, 5.0), (2, 50.0, 1.0), (3, 47.0, 47.0)], 48.0);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0], Group { members: vec![0, 1, 3], x: 17.0, y: 53.0 / 3.0 });
        assert_eq!(groups[1].members, vec![2]);
        let every: usize =
            grid((0..1000).map(|i| (i, f64::from(i as u32 % 97) * 3.3, f64::from(i as u32 / 97) * 7.1)), 48.0)
                .iter()
                .map(|g| g.members.len())
                .sum();
        assert_eq!(every, 1000);
    }

    /// Compact events at `(lon, lat)` points, ids `e0`, `e1`, ….
    pub(crate) fn events_at(points: &[(f64, f64)]) -> CompactEvents {
        let mut index = CompactEvents::default();
        for (k, &(lon, lat)) in points.iter().enumerate() {
            index.ids.push(format!("e{k}"));
            index.lon.push(lon as f32);
            index.lat.push(lat as f32);
            index.start.push(0);
            index.end.push(0);
            index.kind.push(0);
            index.flags.push(0);
            index.people.push(None);
            index.country.push(*b"IR");
        }
        index
    }

    #[test]
    fn a_cluster_adds_up_the_people_of_its_members_that_give_a_number() {
        // Three events in Tehran (2,000–5,000; none; 300) and one in Mashhad
        // (1,000): two clusters at zoom 5, one at zoom 0.
        let mut index = events_at(&[(51.39, 35.69), (51.40, 35.70), (51.41, 35.69), (59.6, 36.3)]);
        index.people = vec![Some([2000, 5000]), None, Some([300, 300]), Some([1000, 1000])];
        let mut at5 = clusters(&index, 0..4, 5.0, CELL_PX);
        at5.sort_by_key(|c| c.count);
        assert_eq!(
            at5.iter().map(|c| (c.count, c.people)).collect::<Vec<_>>(),
            vec![
                (1, PeopleRange { low: 1000, high: 1000, events: 1 }),
                (3, PeopleRange { low: 2300, high: 5300, events: 2 }),
            ]
        );
        let at0 = clusters(&index, 0..4, 0.0, CELL_PX);
        assert_eq!(
            at0.iter().map(|c| c.people).collect::<Vec<_>>(),
            vec![PeopleRange { low: 3300, high: 6300, events: 3 }]
        );
        assert_eq!(crate::labels::people_short(&at0[0].people), "3.3k–6.3k");
    }

    #[test]
    fn events_either_side_of_the_antimeridian_are_one_cluster() {
        // Issue 21, item 3: 40 events around Taveuni, 20 each side of 180°,
        // came back as 20 + 20 at every zoom from 0 to 8.
        let points: Vec<(f64, f64)> = (0..40)
            .map(|k| {
                let east = k % 2 == 0;
                let jitter = f64::from(k / 2) * 0.0001;
                (if east { 179.95 + jitter * 0.1 } else { -179.95 - jitter * 0.1 }, -16.8 - jitter)
            })
            .collect();
        let index = events_at(&points);
        for zoom in 0..=8 {
            let found = clusters(&index, 0..40, f64::from(zoom), CELL_PX);
            assert_eq!(found.iter().map(|c| c.count).collect::<Vec<_>>(), vec![40], "zoom {zoom}");
            let c = &found[0];
            assert!(c.lon.abs() > 179.9, "zoom {zoom}: the cluster sits on the antimeridian, at {}", c.lon);
            assert!((c.lat + 16.8).abs() < 0.01);
            assert!(c.bbox[0] > 179.9 && c.bbox[2] < -179.9, "zoom {zoom}: a box across 180°: {:?}", c.bbox);
        }
        // Apart again where 0.1° is hundreds of pixels.
        assert!(clusters(&index, 0..40, 14.0, CELL_PX).len() >= 2);
    }

    #[test]
    fn a_view_west_of_fiji_shows_the_world_copy_west_of_ours() {
        // Issue 21, item 4: /?lat=-25&lon=-170&z=3 at 1280 pixels.
        let (x, _) = project(-170.0, -25.0, 3.0);
        let copies = world_copies(x - 640.0, x + 640.0, 3.0);
        assert_eq!(copies, -1..=0);
        // Australia (135°E) is on copy -1 there, 313 pixels west of 170°W.
        let australia = project(135.0, -25.0, 3.0).0 - TILE * 8.0;
        assert!(australia > x - 640.0 && copies.contains(&-1));
    }

    #[test]
    fn the_quiet_meridian_is_where_no_event_is() {
        assert_eq!(quiet_meridian([]), 0.0, "no events: the whole world is quiet, cut in its middle");
        // Events in Europe and the Americas: the cut is in the Pacific.
        let cut = quiet_meridian([10.0, 18.0, -77.0, -74.0, 4.3]);
        assert!((-180.0..=-160.0).contains(&cut) || (120.0..180.0).contains(&cut), "{cut}");
        // A degree of every longitude but one.
        let cut = quiet_meridian((-180..180).filter(|&d| d != 42).map(f64::from));
        assert_eq!(cut, 42.5);
    }

    #[test]
    fn server_clusters_do_not_overlap() {
        // Issue 21, item 2: a 69 drawn over a 506, points either side of a
        // cell's edge.
        let mut points: Vec<(f64, f64)> = (0..506).map(|k| (10.0 + f64::from(k % 23) * 0.0004, 50.0)).collect();
        points.extend((0..69).map(|k| (10.014 + f64::from(k) * 0.0001, 50.0005)));
        let index = events_at(&points);
        for zoom in 0..=12 {
            let found = clusters(&index, 0..points.len(), f64::from(zoom), CELL_PX);
            assert_eq!(found.iter().map(|c| c.count).sum::<u32>(), 575);
            for (i, a) in found.iter().enumerate() {
                for b in &found[i + 1..] {
                    let (pa, pb) = (project(a.lon, a.lat, f64::from(zoom)), project(b.lon, b.lat, f64::from(zoom)));
                    let gap = (pa.0 - pb.0).hypot(pa.1 - pb.1) - cluster_reach(a.count) - cluster_reach(b.count);
                    assert!(gap >= 0.0, "zoom {zoom}: a {} overlaps a {} by {:.1} px", a.count, b.count, -gap);
                }
            }
        }
    }

    #[test]
    fn hits_find_the_topmost_circle_under_the_point() {
        let mut g = HitGrid::new(32.0);
        let a = g.insert(100.0, 100.0, 7.0);
        let b = g.insert(105.0, 100.0, 7.0);
        let c = g.insert(300.0, 40.0, 20.0);
        assert_eq!(g.hit(101.0, 100.0, 0.0), Some(b), "the later circle is on top");
        assert_eq!(g.hit(94.0, 100.0, 0.0), Some(a));
        assert_eq!(g.hit(318.0, 40.0, 0.0), Some(c), "a large circle across cells");
        assert_eq!(g.hit(200.0, 200.0, 3.0), None);
        assert_eq!(g.hit(96.0, 108.0, 3.0), Some(a), "within the slack");
        assert_eq!(g.len(), 3);
    }
}

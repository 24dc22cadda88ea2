//! Where points crowd, one circle with a count: points are projected to Web
//! Mercator pixels at the map's zoom (as Leaflet and every slippy map draw
//! them) and gathered by a grid of square cells; each cell with more than
//! one point becomes a cluster at the points' mean. The browser clusters the
//! events it holds on every zoom and slider step; the server clusters
//! (`/api/map/clusters`) when a window holds more events than a browser
//! should.

use serde::{Deserialize, Serialize};

use crate::compact::CompactEvents;
use crate::event::EventKind;

/// Tile size in pixels: a zoom-`z` world is `256 × 2^z` pixels wide.
pub const TILE: f64 = 256.0;

/// The highest latitude Web Mercator draws, degrees.
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// Default cluster cell, in screen pixels.
pub const CELL_PX: f64 = 56.0;

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
    use std::collections::HashMap;
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
    pub kinds: [u32; 6],
    /// How many have approximate dates.
    pub approximate: u32,
    /// The id of one member (when `count` is 1, the event itself).
    pub id: String,
}

/// The events of `index` listed by `members`, clustered at `zoom` with
/// cells of `cell` pixels: one [`Cluster`] per occupied cell.
pub fn clusters(index: &CompactEvents, members: impl IntoIterator<Item = usize>, zoom: f64, cell: f64) -> Vec<Cluster> {
    let points = members.into_iter().map(|i| {
        let (x, y) = project(f64::from(index.lon[i]), f64::from(index.lat[i]), zoom);
        (i, x, y)
    });
    debug_assert_eq!(EventKind::ALL.len(), 6);
    grid(points, cell)
        .into_iter()
        .map(|g| {
            let (lon, lat) = unproject(g.x, g.y, zoom);
            let mut kinds = [0u32; 6];
            let mut approximate = 0;
            for &i in &g.members {
                kinds[usize::from(index.kind[i]).min(5)] += 1;
                approximate += u32::from(index.flags[i] & 1);
            }
            Cluster {
                lon,
                lat,
                count: u32::try_from(g.members.len()).unwrap_or(u32::MAX),
                kinds,
                approximate,
                id: index.ids[g.members[0]].clone(),
            }
        })
        .collect()
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
}

/// What the map draws for a set of points at one zoom.
#[derive(Debug, Clone, PartialEq)]
pub enum Placed {
    /// One event at its own point.
    Marker {
        /// The event (as given).
        member: usize,
        /// Screen position, pixels.
        x: f64,
        /// Screen position, pixels.
        y: f64,
    },
    /// One event moved out of a small crowd that zooming cannot split,
    /// with a leader line back to its point.
    Spread {
        /// The event.
        member: usize,
        /// Where it is drawn.
        x: f64,
        /// Where it is drawn.
        y: f64,
        /// Its true point.
        from: (f64, f64),
    },
    /// Several events as one circle with a count.
    Cluster {
        /// The events.
        members: Vec<usize>,
        /// Their mean position.
        x: f64,
        /// Their mean position.
        y: f64,
    },
}

/// Most events spread around one point; a larger crowd that zooming cannot
/// split stays a cluster.
pub const MAX_SPREAD: usize = 12;

/// Lays out points (`member`, screen x, screen y, and the point in world
/// pixels at the highest zoom, to tell whether zooming could split them):
/// alone, a marker; crowded in a cell of `cell` pixels, a cluster, unless
/// zooming cannot split the crowd (all at one point, or `at_max_zoom`) and
/// it holds at most [`MAX_SPREAD`] events: then they are spread around
/// their point ([`crate::spread::spread_around`]).
pub fn layout(points: &[(usize, f64, f64, (f64, f64))], cell: f64, at_max_zoom: bool) -> Vec<Placed> {
    let groups = grid(points.iter().enumerate().map(|(k, p)| (k, p.1, p.2)), cell);
    let mut out = Vec::with_capacity(groups.len());
    for g in groups {
        if let [k] = g.members[..] {
            let (member, x, y, _) = points[k];
            out.push(Placed::Marker { member, x, y });
            continue;
        }
        let deepest = points[g.members[0]].3;
        let one_point = g
            .members
            .iter()
            .all(|&k| (points[k].3 .0 - deepest.0).abs() < 1.0 && (points[k].3 .1 - deepest.1).abs() < 1.0);
        if (one_point || at_max_zoom) && g.members.len() <= MAX_SPREAD {
            let centre = (points[g.members[0]].1, points[g.members[0]].2);
            for (&k, (x, y)) in g.members.iter().zip(crate::spread::spread_around(centre, g.members.len(), 12.0)) {
                let (member, px, py, _) = points[k];
                out.push(Placed::Spread { member, x, y, from: (px, py) });
            }
        } else {
            out.push(Placed::Cluster { members: g.members.iter().map(|&k| points[k].0).collect(), x: g.x, y: g.y });
        }
    }
    out
}

/// The most a hit may miss a circle by, pixels (a finger is wider than a
/// marker).
pub const MAX_SLACK: f64 = 6.0;

/// Circles drawn on the map, found again by a point: a grid of cells, so a
/// click or hover costs a look at a few circles, not all of them.
#[derive(Debug, Clone, Default)]
pub struct HitGrid {
    cell: f64,
    cells: std::collections::HashMap<(i64, i64), Vec<usize>>,
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
mod layout_tests {
    use super::*;

    #[test]
    fn alone_crowded_and_unsplittable() {
        let p = |m, x, y, deep: (f64, f64)| (m, x, y, deep);
        let placed = layout(
            &[
                p(10, 5.0, 5.0, (1000.0, 1000.0)),
                p(11, 200.0, 200.0, (9000.0, 9000.0)),
                p(12, 210.0, 205.0, (9100.0, 9050.0)),
                p(13, 400.0, 400.0, (20000.0, 20000.0)),
                p(14, 400.0, 400.0, (20000.0, 20000.0)),
            ],
            48.0,
            false,
        );
        assert_eq!(placed[0], Placed::Marker { member: 10, x: 5.0, y: 5.0 });
        assert!(matches!(&placed[1], Placed::Cluster { members, .. } if members == &vec![11, 12]));
        let spread: Vec<usize> = placed
            .iter()
            .filter_map(|x| if let Placed::Spread { member, .. } = x { Some(*member) } else { None })
            .collect();
        assert_eq!(spread, vec![13, 14], "two events at one point cannot be split by zooming: spread");
        let at_max = layout(&[p(1, 0.0, 0.0, (0.0, 0.0)), p(2, 20.0, 0.0, (20.0, 0.0))], 48.0, true);
        assert!(at_max.iter().all(|x| matches!(x, Placed::Spread { .. })), "at the highest zoom a small crowd spreads");
    }

    #[test]
    fn a_large_crowd_at_one_point_stays_a_cluster() {
        let many: Vec<_> = (0..13).map(|m| (m, 50.0, 50.0, (7.0, 7.0))).collect();
        assert!(matches!(&layout(&many, 48.0, true)[..], [Placed::Cluster { members, .. }] if members.len() == 13));
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

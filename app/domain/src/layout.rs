//! What the reader's map draws for the events in view at one zoom: each
//! event alone as its marker; events that crowd a grid cell as one cluster
//! with a count; a crowd that zooming cannot split (one place, or the
//! highest zoom) spread on a small circle around its point when it is small
//! enough ([`MAX_SPREAD`]), else a cluster that opens a list of its events.
//! Nothing drawn hides anything else: circles (markers, clusters, spread
//! crowds) that would overlap are merged until none do
//! ([`crate::cluster::merge_overlapping`]), at every zoom and map width.
//! Pure geometry in screen pixels; the browser calls it on every zoom and
//! slider step.

use crate::cluster::{cluster_reach, grid, merge_overlapping, Circle};
use crate::spread::{ring_radius, spread_around};

/// Most events spread around one point; a larger crowd that zooming cannot
/// split stays a cluster, and its events are listed when it is clicked.
pub const MAX_SPREAD: usize = 12;

/// Markers of a spread crowd keep this many pixels apart (see
/// [`spread_around`]).
const SPREAD_NEAR: f64 = 12.0;

/// Points whose world pixels at the highest zoom are closer than this are
/// at one place: no zoom separates them.
const ONE_PLACE_PX: f64 = 1.0;

/// An event to lay out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// The caller's number for it.
    pub member: usize,
    /// Screen position, pixels.
    pub x: f64,
    /// Screen position, pixels.
    pub y: f64,
    /// Its point in world pixels at the highest zoom (to tell whether
    /// zooming could separate it from others).
    pub deep: (f64, f64),
    /// Its marker's radius, pixels, outline included.
    pub radius: f64,
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
        /// Zooming in cannot split it (its events are at one place, or the
        /// map is at its highest zoom): a click lists its events rather
        /// than zooming.
        unsplittable: bool,
    },
}

/// Points that are drawn together: one marker, a spread crowd or a
/// cluster, by how many and whether zooming could split them.
struct Crowd<'a> {
    points: &'a [Point],
    at_max_zoom: bool,
    /// Indices into `points`.
    members: Vec<usize>,
    sx: f64,
    sy: f64,
    deep_low: (f64, f64),
    deep_high: (f64, f64),
    /// The largest marker among the members.
    radius: f64,
}

impl<'a> Crowd<'a> {
    fn of(points: &'a [Point], at_max_zoom: bool, members: Vec<usize>) -> Self {
        let mut c = Crowd {
            points,
            at_max_zoom,
            members: Vec::new(),
            sx: 0.0,
            sy: 0.0,
            deep_low: (f64::MAX, f64::MAX),
            deep_high: (f64::MIN, f64::MIN),
            radius: 0.0,
        };
        for k in members {
            let p = points[k];
            c.members.push(k);
            c.sx += p.x;
            c.sy += p.y;
            c.deep_low = (c.deep_low.0.min(p.deep.0), c.deep_low.1.min(p.deep.1));
            c.deep_high = (c.deep_high.0.max(p.deep.0), c.deep_high.1.max(p.deep.1));
            c.radius = c.radius.max(p.radius);
        }
        c
    }

    /// Zooming cannot split it.
    fn unsplittable(&self) -> bool {
        self.at_max_zoom
            || (self.deep_high.0 - self.deep_low.0 < ONE_PLACE_PX && self.deep_high.1 - self.deep_low.1 < ONE_PLACE_PX)
    }

    fn spreads(&self) -> bool {
        self.members.len() > 1 && self.members.len() <= MAX_SPREAD && self.unsplittable()
    }
}

impl Circle for Crowd<'_> {
    fn centre(&self) -> (f64, f64) {
        if let [k] = self.members[..] {
            return (self.points[k].x, self.points[k].y);
        }
        let n = self.members.len() as f64;
        (self.sx / n, self.sy / n)
    }

    fn reach(&self) -> f64 {
        let n = self.members.len();
        if n == 1 {
            self.radius
        } else if self.spreads() {
            ring_radius(n, SPREAD_NEAR) + self.radius
        } else {
            cluster_reach(u32::try_from(n).unwrap_or(u32::MAX))
        }
    }

    fn absorb(&mut self, other: Self) {
        self.members.extend(other.members);
        self.sx += other.sx;
        self.sy += other.sy;
        self.deep_low = (self.deep_low.0.min(other.deep_low.0), self.deep_low.1.min(other.deep_low.1));
        self.deep_high = (self.deep_high.0.max(other.deep_high.0), self.deep_high.1.max(other.deep_high.1));
        self.radius = self.radius.max(other.radius);
    }
}

/// Lays out `points`: gathered by a grid of `cell`-pixel cells, then
/// merged while any two would overlap. Alone, a marker; several, a
/// cluster, unless zooming cannot split them (all at one place, or
/// `at_max_zoom`) and there are at most [`MAX_SPREAD`]: then they are
/// spread around their middle ([`spread_around`]).
pub fn layout(points: &[Point], cell: f64, at_max_zoom: bool) -> Vec<Placed> {
    let groups = grid(points.iter().enumerate().map(|(k, p)| (k, p.x, p.y)), cell);
    let crowds = groups.into_iter().map(|g| Crowd::of(points, at_max_zoom, g.members)).collect();
    let mut out = Vec::with_capacity(points.len().min(1024));
    for c in merge_overlapping(crowds) {
        let (x, y) = c.centre();
        if let [k] = c.members[..] {
            out.push(Placed::Marker { member: points[k].member, x, y });
        } else if c.spreads() {
            for (&k, (sx, sy)) in c.members.iter().zip(spread_around((x, y), c.members.len(), SPREAD_NEAR)) {
                let p = points[k];
                out.push(Placed::Spread { member: p.member, x: sx, y: sy, from: (p.x, p.y) });
            }
        } else {
            let unsplittable = c.unsplittable();
            out.push(Placed::Cluster {
                members: c.members.iter().map(|&k| points[k].member).collect(),
                x,
                y,
                unsplittable,
            });
        }
    }
    out
}

/// How far what [`layout`] placed reaches from its centre, pixels: a
/// marker's radius or a cluster's circle with its halo (for tests and
/// hit areas).
pub fn reach_of(placed: &Placed, marker_radius: f64) -> f64 {
    match placed {
        Placed::Marker { .. } | Placed::Spread { .. } => marker_radius,
        Placed::Cluster { members, .. } => cluster_reach(u32::try_from(members.len()).unwrap_or(u32::MAX)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::{grid, project, CELL_PX};

    fn p(member: usize, x: f64, y: f64, deep: (f64, f64)) -> Point {
        Point { member, x, y, deep, radius: 8.0 }
    }

    #[test]
    fn alone_crowded_and_unsplittable() {
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
        assert!(matches!(&placed[1], Placed::Cluster { members, unsplittable: false, .. } if members == &vec![11, 12]));
        let spread: Vec<usize> = placed
            .iter()
            .filter_map(|x| if let Placed::Spread { member, .. } = x { Some(*member) } else { None })
            .collect();
        assert_eq!(spread, vec![13, 14], "two events at one point cannot be split by zooming: spread");
        let at_max = layout(&[p(1, 0.0, 0.0, (0.0, 0.0)), p(2, 20.0, 0.0, (20.0, 0.0))], 48.0, true);
        assert!(at_max.iter().all(|x| matches!(x, Placed::Spread { .. })), "at the highest zoom a small crowd spreads");
    }

    #[test]
    fn a_large_crowd_at_one_point_is_a_cluster_that_zooming_cannot_split() {
        // Issue 21, item 1: 25 events on one square.
        let many: Vec<_> = (0..25).map(|m| p(m, 50.0, 50.0, (7.0, 7.0))).collect();
        assert!(matches!(
            &layout(&many, 48.0, false)[..],
            [Placed::Cluster { members, unsplittable: true, .. }] if members.len() == 25
        ));
        let spread_apart: Vec<_> = (0..25).map(|m| p(m, 50.0, 50.0, (7.0 * m as f64, 7.0))).collect();
        assert!(matches!(&layout(&spread_apart, 48.0, false)[..], [Placed::Cluster { unsplittable: false, .. }]));
        assert!(matches!(&layout(&spread_apart, 48.0, true)[..], [Placed::Cluster { unsplittable: true, .. }]));
        let thirteen: Vec<_> = (0..13).map(|m| p(m, 50.0, 50.0, (7.0, 7.0))).collect();
        assert!(matches!(&layout(&thirteen, 48.0, true)[..], [Placed::Cluster { members, .. }] if members.len() == 13));
    }

    #[test]
    fn two_crowds_either_side_of_a_cell_edge_are_one() {
        // Issue 21, item 2: two 20s 0.11° apart drawn one over the other.
        let zoom = 3.0;
        // The screen's origin puts a cell's edge between the two crowds.
        let (edge, top) = project(178.055, -16.8, zoom);
        let mut points = Vec::new();
        for k in 0..40 {
            let lon = if k < 20 { 178.0 - 0.001 * k as f64 } else { 178.11 + 0.001 * k as f64 };
            let (x, y) = project(lon, -16.8, zoom);
            points.push(p(k, x - edge + 10.0 * CELL_PX, y - top + 100.0, project(lon, -16.8, 18.0)));
        }
        assert_eq!(grid(points.iter().map(|q| (q.member, q.x, q.y)), CELL_PX).len(), 2, "two cells");
        let placed = layout(&points, CELL_PX, false);
        let counts: Vec<usize> = placed
            .iter()
            .filter_map(|x| if let Placed::Cluster { members, .. } = x { Some(members.len()) } else { None })
            .collect();
        assert_eq!(counts, vec![40]);
    }

    /// Deterministic made-up points (a linear congruential generator).
    fn scatter(n: usize, width: f64, height: f64, seed: u64) -> Vec<Point> {
        let mut s = seed;
        let mut next = || {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|m| {
                // Towns: most points near a few centres, some anywhere.
                let (cx, cy) = if m % 3 == 0 {
                    (next() * width, next() * height)
                } else {
                    ((m % 7) as f64 * width / 7.0, (m % 5) as f64 * height / 5.0)
                };
                let (x, y) = (cx + next() * 40.0 - 20.0, cy + next() * 40.0 - 20.0);
                let radius = if m % 11 == 0 { 12.0 } else { 8.0 };
                Point { member: m, x, y, deep: (x * 4096.0, y * 4096.0), radius }
            })
            .collect()
    }

    #[test]
    fn nothing_drawn_overlaps_at_any_zoom_or_width() {
        for (width, height) in [(360.0, 444.0), (300.0, 150.0), (1280.0, 800.0)] {
            for (seed, n) in [(1, 30), (2, 300), (3, 3000)] {
                for at_max in [false, true] {
                    let points = scatter(n, width, height, seed);
                    let placed = layout(&points, CELL_PX, at_max);
                    let drawn: usize = placed
                        .iter()
                        .map(|x| if let Placed::Cluster { members, .. } = x { members.len() } else { 1 })
                        .sum();
                    assert_eq!(drawn, n, "every event is drawn once");
                    // Spread markers sit around their crowd by design; the
                    // crowds themselves keep apart. Check markers and clusters.
                    let circles: Vec<(f64, f64, f64)> = placed
                        .iter()
                        .filter_map(|c| match c {
                            Placed::Marker { member, x, y } => Some((*x, *y, points[*member].radius)),
                            Placed::Cluster { x, y, .. } => Some((*x, *y, reach_of(c, 0.0))),
                            Placed::Spread { .. } => None,
                        })
                        .collect();
                    for (i, a) in circles.iter().enumerate() {
                        for b in &circles[i + 1..] {
                            let gap = (a.0 - b.0).hypot(a.1 - b.1) - a.2 - b.2;
                            assert!(
                                gap >= 0.0,
                                "{width}×{height}, {n} points, max zoom {at_max}: circles overlap by {:.1} px",
                                -gap
                            );
                        }
                    }
                }
            }
        }
    }
}

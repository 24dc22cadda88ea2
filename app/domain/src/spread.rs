//! Markers that would hide one another: which ones overlap at the current
//! zoom, and where to draw them instead, spread on a small circle around
//! their common point (each tied back to it by a leader line). Pure
//! geometry in screen pixels; the map calls it after every zoom and every
//! change of the window.

/// Groups `points` (screen pixels, in drawing order) greedily: each point
/// joins the first group whose anchor (its first point) lies within `near`
/// pixels, else starts a group of its own. Returns each group's indices
/// into `points`, in order; every index appears exactly once.
///
/// Runs in about O(n) with a grid of `near`-sized cells.
///
/// # Examples
/// ```
/// use domain::spread::overlapping_groups;
/// let groups = overlapping_groups(&[(0.0, 0.0), (5.0, 0.0), (40.0, 0.0)], 12.0);
/// assert_eq!(groups, vec![vec![0, 1], vec![2]]);
/// ```
pub fn overlapping_groups(points: &[(f64, f64)], near: f64) -> Vec<Vec<usize>> {
    use std::collections::HashMap;
    let mut anchors: Vec<(f64, f64)> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    let cell_of = |x: f64, y: f64| ((x / near).floor() as i64, (y / near).floor() as i64);
    for (i, &(x, y)) in points.iter().enumerate() {
        let (cx, cy) = cell_of(x, y);
        let found = (-1..=1)
            .flat_map(|dx| (-1..=1).map(move |dy| (cx + dx, cy + dy)))
            .filter_map(|c| cells.get(&c))
            .flatten()
            .copied()
            .filter(|&g| {
                let (gx, gy) = anchors[g];
                (gx - x).hypot(gy - y) < near
            })
            .min();
        match found {
            Some(g) => groups[g].push(i),
            None => {
                cells.entry((cx, cy)).or_default().push(groups.len());
                anchors.push((x, y));
                groups.push(vec![i]);
            }
        }
    }
    groups
}

/// Where to draw `k` markers that share `center` (screen pixels): evenly on
/// a circle, the first at the top, going clockwise, far enough apart that
/// markers `near` pixels wide do not touch (at least 22 px between
/// neighbours, and a radius of at least 1.4 × `near`). One marker stays at
/// the centre.
///
/// # Examples
/// ```
/// let at = domain::spread::spread_around((100.0, 100.0), 4, 12.0);
/// assert_eq!(at.len(), 4);
/// assert!((at[0].0 - 100.0).abs() < 1e-9 && at[0].1 < 100.0, "the first is at the top");
/// ```
pub fn spread_around(center: (f64, f64), k: usize, near: f64) -> Vec<(f64, f64)> {
    if k <= 1 {
        return vec![center; k];
    }
    let tau = std::f64::consts::TAU;
    let radius = ring_radius(k, near);
    (0..k)
        .map(|j| {
            let a = tau * j as f64 / k as f64 - std::f64::consts::FRAC_PI_2;
            (center.0 + radius * a.cos(), center.1 + radius * a.sin())
        })
        .collect()
}

/// The radius of the circle [`spread_around`] puts `k` markers on (0 for
/// one marker, which stays at the centre).
pub fn ring_radius(k: usize, near: f64) -> f64 {
    if k <= 1 {
        return 0.0;
    }
    (near * 1.4).max(k as f64 * 22.0 / std::f64::consts::TAU)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_group_with_the_first_anchor_within_reach() {
        let pts = [(0.0, 0.0), (11.9, 0.0), (12.0, 0.0), (20.0, 0.0), (500.0, 500.0), (0.0, -3.0)];
        // 12.0 is not within 12 px of the anchor at 0; 20 joins the group anchored at 12.
        assert_eq!(overlapping_groups(&pts, 12.0), vec![vec![0, 1, 5], vec![2, 3], vec![4]]);
    }

    #[test]
    fn every_point_is_in_exactly_one_group() {
        let pts: Vec<(f64, f64)> = (0..500).map(|i| (f64::from(i % 37) * 3.1, f64::from(i / 37) * 4.7)).collect();
        let mut seen: Vec<usize> = overlapping_groups(&pts, 12.0).into_iter().flatten().collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..500).collect::<Vec<_>>());
    }

    #[test]
    fn spread_markers_keep_their_distance() {
        for k in [2, 3, 7, 12, 40] {
            let at = spread_around((0.0, 0.0), k, 12.0);
            assert_eq!(at.len(), k);
            for i in 0..k {
                let (a, b) = (at[i], at[(i + 1) % k]);
                assert!((a.0 - b.0).hypot(a.1 - b.1) >= 16.7, "k = {k}: neighbours {i} too close");
            }
        }
        assert_eq!(spread_around((3.0, 4.0), 1, 12.0), vec![(3.0, 4.0)]);
        assert_eq!(spread_around((3.0, 4.0), 0, 12.0), vec![]);
    }
}

//! Words and colours for an event's values, as readers and editors see
//! them: the kind ("Banner action"), what the point stands for, and the
//! marker colour of each kind (also the legend's), and the people of a
//! cluster in a few characters.

use crate::event::{Conduct, EventKind, GeoPrecision};
use crate::summary::PeopleRange;

/// The people of a cluster as its label, in at most about eight
/// characters: `"2k–5k"`, `"350"`, `"1.2M–3M"`; one number when both ends
/// read the same; `"?"` when no member gives a number. The low end is
/// rounded down and the high end up, so the label never claims a narrower
/// range than the numbers reported. Members without a number are left out
/// (the popup and the summary count them).
///
/// ```
/// use domain::labels::people_short;
/// use domain::summary::PeopleRange;
/// assert_eq!(people_short(&PeopleRange { low: 2000, high: 5000, events: 2 }), "2k–5k");
/// assert_eq!(people_short(&PeopleRange { low: 1960, high: 4010, events: 3 }), "1.9k–4.1k");
/// assert_eq!(people_short(&PeopleRange { low: 0, high: 0, events: 0 }), "?");
/// ```
pub fn people_short(p: &PeopleRange) -> String {
    if p.events == 0 {
        return "?".to_owned();
    }
    let (low, high) = (short_number(p.low, false), short_number(p.high, true));
    if low == high {
        low
    } else {
        format!("{low}–{high}")
    }
}

/// `n` in at most four characters: whole below 1,000, else in thousands
/// (k), millions (M) or billions (B) with one decimal below ten of them;
/// rounded up or down as `up` says.
fn short_number(n: u64, up: bool) -> String {
    if n < 1000 {
        return n.to_string();
    }
    let (unit, suffix) = [(1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")]
        .into_iter()
        .find(|(u, _)| n >= *u)
        .unwrap_or((1_000, "k"));
    // Tenths of the unit below ten units, whole units above.
    let step = if n < 10 * unit { unit / 10 } else { unit };
    let steps = if up { n.div_ceil(step) } else { n / step };
    let value = steps * step;
    if value >= 1000 * unit && suffix != "B" {
        // Rounded up into the next unit: 999,999 up is "1M".
        return short_number(value, up);
    }
    let whole = value / unit;
    let tenth = (value % unit) / (unit / 10);
    if step == unit || tenth == 0 {
        format!("{whole}{suffix}")
    } else {
        format!("{whole}.{tenth}{suffix}")
    }
}

/// The kind as a label: "Rally", "Banner action".
pub fn kind_label(k: EventKind) -> &'static str {
    match k {
        EventKind::Rally => "Rally",
        EventKind::Protest => "Protest",
        EventKind::March => "March",
        EventKind::Vigil => "Vigil",
        EventKind::BannerAction => "Banner action",
        EventKind::Other => "Other",
        EventKind::Strike => "Strike",
        EventKind::SitIn => "Sit-in",
        EventKind::Blockade => "Blockade",
        EventKind::Boycott => "Boycott",
        EventKind::CounterProtest => "Counter-protest",
    }
}

/// What happened to it, as a label: "Met with intervention".
pub fn conduct_label(c: Conduct) -> &'static str {
    match c {
        Conduct::Peaceful => "Peaceful",
        Conduct::Intervention => "Met with intervention",
        Conduct::ExcessiveForce => "Met with excessive force",
        Conduct::Violent => "Turned violent",
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
        EventKind::Strike => "#8a6100",
        EventKind::SitIn => "#00796b",
        EventKind::Blockade => "#ad1457",
        EventKind::Boycott => "#6d4c41",
        EventKind::CounterProtest => "#303f9f",
    }
}

/// A marker's outline. Each kind has its own, so that the kind shows
/// without telling colours apart (WCAG 2.2, 1.4.1 Use of Color).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A circle: rally.
    Circle,
    /// A square: protest.
    Square,
    /// A triangle, point up: march.
    Triangle,
    /// A diamond: vigil.
    Diamond,
    /// A triangle, point down: banner action.
    TriangleDown,
    /// A plus sign: other.
    Cross,
    /// A five-pointed star: strike.
    Star,
    /// A hexagon: sit-in.
    Hexagon,
    /// A wide bar: blockade.
    Bar,
    /// A saltire (an X): boycott.
    Saltire,
    /// A pentagon: counter-protest.
    Pentagon,
}

/// The marker shape of a kind, also drawn in the legend and the list.
pub fn kind_shape(k: EventKind) -> Shape {
    match k {
        EventKind::Rally => Shape::Circle,
        EventKind::Protest => Shape::Square,
        EventKind::March => Shape::Triangle,
        EventKind::Vigil => Shape::Diamond,
        EventKind::BannerAction => Shape::TriangleDown,
        EventKind::Other => Shape::Cross,
        EventKind::Strike => Shape::Star,
        EventKind::SitIn => Shape::Hexagon,
        EventKind::Blockade => Shape::Bar,
        EventKind::Boycott => Shape::Saltire,
        EventKind::CounterProtest => Shape::Pentagon,
    }
}

impl Shape {
    /// The outline's corners around `(0, 0)` for a marker of radius 1, `y`
    /// pointing down (canvas and SVG); empty for the circle. Sized to cover
    /// about the circle's area, so no kind looks bigger than another.
    pub fn corners(self) -> &'static [(f64, f64)] {
        match self {
            Shape::Circle => &[],
            Shape::Square => &[(-0.89, -0.89), (0.89, -0.89), (0.89, 0.89), (-0.89, 0.89)],
            Shape::Triangle => &[(0.0, -1.35), (1.17, 0.68), (-1.17, 0.68)],
            Shape::TriangleDown => &[(0.0, 1.35), (1.17, -0.68), (-1.17, -0.68)],
            Shape::Diamond => &[(0.0, -1.25), (1.25, 0.0), (0.0, 1.25), (-1.25, 0.0)],
            Shape::Cross => &[
                (-0.42, -1.15),
                (0.42, -1.15),
                (0.42, -0.42),
                (1.15, -0.42),
                (1.15, 0.42),
                (0.42, 0.42),
                (0.42, 1.15),
                (-0.42, 1.15),
                (-0.42, 0.42),
                (-1.15, 0.42),
                (-1.15, -0.42),
                (-0.42, -0.42),
            ],
            Shape::Star => &[
                (0.0, -1.4),
                (0.35, -0.48),
                (1.33, -0.43),
                (0.56, 0.18),
                (0.82, 1.13),
                (0.0, 0.58),
                (-0.82, 1.13),
                (-0.56, 0.18),
                (-1.33, -0.43),
                (-0.35, -0.48),
            ],
            Shape::Hexagon => &[(0.0, -1.1), (0.95, -0.55), (0.95, 0.55), (0.0, 1.1), (-0.95, 0.55), (-0.95, -0.55)],
            Shape::Bar => &[(-1.3, -0.6), (1.3, -0.6), (1.3, 0.6), (-1.3, 0.6)],
            Shape::Saltire => &[
                (-0.85, -1.15),
                (0.0, -0.3),
                (0.85, -1.15),
                (1.15, -0.85),
                (0.3, 0.0),
                (1.15, 0.85),
                (0.85, 1.15),
                (0.0, 0.3),
                (-0.85, 1.15),
                (-1.15, 0.85),
                (-0.3, 0.0),
                (-1.15, -0.85),
            ],
            Shape::Pentagon => &[(0.0, -1.15), (1.09, -0.36), (0.68, 0.93), (-0.68, 0.93), (-1.09, -0.36)],
        }
    }

    /// The outline as an SVG path (`d`) of radius `r` around `(0, 0)`.
    ///
    /// # Examples
    /// ```
    /// use domain::labels::Shape;
    /// assert_eq!(Shape::Diamond.svg_path(1.0), "M0 -1.25L1.25 0L0 1.25L-1.25 0Z");
    /// assert_eq!(Shape::Circle.svg_path(1.0), "M1 0A1 1 0 1 1 -1 0A1 1 0 1 1 1 0Z");
    /// ```
    pub fn svg_path(self, r: f64) -> String {
        let corners = self.corners();
        if corners.is_empty() {
            return format!("M{r} 0A{r} {r} 0 1 1 {} 0A{r} {r} 0 1 1 {r} 0Z", -r);
        }
        let mut d = String::new();
        for (i, (x, y)) in corners.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            d.push_str(&format!("{} {}", x * r + 0.0, y * r + 0.0));
        }
        d.push('Z');
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers_round_outward_and_change_unit_at_a_thousand() {
        for (n, down, up) in [
            (0, "0", "0"),
            (999, "999", "999"),
            (1000, "1k", "1k"),
            (1001, "1k", "1.1k"),
            (9_999, "9.9k", "10k"),
            (10_001, "10k", "11k"),
            (999_999, "999k", "1M"),
            (1_250_000, "1.2M", "1.3M"),
            (12_500_000, "12M", "13M"),
            (2_500_000_000, "2.5B", "2.5B"),
        ] {
            assert_eq!((short_number(n, false).as_str(), short_number(n, true).as_str()), (down, up), "{n}");
        }
    }

    #[test]
    fn a_cluster_label_is_one_number_when_its_ends_read_the_same() {
        let range = |low, high, events| PeopleRange { low, high, events };
        assert_eq!(people_short(&range(350, 350, 1)), "350");
        assert_eq!(people_short(&range(2000, 2040, 2)), "2k–2.1k");
        assert_eq!(people_short(&range(12_000, 12_000, 1)), "12k");
        assert_eq!(people_short(&range(1_200_000, 3_000_000, 9)), "1.2M–3M");
        assert_eq!(people_short(&range(0, 0, 1)), "0", "a reported zero is a number");
    }
}

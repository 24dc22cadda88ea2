//! Words and colours for an event's values, as readers and editors see
//! them: the kind ("Banner action"), what the point stands for, and the
//! marker colour of each kind (also the legend's).

use crate::event::{Conduct, EventKind, GeoPrecision};

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

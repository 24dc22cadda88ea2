//! Words and colours for an event's values, as readers and editors see
//! them: the kind ("Banner action"), what the point stands for, and the
//! marker colour of each kind (also the legend's).

use crate::event::{EventKind, GeoPrecision};

/// The kind as a label: "Rally", "Banner action".
pub fn kind_label(k: EventKind) -> &'static str {
    match k {
        EventKind::Rally => "Rally",
        EventKind::Protest => "Protest",
        EventKind::March => "March",
        EventKind::Vigil => "Vigil",
        EventKind::BannerAction => "Banner action",
        EventKind::Other => "Other",
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

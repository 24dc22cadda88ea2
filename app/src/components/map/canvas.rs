//! One canvas for every marker and cluster of the window: placed in a pane
//! of its own above the basemap, half a view larger than the view on each
//! side so that a drag shows drawn markers, redrawn after each move or zoom
//! (hidden while Leaflet animates a zoom). Points are projected in Rust
//! (Web Mercator, as Leaflet does), laid out ([`domain::layout::layout`]:
//! nothing drawn hides anything else) and drawn in one pass; what was drawn
//! goes into a [`HitGrid`] for clicks and hovers. Browser only.

use std::f64::consts::TAU;

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::style;
use crate::components::leaflet as l;
use domain::cluster::{cluster_radius, project, HitGrid, CELL_PX, HALO};
use domain::compact::CompactEvents;
use domain::event::EventKind;
use domain::layout::{Placed, Point};
use domain::summary::PeopleRange;

/// How much of the view is drawn beyond each edge, as a share of its size
/// (as Leaflet's own renderers): a drag shows drawn markers near the edges,
/// and every pixel more costs time on every step.
const PAD: f64 = 0.1;

/// What a drawn circle stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum Drawn {
    /// One event (its position in the loaded events).
    Event(usize),
    /// Several events of the loaded ones.
    Crowd {
        /// Their positions in the loaded events.
        members: Vec<usize>,
        /// Zooming in cannot split them: a click lists them.
        unsplittable: bool,
    },
    /// A cluster the server counted.
    Counted(domain::cluster::Cluster),
}

/// A cluster as drawn, in pixels from the map's top-left corner: where,
/// how large (halo included) and how many (for tests: `data-clusters`).
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnCluster {
    /// Centre, pixels from the map's left edge.
    pub x: f64,
    /// Centre, pixels from the map's top edge.
    pub y: f64,
    /// How far it reaches, pixels.
    pub reach: f64,
    /// Its count.
    pub count: u32,
    /// Its label when clusters show people ("2k–5k"; see
    /// [`domain::labels::people_short`]).
    pub people: Option<String>,
}

/// A ringed event as drawn: its position in the loaded events and, when it
/// is inside a cluster (whose circle is ringed instead), that cluster's
/// count.
pub type RingedDrawn = (usize, Option<u32>);

/// A frame: where the canvas sits in world pixels at which zoom.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// World pixel of the canvas's top-left corner.
    pub origin: (f64, f64),
    /// Canvas size in CSS pixels.
    pub size: (f64, f64),
    /// The zoom drawn at.
    pub zoom: f64,
    /// Where the map's top-left corner is on the canvas (the padding).
    pub inset: (f64, f64),
}

/// The canvas and what it shows.
pub struct EventCanvas {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    /// The last frame drawn.
    pub frame: Frame,
    hits: HitGrid,
    drawn: Vec<Drawn>,
    /// The clusters of the last frame (see [`DrawnCluster`]).
    pub clusters: Vec<DrawnCluster>,
    /// Clusters are labelled with the people reported at their events
    /// instead of their count.
    pub people: bool,
    dashes: Dashes,
}

/// Line dash patterns, made once.
struct Dashes {
    /// A region's ring: 4 on, 3 off.
    marker: js_sys::Array,
    /// A cluster's share of approximate dates: 3 on, 3 off.
    ring: js_sys::Array,
    /// Solid.
    solid: js_sys::Array,
}

/// A cluster as drawn: its kinds, approximate share, count and people.
pub struct Summary {
    /// How many of each kind, in [`EventKind::ALL`] order.
    pub kinds: [u32; domain::cluster::KINDS],
    /// How many have approximate dates.
    pub approximate: u32,
    /// How many in all.
    pub count: u32,
    /// The people reported at those that give a number.
    pub people: PeopleRange,
}

impl EventCanvas {
    /// A canvas in the map's pane `events`.
    pub fn new(map: &l::LMap) -> Option<Self> {
        let pane = map.create_pane("events");
        let _ = pane.style().set_property("z-index", "450");
        let canvas: HtmlCanvasElement = leptos::prelude::document().create_element("canvas").ok()?.unchecked_into();
        canvas.set_class_name("event-canvas leaflet-zoom-hide");
        let _ = canvas.style().set_property("position", "absolute");
        let _ = canvas.style().set_property("pointer-events", "none");
        pane.append_child(&canvas).ok()?;
        let ctx = canvas.get_context("2d").ok()??.unchecked_into();
        Some(Self {
            canvas,
            ctx,
            frame: Frame { origin: (0.0, 0.0), size: (0.0, 0.0), zoom: 0.0, inset: (0.0, 0.0) },
            hits: HitGrid::new(32.0),
            drawn: Vec::new(),
            clusters: Vec::new(),
            people: false,
            dashes: Dashes {
                marker: js_sys::Array::of2(&4.0.into(), &3.0.into()),
                ring: js_sys::Array::of2(&3.0.into(), &3.0.into()),
                solid: js_sys::Array::new(),
            },
        })
    }

    /// Sizes and places the canvas over the view (and its padding) and
    /// clears it; returns the new frame.
    pub fn reset(&mut self, map: &l::LMap) -> Frame {
        let size = map.get_size();
        let (w, h) = (size.x(), size.y());
        let (cw, ch) = ((w * (1.0 + 2.0 * PAD)).ceil(), (h * (1.0 + 2.0 * PAD)).ceil());
        let ratio = leptos::prelude::window().device_pixel_ratio().max(1.0);
        let (pw, ph) = ((cw * ratio) as u32, (ch * ratio) as u32);
        // A new size reallocates the canvas's pixels: only when it changes.
        if self.canvas.width() != pw || self.canvas.height() != ph {
            self.canvas.set_width(pw);
            self.canvas.set_height(ph);
            let _ = self.canvas.style().set_property("width", &format!("{cw}px"));
            let _ = self.canvas.style().set_property("height", &format!("{ch}px"));
            // Resizing resets the context; the text settings are set only
            // then, since setting a font costs milliseconds (it is parsed
            // and resolved each time).
            self.ctx.set_font("bold 11px sans-serif");
            self.ctx.set_text_align("center");
            self.ctx.set_text_baseline("middle");
        }
        l::set_position(&self.canvas.clone().unchecked_into(), &map.container_point_to_layer_point(-w * PAD, -h * PAD));
        let _ = self.ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
        self.ctx.clear_rect(0.0, 0.0, cw, ch);
        let min = map.get_pixel_bounds().min();
        self.frame = Frame {
            origin: (min.x() - w * PAD, min.y() - h * PAD),
            size: (cw, ch),
            zoom: map.get_zoom(),
            inset: (w * PAD, h * PAD),
        };
        self.hits = HitGrid::new(32.0);
        self.drawn.clear();
        self.clusters.clear();
        self.frame
    }

    /// Where `(lon, lat)` falls on the canvas, on the world copy nearest the
    /// canvas's middle (the map repeats the world sideways).
    pub fn place(&self, lon: f64, lat: f64) -> (f64, f64) {
        let f = self.frame;
        let (x, y) = project(lon, lat, f.zoom);
        let world = 256.0 * f.zoom.exp2();
        let mut x = x - f.origin.0;
        let middle = f.size.0 / 2.0;
        while x - middle > world / 2.0 {
            x -= world;
        }
        while middle - x > world / 2.0 {
            x += world;
        }
        (x, y - f.origin.1)
    }

    /// Whether a canvas point is on the canvas (with `margin` pixels).
    pub fn on_canvas(&self, (x, y): (f64, f64), margin: f64) -> bool {
        x >= -margin && y >= -margin && x <= self.frame.size.0 + margin && y <= self.frame.size.1 + margin
    }

    /// Draws the loaded events at `members` (positions in `index`): laid out
    /// with clusters where they crowd; the `ringed` ones (the open popup's,
    /// the focused list row's) on top with a dark ring, or, inside a
    /// cluster, the cluster's circle ringed. Returns the ringed ones drawn.
    pub fn draw_events(
        &mut self,
        index: &CompactEvents,
        members: &[u32],
        ringed: [Option<usize>; 2],
        at_max_zoom: bool,
    ) -> Vec<RingedDrawn> {
        let points: Vec<Point> = members
            .iter()
            .map(|&m| m as usize)
            .filter_map(|m| {
                let (lon, lat) = (f64::from(index.lon[m]), f64::from(index.lat[m]));
                let (x, y) = self.place(lon, lat);
                let radius = style::outer_radius(index.geo_precision(m), index.date_precision(m));
                self.on_canvas((x, y), 30.0).then(|| Point { member: m, x, y, deep: project(lon, lat, 18.0), radius })
            })
            .collect();
        let placed = domain::layout::layout(&points, CELL_PX, at_max_zoom);
        // Leader lines under everything.
        self.ctx.set_stroke_style_str("#333");
        self.ctx.set_line_width(1.0);
        for p in &placed {
            if let Placed::Spread { x, y, from, .. } = p {
                self.ctx.begin_path();
                self.ctx.move_to(from.0, from.1);
                self.ctx.line_to(*x, *y);
                self.ctx.stroke();
            }
        }
        let any_ringed = ringed.iter().any(Option::is_some);
        let mut top = Vec::new();
        let mut ringed_clusters = Vec::new();
        let mut out = Vec::new();
        for p in placed {
            match p {
                Placed::Marker { member, x, y } | Placed::Spread { member, x, y, .. } => {
                    if ringed.contains(&Some(member)) {
                        top.push((member, x, y));
                        continue;
                    }
                    self.marker(index, member, x, y, false);
                }
                Placed::Cluster { members, x, y, unsplittable } => {
                    let mut s = Summary {
                        kinds: [0; domain::cluster::KINDS],
                        approximate: 0,
                        count: members.len() as u32,
                        people: index.people_of(members.iter().copied()),
                    };
                    for &m in &members {
                        s.kinds[usize::from(index.kind[m]).min(domain::cluster::KINDS - 1)] += 1;
                        s.approximate += u32::from(index.flags[m] & 1);
                    }
                    let r = self.cluster(x, y, &s);
                    if any_ringed {
                        let inside: Vec<usize> =
                            members.iter().copied().filter(|m| ringed.contains(&Some(*m))).collect();
                        if !inside.is_empty() {
                            ringed_clusters.push((x, y, r));
                            out.extend(inside.into_iter().map(|m| (m, Some(s.count))));
                        }
                    }
                    self.hits.insert(x, y, r);
                    self.drawn.push(Drawn::Crowd { members, unsplittable });
                }
            }
        }
        for &(member, x, y) in &top {
            self.marker(index, member, x, y, true);
            out.push((member, None));
        }
        for (x, y, r) in ringed_clusters {
            self.ring(x, y, r + HALO + 2.0);
        }
        out
    }

    /// Draws clusters counted by the server.
    pub fn draw_counted(&mut self, clusters: &[domain::cluster::Cluster]) {
        for c in clusters {
            let (x, y) = self.place(c.lon, c.lat);
            if !self.on_canvas((x, y), 40.0) {
                continue;
            }
            let s = Summary { kinds: c.kinds, approximate: c.approximate, count: c.count, people: c.people };
            let r = self.cluster(x, y, &s);
            self.hits.insert(x, y, r);
            self.drawn.push(Drawn::Counted(c.clone()));
        }
    }

    /// A dark ring around a ringed event's cluster.
    fn ring(&self, x: f64, y: f64, r: f64) {
        let ctx = &self.ctx;
        ctx.begin_path();
        let _ = ctx.arc(x, y, r, 0.0, TAU);
        ctx.set_line_width(3.5);
        ctx.set_stroke_style_str("#111111");
        ctx.stroke();
    }

    fn marker(&mut self, index: &CompactEvents, m: usize, x: f64, y: f64, selected: bool) {
        let entry = index.entry(m);
        let st = style::marker(entry.kind, entry.date_precision, entry.geo_precision, selected);
        let ctx = &self.ctx;
        ctx.begin_path();
        let corners = st.shape.corners();
        if corners.is_empty() {
            let _ = ctx.arc(x, y, st.radius, 0.0, TAU);
        } else {
            for (i, (cx, cy)) in corners.iter().enumerate() {
                let (px, py) = (x + cx * st.radius, y + cy * st.radius);
                if i == 0 {
                    ctx.move_to(px, py);
                } else {
                    ctx.line_to(px, py);
                }
            }
            ctx.close_path();
        }
        ctx.set_global_alpha(st.fill_opacity);
        ctx.set_fill_style_str(st.fill);
        ctx.fill();
        ctx.set_global_alpha(1.0);
        if st.dashed {
            let _ = ctx.set_line_dash(&self.dashes.marker);
        }
        ctx.set_line_width(st.weight);
        ctx.set_stroke_style_str(st.stroke);
        ctx.stroke();
        if st.dashed {
            let _ = ctx.set_line_dash(&self.dashes.solid);
        }
        self.hits.insert(x, y, st.radius);
        self.drawn.push(Drawn::Event(m));
    }

    /// Draws a cluster: a donut of its kinds, an outer ring whose dashed part
    /// is the share with approximate dates, and the count in the middle (or,
    /// when clusters show people, their range on a white label over it).
    /// Returns its radius.
    fn cluster(&mut self, x: f64, y: f64, s: &Summary) -> f64 {
        let r = cluster_radius(s.count);
        let (cx, cy) = (x - self.frame.inset.0, y - self.frame.inset.1);
        let people = self.people.then(|| domain::labels::people_short(&s.people));
        self.clusters.push(DrawnCluster { x: cx, y: cy, reach: r + HALO, count: s.count, people: people.clone() });
        let ctx = &self.ctx;
        ctx.begin_path();
        let _ = ctx.arc(x, y, r + 3.0, 0.0, TAU);
        ctx.set_fill_style_str("rgba(255,255,255,0.9)");
        ctx.fill();
        let total = f64::from(s.count.max(1));
        let mut angle = -TAU / 4.0;
        for (k, n) in s.kinds.iter().enumerate().filter(|(_, n)| **n > 0) {
            let sweep = TAU * f64::from(*n) / total;
            ctx.begin_path();
            ctx.move_to(x, y);
            let _ = ctx.arc(x, y, r, angle, angle + sweep);
            ctx.close_path();
            ctx.set_fill_style_str(domain::labels::kind_colour(EventKind::ALL[k]));
            ctx.fill();
            angle += sweep;
        }
        // The ring: solid for exact dates, dashed for approximate ones.
        let exact = 1.0 - f64::from(s.approximate) / total;
        ctx.set_line_width(2.0);
        ctx.set_stroke_style_str("#1d2327");
        ctx.begin_path();
        let _ = ctx.arc(x, y, r + 2.0, -TAU / 4.0, -TAU / 4.0 + TAU * exact);
        ctx.stroke();
        if s.approximate > 0 {
            let _ = ctx.set_line_dash(&self.dashes.ring);
            ctx.begin_path();
            let _ = ctx.arc(x, y, r + 2.0, -TAU / 4.0 + TAU * exact, TAU * 0.75);
            ctx.stroke();
            let _ = ctx.set_line_dash(&self.dashes.solid);
        }
        // The count on a white disc in the middle (a donut of the kinds):
        // dark text needs no outline, and outlined text costs more to draw.
        ctx.begin_path();
        let _ = ctx.arc(x, y, r * 0.64, 0.0, TAU);
        ctx.set_fill_style_str("#ffffff");
        ctx.fill();
        if let Some(text) = people {
            // The range is wider than the disc: a label across it.
            let width = ctx.measure_text(&text).map_or(30.0, |m| m.width()) + 8.0;
            ctx.begin_path();
            ctx.round_rect_with_f64(x - width / 2.0, y - 8.0, width, 16.0, 8.0).ok();
            ctx.set_fill_style_str("#ffffff");
            ctx.fill();
            ctx.set_line_width(1.0);
            ctx.set_stroke_style_str("#1d2327");
            ctx.stroke();
            ctx.set_fill_style_str("#1d2327");
            let _ = ctx.fill_text(&text, x, y + 0.5);
            return r;
        }
        let text = if s.count >= 10_000 { format!("{}k", s.count / 1000) } else { s.count.to_string() };
        ctx.set_fill_style_str("#1d2327");
        let _ = ctx.fill_text(&text, x, y + 0.5);
        r
    }

    /// What was drawn at a container point of the map (pixels from the
    /// map's top-left corner), if anything.
    pub fn hit(&self, map: &l::LMap, cx: f64, cy: f64, slack: f64) -> Option<Drawn> {
        let min = map.get_pixel_bounds().min();
        let (x, y) = (min.x() + cx - self.frame.origin.0, min.y() + cy - self.frame.origin.1);
        self.hits.hit(x, y, slack).map(|n| self.drawn[n].clone())
    }
}

//! Loads the events into the browser in their compact form, a few at a
//! time when there are many (README, "The map at scale"):
//!
//! - up to [`CLIENT_LIMIT`] public events: all of them, once;
//! - more: the events of a span of days around the window that holds at
//!   most that many (by the histogram), loaded again when the window leaves
//!   it;
//! - a window that alone holds more: none; the map draws the server's
//!   clusters of its view ([`server_clusters`]) and the count is the
//!   server's.
//!
//! Also the small fetch helpers the map and the list use. Browser only.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::state::{Loaded, MapSignals};
use crate::components::leaflet::LMap;
use domain::bbox::BBox;
use domain::cluster::{unproject, Cluster};
use domain::compact::CompactEvents;
use domain::dates::{day_number, from_day_number, DateWindow};
use domain::filter::{EventFilter, PropertyFilter};
use domain::timeline::Extent;

/// The most events the browser holds at once.
pub const CLIENT_LIMIT: u64 = 200_000;

/// A GET of `url`, a root-relative URL of this site, under the path the
/// site is served at (`crate::base`).
async fn response(url: &str) -> Option<web_sys::Response> {
    let resp = JsFuture::from(window().fetch_with_str(&crate::base::href(url))).await.ok()?;
    let resp: web_sys::Response = resp.unchecked_into();
    resp.ok().then_some(resp)
}

/// The body of a GET of a root-relative URL as bytes; `None` on any failure.
pub async fn fetch_bytes(url: &str) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(response(url).await?.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The body of a GET as text.
pub async fn fetch_text(url: &str) -> Option<String> {
    JsFuture::from(response(url).await?.text().ok()?).await.ok()?.as_string()
}

/// The body of a GET as JSON.
pub async fn fetch_json<T: DeserializeOwned>(url: &str) -> Option<T> {
    serde_json::from_str(&fetch_text(url).await?).ok()
}

/// An answer of `/api/map/list`.
#[derive(Debug, serde::Deserialize)]
pub struct ListAnswer {
    /// Events in the window.
    pub total: usize,
    /// The rows asked for.
    pub items: Vec<domain::store::ListItem>,
}

/// The query of the events of days `a` to `b` (day numbers) within
/// `bbox` that `filter` selects, written by [`EventFilter`] as the server
/// reads it.
pub fn events_query(a: i32, b: i32, bbox: Option<BBox>, filter: &PropertyFilter) -> String {
    let window = DateWindow { start: from_day_number(a), end: from_day_number(b) };
    EventFilter { window, bbox, properties: filter.clone() }.to_string()
}

/// The map's view as a WGS 84 box (west east of east across the
/// antimeridian; the world when wider), see [`BBox::of_view`].
pub fn view_bbox(map: &LMap) -> BBox {
    let zoom = map.get_zoom();
    let b = map.get_pixel_bounds();
    let (w, n) = unproject(b.min().x(), b.min().y(), zoom);
    let (e, s) = unproject(b.max().x(), b.max().y(), zoom);
    BBox::of_view(w, s, e, n)
}

/// The server's clusters of the map's view, for a window that holds more
/// events than the browser should (`/api/map/clusters`).
#[derive(Debug, Default)]
pub struct ServerClusters {
    clusters: RefCell<Vec<Cluster>>,
    /// The latest request: an older answer that arrives later is dropped.
    latest: Cell<u64>,
}

impl ServerClusters {
    /// Asks for the clusters of the events of `window` (day numbers) in
    /// `bbox` (a [`view_bbox`]) at `zoom`; `then` runs once they are here.
    pub fn ask(
        self: &Rc<Self>,
        window: (i32, i32),
        bbox: BBox,
        zoom: f64,
        filter: &PropertyFilter,
        then: impl FnOnce() + 'static,
    ) {
        #[derive(serde::Deserialize)]
        struct Answer {
            clusters: Vec<Cluster>,
        }
        let url = format!("/api/map/clusters?{}&zoom={zoom}", events_query(window.0, window.1, Some(bbox), filter));
        let n = self.latest.get() + 1;
        self.latest.set(n);
        let me = Rc::downgrade(self);
        leptos::task::spawn_local(async move {
            let Some(answer) = fetch_json::<Answer>(&url).await else { return };
            let Some(me) = me.upgrade() else { return };
            if me.latest.get() == n {
                *me.clusters.borrow_mut() = answer.clusters;
                then();
            }
        });
    }

    /// The clusters of the latest answer.
    pub fn get(&self) -> std::cell::Ref<'_, Vec<Cluster>> {
        self.clusters.borrow()
    }
}

/// Keeps the browser's events in step with the window (see the module).
pub fn keep_loaded(s: MapSignals, total: u64, extent: Extent, histogram: Arc<Vec<u32>>) {
    // The latest request: an older answer that arrives later is dropped.
    let latest = StoredValue::new(0u64);
    let asked: StoredValue<Option<((i32, i32), PropertyFilter)>> = StoredValue::new(None);
    // Filters changed: what was loaded no longer covers anything.
    Effect::new(move |previous: Option<PropertyFilter>| {
        let filter = s.filter.get();
        if previous.is_some_and(|p| p != filter) {
            s.data.set(None);
        }
        filter
    });
    Effect::new(move |_| {
        let (start, end) = s.window.get();
        let filter = s.filter.get();
        if s.covered.get() {
            s.server_clusters.set(false);
            return;
        }
        let (a, b) = (day_number(start), day_number(end));
        let first = day_number(extent.first);
        let in_window: u64 = (a.max(first)..=b)
            .filter_map(|d| usize::try_from(d - first).ok().and_then(|i| histogram.get(i)))
            .map(|&n| u64::from(n))
            .sum();
        let (url, covers) = if total <= CLIENT_LIMIT {
            let q = events_query(i32::MIN, i32::MAX, None, &filter);
            let url = if q.is_empty() { "/api/map/events".to_owned() } else { format!("/api/map/events?{q}") };
            (url, (i32::MIN, i32::MAX))
        } else if in_window > CLIENT_LIMIT {
            // Too many for the browser: the server counts and clusters.
            s.server_clusters.set(true);
            let n = latest.get_value() + 1;
            latest.set_value(n);
            let url = format!("/api/map/list?{}&limit=0", events_query(a, b, None, &filter));
            leptos::task::spawn_local(async move {
                if let Some(t) = fetch_json::<ListAnswer>(&url).await {
                    if latest.get_value() == n {
                        s.server_count.set(t.total);
                    }
                }
            });
            return;
        } else {
            let (lo, hi) = extent.span_around(a, b, &histogram, CLIENT_LIMIT);
            (format!("/api/map/events?{}", events_query(lo, hi, None, &filter)), (lo, hi))
        };
        let wanted = Some((covers, filter));
        if asked.get_value() == wanted {
            return;
        }
        asked.set_value(wanted);
        let n = latest.get_value() + 1;
        latest.set_value(n);
        leptos::task::spawn_local(async move {
            let Some(bytes) = fetch_bytes(&url).await else { return };
            let Ok(index) = CompactEvents::decode(&bytes) else { return };
            if latest.get_value() == n {
                s.data.set(Some(Loaded { index: Arc::new(index), covers }));
            }
        });
    });
}

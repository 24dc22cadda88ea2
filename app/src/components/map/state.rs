//! What the map page's parts share: the window, the events loaded in the
//! browser (in their compact form), which of them are in the window, the
//! selection and the view.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use time::Date;

use domain::bbox::BBox;
use domain::compact::CompactEvents;
use domain::dates::day_number;
use domain::filter::PropertyFilter;
use domain::permalink::MapView;

/// Events loaded in the browser, and the days (day numbers, inclusive) for
/// which they are all the events: every window inside `covers` can be
/// filtered here without asking the server.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The events, sorted by first day then id.
    pub index: Arc<CompactEvents>,
    /// The days they cover.
    pub covers: (i32, i32),
}

impl PartialEq for Loaded {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.index, &other.index) && self.covers == other.covers
    }
}

/// The page's shared signals.
#[derive(Clone, Copy)]
pub struct MapSignals {
    /// The window, first and last day inclusive.
    pub window: RwSignal<(Date, Date)>,
    /// The events loaded in the browser, if any yet.
    pub data: RwSignal<Option<Loaded>>,
    /// Whether `data` covers the window.
    pub covered: Memo<bool>,
    /// The positions (in `data`) of the events in the window, ascending;
    /// empty unless `covered`.
    pub visible: Memo<Arc<Vec<u32>>>,
    /// The window once the slider has rested for 120 ms: the list
    /// and the address bar follow this one, so that dragging or playing
    /// redraws the map on every step and the list once at the end.
    pub settled: RwSignal<(Date, Date)>,
    /// The positions of the events in the `settled` window, when `data`
    /// covers it.
    pub listed: Memo<Option<Arc<Vec<u32>>>>,
    /// How many events the window holds, as the server counted it: until
    /// the browser has the events, and when it should not hold them.
    pub server_count: RwSignal<usize>,
    /// Whether the map draws the server's clusters (the window holds more
    /// events than a browser should).
    pub server_clusters: RwSignal<bool>,
    /// The event whose popup is open.
    pub selected: RwSignal<Option<String>>,
    /// Set by the list: centre the map on this event and open its popup.
    pub focus: RwSignal<Option<String>>,
    /// The event whose list row has the keyboard focus or the pointer: its
    /// marker is ringed as the open popup's is.
    pub highlighted: RwSignal<Option<String>>,
    /// The map's centre and zoom, as the reader left it.
    pub view: RwSignal<Option<MapView>>,
    /// The map's view as a `bbox` parameter (`west,south,east,north`,
    /// degrees); `None` before the map is drawn.
    pub bbox: RwSignal<Option<BBox>>,
    /// The reader's filters and search: every request for events carries
    /// them, so the map, list, counts and downloads show the same events.
    pub filter: RwSignal<PropertyFilter>,
    /// The countries' fills while shading is on: CSS colours by ISO 3166-1
    /// numeric code (`"752"`), the outlines' feature ids; `None` when off.
    pub shades: RwSignal<Option<Arc<HashMap<String, &'static str>>>>,
    /// Clusters show the people reported at their events ("2k–5k") instead
    /// of how many events they hold.
    pub people_in_clusters: RwSignal<bool>,
}

impl MapSignals {
    /// The signals for a page that opens on `window`, with `count` events in
    /// it (counted by the server), an event and a view from the permalink.
    pub fn new(
        window: (Date, Date),
        count: usize,
        selected: Option<String>,
        view: Option<MapView>,
        filter: PropertyFilter,
    ) -> Self {
        let window = RwSignal::new(window);
        let data: RwSignal<Option<Loaded>> = RwSignal::new(None);
        let covered = Memo::new(move |_| {
            let (s, e) = window.get();
            data.with(|d| d.as_ref().is_some_and(|d| d.covers.0 <= day_number(s) && day_number(e) <= d.covers.1))
        });
        let visible = Memo::new(move |_| {
            let w = window.get();
            data.with(|d| positions(d.as_ref(), w)).unwrap_or_default()
        });
        let settled = RwSignal::new(window.get_untracked());
        #[cfg(feature = "hydrate")]
        settle(window, settled);
        let listed = Memo::new(move |_| {
            let w = settled.get();
            data.with(|d| positions(d.as_ref(), w))
        });
        Self {
            window,
            data,
            covered,
            visible,
            settled,
            listed,
            server_count: RwSignal::new(count),
            server_clusters: RwSignal::new(false),
            selected: RwSignal::new(selected),
            focus: RwSignal::new(None),
            highlighted: RwSignal::new(None),
            view: RwSignal::new(view),
            bbox: RwSignal::new(None),
            filter: RwSignal::new(filter),
            shades: RwSignal::new(None),
            people_in_clusters: RwSignal::new(false),
        }
    }

    /// How many events the window holds: counted here when the browser has
    /// them, else by the server.
    pub fn shown(self) -> Signal<usize> {
        Signal::derive(
            move || if self.covered.get() { self.visible.with(|v| v.len()) } else { self.server_count.get() },
        )
    }

    /// How many events the list holds (the `settled` window).
    pub fn listed_count(self) -> Signal<usize> {
        Signal::derive(move || {
            self.listed.with(|l| l.as_ref().map(|v| v.len())).unwrap_or_else(|| self.server_count.get())
        })
    }
}

/// How long the slider rests before the list follows, milliseconds.
#[cfg(feature = "hydrate")]
pub const SETTLE_MS: u64 = 120;

/// The positions in `data` of the events in `window`, ascending, when `data`
/// covers the window.
fn positions(data: Option<&Loaded>, (s, e): (Date, Date)) -> Option<Arc<Vec<u32>>> {
    let d = data?;
    let (s, e) = (day_number(s), day_number(e));
    (d.covers.0 <= s && e <= d.covers.1).then(|| Arc::new(d.index.intersecting(s, e).map(|i| i as u32).collect()))
}

/// Sets `settled` to `window` once it has not changed for [`SETTLE_MS`].
#[cfg(feature = "hydrate")]
fn settle(window: RwSignal<(Date, Date)>, settled: RwSignal<(Date, Date)>) {
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let w = window.get();
        if let Some(h) = pending.try_update_value(Option::take).flatten() {
            h.clear();
        }
        if w == settled.get_untracked() {
            return;
        }
        let handle = set_timeout_with_handle(
            move || {
                pending.set_value(None);
                settled.set(w);
            },
            std::time::Duration::from_millis(SETTLE_MS),
        );
        pending.set_value(handle.ok());
    });
}

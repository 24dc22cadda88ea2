//! What the map page's parts share: the window, the events loaded in the
//! browser (in their compact form), which of them are in the window, the
//! selection and the view.

use std::sync::Arc;

use leptos::prelude::*;
use time::Date;

use domain::compact::CompactEvents;
use domain::dates::day_number;
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
    /// The map's centre and zoom, as the reader left it.
    pub view: RwSignal<Option<MapView>>,
}

impl MapSignals {
    /// The signals for a page that opens on `window`, with `count` events in
    /// it (counted by the server), an event and a view from the permalink.
    pub fn new(window: (Date, Date), count: usize, selected: Option<String>, view: Option<MapView>) -> Self {
        let window = RwSignal::new(window);
        let data: RwSignal<Option<Loaded>> = RwSignal::new(None);
        let covered = Memo::new(move |_| {
            let (s, e) = window.get();
            data.with(|d| d.as_ref().is_some_and(|d| d.covers.0 <= day_number(s) && day_number(e) <= d.covers.1))
        });
        let visible = Memo::new(move |_| {
            if !covered.get() {
                return Arc::new(Vec::new());
            }
            let (s, e) = window.get();
            data.with(|d| {
                Arc::new(d.as_ref().map_or_else(Vec::new, |d| {
                    d.index.intersecting(day_number(s), day_number(e)).map(|i| i as u32).collect()
                }))
            })
        });
        Self {
            window,
            data,
            covered,
            visible,
            server_count: RwSignal::new(count),
            server_clusters: RwSignal::new(false),
            selected: RwSignal::new(selected),
            focus: RwSignal::new(None),
            view: RwSignal::new(view),
        }
    }

    /// How many events the window holds: counted here when the browser has
    /// them, else by the server.
    pub fn shown(self) -> Signal<usize> {
        Signal::derive(
            move || if self.covered.get() { self.visible.with(|v| v.len()) } else { self.server_count.get() },
        )
    }
}

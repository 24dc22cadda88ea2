//! What the reader has open on the map, as state: the popup shown, where
//! the focus came from, the events fetched for popups. The behaviour that
//! changes it is in [`super::selection`]. Browser only.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use web_sys::HtmlElement;

use super::crowd::CrowdList;
use crate::components::leaflet::{self as l, LatLon};
use domain::event::Event;

/// The popup open now.
pub(super) enum Shown {
    /// An event's.
    Event { id: String, popup: l::Popup },
    /// The events of a crowd that zooming cannot split.
    Crowd { popup: l::Popup, _list: CrowdList },
}

impl Shown {
    pub(super) fn popup(&self) -> &l::Popup {
        match self {
            Shown::Event { popup, .. } | Shown::Crowd { popup, .. } => popup,
        }
    }
}

/// The selection's state, kept by the map's controller.
pub(super) struct Selection {
    pub(super) open: RefCell<Option<Shown>>,
    /// Where the keyboard focus was when a popup took it (a list row, the
    /// map): it goes back there when the popup closes.
    pub(super) opener: RefCell<Option<HtmlElement>>,
    /// Events fetched for popups, by id.
    pub(super) events: RefCell<HashMap<String, Event>>,
    /// Ids asked for and not answered yet, and whether the answer should
    /// also move the map and the focus to it.
    pub(super) asking: RefCell<HashMap<String, bool>>,
    /// Ids that are no public event (unknown, or removed): never asked for
    /// twice.
    pub(super) missing: RefCell<HashSet<String>>,
    /// An event whose popup waits for the map's first view.
    pub(super) waiting: RefCell<Option<(Event, bool)>>,
    /// A line over the map for the reader (an event not found).
    pub(super) notice: RwSignal<Option<String>>,
}

impl Selection {
    /// Nothing open yet; `notice` is the line shown over the map.
    pub(super) fn new(notice: RwSignal<Option<String>>) -> Self {
        Selection {
            open: RefCell::new(None),
            opener: RefCell::new(None),
            events: RefCell::new(HashMap::new()),
            asking: RefCell::new(HashMap::new()),
            missing: RefCell::new(HashSet::new()),
            waiting: RefCell::new(None),
            notice,
        }
    }

    /// Where the popup waiting for the first view is.
    pub(super) fn waiting_place(&self) -> Option<LatLon> {
        self.waiting.borrow().as_ref().map(|(e, _)| LatLon { lat: e.lat, lon: e.lon })
    }
}

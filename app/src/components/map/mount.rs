//! Keeps the reader's map in step with the page's signals: makes the
//! [`Controller`] once the map's element is in the page, draws again when
//! the window's events change, opens and closes popups with the selection,
//! rings the marker of the list row in focus, and closes popups on Escape.
//! Browser only.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::controller::Controller;
use super::state::MapSignals;
use crate::i18n::Lang;
use domain::tiles::TileLayer;

/// Starts the map once its element is in the page, and keeps it in step
/// with the signals.
pub fn mount(
    node: NodeRef<leptos::html::Div>,
    s: MapSignals,
    tiles: Option<TileLayer>,
    embedded: bool,
    lang: Lang,
    notice: RwSignal<Option<String>>,
) {
    let ctl: StoredValue<Option<Rc<Controller>>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        // Drawn again whenever the window's events, the loaded events or the
        // mode change.
        s.visible.track();
        s.data.track();
        s.filter.track();
        let server = s.server_clusters.get();
        let Some(el) = node.get() else { return };
        if ctl.with_value(Option::is_none) {
            let el: web_sys::HtmlElement = el.unchecked_into();
            ctl.set_value(Controller::new(el, s, tiles.clone(), embedded, lang, notice));
            // Fills asked for before the map was made.
            if let Some(fills) = s.shades.get_untracked() {
                ctl.with_value(|c| c.as_ref().map(|c| c.basemap.shade(Some((*fills).clone()))));
            }
        }
        ctl.with_value(|c| {
            let Some(c) = c else { return };
            c.place_first();
            if server {
                c.ask_for_clusters();
            }
            c.redraw_soon();
            if let Some(id) = s.selected.get_untracked() {
                c.select(Some(id), false);
            }
        });
    });
    Effect::new(move |_| {
        let selected = s.selected.get();
        ctl.with_value(|c| {
            if let Some(c) = c {
                c.select(selected, false);
            }
        });
    });
    // The countries' fills (README, "Shading countries"), under the
    // markers.
    Effect::new(move |_| {
        let shades = s.shades.get();
        ctl.with_value(|c| {
            if let Some(c) = c {
                c.basemap.shade(shades.map(|f| (*f).clone()));
            }
        });
    });
    // A list row with focus or the pointer rings its marker; clusters
    // change their labels.
    Effect::new(move |_| {
        s.highlighted.track();
        s.people_in_clusters.track();
        ctl.with_value(|c| {
            if let Some(c) = c {
                c.redraw_soon();
            }
        });
    });
    // Escape closes the open popup (focus then goes back to where it came
    // from).
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            ctl.with_value(|c| {
                if let Some(c) = c {
                    c.close_popups();
                }
            });
        }
    });
    on_cleanup(move || escape.remove());
    Effect::new(move |_| {
        let Some(id) = s.focus.get() else { return };
        ctl.with_value(|c| {
            if let Some(c) = c {
                c.select(Some(id), true);
            }
        });
    });
    on_cleanup(move || {
        ctl.with_value(|c| {
            if let Some(c) = c {
                c.map.remove();
            }
        });
    });
}

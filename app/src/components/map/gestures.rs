//! Manners inside another site's page: the mouse wheel belongs to the host
//! page, so the map zooms on the wheel only after a click into it (until
//! the pointer leaves) or while Ctrl/⌘ is held; otherwise a short hint says
//! how. On phones one finger scrolls the page and two move the map.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::leaflet::listener::{DomListener, Listener};
use crate::components::leaflet::{self as l};
use crate::i18n::Lang;

/// Installs the embed's wheel and touch manners on `map` (in `el`); the
/// handlers live as long as the returned listeners.
pub fn polite_in_host_page(map: &l::LMap, el: &web_sys::HtmlElement, lang: Lang) -> (Vec<Listener>, Vec<DomListener>) {
    let doc = document();
    let Ok(hint) = doc.create_element("div") else { return (Vec::new(), Vec::new()) };
    let hint: web_sys::HtmlElement = hint.unchecked_into();
    hint.set_class_name("map-hint");
    let _ = hint.set_attribute("aria-live", "polite");
    let _ = el.append_child(&hint);
    let show_hint = move |text: &str| {
        hint.set_text_content(Some(text));
        let _ = hint.class_list().add_1("visible");
        let h = hint.clone();
        set_timeout(
            move || {
                let _ = h.class_list().remove_1("visible");
            },
            std::time::Duration::from_millis(1500),
        );
    };
    let m = map.clone();
    let activate = Listener::on(map, "click focus", move |_: wasm_bindgen::JsValue| m.scroll_wheel_zoom().enable());
    let m = map.clone();
    let deactivate =
        Listener::on(map, "mouseout blur", move |_: wasm_bindgen::JsValue| m.scroll_wheel_zoom().disable());
    let m = map.clone();
    let last_zoom = std::cell::Cell::new(0.0f64);
    let hint_wheel = show_hint.clone();
    let wheel = DomListener::on(el, "wheel", false, move |ev| {
        let ev: web_sys::WheelEvent = ev.unchecked_into();
        if m.scroll_wheel_zoom().enabled() {
            return;
        }
        if ev.ctrl_key() || ev.meta_key() {
            // Ctrl+wheel would zoom the whole page; zoom the map instead,
            // a level per notch at most every 200 ms.
            ev.prevent_default();
            let now = js_sys::Date::now();
            if now - last_zoom.get() > 200.0 {
                last_zoom.set(now);
                if ev.delta_y() < 0.0 {
                    m.zoom_in()
                } else {
                    m.zoom_out()
                }
            }
        } else {
            hint_wheel(&lang.t("hint-wheel"));
        }
    });
    let mut dom = vec![wheel];
    if l::MOBILE.with(|m| *m) {
        dom.push(DomListener::on(el, "touchstart", true, move |ev| {
            let ev: web_sys::TouchEvent = ev.unchecked_into();
            if ev.touches().length() == 1 {
                show_hint(&lang.t("hint-two-fingers"));
            }
        }));
    }
    (vec![activate, deactivate], dom)
}

/// In an embed, every link in the map (the attribution's "Leaflet", a tile
/// provider's credit, popup links) opens in a new tab: followed inside the
/// iframe it would replace the map in the host's page.
pub fn links_open_outside(el: &web_sys::HtmlElement) -> DomListener {
    DomListener::on(el, "click", true, move |ev| {
        let Some(a) = ev
            .dyn_ref::<web_sys::Event>()
            .and_then(web_sys::Event::target)
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("a[href]").ok().flatten())
        else {
            return;
        };
        if a.get_attribute("target").as_deref() != Some("_blank") {
            let _ = a.set_attribute("target", "_blank");
            let _ = a.set_attribute("rel", "noopener");
        }
    })
}

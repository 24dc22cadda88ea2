//! Event handlers that remove themselves: dropping a [`Listener`] calls
//! Leaflet's `off` (or the DOM's `removeEventListener`) with the same
//! function, so no closure outlives what it listens to and none is leaked
//! with `forget`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::Evented;

/// A handler registered with `target.on(kind, f)`, removed when dropped.
pub struct Listener {
    target: Evented,
    kind: &'static str,
    closure: Closure<dyn FnMut(JsValue)>,
}

impl Listener {
    /// Registers `f` for the Leaflet event(s) `kind` (e.g. `"click"`,
    /// `"mouseout blur"`) on `target` (a map, a layer, a marker). `E` is the
    /// event's type ([`super::MouseEvent`], [`super::PopupEvent`], …; a
    /// plain [`JsValue`] when the handler reads nothing of it).
    pub fn on<E: JsCast + 'static>(target: &Evented, kind: &'static str, mut f: impl FnMut(E) + 'static) -> Self {
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| f(e.unchecked_into::<E>()));
        target.on(kind, closure.as_ref().unchecked_ref());
        Self { target: target.clone(), kind, closure }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.target.off(self.kind, self.closure.as_ref().unchecked_ref());
    }
}

/// A DOM event handler (`addEventListener`), removed when dropped.
pub struct DomListener {
    target: web_sys::EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(JsValue)>,
}

impl DomListener {
    /// Registers `f` for `kind` on `target`; `passive: false` lets it call
    /// `preventDefault` on wheel and touch events.
    pub fn on(
        target: &web_sys::EventTarget,
        kind: &'static str,
        passive: bool,
        f: impl FnMut(JsValue) + 'static,
    ) -> Self {
        let closure = Closure::<dyn FnMut(JsValue)>::new(f);
        let opts = web_sys::AddEventListenerOptions::new();
        opts.set_passive(passive);
        let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
            kind,
            closure.as_ref().unchecked_ref(),
            &opts,
        );
        Self { target: target.clone(), kind, closure }
    }
}

impl Drop for DomListener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(self.kind, self.closure.as_ref().unchecked_ref());
    }
}

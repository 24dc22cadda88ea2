//! The WASM entry point. It only hydrates the server-rendered page; all of the
//! app lives in the `app` crate so that the server and the browser share it.

// Release builds lay out the app's deepest view types here (see app/src/lib.rs).
#![recursion_limit = "256"]

/// Called by the hydration script that cargo-leptos generates: attaches the
/// reactive app to the HTML the server rendered.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Server functions are called under the path the site is served at.
    app::base::route_server_functions();
    // The editor pages are lazy routes (a WASM chunk of their own), which
    // only the lazy-aware hydration supports.
    leptos::mount::hydrate_lazy(app::App);
}

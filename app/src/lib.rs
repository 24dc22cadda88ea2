//! rallymap's app: the domain (events, dates, bounding boxes, GeoJSON) and the
//! Leptos pages, shared by the server (feature `ssr`) and the browser's WASM
//! (feature `hydrate`). With neither feature the domain builds and tests as
//! plain Rust.

pub mod api;
pub mod bbox;
pub mod components;
pub mod dates;
pub mod event;
pub mod filter;
pub mod geojson;
pub mod pages;
pub mod permalink;
#[cfg(feature = "ssr")]
pub mod store;
pub mod timeline;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href="/vendor/leaflet/leaflet.css"/>
                // Leaflet must be loaded before the WASM hydrates the map.
                <script src="/vendor/leaflet/leaflet.js"></script>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The app's routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Runs in the browser only, once the page is live: lets browser tests
    // (and CSS) tell a hydrated page from the server's HTML.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="rallymap" href="/rallymap.css"/>
        <Title text="rallymap"/>
        <Router>
            <Routes fallback=pages::NotFound>
                // Async: the whole page, data included, is in the first
                // response, so it reads without JavaScript and a 404 status
                // can still be set.
                <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async/>
                <Route path=path!("/events/:id") view=pages::event::EventPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

//! rallymap's app: the Leptos pages and components, shared by the server
//! (feature `ssr`) and the browser's WASM (feature `hydrate`). What they show
//! (events, dates, bounding boxes, GeoJSON, the store port) is the `domain`
//! crate, plain Rust that knows no UI (ARCHITECTURE.md).

// The event form's view type is deep; release builds (which do not erase
// component types) need more than the default 128 levels to lay it out.
#![recursion_limit = "256"]

pub mod api;
pub mod auth;
pub mod base;
pub mod components;
pub mod editing;
pub mod i18n;
pub mod importing;
pub mod live;
pub mod pages;
pub mod queue;
pub mod raw_text;
pub mod report;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};

/// The per-request script nonce the server's Content-Security-Policy allows,
/// put in the request's extensions by the server. Server only.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
pub struct ScriptNonce(pub String);

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Inline hydration scripts carry the nonce of the response's CSP.
    #[cfg(feature = "ssr")]
    if let Some(n) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<ScriptNonce>().cloned()) {
        provide_context(leptos::nonce::Nonce::from_value(n.0));
    }
    #[cfg(feature = "ssr")]
    let discovery = oembed_discovery();
    #[cfg(not(feature = "ssr"))]
    let discovery: Option<String> = None;
    // The page's language, for every component below (README, "Languages").
    #[cfg(feature = "ssr")]
    let lang = request_language();
    #[cfg(not(feature = "ssr"))]
    let lang = i18n::Lang::default();
    provide_context(lang);
    // Every URL below carries the path the site is served under (base.rs).
    let base = base::current();
    let meta_base = (!base.is_empty()).then(|| view! { <meta name=base::META_NAME content=base.as_str().to_owned()/> });
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag() dir=lang.dir()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                {meta_base}
                <link rel="icon" href=base.join("/favicon.svg") type="image/svg+xml"/>
                <link rel="stylesheet" href=base.join("/vendor/leaflet/leaflet.css")/>
                // Leaflet must be loaded before the WASM hydrates the map.
                <script src=base.join("/vendor/leaflet/leaflet.js")></script>
                {discovery.map(|href| view! { <link rel="alternate" type="application/json+oembed" href=href title="rallymap"/> })}
                <HydrationScripts options root=base.as_str().to_owned()/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// What a page's answer varies with besides its address: the language is
/// chosen from `Accept-Language` and a cookie. A `304` says the same.
pub const PAGE_VARY: &str = "Accept-Language, Cookie";

/// The request's language ([`i18n::for_request`]). A language chosen with
/// `?lang=` is remembered in a cookie for a year; the answer varies with
/// the headers the choice was made from. Server only.
#[cfg(feature = "ssr")]
fn request_language() -> i18n::Lang {
    let Some(parts) = use_context::<http::request::Parts>() else { return i18n::Lang::default() };
    let (lang, chosen) = i18n::for_request(&parts.uri, &parts.headers);
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.append_header(http::header::VARY, http::HeaderValue::from_static(PAGE_VARY));
        let base = base::current();
        let cookie =
            format!("{}={}; Path={}; Max-Age=31536000; SameSite=Lax", i18n::COOKIE, lang.tag(), base.cookie_path());
        if let (true, Ok(v)) = (chosen, http::HeaderValue::from_str(&cookie)) {
            resp.append_header(http::header::SET_COOKIE, v);
        }
    }
    lang
}

/// The oEmbed discovery URL (oembed.com §4) for a map page (`/`, `/embed`,
/// `/events/{id}`), built from the request; `None` for other pages.
#[cfg(feature = "ssr")]
fn oembed_discovery() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let path = parts.uri.path();
    if !(path == "/" || path == "/embed" || path.starts_with("/events/")) {
        return None;
    }
    let settings = use_context::<api::SiteSettings>().unwrap_or_default();
    let host = parts.headers.get(http::header::HOST).and_then(|h| h.to_str().ok());
    let base = domain::embed::base_url(settings.public_url.as_deref(), host, &settings.listen);
    let page = format!("{base}{}", parts.uri.path_and_query().map_or(path, |p| p.as_str()));
    let encoded: String = url::form_urlencoded::byte_serialize(page.as_bytes()).collect();
    Some(format!("{base}/oembed?format=json&url={encoded}"))
}

/// The app's routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // In the browser, the language the server rendered the page in.
    #[cfg(feature = "hydrate")]
    provide_context(i18n::Lang::from_document());
    // Runs in the browser only, once the page is live: lets browser tests
    // (and CSS) tell a hydrated page from the server's HTML.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    // The browser's address carries the site's path and the router matches
    // what follows it; the server is asked without it (base.rs).
    #[cfg(feature = "hydrate")]
    let router_base = base::current().as_str().to_owned();
    #[cfg(not(feature = "hydrate"))]
    let router_base = String::new();
    view! {
        <Stylesheet id="rallymap" href=base::href("/rallymap.css")/>
        // Every page's title passes through this formatter: `<title>` is a
        // raw-text element (see raw_text).
        <Title formatter=raw_text::title text="rallymap"/>
        <Router base=router_base>
            <Routes fallback=pages::NotFound>
                // Async: the whole page, data included, is in the first
                // response, so it reads without JavaScript and a 404 status
                // can still be set.
                <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async/>
                <Route path=path!("/embed") view=pages::embed::EmbedPage ssr=SsrMode::Async/>
                <Route path=path!("/events/:id") view=pages::event::EventPage ssr=SsrMode::Async/>
                <Route path=path!("/login") view=pages::login::LoginPage/>
                <Route path=path!("/report") view=pages::report::ReportPage ssr=SsrMode::Async/>
                <Route path=path!("/report/received") view=pages::report::ReceivedPage/>
                // The editors' pages are lazy routes: their code is a WASM
                // chunk of its own, so readers of the map do not download it.
                <Route path=path!("/editor") view={Lazy::<pages::editor::list::ListRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/editor/new") view={Lazy::<pages::editor::form::NewRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/editor/events/:id") view={Lazy::<pages::editor::form::EditRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/editor/reports") view={Lazy::<pages::editor::reports::ReportsRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/editor/import") view={Lazy::<pages::editor::import::ImportRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/editor/import/:token") view={Lazy::<pages::editor::import::ImportPreviewRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/editor/events/:id/history") view={Lazy::<pages::editor::history::HistoryRoute>::new()} ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

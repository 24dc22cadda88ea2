//! One module per page.

pub mod editor;
pub mod embed;
pub mod event;
pub mod home;
pub mod login;
pub mod report;

use leptos::prelude::*;

/// What a page shows when its data cannot be read (the database is lost or
/// busy); answers with HTTP 503 and `Retry-After` so that proxies and
/// crawlers try again, and tells the reader in their language.
#[component]
pub fn Unavailable() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::SERVICE_UNAVAILABLE);
        resp.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from_static("5"));
    }
    let lang = crate::i18n::use_lang();
    view! {
        <main class="page">
            <h1>{lang.t("unavailable")}</h1>
            <p role="alert">{lang.t("unavailable-text")}</p>
        </main>
    }
}

/// The page for an unknown path or id; answers with HTTP 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = crate::i18n::use_lang();
    view! {
        <main class="page">
            <h1>{lang.t("not-found")}</h1>
            <p>{lang.t("not-found-text")} " " <a href=crate::base::href("/")>{lang.t("back-to-map")}</a></p>
        </main>
    }
}

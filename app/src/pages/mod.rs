//! One module per page.

pub mod editor;
pub mod embed;
pub mod event;
pub mod home;
pub mod login;

use leptos::prelude::*;

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
